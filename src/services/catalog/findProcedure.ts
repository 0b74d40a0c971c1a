import type { Kysely } from "kysely";
import type {
  Channel,
  Database,
  LegalBasisRow,
  OnlineLevel,
  ProcedureLevel,
  ProcedureMethodRow,
  TimeUnit,
} from "../../db/schema.ts";

/** Every R-CAT-1 field of a procedure, with the agencies that offer it. */
export interface ProcedureDetail {
  code: string;
  name: string;
  field: { code: string; name: string };
  sector: { code: string; name: string };
  levels: ProcedureLevel[];
  decidingAgency: string;
  steps: string[];
  methods: ProcedureMethodRow[];
  receptionChannels: Channel[];
  timeLimit: { amount: number; unit: TimeUnit } | null;
  timeLimitText: string;
  subjects: string[];
  subjectKinds: string[];
  result: string;
  conditions: string;
  legalBasis: LegalBasisRow[];
  onlineLevel: OnlineLevel;
  components: {
    position: number;
    code: string | null;
    name: string;
    originalCount: number;
    copyCount: number;
    required: boolean;
    formTemplate: string | null;
  }[];
  fees: { code: string | null; name: string; amountVnd: number; description: string }[];
  offerings: {
    agency: { code: string; name: string; level: string };
    onlineLevel: OnlineLevel;
    channels: Channel[];
    timeLimit: { amount: number; unit: TimeUnit } | null;
    /** The e-form this agency publishes for the procedure (JSON Schema), or null for the general declaration. */
    formSchema: Record<string, unknown> | null;
  }[];
  updatedAt: Date;
}

/** The procedure with this national code, or undefined. */
export async function findProcedure(
  db: Kysely<Database>,
  code: string,
): Promise<ProcedureDetail | undefined> {
  const row = await db
    .selectFrom("procedures as p")
    .innerJoin("fields as f", "f.id", "p.field_id")
    .innerJoin("sectors as s", "s.id", "f.sector_id")
    .selectAll("p")
    .select([
      "f.code as field_code",
      "f.name as field_name",
      "s.code as sector_code",
      "s.name as sector_name",
    ])
    .where("p.code", "=", code)
    .executeTakeFirst();
  if (!row) return undefined;

  const [components, fees, offerings] = await Promise.all([
    db
      .selectFrom("procedure_components")
      .selectAll()
      .where("procedure_id", "=", row.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("procedure_fees")
      .selectAll()
      .where("procedure_id", "=", row.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("procedure_offerings as o")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select([
        "a.code",
        "a.name",
        "a.level",
        "o.online_level",
        "o.channels",
        "o.time_limit_amount",
        "o.time_limit_unit",
        "o.form_schema",
      ])
      .where("o.procedure_id", "=", row.id)
      .where("o.enabled", "=", true)
      .orderBy("a.name")
      .execute(),
  ]);

  return {
    code: row.code,
    name: row.name,
    field: { code: row.field_code, name: row.field_name },
    sector: { code: row.sector_code, name: row.sector_name },
    levels: row.levels,
    decidingAgency: row.deciding_agency,
    steps: row.steps,
    methods: row.methods,
    receptionChannels: row.reception_channels,
    timeLimit:
      row.time_limit_amount !== null && row.time_limit_unit
        ? { amount: row.time_limit_amount, unit: row.time_limit_unit }
        : null,
    timeLimitText: row.time_limit_text,
    subjects: row.subjects,
    subjectKinds: row.subject_kinds,
    result: row.result,
    conditions: row.conditions,
    legalBasis: row.legal_basis,
    onlineLevel: row.online_level,
    components: components.map((c) => ({
      position: c.position,
      code: c.code,
      name: c.name,
      originalCount: c.original_count,
      copyCount: c.copy_count,
      required: c.required,
      formTemplate: c.form_template,
    })),
    fees: fees.map((fee) => ({
      code: fee.code,
      name: fee.name,
      amountVnd: fee.amount_vnd,
      description: fee.description,
    })),
    offerings: offerings.map((o) => ({
      agency: { code: o.code, name: o.name, level: o.level },
      onlineLevel: o.online_level,
      channels: o.channels,
      timeLimit:
        o.time_limit_amount !== null && o.time_limit_unit
          ? { amount: o.time_limit_amount, unit: o.time_limit_unit }
          : null,
      formSchema: o.form_schema,
    })),
    updatedAt: row.updated_at,
  };
}
