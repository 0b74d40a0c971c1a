import type { DossierFormData } from "../formData.ts";
import type { Issuer } from "../pdf/formDocument.ts";

/** The counter issues the reception, supplement, refusal and stop forms in its agency's name (R-FORM-1/2/3/7). */
export function counterIssuer(data: DossierFormData, number: string): Issuer {
  // Nghị định 30/2020/NĐ-CP: the governing body above the issuing body. The counter issues in its agency's name; an
  // agency without a counter unit issues under its own governing body (the province's committee).
  return data.counterUnit
    ? { parent: data.agency.name, unit: data.counterUnit.name, number, logo: data.logo ?? null }
    : { parent: data.agency.parentName ?? null, unit: data.agency.name, number, logo: data.logo ?? null };
}

/** The number's unit suffix, e.g. `TTPVHCC`: the counter's code, else the agency's. */
export function unitSuffix(data: DossierFormData): string {
  return data.counterUnit?.code ?? data.agency.code;
}

/** "Nguyễn Văn An" or "Công ty… (đại diện: Nguyễn Văn An)". */
export function applicantLine(data: DossierFormData): string {
  const { applicant } = data;
  return applicant.organisationName
    ? `${applicant.organisationName} (đại diện: ${applicant.name})`
    : applicant.name;
}

export const TIMING_TEXT = { early: "Trước hạn", onTime: "Đúng hạn", late: "Quá hạn" } as const;
