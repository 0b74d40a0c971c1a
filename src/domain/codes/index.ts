export * from "./agencyId.ts";
export * from "./centralDossierCode.ts";
export * from "./dossierCode.ts";
export * from "./procedureCode.ts";
export * from "./provinceDate.ts";
export * from "./recognizeDossierCode.ts";
