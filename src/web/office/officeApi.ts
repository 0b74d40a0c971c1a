import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { CodeName, Dossier, Localized, Procedure, Session } from "../api/types.ts";

/** The office's part of the HTTP API (see /docs/json, tag "office"). */

export const BOXES = ["toReceive", "toProcess", "dueSoon", "overdue", "consultations", "toReturn"] as const;
export type Box = (typeof BOXES)[number];

export interface InboxItem {
  id: string;
  code: string;
  version: number;
  procedure: { code: string; name: string };
  applicantName: string;
  status: number;
  statusLabel: Localized;
  internalStep: string | null;
  dueAt: string | null;
  remainingWorkingHours: number | null;
  overdue: boolean;
  dossierDueAt: string | null;
  receptionDueAt: string | null;
  task: {
    id: string;
    step: string;
    role: string;
    unitId: string | null;
    assigneeId: string | null;
    dueAt: string | null;
  } | null;
  consultation: {
    id: string;
    question: string;
    fromAgency: string;
    requestedAt: string;
    dueAt: string;
  } | null;
}

export interface InboxPage {
  box: Box;
  total: number;
  page: number;
  pageSize: number;
  items: InboxItem[];
}

type Person = { id: string; name: string | null } | null;

export interface OfficeTask {
  id: string;
  step: string;
  role: string;
  status: string;
  unit: Person;
  assignee: Person;
  createdAt: string;
  dueAt: string | null;
  completedAt: string | null;
  outcome: string | null;
  handedOverBy: Person;
  timing: "early" | "onTime" | "late" | null;
}

export interface Consultation {
  id: string;
  toAgency: { code: string; name: string };
  toUnit: { code: string; name: string | null } | null;
  question: string;
  requestedAt: string;
  requestedBy: string | null;
  dueAt: string;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  late: boolean | null;
}

export interface OfficeDossier extends Dossier {
  workflow: { id: string; version: number; steps: { step: string; role: string; label: Localized }[] };
  tasks: OfficeTask[];
  consultations: Consultation[];
}

export interface Assignees {
  step: string | null;
  role: string | null;
  officers: { id: string; name: string; unit: { id: string; name: string } | null }[];
}

export interface ReceptionSlip {
  issuingUnit: { agencyCode: string; agencyName: string; unitCode: string | null; unitName: string | null };
  dossierCode: string;
  applicant: {
    name: string;
    organisationName: string | null;
    idNumber: string | null;
    address: string | null;
    phone: string | null;
    email: string | null;
  };
  submitter: { name: string; idNumber?: string; phone?: string; address?: string } | null;
  channel: string;
  requestedMatter: { procedureCode: string; procedureName: string; summary: string };
  components: { position: number; name: string; originals: number; copies: number; files: number }[];
  sets: number;
  legalTime: { amount: number; unit: string; kind: "same_day" | "immediate" | null; text: Localized };
  organisations: { assisted: CodeName; received: CodeName; deciding: CodeName };
  receptionPlace: "mobile" | "on_site" | null;
  receivedAt: string;
  appointmentAt: string | null;
  receivedAtIso: string;
  appointmentAtIso: string | null;
  /** Sổ theo dõi hồ sơ entry (issue #19). */
  register?: { number: string; book: string } | null;
}

export const officeKeys = {
  all: ["office"] as const,
  inbox: (box: Box, q: string, page: number, pageSize: number) =>
    ["office", "inbox", box, q, page, pageSize] as const,
  dossier: (id: string) => ["office", "dossier", id] as const,
  assignees: (id: string, version: number) => ["office", "assignees", id, version] as const,
  slip: (id: string) => ["office", "slip", id] as const,
};

export function useInbox(box: Box, q: string, page: number, pageSize: number) {
  const params = new URLSearchParams({ box, page: String(page), pageSize: String(pageSize) });
  if (q.trim()) params.set("q", q.trim());
  return useQuery({
    queryKey: officeKeys.inbox(box, q.trim(), page, pageSize),
    queryFn: () => api.get<InboxPage>(`/api/office/inbox?${params}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useOfficeDossier(id: string) {
  return useQuery({
    queryKey: officeKeys.dossier(id),
    queryFn: () => api.get<OfficeDossier>(`/api/office/dossiers/${encodeURIComponent(id)}`),
  });
}

export function useAssignees(id: string, version: number, enabled: boolean) {
  return useQuery({
    queryKey: officeKeys.assignees(id, version),
    queryFn: () => api.get<Assignees>(`/api/office/dossiers/${encodeURIComponent(id)}/assignees`),
    enabled,
  });
}

export function useReceptionSlip(id: string) {
  return useQuery({
    queryKey: officeKeys.slip(id),
    queryFn: () => api.get<ReceptionSlip>(`/api/office/dossiers/${encodeURIComponent(id)}/reception-slip`),
  });
}

export function useProcedure(code: string | undefined) {
  return useQuery({
    queryKey: ["procedure", code],
    queryFn: () => api.get<Procedure>(`/api/public/procedures/${encodeURIComponent(code ?? "")}`),
    enabled: Boolean(code),
    staleTime: 10 * 60_000,
  });
}

/** One command on a dossier (POST /api/office/dossiers/:id/<path>), with the version the officer saw. */
export function useDossierCommand(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: Record<string, unknown> }) =>
      api.post<{ id: string; version: number; status: number }>(
        `/api/office/dossiers/${encodeURIComponent(id)}/${path}`,
        body,
      ),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: officeKeys.all });
    },
  });
}

export const fileUrl = (dossierId: string, fileId: string) =>
  `/api/dossiers/${encodeURIComponent(dossierId)}/files/${encodeURIComponent(fileId)}`;

export type OfficeRole = "counter_officer" | "specialist" | "unit_head" | "agency_leader";

export function rolesOf(session: Session): Set<string> {
  return new Set(session.actor.grants.map((grant) => grant.role));
}

/** The boxes an officer's roles give them, in the order of their work. */
export function boxesFor(session: Session): Box[] {
  const roles = rolesOf(session);
  const counter = roles.has("counter_officer");
  const processing = roles.has("specialist") || roles.has("unit_head") || roles.has("agency_leader");
  const boxes: Box[] = [];
  if (counter) boxes.push("toReceive");
  if (counter || processing) boxes.push("toProcess");
  if (counter) boxes.push("toReturn");
  if (counter || processing) boxes.push("dueSoon", "overdue");
  if (processing) boxes.push("consultations");
  return boxes;
}
