/**
 * The national portal's feedback system (DVCQG "Phản ánh kiến nghị", R-PAKN-1: the provincial system integrates with
 * it) as a port: items received here go up, answers follow them, items people sent at the national portal come down,
 * and its FAQ can be read (S0 Đ16.2).
 */

export interface PortalFeedbackOut {
  /** Our code, so the portal can show where the item is handled. */
  code: string;
  kind: "feedback" | "question";
  title: string;
  content: string;
  agencyCode: string | null;
  procedureCode: string | null;
  dossierCode: string | null;
  receivedAt: string;
}

export interface PortalFeedbackIn {
  nationalId: string;
  kind: "feedback" | "question";
  title: string;
  content: string;
  submitterName: string;
  phone: string | null;
  email: string | null;
  procedureCode: string | null;
  dossierCode: string | null;
  receivedAt: string;
}

export interface PortalFaqEntry {
  nationalId: string;
  question: string;
  answer: string;
  procedureCode: string | null;
}

export interface FeedbackPortalPort {
  /** Resolves with the portal's id once it acknowledged; the same idempotency key gives the same id again. */
  push(item: PortalFeedbackOut, idempotencyKey: string): Promise<{ nationalId: string }>;
  pushAnswer(
    nationalId: string,
    answer: { text: string; agency: string | null; answeredAt: string },
    idempotencyKey: string,
  ): Promise<void>;
  /** Items received at the national portal after `since` (exclusive), oldest first. */
  pull(since: string | null): Promise<PortalFeedbackIn[]>;
  faq(): Promise<PortalFaqEntry[]>;
}
