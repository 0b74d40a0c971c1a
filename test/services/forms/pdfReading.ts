import jsqrModule from "jsqr";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";

// jsqr is CommonJS whose module.exports is the function itself; its types describe an ES default export.
type JsQr = typeof jsqrModule.default;
const jsQR: JsQr = (jsqrModule as unknown as { default?: JsQr }).default ?? (jsqrModule as unknown as JsQr);

async function open(bytes: Uint8Array) {
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
}

/** The text of every page, items joined by spaces, whitespace collapsed, in NFC (as the font's ToUnicode maps it). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await open(bytes);
  const parts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    for (const item of content.items) if ("str" in item) parts.push(item.str);
  }
  await pdf.destroy();
  return parts.join(" ").normalize("NFC").replace(/\s+/g, " ");
}

export async function pdfInfo(bytes: Uint8Array) {
  const pdf = await open(bytes);
  const meta = await pdf.getMetadata();
  const page = await pdf.getPage(1);
  const [, , width = 0, height = 0] = page.view;
  const fonts = new Set<string>();
  const ops = await page.getOperatorList();
  for (let i = 0; i < ops.fnArray.length; i++)
    if (ops.fnArray[i] === OPS.setFont) fonts.add(String(ops.argsArray[i][0]));
  const fontNames = [...fonts].map((id) => (page.commonObjs.get(id) as { name: string }).name);
  await pdf.destroy();
  return { info: meta.info as Record<string, unknown>, width, height, fontNames };
}

/** Decodes every image drawn on the pages as a QR code; returns the decoded texts. */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const pdf = await open(bytes);
  const found: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const ops = await page.getOperatorList();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
      const name = ops.argsArray[i][0] as string;
      const image = (await new Promise((resolve) => page.objs.get(name, resolve))) as {
        width: number;
        height: number;
        data: Uint8ClampedArray;
        kind: number;
      };
      const pixels = image.width * image.height;
      const rgba = new Uint8ClampedArray(pixels * 4);
      const channels = image.data.length / pixels;
      for (let p = 0; p < pixels; p++) {
        if (channels === 1) {
          rgba.set([image.data[p]!, image.data[p]!, image.data[p]!, 255], p * 4);
        } else {
          rgba.set(
            [image.data[p * channels]!, image.data[p * channels + 1]!, image.data[p * channels + 2]!, 255],
            p * 4,
          );
        }
      }
      const code = jsQR(rgba, image.width, image.height);
      if (code) found.push(code.data);
    }
  }
  await pdf.destroy();
  return found;
}
