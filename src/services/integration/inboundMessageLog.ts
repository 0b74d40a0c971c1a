import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { NationalMessageKind } from "../../db/nationalPortalTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { type DossierRecord, findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import type { NationalMessageReceipt } from "./nationalMessageSchemas.ts";
import { parseDvcqgDate } from "./receiveNationalDossier.ts";

export interface InboundMessage {
  MaThongDiep: string;
  MaHoSo: string;
  ThoiDiem: string;
}

/** How far ahead of our clock a message's time may be before it is an error rather than clock skew. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The message's time on the national portal (R-SYNC-3), or a 400 naming the field. */
export function messageTime(message: InboundMessage, now: Date): Date {
  const at = parseDvcqgDate(message.ThoiDiem);
  if (!at || at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    throw new ValidationError([
      {
        field: "ThoiDiem",
        message: at
          ? { vi: "Thời điểm ở tương lai", en: "The time is in the future" }
          : { vi: "Thời điểm không hợp lệ (yyyyMMddHHmmss)", en: "Not a valid yyyyMMddHHmmss instant" },
      },
    ]);
  return at;
}

/** A dossier DVCQG names: by the code it got there (R-CODE-2), or by ours for a dossier synchronised from here. */
async function findNamedDossier(trx: Transaction<Database>, code: string): Promise<DossierRecord> {
  const row = await trx
    .selectFrom("dossiers")
    .select("id")
    .where((eb) => eb.or([eb("national_code", "=", code), eb("code", "=", code)]))
    .orderBy("national_code")
    .executeTakeFirst();
  const record = row ? await findDossier(trx, row.id) : undefined;
  if (!record) throw dossierNotFound();
  return record;
}

const hashOf = (kind: string, body: unknown) =>
  createHash("sha256")
    .update(`${kind}\n${JSON.stringify(body)}`)
    .digest("hex");

const reusedId = () =>
  new ConflictError("MESSAGE_ID_REUSED", {
    vi: "Mã thông điệp này đã được dùng cho một thông điệp khác",
    en: "This message id was already used for a different message",
  });

/**
 * Records a DVCQG message once (issue #13: "each is idempotent"): in one transaction the message id is claimed, the
 * use case runs on the named dossier (its own rules, state, event and outbox rows), and the answer is kept. A replay
 * of the same message gets the first answer back with `replayed: true` and changes nothing; the same id with another
 * body is a 409. A use case that refuses rolls everything back, the message id included, so a corrected retry works.
 */
export async function recordMessageOnce(
  db: Kysely<Database>,
  input: { kind: NationalMessageKind; message: InboundMessage; now: Date },
  work: (
    trx: Transaction<Database>,
    dossier: DossierRecord,
  ) => Promise<{ record: DossierRecord; applied?: boolean }>,
): Promise<NationalMessageReceipt> {
  const requestHash = hashOf(input.kind, input.message);
  return inTransaction(db, async (trx) => {
    const dossier = await findNamedDossier(trx, input.message.MaHoSo);
    const claimed = await trx
      .insertInto("national_inbound_messages")
      .values({
        message_id: input.message.MaThongDiep,
        kind: input.kind,
        dossier_id: dossier.row.id,
        request_hash: requestHash,
        received_at: input.now,
        response: "{}",
      })
      .onConflict((oc) => oc.column("message_id").doNothing())
      .returning("message_id")
      .executeTakeFirst();
    if (!claimed) {
      const previous = await trx
        .selectFrom("national_inbound_messages")
        .select(["request_hash", "response"])
        .where("message_id", "=", input.message.MaThongDiep)
        .executeTakeFirstOrThrow();
      if (previous.request_hash !== requestHash) throw reusedId();
      return { ...(previous.response as unknown as NationalMessageReceipt), replayed: true };
    }
    const { record, applied } = await work(trx, dossier);
    const receipt: NationalMessageReceipt = {
      messageId: input.message.MaThongDiep,
      dossierId: record.row.id,
      code: record.row.code,
      status: record.row.status,
      replayed: false,
      applied: applied ?? true,
    };
    await trx
      .updateTable("national_inbound_messages")
      .set({ response: JSON.stringify(receipt) })
      .where("message_id", "=", input.message.MaThongDiep)
      .execute();
    return receipt;
  });
}

/** The domain actor for what the applicant did on DVCQG: the dossier's own applicant, vouched for by the portal. */
export const applicantOnNationalPortal = (dossier: DossierRecord) =>
  ({ role: "applicant", id: dossier.state.applicantId }) as const;

/** The event's author for the applicant's own act on DVCQG: no local account, the applicant's role. */
export const applicantAuthor = (dossier: DossierRecord) => ({
  userId: null,
  role: dossier.row.applicant_kind === "organisation" ? "organisation_representative" : "citizen",
});
