import type { JoinRule } from "./definition.ts";

/** A consultation's child task as the join sees it (R-PROC-3). */
export interface ConsultationChild {
  id: string;
  status: "open" | "done" | "cancelled";
}

export interface JoinDecision {
  /** The asking step may go on. */
  joined: boolean;
  /** Children still open that the join no longer waits for (closed as cancelled when `any` is met). */
  cancel: string[];
}

/**
 * Joins the answers of a consultation's child tasks: `all` goes on when every child answered, `any` as soon as one
 * did, closing the others. Cancelled children do not count as answers; without any child there is nothing to wait for.
 */
export function evaluateJoin(rule: JoinRule, children: readonly ConsultationChild[]): JoinDecision {
  const live = children.filter((child) => child.status !== "cancelled");
  if (live.length === 0) return { joined: true, cancel: [] };
  const done = live.filter((child) => child.status === "done").length;
  const joined = rule === "all" ? done === live.length : done > 0;
  return {
    joined,
    cancel: joined ? live.filter((child) => child.status === "open").map((child) => child.id) : [],
  };
}
