import { SOURCE_KEYWORD, type ValueSource } from "./fieldSources.ts";

/**
 * The sources of the common declaration every procedure without a published e-form asks for (the portal builds that
 * declaration; see src/web/portal/eform.ts): the requester's identity and residence from the population database,
 * the contact details from the account (issue #14, R-SUB-1). The server reads the same list to check a submission.
 */
export const COMMON_DECLARATION_SOURCES: Readonly<Record<string, ValueSource>> = {
  fullName: "population.fullName",
  idNumber: "population.idNumber",
  birthDate: "population.birthDate",
  phone: "account.phone",
  email: "account.email",
  // "Nơi cư trú": where the person lives now.
  address: "population.currentAddress",
};

/** The common declaration's sourced fields as a schema (text fields), for the server's prefill and check. */
export function commonDeclarationSourceSchema(): Record<string, unknown> {
  return {
    type: "object",
    properties: Object.fromEntries(
      Object.entries(COMMON_DECLARATION_SOURCES).map(([name, source]) => [
        name,
        { type: "string", [SOURCE_KEYWORD]: source },
      ]),
    ),
  };
}
