import { useQueryClient } from "@tanstack/react-query";
import { Button, Descriptions, Table, Timeline } from "antd";
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import type { DossierFile, Session } from "../api/types.ts";
import { ErrorAlert, formatBytes, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { MessagingPhotosPanel } from "../messaging/MessagingPhotosPanel.tsx";
import { PopulationChecksPanel } from "../population/PopulationChecksPanel.tsx";
import { eFormSchema } from "../portal/eform.ts";
import { FormAnswers } from "../portal/FormAnswers.tsx";
import { statusTone } from "../portal/format.ts";
import { useSubmitterLine } from "../portal/organisation/SubmitterRow.tsx";
import { PostalPanel } from "../postal/PostalPanel.tsx";
import { DossierForms } from "../results/DossierForms.tsx";
import { ResultVerification } from "../results/ResultVerification.tsx";
import { SigningPanel } from "../signing/SigningPanel.tsx";
import { ActionDialog } from "./ActionDialog.tsx";
import { type Action, availableActions, openTaskOf } from "./actions.ts";
import { NationalFilesPanel } from "./NationalFilesPanel.tsx";
import { fileUrl, type OfficeDossier, officeKeys, useOfficeDossier, useProcedure } from "./officeApi.ts";
import { type OfficeKey, useOfficeI18n } from "./officeI18n.ts";
import { SyncStatePanel } from "./SyncStatePanel.tsx";
import { stepName } from "./stepName.ts";
import { clockText, useNow } from "./time.ts";

/**
 * One dossier as the office sees it: who applied and what for, the form data, the files with an inline preview, every
 * deadline with its countdown, the process control sheet, consultations, the history — and only the actions this
 * officer may take now, each in a dialog.
 */
export function DossierPage({ session }: { session: Session }) {
  const { id = "" } = useParams();
  const { ot } = useOfficeI18n();
  const { data, error, isPending, refetch } = useOfficeDossier(id);
  usePageTitle(data ? ot("dossier.title", { code: data.code }) : undefined);
  if (isPending) return <Loading />;
  if (error || !data) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  return <DossierView dossier={data} session={session} />;
}

function DossierView({ dossier, session }: { dossier: OfficeDossier; session: Session }) {
  const { ot, pick, known } = useOfficeI18n();
  const [current, setCurrent] = useState<Action | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const actions = availableActions(dossier, session);
  const task = openTaskOf(dossier);
  const holder = task
    ? task.assignee?.name
      ? task.assignee.name
      : task.unit?.name
        ? ot("dossier.holderUnit", { unit: task.unit.name })
        : known("role", task.role)
    : null;
  const hasSlip = dossier.receivedAt !== null && dossier.status !== 3;
  const client = useQueryClient();
  const counterOfficer = session.actor.grants.some((grant) => grant.role === "counter_officer");

  return (
    <article className="dossier">
      <p>
        <Link to="/van-phong">{ot("dossier.back")}</Link>
      </p>
      <header className="dossier__head">
        <div>
          <h1>{ot("dossier.title", { code: dossier.code })}</h1>
          <p className="dossier__procedure">{dossier.procedure.name}</p>
          <p className="meta">
            <span className={statusTone(dossier.status)}>{pick(dossier.statusLabel)}</span>
            {dossier.internalStep ? (
              <span>
                {ot("dossier.step")}:{" "}
                {stepName(dossier.workflow.steps, dossier.internalStep, pick, (code) => known("step", code))}
              </span>
            ) : null}
            {holder ? (
              <span>
                {ot("dossier.holder")}: {holder}
              </span>
            ) : null}
            {dossier.fromNationalPortal ? <span>{ot("dossier.nationalPortal")}</span> : null}
          </p>
        </div>
      </header>

      <section className="section action-bar" aria-labelledby="dossier-actions">
        <h2 id="dossier-actions" tabIndex={-1}>
          {ot("dossier.actions")}
        </h2>
        {actions.length === 0 ? (
          <p className="muted">{ot("dossier.noActions")}</p>
        ) : (
          <div className="actions">
            {actions.map((action) => (
              <Button
                key={`${action.key}:${action.consultationId ?? ""}`}
                type={action.primary ? "primary" : "default"}
                danger={action.danger}
                onClick={(event) => {
                  opener.current = event.currentTarget;
                  setCurrent(action);
                }}
              >
                {ot(`action.${action.key}` as OfficeKey)}
              </Button>
            ))}
          </div>
        )}
        {hasSlip ? (
          // Issue #19: the official form (with the register's book and number) is one prominent click away.
          <p className="action-bar__slip">
            <Button
              type="primary"
              size="large"
              href={`/api/office/dossiers/${dossier.id}/forms/reception-slip.pdf`}
              target="_blank"
              rel="noopener"
            >
              {ot("action.slip")}
            </Button>{" "}
            <Link to={`/van-phong/ho-so/${dossier.id}/giay-tiep-nhan`}>{ot("slip.view")}</Link>
          </p>
        ) : null}
      </section>

      <div className="dossier__grid">
        <div>
          <ApplicantSection dossier={dossier} />
          <FormDataSection dossier={dossier} />
          {/* Issue #14: which values were checked against the national population database. */}
          <PopulationChecksPanel
            dossier={dossier}
            canCheck={session.actor.grants.some((grant) =>
              ["counter_officer", "specialist", "unit_head", "agency_leader"].includes(grant.role),
            )}
          />
          <FilesSection dossier={dossier} />
          {/* Issue #16: digitisation and officers' signatures of each component and result file. */}
          <SigningPanel dossier={dossier} session={session} />
          {/* Issue #13: the files of a dossier from the national portal, fetched with their state. */}
          {dossier.fromNationalPortal ? (
            <NationalFilesPanel
              dossierId={dossier.id}
              canRetry={session.actor.grants.some((grant) => grant.role === "counter_officer")}
            />
          ) : null}
          {/* Issue #18: photos of papers a follower sent on the messaging channel, for the counter to decide. */}
          <MessagingPhotosPanel
            dossierId={dossier.id}
            version={dossier.version}
            canDecide={session.actor.grants.some((grant) => grant.role === "counter_officer")}
          />
          {/* Issue #18: postal orders, handing the result to the post and its 24-hour watch (the rule of RES-3). */}
          <PostalPanel
            dossier={dossier}
            audience="office"
            canOrder={counterOfficer}
            canHandOver={counterOfficer}
            onDossierChanged={() => client.invalidateQueries({ queryKey: officeKeys.dossier(dossier.id) })}
          />
        </div>
        <div>
          <DeadlinesSection dossier={dossier} />
          <ConsultationsSection dossier={dossier} />
          <SyncStatePanel dossierId={dossier.id} />
        </div>
      </div>
      {/* Issue #7: the result's verification code and QR, and every form with data, to print. */}
      <ResultVerification dossierId={dossier.id} version={dossier.version} />
      <DossierForms audience="office" dossierId={dossier.id} version={dossier.version} />
      <ControlSheet dossier={dossier} />
      <HistorySection dossier={dossier} />

      {current ? (
        <ActionDialog
          key={`${current.key}:${current.consultationId ?? ""}`}
          dossier={dossier}
          action={current}
          onClose={() => {
            setCurrent(null);
            // Back to the button that opened the dialog (WCAG 2.4.3); after a change it may be gone, then the heading.
            window.setTimeout(() => {
              if (opener.current?.isConnected) opener.current.focus();
              else document.getElementById("dossier-actions")?.focus();
            }, 0);
          }}
        />
      ) : null}
    </article>
  );
}

function ApplicantSection({ dossier }: { dossier: OfficeDossier }) {
  const { ot, known } = useOfficeI18n();
  const a = dossier.applicant;
  const submitter = useSubmitterLine(dossier);
  const rows: [OfficeKey, string | null][] = [
    ["dossier.applicant.name", a.name],
    ["dossier.applicant.organisation", a.organisationName],
    ["dossier.applicant.idNumber", a.idNumber],
    ["dossier.applicant.taxCode", a.taxCode],
    ["dossier.applicant.address", a.address],
    ["dossier.applicant.phone", a.phone],
    ["dossier.applicant.email", a.email],
  ];
  return (
    <section className="section" aria-labelledby="dossier-applicant">
      <h2 id="dossier-applicant">{ot("dossier.applicant")}</h2>
      <Descriptions
        column={1}
        size="small"
        items={[
          ...rows
            .filter(([, value]) => value)
            .map(([key, value]) => ({ key, label: ot(key), children: value })),
          // Issue #14: who filed it for the applicant (a representative or an authorised person).
          ...(submitter ? [{ key: "submitter", label: submitter.label, children: submitter.text }] : []),
          { key: "channel", label: ot("dossier.channel"), children: known("channel", dossier.channel) },
          // R-XFER-3: the three organisations; R-RECV-5: a reception outside the office.
          ...(dossier.assistedAtAgency && dossier.assistedAtAgency.code !== dossier.receivingAgency.code
            ? [
                {
                  key: "assisted",
                  label: ot("dossier.assistedAtAgency"),
                  children: dossier.assistedAtAgency.name,
                },
              ]
            : []),
          { key: "receiving", label: ot("dossier.receivingAgency"), children: dossier.receivingAgency.name },
          { key: "deciding", label: ot("dossier.decidingAgency"), children: dossier.decidingAgency.name },
          ...(dossier.receptionPlace
            ? [
                {
                  key: "place",
                  label: ot("dossier.receptionPlace"),
                  children: ot(`dossier.receptionPlace.${dossier.receptionPlace}`),
                },
              ]
            : []),
          ...(dossier.legalTimeKind
            ? [
                {
                  key: "legalTimeKind",
                  label: ot("dossier.legalTimeKind"),
                  children: ot(`dossier.legalTimeKind.${dossier.legalTimeKind}`),
                },
              ]
            : []),
          { key: "summary", label: ot("dossier.summary"), children: dossier.summary },
        ]}
      />
    </section>
  );
}

function FormDataSection({ dossier }: { dossier: OfficeDossier }) {
  const { ot, t } = useOfficeI18n();
  const { data: procedure } = useProcedure(dossier.procedure.code);
  // The answers under the titles of the e-form the applicant filled (the published schema, or the common
  // declaration), nested groups and tables laid out as on the form (issue #19).
  const schema = procedure ? eFormSchema(t, procedure, dossier.receivingAgency.code) : undefined;
  return (
    <section className="section" aria-labelledby="dossier-form">
      <h2 id="dossier-form">{ot("dossier.formData")}</h2>
      {/* Issue #19: a declaration reads as the paper form, with người nộp and người yêu cầu and its PDF. */}
      <FormAnswers
        schema={schema}
        data={dossier.formData ?? {}}
        emptyText={ot("dossier.formEmpty")}
        dossier={{ ...dossier, agencyName: dossier.decidingAgency.name }}
      />
    </section>
  );
}

const previewable = (file: DossierFile) =>
  file.mediaType === "application/pdf" || file.mediaType === "image/jpeg" || file.mediaType === "image/png";

function FilesSection({ dossier }: { dossier: OfficeDossier }) {
  const { ot, lang, known } = useOfficeI18n();
  const [shown, setShown] = useState<DossierFile | null>(() => dossier.files.find(previewable) ?? null);
  const previewRef = useRef<HTMLElement>(null);
  const focusPreview = useRef(false);
  useEffect(() => {
    if (shown && focusPreview.current) previewRef.current?.focus();
    focusPreview.current = false;
  }, [shown]);
  return (
    <section className="section" aria-labelledby="dossier-files">
      <h2 id="dossier-files">{ot("dossier.files")}</h2>
      {dossier.files.length === 0 ? (
        <p className="muted">{ot("dossier.filesEmpty")}</p>
      ) : (
        <>
          <Table<DossierFile>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={dossier.files}
            columns={[
              {
                title: ot("dossier.file.component"),
                key: "component",
                render: (_, file) => (
                  <>
                    <div>{file.componentName ?? known("purpose", file.purpose)}</div>
                    <div className="muted small">
                      {[
                        known("purpose", file.purpose),
                        file.digitized ? ot("dossier.file.digitized") : "",
                        file.reused ? ot("dossier.file.reused") : "",
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </div>
                  </>
                ),
              },
              {
                title: ot("dossier.file.name"),
                key: "name",
                width: "34%",
                render: (_, file) => (
                  <>
                    <div className="file-name">{file.fileName}</div>
                    <div className="muted small">{formatBytes(file.sizeBytes, lang)}</div>
                  </>
                ),
              },
              {
                title: <span className="visually-hidden">{ot("dossier.actions")}</span>,
                key: "open",
                render: (_, file) => (
                  <div className="file-actions">
                    {previewable(file) ? (
                      <Button
                        size="small"
                        aria-pressed={shown?.id === file.id}
                        aria-label={`${ot("dossier.file.open")}: ${file.fileName}`}
                        onClick={() => {
                          // The file already shown: no new render, so the preview takes the focus now.
                          if (shown?.id === file.id) previewRef.current?.focus();
                          else {
                            focusPreview.current = true;
                            setShown(file);
                          }
                        }}
                      >
                        {ot("dossier.file.open")}
                      </Button>
                    ) : null}
                    <a
                      href={fileUrl(dossier.id, file.id)}
                      download={file.fileName}
                      aria-label={`${ot("dossier.file.download")}: ${file.fileName}`}
                    >
                      {ot("dossier.file.download")}
                    </a>
                  </div>
                ),
              },
            ]}
          />
          {shown ? (
            <section
              className="file-preview"
              ref={previewRef}
              tabIndex={-1}
              aria-label={ot("dossier.file.previewTitle", { name: shown.fileName })}
            >
              <p className="file-preview__name">{shown.fileName}</p>
              {shown.mediaType === "application/pdf" ? (
                <iframe
                  key={shown.id}
                  title={ot("dossier.file.previewTitle", { name: shown.fileName })}
                  src={`${fileUrl(dossier.id, shown.id)}?inline=true`}
                />
              ) : (
                <img
                  key={shown.id}
                  src={`${fileUrl(dossier.id, shown.id)}?inline=true`}
                  alt={shown.fileName}
                />
              )}
            </section>
          ) : null}
        </>
      )}
    </section>
  );
}

function Deadline({ label, at, live }: { label: string; at: string | null; live?: boolean }) {
  const { dateTime, ot, lang } = useOfficeI18n();
  const now = useNow();
  if (!at) return null;
  const late = new Date(at).getTime() < now;
  return (
    <div className="deadline">
      <dt>{label}</dt>
      <dd>
        <time dateTime={at}>{dateTime(at)}</time>
        {live ? (
          <span className={late ? "left left--late" : "left"}>{clockText(ot, lang, at, now)}</span>
        ) : null}
      </dd>
    </div>
  );
}

function DeadlinesSection({ dossier }: { dossier: OfficeDossier }) {
  const { ot, known, pick } = useOfficeI18n();
  const task = openTaskOf(dossier);
  const waitingReception = dossier.status === 1;
  const running = [2, 4, 5, 6, 7].includes(dossier.status);
  return (
    <section className="section" aria-labelledby="dossier-deadlines">
      <h2 id="dossier-deadlines">{ot("dossier.deadlines")}</h2>
      <dl className="deadlines">
        <Deadline label={ot("dossier.deadline.submitted")} at={dossier.submittedAt} />
        <Deadline
          label={ot("dossier.deadline.reception")}
          at={dossier.receptionDueAt}
          live={waitingReception}
        />
        <Deadline label={ot("dossier.deadline.received")} at={dossier.receivedAt} />
        {task ? (
          <Deadline
            label={ot("dossier.deadline.task", {
              step: stepName(dossier.workflow.steps, task.step, pick, (code) => known("step", code)),
            })}
            at={task.dueAt}
            live
          />
        ) : null}
        {dossier.consultations
          .filter((c) => c.answer === null)
          .map((c) => (
            <Deadline
              key={c.id}
              label={ot("dossier.deadline.consultation", { agency: c.toAgency.name })}
              at={c.dueAt}
              live
            />
          ))}
        <Deadline label={ot("dossier.deadline.due")} at={dossier.dueAt} live={running} />
        {dossier.extendedDueAt ? (
          <>
            <Deadline label={ot("dossier.deadline.original")} at={dossier.originalDueAt} />
            <Deadline label={ot("dossier.deadline.extended")} at={dossier.extendedDueAt} />
          </>
        ) : null}
        <Deadline label={ot("dossier.deadline.finished")} at={dossier.finishedAt} />
        <Deadline label={ot("dossier.deadline.returned")} at={dossier.returnedAt} />
      </dl>
    </section>
  );
}

function ConsultationsSection({ dossier }: { dossier: OfficeDossier }) {
  const { ot, dateTime } = useOfficeI18n();
  if (dossier.consultations.length === 0) return null;
  return (
    <section className="section" aria-labelledby="dossier-consultations">
      <h2 id="dossier-consultations">{ot("dossier.consultations")}</h2>
      <ul className="plain-list consultations">
        {dossier.consultations.map((c) => (
          <li key={c.id}>
            <div>
              <strong>{ot("dossier.consultation.to")}:</strong> {c.toAgency.name}
              {c.toUnit?.name ? ` — ${c.toUnit.name}` : ""} ({dateTime(c.requestedAt)})
            </div>
            <div>
              <strong>{ot("dossier.consultation.question")}:</strong> {c.question}
            </div>
            <div>
              <strong>{ot("dossier.consultation.answer")}:</strong>{" "}
              {c.answer ?? <span className="muted">{ot("dossier.consultation.pending")}</span>}
              {c.late ? <span className="left left--late"> {ot("dossier.consultation.late")}</span> : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ControlSheet({ dossier }: { dossier: OfficeDossier }) {
  const { ot, dateTime, known, pick } = useOfficeI18n();
  return (
    <section className="section" aria-labelledby="dossier-control">
      <h2 id="dossier-control">{ot("dossier.control")}</h2>
      {dossier.tasks.length === 0 ? (
        <p className="muted">{ot("dossier.control.empty")}</p>
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={dossier.tasks}
          columns={[
            {
              title: ot("dossier.control.step"),
              key: "step",
              render: (_, task) =>
                stepName(dossier.workflow.steps, task.step, pick, (code) => known("step", code)),
            },
            {
              title: ot("dossier.control.receiver"),
              key: "receiver",
              render: (_, task) =>
                [task.unit?.name, task.assignee?.name ?? known("role", task.role)]
                  .filter(Boolean)
                  .join(" — "),
            },
            {
              title: ot("dossier.control.opened"),
              key: "opened",
              render: (_, task) => dateTime(task.createdAt),
            },
            { title: ot("dossier.control.due"), key: "due", render: (_, task) => dateTime(task.dueAt) },
            {
              title: ot("dossier.control.done"),
              key: "done",
              render: (_, task) => dateTime(task.completedAt),
            },
            {
              title: ot("dossier.control.outcome"),
              key: "outcome",
              render: (_, task) =>
                [known("outcome", task.outcome), task.handedOverBy?.name].filter(Boolean).join(" — "),
            },
            {
              title: ot("dossier.control.timing"),
              key: "timing",
              render: (_, task) =>
                task.timing ? (
                  <span className={task.timing === "late" ? "left left--late" : "left"}>
                    {ot(`timing.${task.timing}`)}
                  </span>
                ) : task.status === "open" ? (
                  ot("timing.open")
                ) : (
                  ""
                ),
            },
          ]}
        />
      )}
    </section>
  );
}

/** What an event carries that the officer should read: reasons, supplement items, the output of the step. */
function eventNotes(details: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const push = (value: unknown) => {
    if (typeof value === "string" && value.trim()) notes.push(value);
    if (Array.isArray(value)) for (const item of value) push(item);
  };
  push(details.output);
  push(details.reason);
  push(details.reasons);
  push(details.items);
  push(details.opinion);
  push(details.note);
  return notes;
}

function HistorySection({ dossier }: { dossier: OfficeDossier }) {
  const { ot, pick, dateTime, known } = useOfficeI18n();
  const events = [...dossier.history].sort((a, b) => b.sequence - a.sequence);
  return (
    <section className="section" aria-labelledby="dossier-history">
      <h2 id="dossier-history">{ot("dossier.history")}</h2>
      <Timeline
        items={events.map((event) => ({
          key: event.sequence,
          content: (
            <div className="event">
              <div>
                <strong>{pick(event.label)}</strong> <span className="muted">— {dateTime(event.at)}</span>
              </div>
              {event.actor ? (
                <div className="muted small">
                  {ot("dossier.history.by", {
                    name: event.actor.name ?? known("role", event.actor.role),
                    role: known("role", event.actor.role),
                  })}
                </div>
              ) : null}
              {eventNotes(event.details).length > 0 ? (
                <ul className="plain-list small">
                  {eventNotes(event.details).map((note, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: notes of one event, in order
                    <li key={index}>{note}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ),
        }))}
      />
    </section>
  );
}
