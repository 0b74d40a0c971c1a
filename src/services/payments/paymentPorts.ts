import { randomBytes } from "node:crypto";
import { httpPaymentPlatform } from "../../integrations/payment/httpPaymentPlatform.ts";
import type { PaymentPlatform } from "../../integrations/payment/paymentPlatform.ts";
import { type PaymentSimulator, startPaymentSimulator } from "../../integrations/payment/paymentSimulator.ts";

/** The payment side of the app (issue #15): the platform port, the callback secret, the simulator when used. */
export interface PaymentPorts {
  platform: PaymentPlatform;
  /** PAYMENT_CALLBACK_SECRET; unset with a real platform = the callback answers 503. */
  callbackSecret: string | undefined;
  bankBin: string;
  simulator?: PaymentSimulator;
  close(): Promise<void>;
}

/**
 * The configured platform (PAYMENT_PLATFORM_URL), or a simulator on loopback when it is unset (development, tests).
 * With the simulator and no PAYMENT_CALLBACK_SECRET, a random secret is shared with it for this process only.
 */
export async function openPaymentPorts(config: {
  paymentPlatformUrl: string | undefined;
  paymentCallbackSecret: string | undefined;
  paymentBankBin: string;
}): Promise<PaymentPorts> {
  if (config.paymentPlatformUrl)
    return {
      platform: httpPaymentPlatform(config.paymentPlatformUrl),
      callbackSecret: config.paymentCallbackSecret,
      bankBin: config.paymentBankBin,
      close: async () => {},
    };
  const secret = config.paymentCallbackSecret ?? randomBytes(32).toString("hex");
  const simulator = await startPaymentSimulator({ secret });
  return {
    platform: httpPaymentPlatform(simulator.url),
    callbackSecret: secret,
    bankBin: config.paymentBankBin,
    simulator,
    close: () => simulator.close(),
  };
}
