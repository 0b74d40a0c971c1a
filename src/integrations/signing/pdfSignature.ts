import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from "@signpdf/utils";
import { PDFDocument } from "pdf-lib";
import { type DigestSigner, detachedCms } from "./cmsSignature.ts";
import type { OfficerCredential } from "./signingPort.ts";

export interface PdfSignatureInput {
  credential: Pick<OfficerCredential, "certificatePem" | "chainPem">;
  sign: DigestSigner;
  signingTime: Date;
  /** Why the officer signs ("Số hóa tại bộ phận một cửa", "Phê duyệt kết quả"). */
  reason: string;
  signerName: string;
  location: string;
}

/** @signpdf's signer contract around our detached CMS (the key is behind the signing port). */
class PortSigner extends Signer {
  constructor(private readonly input: PdfSignatureInput) {
    super();
  }
  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return detachedCms(
      pdfBuffer,
      this.input.credential,
      signingTime ?? this.input.signingTime,
      this.input.sign,
    );
  }
}

/** Room for the CMS: an RSA-2048 signature, three certificates and the attributes fit well within 16 KiB. */
const SIGNATURE_LENGTH = 16_384;

/**
 * Signs a PDF as PAdES (ISO 32000 §12.8, `adbe.pkcs7.detached`): a signature field with a ByteRange covering the
 * whole file but the signature's own hole, and the detached CMS in it, so a common PDF reader shows it as signed.
 * An earlier signature would be invalidated by pdf-lib's full rewrite, so a signed PDF is refused: the caller
 * checks that first (`findPdfSignatures`).
 */
export async function signPdf(pdf: Uint8Array, input: PdfSignatureInput): Promise<Buffer> {
  const pdfDoc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc,
    reason: input.reason,
    contactInfo: "",
    name: input.signerName,
    location: input.location,
    signingTime: input.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    appName: "OneStop",
  });
  // Object streams hide the ByteRange placeholder from @signpdf's plain-text search.
  const prepared = Buffer.from(await pdfDoc.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, new PortSigner(input), input.signingTime);
}

/** A PDF page of an image scan (JPEG or PNG), at the size its resolution gives it, so that it can be signed. */
export async function pdfOfImage(
  image: Uint8Array,
  mediaType: "image/jpeg" | "image/png",
  dpi: number,
): Promise<Buffer> {
  const pdfDoc = await PDFDocument.create();
  const embedded = mediaType === "image/png" ? await pdfDoc.embedPng(image) : await pdfDoc.embedJpg(image);
  const width = (embedded.width / dpi) * 72;
  const height = (embedded.height / dpi) * 72;
  const page = pdfDoc.addPage([width, height]);
  page.drawImage(embedded, { x: 0, y: 0, width, height });
  return Buffer.from(await pdfDoc.save({ useObjectStreams: false }));
}
