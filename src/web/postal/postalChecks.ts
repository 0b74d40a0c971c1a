import type { PostalOrder, Recipient } from "./postalApi.ts";
import type { PostalKey } from "./postalI18n.ts";

/** A phone number as the server takes it (normalizePhone): 0 or +84 and nine digits, spaces, dots and dashes aside. */
const PHONE = /^(\+84|0)\d{9}$/;
const phoneOk = (phone: string) => PHONE.test(phone.replace(/[\s.-]/g, ""));

/** The recipient's fields checked as the server checks them, so that a slip is shown beside its field at once. */
export function recipientProblems(recipient: Recipient): Partial<Record<keyof Recipient, PostalKey>> {
  const problems: Partial<Record<keyof Recipient, PostalKey>> = {};
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
  Record<"name" | "idNumber" | "phone" | "agency" | "reference" | "confirmed", PostalKey>
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
export function statusKey(order: Pick<PostalOrder, "kind" | "status">): PostalKey {
  if (order.status === "collected" || order.status === "delivered")
    return `status.${order.status}.${order.kind}` as PostalKey;
  return `status.${order.status}` as PostalKey;
}
