import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input, InputNumber, Radio, Select, Table } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import {
  ACTION_GUARDS,
  type ActionDefinition,
  type SimulationResult,
  STEP_HANDOVERS,
  STEP_PUBLIC_STATUSES,
  STEP_UNITS,
  type StepDefinition,
  type ValidationIssue,
  WORKFLOW_ROLES,
  type WorkflowDefinition,
} from "../../domain/workflow/definition.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { adminApi } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";
import { WorkflowDiagram } from "./WorkflowDiagram.tsx";

interface Described {
  offering: {
    offeringId: string;
    agency: { id: string; code: string; name: string };
    procedure: { code: string; name: string };
    legalTime: { amount: number; unit: string } | null;
  };
  versions: { id: string; version: number; publishedAt: string; definition: WorkflowDefinition }[];
  draft: { definition: WorkflowDefinition; updatedAt: string; issues: ValidationIssue[] } | null;
}

const workflowKey = (id: string) => ["admin", "workflow", id] as const;

/**
 * The workflow editor (issue #6, R-CAT-4): steps and actions as editable tables, the diagram drawn from them,
 * validation messages beside the step or action they are about, the simulator on the agency's real calendar (each
 * step's due instant, the total against the legal time, holidays crossed), and publication as a new version.
 */
export default function WorkflowEditorPage() {
  const { id = "" } = useParams();
  const { at } = useAdminI18n();
  usePageTitle(at("workflow.title"));
  const query = useQuery({
    queryKey: workflowKey(id),
    queryFn: () => adminApi.get<Described>(`/api/admin/workflows/${id}`),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <Editor key={id} described={query.data} />;
}

function initial(described: Described): WorkflowDefinition {
  const latest = [...described.versions].sort((a, b) => b.version - a.version)[0];
  const source = described.draft?.definition ?? latest?.definition;
  return source
    ? (JSON.parse(JSON.stringify(source)) as WorkflowDefinition)
    : { start: "", steps: [], actions: [], timers: [] };
}

function Editor({ described }: { described: Described }) {
  const { at, known, lang, dateTime } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const id = described.offering.offeringId;
  const [definition, setDefinition] = useState<WorkflowDefinition>(() => initial(described));
  const [issues, setIssues] = useState<ValidationIssue[] | null>(described.draft?.issues ?? null);
  const [simulation, setSimulation] = useState<SimulationResult | null>(null);
  const [startMode, setStartMode] = useState<"now" | "at">("now");
  const [startAt, setStartAt] = useState("");
  const latest = Math.max(0, ...described.versions.map((v) => v.version));

  const validate = useMutation({
    mutationFn: () =>
      adminApi.post<{ valid: boolean; issues: ValidationIssue[] }>(`/api/admin/workflows/${id}/validate`, {
        definition,
      }),
    onSuccess: (result) => setIssues(result.issues),
  });
  const saveDraft = useMutation({
    mutationFn: () =>
      adminApi.put<{ issues: ValidationIssue[] }>(`/api/admin/workflows/${id}/draft`, { definition }),
    onSuccess: (draft) => {
      setIssues(draft.issues);
      message.success(at("workflow.draftSaved"));
    },
  });
  const simulate = useMutation({
    mutationFn: () =>
      adminApi.post<SimulationResult>(`/api/admin/workflows/${id}/simulate`, {
        definition,
        // The province's wall clock: the picked local time is at UTC+07:00.
        ...(startMode === "at" && startAt ? { start: new Date(`${startAt}:00+07:00`).toISOString() } : {}),
      }),
    onSuccess: setSimulation,
  });
  const publish = useMutation({
    mutationFn: () =>
      adminApi.post<{ version: number }>(`/api/admin/workflows/${id}/publish`, { definition }),
    onSuccess: async (version) => {
      message.success(at("workflow.published", { version: version.version }));
      setIssues([]);
      await queryClient.invalidateQueries({ queryKey: workflowKey(id) });
    },
    onError: () => validate.mutate(),
  });

  const stepCodes = definition.steps.map((s) => s.code);
  const setStep = (index: number, change: Partial<StepDefinition>) =>
    setDefinition({
      ...definition,
      steps: definition.steps.map((s, i) => (i === index ? { ...s, ...change } : s)),
    });
  const setAction = (index: number, change: Partial<ActionDefinition>) =>
    setDefinition({
      ...definition,
      actions: definition.actions.map((a, i) => (i === index ? { ...a, ...change } : a)),
    });
  const issuesFor = (key: "step" | "action", code: string) =>
    (issues ?? []).filter((issue) => issue[key] === code);
  const flagged = new Set((issues ?? []).flatMap((issue) => (issue.step ? [issue.step] : [])));
  const general = (issues ?? []).filter((issue) => !issue.step && !issue.action);
  const issueList = (list: ValidationIssue[]) =>
    list.length > 0 ? (
      <ul className="admin-problems">
        {list.map((issue) => (
          <li key={`${issue.code}:${issue.message.vi}`}>{issue.message[lang] || issue.message.vi}</li>
        ))}
      </ul>
    ) : null;
  const legal = described.offering.legalTime;

  return (
    <>
      <h1>{at("workflow.title")}</h1>
      <p>
        {described.offering.procedure.code} {described.offering.procedure.name} —{" "}
        {described.offering.agency.name} ·{" "}
        {latest ? at("workflow.version", { version: latest }) : at("workflow.noVersion")} ·{" "}
        <Link to="/quan-tri/thu-tuc">{at("nav.offerings")}</Link>
      </p>

      <section className="admin-panel" aria-labelledby="wf-diagram-heading">
        <h2 id="wf-diagram-heading">{at("workflow.diagram")}</h2>
        <WorkflowDiagram
          definition={definition}
          lang={lang}
          flagged={flagged}
          title={at("workflow.diagram")}
        />
      </section>

      <section className="admin-panel" aria-labelledby="wf-steps-heading">
        <h2 id="wf-steps-heading">{at("workflow.steps")}</h2>
        <AdminField label={at("workflow.start")} inline>
          {(id) => (
            <Select
              id={id}
              value={definition.start}
              style={{ width: 200 }}
              options={stepCodes.map((c) => ({ value: c, label: c }))}
              onChange={(start) => setDefinition({ ...definition, start })}
            />
          )}
        </AdminField>
        <Table<StepDefinition & { index: number }>
          rowKey="index"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          caption={<span className="visually-hidden">{at("workflow.stepsCaption")}</span>}
          dataSource={definition.steps.map((s, index) => ({ ...s, index }))}
          expandable={{
            expandedRowRender: (s) => issueList(issuesFor("step", s.code)),
            rowExpandable: (s) => issuesFor("step", s.code).length > 0,
            expandedRowKeys: definition.steps.flatMap((s, i) =>
              issuesFor("step", s.code).length > 0 ? [i] : [],
            ),
            showExpandColumn: false,
          }}
          columns={[
            {
              title: at("workflow.code"),
              render: (_, s) => (
                <Input
                  aria-label={at("workflow.stepOf", { field: at("workflow.code"), n: s.index + 1 })}
                  style={{ width: 170 }}
                  value={s.code}
                  status={issuesFor("step", s.code).length > 0 ? "error" : undefined}
                  onChange={(e) => setStep(s.index, { code: e.target.value })}
                />
              ),
            },
            {
              title: at("workflow.name"),
              render: (_, s) => (
                <Input
                  aria-label={at("workflow.stepOf", { field: at("workflow.name"), n: s.index + 1 })}
                  style={{ width: 220 }}
                  value={s.name.vi}
                  onChange={(e) => setStep(s.index, { name: { ...s.name, vi: e.target.value } })}
                />
              ),
            },
            {
              title: at("workflow.unit"),
              render: (_, s) =>
                "sameAs" in s.actor ? (
                  `= ${s.actor.sameAs}`
                ) : (
                  <Select
                    aria-label={at("workflow.stepOf", { field: at("workflow.unit"), n: s.index + 1 })}
                    value={s.actor.unit}
                    style={{ width: 170 }}
                    options={STEP_UNITS.map((u) => ({ value: u, label: known("stepUnit", u) }))}
                    onChange={(unit) =>
                      "agency" in s.actor && setStep(s.index, { actor: { ...s.actor, unit } })
                    }
                  />
                ),
            },
            {
              title: at("workflow.role"),
              render: (_, s) =>
                "sameAs" in s.actor ? null : (
                  <Select
                    aria-label={at("workflow.stepOf", { field: at("workflow.role"), n: s.index + 1 })}
                    value={s.actor.role}
                    style={{ width: 170 }}
                    options={WORKFLOW_ROLES.map((r) => ({ value: r, label: known("role", r) }))}
                    onChange={(role) =>
                      "agency" in s.actor && setStep(s.index, { actor: { ...s.actor, role } })
                    }
                  />
                ),
            },
            {
              title: at("workflow.duration"),
              render: (_, s) => (
                <div className="admin-row">
                  <InputNumber
                    aria-label={at("workflow.stepOf", { field: at("workflow.duration"), n: s.index + 1 })}
                    min={0}
                    step={0.25}
                    style={{ width: 80 }}
                    value={s.duration.amount}
                    onChange={(amount) =>
                      setStep(s.index, { duration: { ...s.duration, amount: amount ?? 0 } })
                    }
                  />
                  <Select
                    aria-label={at("workflow.stepOf", { field: at("workflow.durationUnit"), n: s.index + 1 })}
                    value={s.duration.unit}
                    style={{ width: 130 }}
                    options={["wh", "wd"].map((u) => ({ value: u, label: known("durationUnit", u) }))}
                    onChange={(unit) =>
                      setStep(s.index, { duration: { ...s.duration, unit: unit as "wh" | "wd" } })
                    }
                  />
                </div>
              ),
            },
            {
              title: at("workflow.clock"),
              render: (_, s) => (
                <Select
                  aria-label={at("workflow.stepOf", { field: at("workflow.clock"), n: s.index + 1 })}
                  value={s.clock}
                  style={{ width: 160 }}
                  options={["running", "paused"].map((c) => ({ value: c, label: known("clock", c) }))}
                  onChange={(clock) => setStep(s.index, { clock: clock as "running" | "paused" })}
                />
              ),
            },
            {
              title: at("workflow.status"),
              render: (_, s) => (
                <Select
                  aria-label={at("workflow.stepOf", { field: at("workflow.status"), n: s.index + 1 })}
                  value={s.publicStatus}
                  style={{ width: 170 }}
                  options={STEP_PUBLIC_STATUSES.map((c) => ({
                    value: c,
                    label: known("stepStatus", String(c)),
                  }))}
                  onChange={(publicStatus) => setStep(s.index, { publicStatus })}
                />
              ),
            },
            {
              title: at("workflow.handover"),
              render: (_, s) => (
                <Select
                  aria-label={at("workflow.stepOf", { field: at("workflow.handover"), n: s.index + 1 })}
                  value={s.handover}
                  style={{ width: 140 }}
                  options={STEP_HANDOVERS.map((h) => ({ value: h, label: known("handover", h) }))}
                  onChange={(handover) => setStep(s.index, { handover })}
                />
              ),
            },
            {
              title: at("admin.actions"),
              render: (_, s) => (
                <Button
                  size="small"
                  aria-label={at("workflow.removeStep", { code: s.code })}
                  onClick={() =>
                    setDefinition({ ...definition, steps: definition.steps.filter((_, i) => i !== s.index) })
                  }
                >
                  {at("admin.remove")}
                </Button>
              ),
            },
          ]}
        />
        <Button
          onClick={() =>
            setDefinition({
              ...definition,
              steps: [
                ...definition.steps,
                {
                  code: `buoc${definition.steps.length + 1}`,
                  name: { vi: "Bước mới", en: "New step" },
                  actor: { agency: { kind: "deciding" }, unit: "professional", role: "specialist" },
                  duration: { amount: 1, unit: "wd" },
                  clock: "running",
                  publicStatus: 4,
                  handover: "forward",
                  outputs: [],
                },
              ],
            })
          }
        >
          {at("workflow.addStep")}
        </Button>
      </section>

      <section className="admin-panel" aria-labelledby="wf-actions-heading">
        <h2 id="wf-actions-heading">{at("workflow.actions")}</h2>
        <Table<ActionDefinition & { index: number }>
          rowKey="index"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          caption={<span className="visually-hidden">{at("workflow.actionsCaption")}</span>}
          dataSource={definition.actions.map((a, index) => ({ ...a, index }))}
          expandable={{
            expandedRowRender: (a) => issueList(issuesFor("action", a.code)),
            rowExpandable: (a) => issuesFor("action", a.code).length > 0,
            expandedRowKeys: definition.actions.flatMap((a, i) =>
              issuesFor("action", a.code).length > 0 ? [i] : [],
            ),
            showExpandColumn: false,
          }}
          columns={[
            {
              title: at("workflow.code"),
              render: (_, a) => (
                <Input
                  aria-label={at("workflow.actionOf", { field: at("workflow.code"), n: a.index + 1 })}
                  style={{ width: 130 }}
                  value={a.code}
                  onChange={(e) => setAction(a.index, { code: e.target.value })}
                />
              ),
            },
            {
              title: at("workflow.name"),
              render: (_, a) => (
                <Input
                  aria-label={at("workflow.actionOf", { field: at("workflow.name"), n: a.index + 1 })}
                  style={{ width: 200 }}
                  value={a.name.vi}
                  onChange={(e) => setAction(a.index, { name: { ...a.name, vi: e.target.value } })}
                />
              ),
            },
            ...(["from", "to"] as const).map((key) => ({
              title: at(key === "from" ? "workflow.from" : "workflow.to"),
              render: (_: unknown, a: ActionDefinition & { index: number }) => (
                <Select
                  aria-label={at("workflow.actionOf", {
                    field: at(key === "from" ? "workflow.from" : "workflow.to"),
                    n: a.index + 1,
                  })}
                  value={a[key]}
                  style={{ width: 140 }}
                  options={stepCodes.map((c) => ({ value: c, label: c }))}
                  onChange={(code) => setAction(a.index, { [key]: code })}
                />
              ),
            })),
            {
              title: at("workflow.roles"),
              render: (_, a) => (
                <Select
                  mode="multiple"
                  aria-label={at("workflow.actionOf", { field: at("workflow.roles"), n: a.index + 1 })}
                  value={a.roles}
                  style={{ minWidth: 180 }}
                  options={WORKFLOW_ROLES.map((r) => ({ value: r, label: known("role", r) }))}
                  onChange={(roles) => setAction(a.index, { roles })}
                />
              ),
            },
            {
              title: at("workflow.guard"),
              render: (_, a) => (
                <Select
                  aria-label={at("workflow.actionOf", { field: at("workflow.guard"), n: a.index + 1 })}
                  value={a.guard}
                  style={{ width: 170 }}
                  options={ACTION_GUARDS.map((g) => ({ value: g, label: known("guard", g) }))}
                  onChange={(guard) => setAction(a.index, { guard })}
                />
              ),
            },
            {
              title: at("admin.actions"),
              render: (_, a) => (
                <Button
                  size="small"
                  aria-label={at("workflow.removeAction", { code: a.code })}
                  onClick={() =>
                    setDefinition({
                      ...definition,
                      actions: definition.actions.filter((_, i) => i !== a.index),
                    })
                  }
                >
                  {at("admin.remove")}
                </Button>
              ),
            },
          ]}
        />
        <Button
          disabled={stepCodes.length === 0}
          onClick={() =>
            setDefinition({
              ...definition,
              actions: [
                ...definition.actions,
                {
                  code: `thaoTac${definition.actions.length + 1}`,
                  name: { vi: "Chuyển bước", en: "Move on" },
                  from: stepCodes[0]!,
                  to: stepCodes[stepCodes.length - 1]!,
                  roles: [],
                  guard: "always",
                  effects: [],
                },
              ],
            })
          }
        >
          {at("workflow.addAction")}
        </Button>
      </section>

      <section className="admin-panel" aria-labelledby="wf-check-heading">
        <h2 id="wf-check-heading">{at("workflow.issues")}</h2>
        <div aria-live="polite" data-testid="workflow-issues">
          {issues === null ? null : issues.length === 0 ? (
            <p role="status">{at("workflow.valid")}</p>
          ) : (
            <>
              {issueList(general)}
              {issueList(issues.filter((issue) => issue.step || issue.action))}
            </>
          )}
        </div>
        {validate.error ? <ErrorAlert error={validate.error} /> : null}
        {saveDraft.error ? <ErrorAlert error={saveDraft.error} /> : null}
        {publish.error ? <ErrorAlert error={publish.error} /> : null}
        <div className="admin-row">
          <Button onClick={() => validate.mutate()} loading={validate.isPending}>
            {at("workflow.validate")}
          </Button>
          <Button onClick={() => saveDraft.mutate()} loading={saveDraft.isPending}>
            {at("workflow.saveDraft")}
          </Button>
          <Button type="primary" onClick={() => publish.mutate()} loading={publish.isPending}>
            {at("workflow.publish")}
          </Button>
        </div>
      </section>

      <section className="admin-panel" aria-labelledby="wf-sim-heading">
        <h2 id="wf-sim-heading">{at("workflow.simulator")}</h2>
        <fieldset>
          <legend>{at("workflow.simStart")}</legend>
          <Radio.Group value={startMode} onChange={(e) => setStartMode(e.target.value)}>
            <Radio value="now">{at("workflow.simNow")}</Radio>
            <Radio value="at">{at("workflow.simStart")}</Radio>
          </Radio.Group>
          {startMode === "at" ? (
            <Input
              type="datetime-local"
              aria-label={at("workflow.simStart")}
              value={startAt}
              style={{ width: 240 }}
              onChange={(e) => setStartAt(e.target.value)}
            />
          ) : null}
        </fieldset>
        <div className="admin-row">
          <Button onClick={() => simulate.mutate()} loading={simulate.isPending}>
            {at("workflow.simRun")}
          </Button>
        </div>
        {simulate.error ? <ErrorAlert error={simulate.error} /> : null}
        {simulation ? (
          <div data-testid="simulation">
            <p>
              {at("workflow.simTotal", {
                total: simulation.totalHours,
                legal: legal ? `${legal.amount} ${known("timeUnit", legal.unit)}` : "—",
              })}{" "}
              —{" "}
              <strong>
                {simulation.legalHours !== null && simulation.totalHours > simulation.legalHours
                  ? at("workflow.simOver")
                  : at("workflow.simWithin")}
              </strong>
            </p>
            <Table
              rowKey="step"
              size="small"
              pagination={false}
              caption={<span className="visually-hidden">{at("workflow.simulator")}</span>}
              dataSource={simulation.steps}
              columns={[
                { title: at("workflow.simStep"), dataIndex: "step" },
                { title: at("workflow.simStarts"), render: (_, s) => dateTime(s.startAt) },
                { title: at("workflow.simDue"), render: (_, s) => dateTime(s.dueAt) },
                { title: at("workflow.duration"), dataIndex: "hours" },
                { title: at("workflow.clock"), dataIndex: "clock" },
                { title: at("calendar.holidays"), render: (_, s) => s.holidays.join(", ") },
              ]}
            />
            {simulation.warnings.length > 0 ? (
              <>
                <h3>{at("workflow.warnings")}</h3>
                <ul className="wf-warning">
                  {simulation.warnings.map((warning) => (
                    <li key={`${warning.code}:${warning.message.vi}`}>
                      {warning.message[lang] || warning.message.vi}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </section>
    </>
  );
}
