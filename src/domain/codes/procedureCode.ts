import { isValidAgencyId } from "./agencyId.ts";

/**
 * National procedure codes `d.dddddd` (R-CODE-4), e.g. `1.001612`, and the applied form `{procCode}.{agencyId}`
 * naming a procedure as carried out by one agency, e.g. `2.000908.000.00.00.H61`. Both are kept.
 */
const NATIONAL_PROCEDURE_CODE = /^\d\.\d{6}$/;

export function isNationalProcedureCode(value: string): boolean {
  return NATIONAL_PROCEDURE_CODE.test(value);
}

export function buildAppliedProcedureCode(procedureCode: string, agencyId: string): string {
  if (!isNationalProcedureCode(procedureCode))
    throw new RangeError(`invalid procedure code: "${procedureCode}"`);
  if (!isValidAgencyId(agencyId)) throw new RangeError(`invalid agency identifier: "${agencyId}"`);
  return `${procedureCode}.${agencyId}`;
}

export interface AppliedProcedureCode {
  procedureCode: string;
  agencyId: string;
}

export function parseAppliedProcedureCode(value: string): AppliedProcedureCode | undefined {
  const match = /^(\d\.\d{6})\.(.+)$/.exec(value);
  if (!match) return undefined;
  const [, procedureCode, agencyId] = match as unknown as [string, string, string];
  return isValidAgencyId(agencyId) ? { procedureCode, agencyId } : undefined;
}
