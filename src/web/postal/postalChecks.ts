import type { PostalOrder, Recipient } from "./postalApi.ts";

/** The dictionary keys (postalI18n.ts) of the slips these checks find: a subset of its keys. */
export type ProblemKey =
  | "form.needName"
  | "form.needPhone"
  | "form.needAddress"
  | "submit.needAgency"
  | "submit.needIdNumber"
  | "submit.needReference"
  | "submit.needConsent";

/** The dictionary key of an order's state. */
export type StatusKey =
  | `status.${"requested" | "sending" | "accepted" | "failed"}`
  | `status.${"collected" | "delivered"}.${"pickup" | "result_delivery"}`;

/** A phone number as the server takes it (normalizePhone): 0 or +84 and nine digits, spaces, dots and dashes aside. */
const PHONE = /^(\+84|0)\d{9}$/;
const phoneOk = (phone: string) => PHONE.test(phone.replace(/[\s.-]/g, ""));

/** The recipient's fields checked as the server checks them, so that a slip is shown beside its field at once. */
export function recipientProblems(recipient: Recipient): Partial<Record<keyof Recipient, ProblemKey>> {
  const problems: Partial<Record<keyof Recipient, ProblemKey>> = {};
  if (recipient.name.trim().length < 2) problems.name = "form.needName";
  if (!phoneOk(recipient.phone)) problems.phone = "form.needPhone";
  if (recipient.address.trim().replace(/\s+/g, " ").length < 10) problems.address = "form.needAddress";
  return problems;
}

export interface CitizenInput {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  email: string;
}

export type CitizenProblems = Partial<
  Record<"name" | "idNumber" | "phone" | "agency" | "reference" | "confirmed", ProblemKey>
>;

/** The citizen's details and consent checked as the server checks them (submitForCitizen.ts, R-SUB-2). */
export function citizenProblems(
  citizen: CitizenInput,
  consent: { reference: string; confirmed: boolean },
  agencyCode: string,
): CitizenProblems {
  const problems: CitizenProblems = {};
  if (agencyCode === "") problems.agency = "submit.needAgency";
  if (citizen.name.trim().length < 2) problems.name = "form.needName";
  if (!/^\d{12}$/.test(citizen.idNumber.trim())) problems.idNumber = "submit.needIdNumber";
  if (!phoneOk(citizen.phone)) problems.phone = "form.needPhone";
  if (consent.reference.trim().length < 3) problems.reference = "submit.needReference";
  if (!consent.confirmed) problems.confirmed = "submit.needConsent";
  return problems;
}

/** The words of an order's state: collected and delivered read differently for a pickup and for a result. */
export function statusKey(order: Pick<PostalOrder, "kind" | "status">): StatusKey {
  if (order.status === "collected" || order.status === "delivered")
    return `status.${order.status}.${order.kind}`;
  return `status.${order.status}`;
}
