import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { pdfOfImage, signPdf } from "../../integrations/signing/pdfSignature.ts";
import { SigningDeclined, SigningUnavailable } from "../../integrations/signing/signingPort.ts";
import {
  findPdfSignatures,
  type PdfSignatureCheck,
  verifyPdfSignatures,
} from "../../integrations/signing/verifyPdfSignatures.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, UnprocessableError } from "../errors.ts";
import type { SigningPorts } from "./signingPorts.ts";

/** The service could not sign: said to the officer, who may retry (the route answers 503). */
export class SigningServiceError extends Error {
  constructor(override readonly cause: unknown) {
    super("signing service unavailable");
    this.name = "SigningServiceError";
  }
}

export const alreadySigned = () =>
  new ConflictError("ALREADY_SIGNED", {
    vi: "Tệp đã có chữ ký số; không ký lại để giữ nguyên chữ ký trước",
    en: "The file is already signed; it is not signed again so that the earlier signature stays valid",
  });

const declined = () =>
  new ConflictError("SIGNING_DECLINED", {
    vi: "Cán bộ đã từ chối ký trên ứng dụng ký số",
    en: "The officer declined to sign on the signing app",
  });

/** The agency the officer's certificate names: the first agency of the grants that allow the action. */
export async function organisationOf(db: Kysely<Database>, agencyId: string): Promise<string> {
  const agency = await db.selectFrom("agencies").select("name").where("id", "=", agencyId).executeTakeFirst();
  return agency?.name ?? "OneStop";
}

export interface OfficerSignatureInput {
  actor: Actor;
  organisation: string;
  /** A PDF, or a JPEG/PNG scan turned into a PDF page at `dpi` first. */
  content: Uint8Array;
  mediaType: string;
  dpi?: number | null | undefined;
  reason: string;
  location: string;
  now: Date;
}

/**
 * The officer signs a document (R-RECV-7 scans, R-RES-1 results): PAdES through the signing port, then verified
 * against the trust list as any reader would, so the caller records what a reader will see. A file already signed is
 * refused (rewriting it would break the earlier signature).
 */
export async function signAsOfficer(
  ports: SigningPorts,
  input: OfficerSignatureInput,
): Promise<{ signed: Buffer; check: PdfSignatureCheck }> {
  let pdf: Buffer;
  if (input.mediaType === "application/pdf") pdf = Buffer.from(input.content);
  else if (input.mediaType === "image/jpeg" || input.mediaType === "image/png")
    pdf = await pdfOfImage(input.content, input.mediaType, input.dpi ?? 300);
  else
    throw new UnprocessableError("NOT_SIGNABLE", {
      vi: "Chỉ ký số được tệp PDF hoặc ảnh quét (JPEG, PNG)",
      en: "Only PDF files and scanned images (JPEG, PNG) can be signed",
    });
  if (findPdfSignatures(pdf).length > 0) throw alreadySigned();
  let signed: Buffer;
  try {
    const credential = await ports.port.credentialFor({
      userId: input.actor.userId,
      fullName: input.actor.fullName,
      organisation: input.organisation,
    });
    signed = await signPdf(pdf, {
      credential,
      sign: (digest) => ports.port.signDigest(credential, digest, input.reason),
      signingTime: input.now,
      reason: input.reason,
      signerName: input.actor.fullName,
      location: input.location,
    });
  } catch (error) {
    if (error instanceof SigningDeclined) throw declined();
    if (error instanceof SigningUnavailable) throw new SigningServiceError(error);
    throw error;
  }
  const [check] = await verifyPdfSignatures(signed, await ports.trust());
  if (!check) throw new Error("the signed file carries no signature");
  return { signed, check };
}

/** Every signature of a file as a reader would judge it now; an empty list for an unsigned file or a non-PDF. */
export async function checkSignatures(
  ports: SigningPorts,
  content: Uint8Array,
  mediaType: string,
): Promise<PdfSignatureCheck[]> {
  if (mediaType !== "application/pdf") return [];
  return verifyPdfSignatures(Buffer.from(content), await ports.trust());
}
