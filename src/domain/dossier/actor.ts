/**
 * Who acts on a dossier (R-STATUS-5 trigger roles). `system` is our own jobs and integrations (timers, DVCQG
 * intake); `paymentSystem` is the payment gateway's confirmation.
 */
export const ROLES = [
  "applicant",
  "counterOfficer",
  "specialist",
  "unitHead",
  "leader",
  "paymentSystem",
  "system",
] as const;

export type Role = (typeof ROLES)[number];

export interface Actor {
  role: Role;
  /** Account id (citizen, organisation, officer) or job name. */
  id: string;
}
