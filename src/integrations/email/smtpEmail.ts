import nodemailer from "nodemailer";
import type { EmailMessage, EmailPort } from "./emailPort.ts";

export interface SmtpEmailOptions {
  /** SMTP_URL: `smtp://user:pass@host:587` or `smtps://…` (nodemailer's connection URL). */
  url: string;
  /** MAIL_FROM: the sender shown to recipients, e.g. `Trung tâm Phục vụ hành chính công <no-reply@…>`. */
  from: string;
  /** Seconds to wait for the server at each stage; a hung server counts as a failed attempt, retried later. */
  timeoutSeconds?: number;
}

/** The real e-mail adapter: nodemailer over SMTP (DESIGN §5 "mail"), a small pool of connections per process. */
export function smtpEmail(options: SmtpEmailOptions): EmailPort {
  const timeout = (options.timeoutSeconds ?? 30) * 1000;
  const transport = nodemailer.createTransport({
    url: options.url,
    // A pool of a few connections: a batch of notifications is sent in parallel without one connection per message.
    pool: true,
    maxConnections: 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message: EmailMessage) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.messageId}>`,
      });
      return { id: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}
