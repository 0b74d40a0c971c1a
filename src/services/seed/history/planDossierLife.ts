import type { WorkingCalendar } from "../../../domain/calendar/types.ts";
import type { LegalTime } from "../../../domain/catalog/timeLimit.ts";
import {
  type Actor,
  type DecisionContext,
  type DomainEvent,
  type DossierCommand,
  type DossierState,
  decide,
} from "../../../domain/dossier/index.ts";

/** A uniform draw in [0, 1); the generator passes a seeded one so a demo province is the same on every start. */
export type Random = () => number;

/** mulberry32: a small seeded generator, good enough to spread demo data (never used for anything secret). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Who acts on the dossier: the agency's officers of each kind, null where the demo agency has no such account (the
 * event then names the role only, as for a job); the applicant is `applicantId`.
 */
export interface LifeCast {
  applicantId: string;
  counterOfficerId: string | null;
  specialistId: string | null;
  leaderId: string | null;
}

export interface PlannedStep {
  event: DomainEvent;
  /** The account that wrote the event, and the role it acted in (as `dossier_events` records them). */
  author: { userId: string | null; role: string };
}

export interface PlannedLife {
  channel: "counter" | "online" | "postal";
  state: DossierState;
  steps: PlannedStep[];
}

const UNNAMED = "demo-history";

const AUTHOR_ROLE: Record<Actor["role"], string> = {
  applicant: "applicant",
  counterOfficer: "counter_officer",
  specialist: "specialist",
  unitHead: "unit_head",
  leader: "agency_leader",
  paymentSystem: "payment_system",
  system: "system",
};

/**
 * One past dossier's whole life, decided by the real rules (`decide`) on the agency's working calendar, so its
 * statuses, appointments and events are exactly what the system itself would have recorded (issue #19 "demo province
 * with history"). Its course is drawn: the channel, a refusal at reception now and then, a supplement after appraisal
 * for some, and the moment the leader approves, mostly before the appointment and sometimes after it (late, R-KPI-4).
 *
 * Returns nothing when the life would not be over before `now`: history holds only finished dossiers, so nobody's
 * inbox, deadline watch or notices fill with demo work.
 */
export function planDossierLife(input: {
  submittedAt: Date;
  now: Date;
  legalTime: LegalTime;
  calendar: WorkingCalendar;
  cast: LifeCast;
  channels: ReadonlyArray<"counter" | "online" | "postal">;
  random: Random;
}): PlannedLife | undefined {
  const { calendar, cast, random } = input;
  const context: DecisionContext = { calendar, legalTime: input.legalTime };
  const steps: PlannedStep[] = [];
  let state: DossierState | undefined;
  let at = input.submittedAt;
  const act = (command: DossierCommand, actor: Actor, when: Date) => {
    const decision = decide(state, command, actor, when, context);
    // A refusal here is a bug of the plan, never of the data: stop the seeding loudly.
    if (!decision.ok) throw new Error(`demo history: ${command.type} refused: ${decision.refusal.code}`);
    state = decision.state;
    at = when;
    const userId = actor.role === "applicant" || actor.id === UNNAMED ? null : actor.id;
    for (const event of decision.events)
      steps.push({ event, author: { userId, role: AUTHOR_ROLE[actor.role] } });
  };
  const later = (minHours: number, maxHours: number) =>
    calendar.addWorkingHours(at, minHours + random() * (maxHours - minHours));
  const counter: Actor = { role: "counterOfficer", id: cast.counterOfficerId ?? UNNAMED };
  const specialist: Actor = { role: "specialist", id: cast.specialistId ?? UNNAMED };
  const leader: Actor = { role: "leader", id: cast.leaderId ?? UNNAMED };

  const draw = random();
  const channel =
    input.channels.includes("online") && (draw < 0.45 || !input.channels.includes("counter"))
      ? "online"
      : input.channels.includes("postal") && draw > 0.95
        ? "postal"
        : input.channels.includes("counter")
          ? "counter"
          : input.channels[0]!;
  if (channel === "online") {
    act(
      { type: "submitOnline", applicantId: cast.applicantId },
      { role: "applicant", id: cast.applicantId },
      at,
    );
    const answerAt = later(0.5, 7);
    if (random() < 0.04) {
      act(
        { type: "refuse", reasons: ["Thủ tục không thuộc thẩm quyền giải quyết của cơ quan"] },
        counter,
        answerAt,
      );
      return at <= input.now ? { channel, state: state!, steps } : undefined;
    }
    act({ type: "accept" }, counter, answerAt);
  } else {
    act({ type: "intakePaper", applicantId: cast.applicantId, channel }, counter, at);
  }
  act({ type: "transfer" }, counter, later(0.25, 2));
  act({ type: "advanceStep", step: "appraisal", output: "Phân công thẩm định" }, specialist, later(0.1, 1));
  const current = () => state!;
  if (random() < 0.08) {
    act(
      {
        type: "requestSupplementAfterAppraisal",
        reason: "Bản sao giấy tờ chưa được chứng thực",
        items: ["Bản sao có chứng thực giấy tờ tùy thân"],
      },
      specialist,
      later(1, 6),
    );
    act({ type: "receiveSupplement" }, counter, later(4, 24));
  }
  // The approval: most dossiers well within the appointment, some on its last day, about one in ten after it.
  const dueAt = current().dueAt!;
  const left = Math.max(0, calendar.workingHoursBetween(at, dueAt));
  const outcome = random();
  const approveAt =
    outcome < 0.78
      ? calendar.addWorkingHours(at, left * (0.2 + 0.7 * random()))
      : outcome < 0.9
        ? calendar.addWorkingHours(at, left * (0.9 + 0.1 * random()))
        : calendar.addWorkingHours(dueAt, 1 + random() * 24);
  act(
    { type: "advanceStep", step: "awaitingApproval", output: "Tờ trình kết quả thẩm định" },
    specialist,
    approveAt,
  );
  act({ type: "approveResult", documentRefs: ["Quyết định/Giấy chứng nhận"] }, leader, later(0.05, 0.2));
  act(
    { type: "returnResult", channel: channel === "online" ? "online" : "counter" },
    counter,
    later(0.5, 10),
  );
  return at <= input.now ? { channel, state: state!, steps } : undefined;
}
