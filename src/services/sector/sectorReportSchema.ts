import { type Static, Type } from "typebox";

/**
 * What a sector system reports about one of its dossiers (issue #18, R-STATUS-4), every field bounded. Instants are
 * RFC 3339 with their offset (e.g. `2026-12-02T08:30:00+07:00`). The contract is in docs/sector-systems.md.
 */
const Instant = Type.String({ format: "date-time", maxLength: 40 });

export const SectorApplicant = Type.Object(
  {
    kind: Type.Union([Type.Literal("person"), Type.Literal("organisation")]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 30, pattern: "^[0-9A-Za-z]+$" })),
    organisationName: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    phone: Type.Optional(Type.String({ pattern: "^[0-9+() .-]{6,20}$" })),
    email: Type.Optional(Type.String({ format: "email", maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const SectorStepInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    startedAt: Instant,
    finishedAt: Type.Optional(Instant),
    handler: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const SectorProgressInput = Type.Object(
  {
    steps: Type.Optional(Type.Array(SectorStepInput, { maxItems: 50 })),
    /** NgayHenTra: the appointment to return the result. */
    appointmentAt: Type.Optional(Instant),
    /** When the result was issued (status 9/10). */
    resultAt: Type.Optional(Instant),
    /** The system's own name for where the dossier is, kept for the office (never shown to the public). */
    externalStatus: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const SectorDossierReport = Type.Object(
  {
    /** The report's own id: a replay with the same id and body gets the first answer back. */
    reportId: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
    /** When the system made this report (its clock): a report older than the last one received is refused. */
    reportedAt: Instant,
    dossier: Type.Object(
      {
        /** The dossier code given by the system (R-CODE-1, or R-CODE-2 for central systems). */
        code: Type.String({ minLength: 1, maxLength: 60 }),
        procedureCode: Type.String({ pattern: "^[0-9]\\.[0-9]{6}$" }),
        agencyCode: Type.String({ minLength: 1, maxLength: 40, pattern: "^\\S+$" }),
        channel: Type.Union([Type.Literal("counter"), Type.Literal("online"), Type.Literal("postal")]),
        summary: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
        submittedAt: Instant,
        receivedAt: Type.Optional(Instant),
      },
      { additionalProperties: false },
    ),
    applicant: SectorApplicant,
    /** The public status (R-STATUS-1), 1–10. */
    status: Type.Integer({ minimum: 1, maximum: 10 }),
    progress: Type.Optional(SectorProgressInput),
  },
  { additionalProperties: false },
);
export type SectorDossierReport = Static<typeof SectorDossierReport>;

export const SectorReportAnswer = Type.Object({
  dossierId: Type.String({ format: "uuid" }),
  code: Type.String(),
  status: Type.Integer(),
  version: Type.Integer(),
  /** created: a new dossier; updated: a change recorded; unchanged: nothing new in the report. */
  outcome: Type.Union([Type.Literal("created"), Type.Literal("updated"), Type.Literal("unchanged")]),
  /** True when this is the answer first given to a report with the same id and body. */
  replayed: Type.Boolean(),
});
export type SectorReportAnswer = Static<typeof SectorReportAnswer>;
