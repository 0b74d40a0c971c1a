/** One e-mail to one recipient. Plain text: every mail client shows it, and Vietnamese needs nothing more than UTF-8. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * The Message-ID (without angle brackets). The dispatcher derives it from the notification's idempotency key, so a
   * resend after a lost answer carries the same id and the receiving side can tell it is the same message.
   */
  messageId: string;
}

/** The port the notification sender uses; the adapter speaks SMTP (smtpEmail.ts). */
export interface EmailPort {
  /** Resolves once the server has accepted the message; rejects when it has not (the sender retries). */
  send(message: EmailMessage): Promise<{ id: string }>;
  close(): Promise<void>;
}
