import type { RegisteredPerson } from "../../domain/eform/fieldSources.ts";

/** The population database routes' answers (src/http/routes/population/populationRoutes.ts). */
export interface PrefillAnswer {
  status: "answered" | "not_found" | "unavailable" | "no_identity" | "not_needed";
  person: Partial<RegisteredPerson> | null;
  account: { fullName: string; phone: string | null; email: string | null };
}

export type Purpose = "prefill" | "submission_check" | "officer_check";
export type Outcome = "answered" | "not_found" | "unavailable";

export interface AccessLogPage {
  total: number;
  page: number;
  pageSize: number;
  items: {
    at: string;
    self: boolean;
    askedBy: string;
    agency: string | null;
    dossierCode: string | null;
    purpose: Purpose;
    purposeNote: string | null;
    outcome: Outcome;
  }[];
}

export interface FieldCheck {
  path: string;
  source: string;
  status: "verified" | "mismatch" | "unverified";
  checkedAt: string;
}

export interface Verification {
  status: Outcome;
  fields: Record<"idNumber" | "fullName" | "birthDate", "match" | "mismatch"> | null;
}

export interface UsageRow {
  month: string;
  agency: { id: string; code: string; name: string } | null;
  queries: number;
  prefill: number;
  submissionCheck: number;
  officerCheck: number;
  unavailable: number;
}
