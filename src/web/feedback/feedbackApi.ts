/** The shapes the feedback routes answer with (src/http/routes/feedback). */

export type FeedbackStatus = "received" | "routed" | "answered" | "published" | "refused";

export interface Named {
  code: string;
  name: string;
}

export interface ItemSummary {
  id: string;
  code: string;
  kind: "feedback" | "question";
  status: FeedbackStatus;
  subject: string | null;
  title: string;
  category: string | null;
  agency: Named | null;
  suggestedAgency: Named | null;
  dossierCode: string | null;
  procedure: Named | null;
  receivedAt: string;
  routedAt: string | null;
  dueAt: string | null;
  answeredAt: string | null;
  workingHoursLeft: number | null;
  watchLevel: string | null;
  channel: string;
}

export interface Signature {
  name: string;
  title: string;
  phone: string;
  email: string;
  legalReferences: string;
}

export interface ItemDetail extends ItemSummary {
  content: string;
  officerName: string | null;
  submitter: { name: string; phone: string | null; email: string | null; identity: string | null };
  consentPublish: boolean;
  answer: string | null;
  signature: Signature | null;
  refusalReason: string | null;
  publishedAt: string | null;
  reaction: string | null;
  faqId: string | null;
  attachments: { id: string; fileName: string; mediaType: string; sizeBytes: number }[];
  events: {
    type: string;
    at: string;
    fromAgency: string | null;
    toAgency: string | null;
    payload: Record<string, unknown>;
  }[];
}

export interface PublishedItem {
  code: string;
  kind: string;
  title: string;
  content: string;
  answer: string;
  agency: string | null;
  signature: Signature | null;
  receivedAt: string;
  publishedAt: string;
}

export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
  source: string;
  procedure: Named | null;
  sector: Named | null;
  field: Named | null;
  agency: string | null;
  createdAt: string;
}

export interface Submitted {
  id: string;
  code: string;
  status: string;
  receivedAt: string;
  dueAt: string | null;
}

export const CATEGORIES = [
  "procedureHandling",
  "staffConduct",
  "regulation",
  "onlineService",
  "other",
] as const;
export const COMPLEXITIES = ["simple", "interAgency", "special"] as const;
