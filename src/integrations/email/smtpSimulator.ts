import { SMTPServer } from "smtp-server";
import { parseMessage } from "./mimeDecoding.ts";

/** A message as the simulated mail server received it: the envelope, the decoded headers and text, and the raw bytes. */
export interface ReceivedEmail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string;
  text: string;
  raw: string;
  receivedAt: string;
}

export interface SmtpSimulator {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL would be. */
  url: string;
  received(): readonly ReceivedEmail[];
  /** The next `count` messages are refused with a temporary error (451), as a busy server does. */
  failNext(count: number): void;
  close(): Promise<void>;
}

const MAX_KEPT = 500;

/**
 * The other side of the e-mail boundary for development and tests (DESIGN §2): a real SMTP server (smtp-server) on
 * loopback that accepts any sender, keeps the last messages it received in memory and decodes them, so a test or the
 * dev mailbox can read exactly what a recipient would. No TLS and no authentication: it listens on 127.0.0.1 only.
 */
export async function startSmtpSimulator(options: { port?: number } = {}): Promise<SmtpSimulator> {
  const received: ReceivedEmail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (failures > 0) {
          failures -= 1;
          const error = Object.assign(new Error("Simulated temporary failure"), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        received.push({
          envelopeFrom,
          envelopeTo: session.envelope.rcptTo.map((address) => address.address),
          ...parseMessage(raw),
          raw,
          receivedAt: new Date().toISOString(),
        });
        if (received.length > MAX_KEPT) received.shift();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
