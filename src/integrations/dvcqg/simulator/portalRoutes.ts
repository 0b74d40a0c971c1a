import { createHmac } from "node:crypto";
import { attachmentsOf } from "./attachmentRoutes.ts";
import type { SimulatorContext, SimulatorRouteModule } from "./context.ts";

/** Where the simulated portal delivers: OneStop's address and the API key and HMAC secret it was given. */
export interface PortalTarget {
  url: string;
  apiKey: string;
  hmacSecret: string;
}

export function setPortalTarget(context: SimulatorContext, target: PortalTarget): void {
  context.extras.set("portalTarget", target);
}

interface StagedFile {
  name?: string;
  contentBase64?: string;
  contentType?: string;
  componentCode?: string;
}

const MESSAGE_KINDS = ["supplement", "withdrawal", "payment", "rating"] as const;

/**
 * The national portal as a front end (R-LAW-4, issue #13): an applicant submits a dossier, answers a supplement
 * request, withdraws, pays or rates on DVCQG, and DVCQG forwards it to the province. `/control/portal/*` plays the
 * applicant: the files are kept on this simulator (served at `/files/:id` with their SHA-256), and the dossier or
 * message is signed (X-Api-Key, X-Signature = HMAC-SHA256 of the body) and posted to OneStop's inbound routes. The
 * answer is OneStop's status and body.
 */
export const portalRoutes: SimulatorRouteModule = {
  name: "portal",
  register(app, context) {
    const files = attachmentsOf(context);
    const target = () => context.extras.get("portalTarget") as PortalTarget | undefined;

    const stage = (staged: StagedFile[] | undefined, base: string) =>
      (staged ?? []).map((file, index) => {
        if (typeof file.name !== "string" || typeof file.contentBase64 !== "string")
          throw new Error(`files.${index}: cần name và contentBase64`);
        const kept = files.add({
          name: file.name,
          content: Buffer.from(file.contentBase64, "base64"),
          contentType: file.contentType,
        });
        return {
          TepDinhKemId: kept.id,
          TenTepDinhKem: kept.name,
          ...(file.componentCode ? { MaThanhPhanHoSo: file.componentCode } : {}),
          DuongDanTaiTepTin: `${base}/files/${kept.id}`,
          MaBamSHA256: kept.sha256,
        };
      });

    const deliver = async (path: string, payload: unknown) => {
      const to = target();
      if (!to)
        return {
          status: 409,
          body: { error: "NO_TARGET", message: "Chưa đặt địa chỉ OneStop (/control/portal/target)" },
        };
      const body = JSON.stringify(payload);
      const response = await fetch(`${to.url.replace(/\/$/, "")}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": to.apiKey,
          "x-signature": createHmac("sha256", to.hmacSecret).update(body).digest("hex"),
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, body: parsed };
    };

    app.post<{ Body: Partial<PortalTarget> }>("/control/portal/target", async (request, reply) => {
      const { url, apiKey, hmacSecret } = request.body ?? {};
      if (typeof url !== "string" || !/^https?:\/\//.test(url) || !apiKey || !hmacSecret)
        return reply
          .code(400)
          .send({ error: "INVALID_TARGET", message: "Cần url (http/https), apiKey và hmacSecret" });
      setPortalTarget(context, { url, apiKey, hmacSecret });
      return { url };
    });

    app.post<{ Body: { dossier?: Record<string, unknown>; files?: StagedFile[] } }>(
      "/control/portal/dossiers",
      async (request, reply) => {
        const base = `${request.protocol}://${request.host}`;
        try {
          const taiLieuNop = stage(request.body?.files, base);
          const payload = {
            ...(request.body?.dossier ?? {}),
            ...(taiLieuNop.length ? { TaiLieuNop: taiLieuNop } : {}),
          };
          return await deliver("/api/integration/national-portal/dossiers", payload);
        } catch (error) {
          return reply.code(400).send({ error: "INVALID_REQUEST", message: (error as Error).message });
        }
      },
    );

    app.post<{ Params: { kind: string }; Body: { message?: Record<string, unknown>; files?: StagedFile[] } }>(
      "/control/portal/messages/:kind",
      async (request, reply) => {
        const kind = request.params.kind;
        if (!(MESSAGE_KINDS as readonly string[]).includes(kind))
          return reply
            .code(404)
            .send({ error: "NOT_FOUND", message: `Loại thông điệp: ${MESSAGE_KINDS.join(", ")}` });
        const base = `${request.protocol}://${request.host}`;
        try {
          const staged = stage(request.body?.files, base);
          const payload = {
            ...(request.body?.message ?? {}),
            ...(staged.length ? { TaiLieuBoSung: staged } : {}),
          };
          return await deliver(`/api/integration/national-portal/messages/${kind}`, payload);
        } catch (error) {
          return reply.code(400).send({ error: "INVALID_REQUEST", message: (error as Error).message });
        }
      },
    );
  },
};
