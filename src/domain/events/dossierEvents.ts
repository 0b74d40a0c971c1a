/**
 * Outbound dossier events (issue #18, seed 004 Đ18.2): what OneStop tells subscribed partner systems (sector
 * software, the provincial integration platform LGSP, the province's document system) about its dossiers, as
 * CloudEvents 1.0 in structured JSON mode. Pure: the envelope, the public state it carries, the scope rule, the
 * target-address rule, and the fold by which a subscriber rebuilds each dossier's public state from the events.
 */

export const CLOUDEVENTS_SPEC_VERSION = "1.0";
export const EVENT_TYPE_PREFIX = "vn.onestop.dossier.";

/** The CloudEvents `type` of a dossier event: `vn.onestop.dossier.accepted`, `vn.onestop.dossier.resultReturned`, … */
export function cloudEventType(dossierEventType: string): string {
  return `${EVENT_TYPE_PREFIX}${dossierEventType}`;
}

/** The dossier event type names a scope may list (as stored in the dossier's event log): letters and digits. */
export const EVENT_TYPE_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;

/**
 * The dossier's public state as partner systems see it (R-LOOK-2, R-STATUS-1): what the public lookup shows, with
 * codes instead of names so a machine can join on them. Personal data: none unless the subscription's scope includes
 * the applicant, and then only the name and organisation the lookup shows after acceptance — never identity numbers,
 * addresses, phones, e-mails, form data or files.
 */
export interface PublicDossierState {
  code: string;
  /** The national code when the dossier came from (or was registered with) the national portal. */
  nationalCode: string | null;
  /** The dossier's event sequence this state is after (the highest one applied). */
  sequence: number;
  procedureCode: string;
  receivingAgencyCode: string;
  decidingAgencyCode: string;
  channel: string;
  /** R-STATUS-1: one of the ten public statuses. */
  status: number;
  submittedAt: string;
  receivedAt: string | null;
  /** The appointment shown to the applicant (NgayHenTra), the extended one when there is one (R-LATE-2). */
  appointmentAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  /** Only with the `includeApplicant` scope: the applicant's name and organisation (R-LOOK-2 after acceptance). */
  applicant?: { name: string; organisationName: string | null };
}

/** What happened, from the dossier's event log. */
export interface DossierEventFacts {
  type: string;
  sequence: number;
  at: string;
  fromStatus: number | null;
  toStatus: number;
}

/** The `data` of every outbound event: the event itself and the dossier's public state after it. */
export interface DossierEventData {
  event: DossierEventFacts;
  dossier: PublicDossierState;
}

/** A CloudEvents 1.0 envelope in structured JSON mode (https://github.com/cloudevents/spec, v1.0.2). */
export interface DossierCloudEvent {
  specversion: "1.0";
  /** Unique per event (the same for every subscriber): `<dossier id>:<sequence>`. */
  id: string;
  source: string;
  type: string;
  /** The dossier code. */
  subject: string;
  time: string;
  datacontenttype: "application/json";
  /** Extension attribute: the dossier's event sequence, for ordering and deduplication. */
  sequence: number;
  data: DossierEventData;
}

export function cloudEventId(dossierId: string, sequence: number): string {
  return `${dossierId}:${sequence}`;
}

/** Builds the envelope of one dossier event; `source` is OneStop's public address plus `/events` (a URI-reference). */
export function buildCloudEvent(input: {
  source: string;
  dossierId: string;
  event: DossierEventFacts;
  dossier: PublicDossierState;
}): DossierCloudEvent {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: cloudEventId(input.dossierId, input.event.sequence),
    source: input.source,
    type: cloudEventType(input.event.type),
    subject: input.dossier.code,
    time: input.event.at,
    datacontenttype: "application/json",
    sequence: input.event.sequence,
    data: { event: input.event, dossier: input.dossier },
  };
}

/** A subscription's scope: which agencies' dossiers and which event types; an empty list means all. */
export interface SubscriptionScope {
  agencyIds: readonly string[];
  eventTypes: readonly string[];
  includeApplicant: boolean;
}

/** Whether an event of a dossier received by `agencyId` and decided by `decidingAgencyId` is in the scope. */
export function inScope(
  scope: SubscriptionScope,
  event: { type: string; agencyId: string; decidingAgencyId: string },
): boolean {
  const agencyOk =
    scope.agencyIds.length === 0 ||
    scope.agencyIds.includes(event.agencyId) ||
    scope.agencyIds.includes(event.decidingAgencyId);
  const typeOk = scope.eventTypes.length === 0 || scope.eventTypes.includes(event.type);
  return agencyOk && typeOk;
}

/** The public state as a subscription may see it: without the applicant unless its scope includes them. */
export function scopedState(
  state: PublicDossierState,
  scope: Pick<SubscriptionScope, "includeApplicant">,
): PublicDossierState {
  if (scope.includeApplicant) return state;
  const { applicant: _applicant, ...rest } = state;
  return rest;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether OneStop may send to `address` (server-side request forgery), the rule of the national-portal file fetch:
 * https, or http on loopback only (simulators, tests); no credentials in the address. Redirects are not followed.
 */
export function isAllowedTargetUrl(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  const loopback = LOOPBACK_HOSTS.test(url.hostname);
  return url.protocol === "https:" || (url.protocol === "http:" && loopback);
}

/** A subscriber's view: each dossier's public state by dossier code. */
export type RebuiltStates = ReadonlyMap<string, PublicDossierState>;

/**
 * What a subscriber does with each event it receives, in the order received: keep the newest state per dossier. An
 * event whose sequence is not above the one already applied (a redelivery after a lost acknowledgement, a replay) is
 * ignored, so at-least-once delivery and replays never move a dossier backwards.
 */
export function applyDossierEvent(states: RebuiltStates, event: DossierCloudEvent): RebuiltStates {
  const current = states.get(event.subject);
  if (current && current.sequence >= event.data.dossier.sequence) return states;
  const next = new Map(states);
  next.set(event.subject, event.data.dossier);
  return next;
}

/** Replays events in order from nothing: each dossier's public state as the subscriber knows it. */
export function rebuildDossierStates(events: Iterable<DossierCloudEvent>): RebuiltStates {
  let states: RebuiltStates = new Map();
  for (const event of events) states = applyDossierEvent(states, event);
  return states;
}
