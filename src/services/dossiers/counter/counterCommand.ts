import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { Actor } from "../../accounts/actor.ts";
import { ValidationError } from "../../errors.ts";
import type { FieldError } from "../../validation/messages.ts";
import { authorizeAs, domainActor } from "../dossierAccess.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  type DossierCommandInput,
  type ExistingDossierCommand,
  runDossierCommand,
} from "../runDossierCommand.ts";

/** What every counter command on an existing dossier carries: who acts, on what, having seen which version, when. */
export interface CounterCommandInput {
  actor: Actor;
  dossierId: string;
  /** The version the officer's screen showed; another current version answers 409 STALE_DOSSIER. */
  expectedVersion?: number | undefined;
  now: Date;
}

/**
 * Runs a command as the counter (Bộ phận Một cửa, R-STATUS-5 trigger role): the officer must hold counter_officer in
 * the dossier's receiving or deciding agency (404 outside them, 403 without the role), the rules decide, and the
 * state, event and outbox rows are written in one transaction (runDossierCommand).
 */
export function runCounterCommand(
  db: Kysely<Database>,
  input: CounterCommandInput,
  command: ExistingDossierCommand,
  extra: Pick<DossierCommandInput, "alongside" | "placement"> = {},
): Promise<DossierRecord> {
  return runDossierCommand(db, {
    dossierId: input.dossierId,
    command,
    actor: domainActor(input.actor, "counter_officer"),
    author: { userId: input.actor.userId, role: "counter_officer" },
    now: input.now,
    expectedVersion: input.expectedVersion,
    authorize: authorizeAs(input.actor, "counter_officer"),
    ...extra,
  });
}

const blank = (): FieldError["message"] => ({ vi: "Không được để trống", en: "Must not be empty" });

/** `value` trimmed, or a field error: a notice must say something (R-REJ-1, R-RECV-6, R-STOP-1). */
export function checkText(errors: FieldError[], field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) errors.push({ field, message: blank() });
  return trimmed;
}

/** Each entry trimmed; a list with nothing in it, or a blank entry, is a field error. */
export function checkTexts(errors: FieldError[], field: string, values: readonly string[]): string[] {
  if (values.length === 0) {
    errors.push({
      field,
      message: { vi: "Phải có ít nhất 1 phần tử", en: "Must have at least 1 item" },
    });
    return [];
  }
  return values.map((value, index) => checkText(errors, `${field}.${index}`, value));
}

/** Input errors are answered before anything is read or written (400, nothing changes). */
export function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors);
}
