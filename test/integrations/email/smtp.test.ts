import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeBody,
  decodeEncodedWords,
  parseMessage,
} from "../../../src/integrations/email/mimeDecoding.ts";
import { smtpEmail } from "../../../src/integrations/email/smtpEmail.ts";
import { type SmtpSimulator, startSmtpSimulator } from "../../../src/integrations/email/smtpSimulator.ts";

describe("e-mail over real SMTP to the loopback simulator", () => {
  let smtp: SmtpSimulator;
  let email: ReturnType<typeof smtpEmail>;
  beforeAll(async () => {
    smtp = await startSmtpSimulator();
    email = smtpEmail({ url: smtp.url, from: "Trung tâm Phục vụ hành chính công <no-reply@onestop.test>" });
  });
  afterAll(async () => {
    await email?.close();
    await smtp?.close();
  });

  it("delivers the message with its Vietnamese subject and text intact, under the given Message-ID", async () => {
    const text =
      "Kính gửi ông/bà Nguyễn Văn An,\n\nHồ sơ đã được tiếp nhận. Ngày hẹn: 09:00 ngày 24/11/2026.\nĐĩa, ư, ơ, ỹ, Ậ.";
    const result = await email.send({
      to: "nguyenvanan.demo@example.com",
      subject: "Hồ sơ 000.20.01.H99-261123-0001 đã được tiếp nhận",
      text,
      messageId: "n-1-accepted-applicant-email@onestop.notifications",
    });
    expect(result.id).toBe("<n-1-accepted-applicant-email@onestop.notifications>");
    const mail = smtp.received().at(-1)!;
    expect(mail.envelopeFrom).toBe("no-reply@onestop.test");
    expect(mail.envelopeTo).toEqual(["nguyenvanan.demo@example.com"]);
    expect(mail.subject).toBe("Hồ sơ 000.20.01.H99-261123-0001 đã được tiếp nhận");
    expect(mail.from).toBe("Trung tâm Phục vụ hành chính công <no-reply@onestop.test>");
    expect(mail.text).toBe(text);
    expect(mail.messageId).toBe("n-1-accepted-applicant-email@onestop.notifications");
    // What went over the wire is encoded, not raw UTF-8 in the headers.
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
  });

  it("a server refusing with a temporary error makes the send fail (so the dispatcher retries)", async () => {
    smtp.failNext(1);
    const before = smtp.received().length;
    await expect(
      email.send({ to: "a@example.com", subject: "x", text: "y", messageId: "m-fail@test" }),
    ).rejects.toThrow(/451/);
    expect(smtp.received()).toHaveLength(before);
    await email.send({ to: "a@example.com", subject: "x", text: "y", messageId: "m-ok@test" });
    expect(smtp.received()).toHaveLength(before + 1);
  });

  it("an unreachable server fails the send", async () => {
    const nowhere = smtpEmail({ url: "smtp://127.0.0.1:1", from: "a@b.c", timeoutSeconds: 2 });
    await expect(
      nowhere.send({ to: "a@example.com", subject: "x", text: "y", messageId: "m@test" }),
    ).rejects.toThrow();
    await nowhere.close();
  });
});

describe("MIME decoding of the simulator", () => {
  it("RFC 2047 words in B and Q encoding, adjacent words joined", () => {
    expect(decodeEncodedWords("=?UTF-8?B?SOG7kyBzxqE=?=")).toBe("Hồ sơ");
    expect(decodeEncodedWords("=?UTF-8?Q?H=E1=BB=93_s=C6=A1?= =?UTF-8?Q?_m=E1=BB=9Bi?=")).toBe("Hồ sơ mới");
    expect(decodeEncodedWords("plain")).toBe("plain");
  });

  it("quoted-printable and base64 bodies; 7bit as is", () => {
    expect(decodeBody("H=E1=BB=93 s=C6=A1 d=C3=A0i=\r\n ti=E1=BA=BFp", "quoted-printable")).toBe(
      "Hồ sơ dài tiếp",
    );
    expect(decodeBody(Buffer.from("Kính gửi").toString("base64"), "base64")).toBe("Kính gửi");
    expect(decodeBody("plain", undefined)).toBe("plain");
  });

  it("a message's folded headers", () => {
    const parsed = parseMessage(
      "Subject: =?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n",
    );
    expect(parsed).toMatchObject({ subject: "ab", messageId: "x@y", text: "body", from: null });
  });
});
