import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { acceptedTypes } from "../../domain/dataStore/documentTypes.ts";
import { type ReuseRefusal, reuseRefusal } from "../../domain/dataStore/reuse.ts";
import type { Actor } from "../accounts/actor.ts";
import { NotFoundError } from "../errors.ts";
import type { FieldError, LocalizedText } from "../validation/messages.ts";
import { recordAccess } from "./accessLog.ts";

/** A component answered by a document of the applicant's DataStore instead of an upload (R-KHO-1). */
export interface ReuseReference {
  componentPosition: number;
  documentId: string;
}

export interface ResolvedReuse {
  componentPosition: number;
  componentId: string;
  document: {
    id: string;
    ownerUserId: string;
    storageKey: string;
    sha256: string;
    fileName: string;
    mediaType: string;
    sizeBytes: number;
  };
}

const REFUSAL_TEXT: Record<ReuseRefusal | "UNKNOWN", LocalizedText> = {
  UNKNOWN: { vi: "Không tìm thấy giấy tờ trong kho dữ liệu", en: "No such document in the data store" },
  NOT_OWNER: { vi: "Không tìm thấy giấy tờ trong kho dữ liệu", en: "No such document in the data store" },
  REVOKED: {
    vi: "Giấy tờ đã được thu hồi khỏi việc tái sử dụng",
    en: "The document was withdrawn from reuse",
  },
  NOT_YET_VALID: { vi: "Giấy tờ chưa có hiệu lực", en: "The document is not valid yet" },
  EXPIRED: { vi: "Giấy tờ đã hết hiệu lực", en: "The document has expired" },
  WRONG_TYPE: {
    vi: "Giấy tờ không đúng loại thành phần hồ sơ yêu cầu",
    en: "The document is not of the type this component asks for",
  },
};

/**
 * Checks each reuse a submission names, in the submission's transaction: the component exists, the document is the
 * owner's, not revoked, valid now and of a type the component accepts (domain reuseRefusal). Nothing is written.
 * `ownerUserId` null (a paper applicant without an account) has no store: every reuse is refused as unknown.
 */
export async function resolveReuses(
  trx: Transaction<Database>,
  input: {
    procedureId: string;
    procedureCode: string;
    ownerUserId: string | null;
    reuses: readonly ReuseReference[];
    now: Date;
    field?: string;
  },
): Promise<{ resolved: ResolvedReuse[]; errors: FieldError[] }> {
  const field = input.field ?? "reuses";
  if (input.reuses.length === 0) return { resolved: [], errors: [] };
  const components = await trx
    .selectFrom("procedure_components")
    .select(["id", "position", "code"])
    .where("procedure_id", "=", input.procedureId)
    .execute();
  const ids = [...new Set(input.reuses.map((reuse) => reuse.documentId))];
  const documents = await trx.selectFrom("data_store_documents").selectAll().where("id", "in", ids).execute();
  const resolved: ResolvedReuse[] = [];
  const errors: FieldError[] = [];
  input.reuses.forEach((reuse, index) => {
    const component = components.find((candidate) => candidate.position === reuse.componentPosition);
    if (!component) {
      errors.push({
        field: `${field}.${index}.componentPosition`,
        message: { vi: "Thành phần hồ sơ không tồn tại", en: "No such dossier component" },
      });
      return;
    }
    const document = documents.find((candidate) => candidate.id === reuse.documentId);
    const refusal =
      document === undefined || input.ownerUserId === null
        ? "UNKNOWN"
        : reuseRefusal(
            {
              ownerUserId: document.owner_user_id,
              documentType: document.document_type,
              validFrom: new Date(document.valid_from),
              validUntil: document.valid_until === null ? null : new Date(document.valid_until),
              revokedAt: document.revoked_at === null ? null : new Date(document.revoked_at),
            },
            {
              ownerUserId: input.ownerUserId,
              procedureCode: input.procedureCode,
              componentCode: component.code,
              now: input.now,
            },
          );
    if (refusal !== undefined || document === undefined) {
      errors.push({
        field: `${field}.${index}.documentId`,
        message: { ...REFUSAL_TEXT[refusal ?? "UNKNOWN"] },
      });
      return;
    }
    resolved.push({
      componentPosition: component.position,
      componentId: component.id,
      document: {
        id: document.id,
        ownerUserId: document.owner_user_id,
        storageKey: document.storage_key,
        sha256: document.sha256,
        fileName: document.file_name,
        mediaType: document.media_type,
        sizeBytes: document.size_bytes,
      },
    });
  });
  return { resolved, errors };
}

