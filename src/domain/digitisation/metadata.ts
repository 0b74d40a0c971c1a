/**
 * The record each digitised component or result carries (R-DIG-1; TT 01/2023): the component's code, the kind of
 * document, who issued it, its number, the issue date, how long it is valid, and its pages.
 */
export const DOCUMENT_TYPES = [
  "identity",
  "civilStatus",
  "certificate",
  "licence",
  "decision",
  "contract",
  "application",
  "other",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface DigitisationMetadata {
  componentCode: string;
  documentType: DocumentType;
  issuer: string;
  documentNumber: string | null;
  /** Local calendar dates, YYYY-MM-DD. */
  issueDate: string | null;
  validUntil: string | null;
  pages: number;
}

export type MetadataProblem =
  | "ISSUE_DATE_IN_FUTURE"
  | "VALID_UNTIL_BEFORE_ISSUE"
  | "EXPIRED_DOCUMENT"
  | "PAGES_OUT_OF_RANGE";

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * What is wrong with the dates and pages, given today's local date: a document cannot be issued in the future, its
 * validity cannot end before its issue, and an expired document is not digitised as valid (R-DIG-1: "results still
 * valid"). Dates are compared as ISO strings, which order as the calendar does.
 */
export function metadataProblems(metadata: DigitisationMetadata, today: string): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  if (metadata.issueDate && isDate(metadata.issueDate) && metadata.issueDate > today)
    problems.push("ISSUE_DATE_IN_FUTURE");
  if (metadata.validUntil && metadata.issueDate && metadata.validUntil < metadata.issueDate)
    problems.push("VALID_UNTIL_BEFORE_ISSUE");
  else if (metadata.validUntil && metadata.validUntil < today) problems.push("EXPIRED_DOCUMENT");
  if (!Number.isInteger(metadata.pages) || metadata.pages < 1 || metadata.pages > 2000)
    problems.push("PAGES_OUT_OF_RANGE");
  return problems;
}
