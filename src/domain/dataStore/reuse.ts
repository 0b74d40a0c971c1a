import { acceptedTypes } from "./documentTypes.ts";

/** What the reuse rule needs of a stored document. */
export interface StoredDocumentFacts {
  ownerUserId: string;
  documentType: string;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

/** Why a stored document cannot stand in for a component (each with its message in the service). */
export type ReuseRefusal = "NOT_OWNER" | "REVOKED" | "NOT_YET_VALID" | "EXPIRED" | "WRONG_TYPE";

/**
 * R-KHO-1: a stored document may replace a component's upload when it is the applicant's own, not revoked by them,
 * valid at the submission instant, and of a type the component accepts. Returns the first reason it may not.
 */
export function reuseRefusal(
  document: StoredDocumentFacts,
  request: { ownerUserId: string; procedureCode: string; componentCode: string | null; now: Date },
): ReuseRefusal | undefined {
  if (document.ownerUserId !== request.ownerUserId) return "NOT_OWNER";
  if (document.revokedAt !== null && document.revokedAt.getTime() <= request.now.getTime()) return "REVOKED";
  if (document.validFrom.getTime() > request.now.getTime()) return "NOT_YET_VALID";
  if (document.validUntil !== null && document.validUntil.getTime() <= request.now.getTime())
    return "EXPIRED";
  if (!acceptedTypes(request.procedureCode, request.componentCode).includes(document.documentType))
    return "WRONG_TYPE";
  return undefined;
}