/**
 * Records the reuses on the new dossier: each becomes a dossier file flagged `reused` that points at the stored
 * document's bytes (same content key: no upload, no copy), linked to the document for the sync's
 * DuocTaiSuDung/MaKetQuaThayThe (R-SYNC-2) and the 766 indicator 4.3, and logged in the owner's access log.
 */
export async function attachReuses(
  trx: Transaction<Database>,
  input: {
    dossier: { id: string; agency_id: string; code: string };
    resolved: readonly ResolvedReuse[];
    actorUserId: string;
    actor: Pick<Actor, "userId" | "fullName" | "kind"> | null;
    eventSequence: number;
    now: Date;
  },
): Promise<void> {
  for (const reuse of input.resolved) {
    const { id } = await trx
      .insertInto("dossier_files")
      .values({
        dossier_id: input.dossier.id,
        agency_id: input.dossier.agency_id,
        component_id: reuse.componentId,
        purpose: "component",
        storage_key: reuse.document.storageKey,
        sha256: reuse.document.sha256,
        file_name: reuse.document.fileName,
        media_type: reuse.document.mediaType,
        size_bytes: reuse.document.sizeBytes,
        digitized: false,
        reused: true,
        uploaded_by: input.actorUserId,
        uploaded_at: input.now,
        event_sequence: input.eventSequence,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("data_store_reuses")
      .values({
        dossier_file_id: id,
        dossier_id: input.dossier.id,
        document_id: reuse.document.id,
        reused_at: input.now,
      })
      .execute();
    await recordAccess(trx, {
      documentId: reuse.document.id,
      ownerUserId: reuse.document.ownerUserId,
      action: "reused",
      at: input.now,
      actor: input.actor,
      dossier: { id: input.dossier.id, code: input.dossier.code },
    });
  }
}

export interface ReuseOffer {
  componentPosition: number;
  componentName: string;
  documents: {
    id: string;
    name: string;
    sourceDossierCode: string;
    validUntil: string | null;
    fileName: string;
  }[];
}

/**
 * What the wizard may offer instead of uploads for one procedure (R-KHO-1): per component that accepts a stored
 * document type, the applicant's documents of that type that are valid now and not revoked.
 */
export async function reuseOffers(
  db: Kysely<Database>,
  input: { actor: Actor; procedureCode: string; now: Date },
): Promise<ReuseOffer[]> {
  const procedure = await db
    .selectFrom("procedures")
    .select(["id", "code"])
    .where("code", "=", input.procedureCode)
    .executeTakeFirst();
  if (!procedure)
    throw new NotFoundError({
      vi: `Không có thủ tục ${input.procedureCode}`,
      en: `No procedure ${input.procedureCode}`,
    });
  const components = await db
    .selectFrom("procedure_components")
    .select(["position", "code", "name"])
    .where("procedure_id", "=", procedure.id)
    .orderBy("position")
    .execute();
  const documents = await db
    .selectFrom("data_store_documents")
    .selectAll()
    .where("owner_user_id", "=", input.actor.userId)
    .where("revoked_at", "is", null)
    .orderBy("added_at", "desc")
    .execute();
  const offers: ReuseOffer[] = [];
  for (const component of components) {
    if (acceptedTypes(procedure.code, component.code).length === 0) continue;
    const usable = documents.filter(
      (document) =>
        reuseRefusal(
          {
            ownerUserId: document.owner_user_id,
            documentType: document.document_type,
            validFrom: new Date(document.valid_from),
            validUntil: document.valid_until === null ? null : new Date(document.valid_until),
            revokedAt: null,
          },
          {
            ownerUserId: input.actor.userId,
            procedureCode: procedure.code,
            componentCode: component.code,
            now: input.now,
          },
        ) === undefined,
    );
    if (usable.length === 0) continue;
    offers.push({
      componentPosition: component.position,
      componentName: component.name,
      documents: usable.map((document) => ({
        id: document.id,
        name: document.name,
        sourceDossierCode: document.source_dossier_code,
        validUntil: document.valid_until === null ? null : new Date(document.valid_until).toISOString(),
        fileName: document.file_name,
      })),
    });
  }
  return offers;
}
