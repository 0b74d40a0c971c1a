import { useQuery } from "@tanstack/react-query";
import { App as AntApp, Button, Form, Input, Radio } from "antd";
import { useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { useAgencies } from "../api/queries.ts";
import type { AgencyNode, Page, ProcedureSummary, Session } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type SlotState, UploadSlot } from "../portal/UploadSlot.tsx";
import { type OfficeDossier, useProcedure } from "./officeApi.ts";
import { useOfficeI18n } from "./officeI18n.ts";

interface IntakeValues {
  channel: "counter" | "postal";
  kind: "person" | "organisation";
  name: string;
  idNumber?: string;
  organisationName?: string;
  taxCode?: string;
  address?: string;
  phone?: string;
  email?: string;
  summary?: string;
  /** R-RECV-5: received outside the office; "office" at the counter. */
  place: "office" | "mobile" | "on_site";
  /** R-RECV-2: complete (c), incomplete with its items (a) or refused with its reasons (b). */
  outcome: "complete" | "incomplete" | "refused";
  reason?: string;
  /** One item (or reason) per line. */
  items?: string;
  reasons?: string;
}

/** The lines of a text area, trimmed, blank ones dropped: each is one numbered line of the slip. */
const lines = (value: string | undefined) =>
  (value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** The dossier entered without being received, and the slip to print for it (R-FORM-2, R-FORM-3). */
interface Recorded {
  dossier: OfficeDossier;
  outcome: "incomplete" | "refused";
}

function flatten(nodes: AgencyNode[] | undefined, into: AgencyNode[] = []): AgencyNode[] {
  for (const node of nodes ?? []) {
    into.push(node);
    flatten(node.children, into);
  }
  return into;
}

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * Paper and postal intake at the counter (R-RECV-2, R-RECV-7): pick the deciding agency — any agency of the province,
 * reception does not depend on administrative boundaries (R-XFER-3) — and one of its procedures from the public
 * catalog, enter the applicant, upload the scan of each component, then the reception slip with the appointment (or,
 * for a same-day procedure, the dossier, to decide it at once: R-RECV-4).
 */
export function IntakePage({ session }: { session: Session }) {
  const { ot } = useOfficeI18n();
  usePageTitle(ot("intake.title"));
  const agencies = [
    ...new Set(
      session.actor.grants.flatMap((grant) =>
        grant.role === "counter_officer" && grant.agencyCode ? [grant.agencyCode] : [],
      ),
    ),
  ];
  const [agency, setAgency] = useState(agencies[0] ?? "");
  const province = flatten(useAgencies().data);
  // The officer's own agencies first, then every other agency of the province (R-XFER-3).
  const choices = [
    ...agencies.map((a) => ({ code: a, name: province.find((p) => p.code === a)?.name ?? a })),
    ...province.filter((p) => !agencies.includes(p.code)).map((p) => ({ code: p.code, name: p.name })),
  ];
  const [query, setQuery] = useState("");
  const [draft, setDraft] = useState("");
  const [code, setCode] = useState<string>("");
  const searchId = useId();
  const pickId = useId();
  const agencyId = useId();
  const list = useQuery({
    queryKey: ["office", "intake-procedures", agency, query],
    queryFn: () =>
      api.get<Page<ProcedureSummary>>(
        `/api/public/procedures?${new URLSearchParams({ agency, pageSize: "100", ...(query ? { q: query } : {}) })}`,
      ),
    enabled: Boolean(agency),
  });

  return (
    <>
      <h1>{ot("intake.title")}</h1>
      <p className="lead">{ot("intake.lead")}</p>
      <section className="section" aria-labelledby="intake-procedure">
        <h2 id="intake-procedure">{ot("intake.procedure")}</h2>
        <div className="field">
          <label htmlFor={agencyId}>{ot("intake.agency")}</label>
          <select
            id={agencyId}
            className="native-select native-select--block"
            value={agency}
            onChange={(event) => {
              setAgency(event.target.value);
              setCode("");
            }}
          >
            {choices.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
          <p className="field-help">{ot("intake.agencyHelp")}</p>
        </div>
        <form
          className="field"
          onSubmit={(event) => {
            event.preventDefault();
            setQuery(draft.trim());
          }}
        >
          <label htmlFor={searchId}>{ot("intake.procedureSearch")}</label>
          <div className="search-row">
            <Input
              id={searchId}
              type="search"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
            <Button htmlType="submit">{ot("inbox.searchButton")}</Button>
          </div>
        </form>
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <div className="field">
          <label htmlFor={pickId}>{ot("intake.procedureChoose")}</label>
          <select
            id={pickId}
            className="native-select native-select--block"
            value={code}
            onChange={(event) => setCode(event.target.value)}
          >
            <option value="">—</option>
            {(list.data?.items ?? []).map((procedure) => (
              <option key={procedure.code} value={procedure.code}>
                {procedure.code} — {procedure.name}
              </option>
            ))}
          </select>
        </div>
      </section>
      {code ? <IntakeForm key={`${agency}:${code}`} agency={agency} code={code} /> : null}
    </>
  );
}

function IntakeForm({ agency, code }: { agency: string; code: string }) {
  const { ot } = useOfficeI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<IntakeValues>();
  const kind = Form.useWatch("kind", form) ?? "person";
  const outcome = Form.useWatch("outcome", form) ?? "complete";
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const { data: procedure, error, isPending, refetch } = useProcedure(code);
  const [slots, setSlots] = useState<Record<number, SlotState>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  if (isPending) return <Loading />;
  if (error || !procedure) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (recorded)
    return (
      <RecordedSlip
        recorded={recorded}
        onAnother={() => {
          setRecorded(null);
          setSlots({});
          form.resetFields();
        }}
      />
    );
  const offering = procedure.offerings.find((o) => o.agency.code === agency);
  if (!offering) return <p role="alert">{ot("intake.notOffered")}</p>;
  const channels = offering.channels.filter(
    (c): c is "counter" | "postal" => c === "counter" || c === "postal",
  );

  const submit = async (values: IntakeValues) => {
    setProblem(null);
    // An incomplete or refused dossier is entered as it is: its slip says what is missing (R-RECV-2 a, b).
    const missing = procedure.components.filter((c) => c.required && slots[c.position]?.state !== "done");
    if (values.outcome === "complete" && missing.length > 0) {
      setProblem(new Error(ot("intake.missing", { names: missing.map((c) => c.name).join("; ") })));
      return;
    }
    if (Object.values(slots).some((slot) => slot.state === "uploading")) {
      setProblem(new Error(ot("dialog.uploading")));
      return;
    }
    const files = Object.entries(slots).flatMap(([position, slot]) =>
      slot.state === "done" ? [{ componentPosition: Number(position), uploadId: slot.upload.id }] : [],
    );
    setSending(true);
    try {
      const dossier = await api.post<OfficeDossier>("/api/office/dossiers/intake", {
        procedureCode: procedure.code,
        agencyCode: agency,
        channel: values.channel,
        applicant: {
          kind: values.kind,
          name: values.name.trim(),
          idNumber: optional(values.idNumber),
          organisationName: values.kind === "organisation" ? optional(values.organisationName) : undefined,
          taxCode: values.kind === "organisation" ? optional(values.taxCode) : undefined,
          address: optional(values.address),
          phone: optional(values.phone),
          email: optional(values.email),
        },
        summary: optional(values.summary),
        ...(values.place === "office" ? {} : { receptionPlace: values.place }),
        files,
        ...(values.outcome === "incomplete"
          ? { outcome: "incomplete", reason: values.reason?.trim() ?? "", items: lines(values.items) }
          : values.outcome === "refused"
            ? { outcome: "refused", reasons: lines(values.reasons) }
            : {}),
      });
      if (values.outcome !== "complete") {
        message.success(ot(`intake.recorded.${values.outcome}`, { code: dossier.code }));
        setRecorded({ dossier, outcome: values.outcome });
        return;
      }
      message.success(ot("intake.done", { code: dossier.code }));
      // A same-day or immediate procedure needs no slip unless asked (R-RECV-4): the dossier page decides it at once.
      void navigate(
        dossier.legalTimeKind
          ? `/van-phong/ho-so/${dossier.id}`
          : `/van-phong/ho-so/${dossier.id}/giay-tiep-nhan`,
      );
    } catch (caught) {
      setProblem(caught);
    } finally {
      setSending(false);
    }
  };

  const required = (label: string) => [
    {
      required: true,
      whitespace: true,
      message: ot("dialog.required", { field: label.toLocaleLowerCase() }),
    },
  ];

  return (
    <Form<IntakeValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        channel: channels[0] ?? "counter",
        kind: "person",
        place: "office",
        outcome: "complete",
      }}
      className="intake-form"
    >
      <section className="section" aria-labelledby="intake-applicant">
        <h2 id="intake-applicant">{ot("intake.applicant")}</h2>
        <p>
          <strong>{procedure.name}</strong> ({procedure.code}) — {offering.agency.name}
        </p>
        <Form.Item name="channel" label={ot("intake.channel")}>
          <Radio.Group>
            {channels.map((c) => (
              <Radio key={c} value={c}>
                {ot(`channel.${c}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="place" label={ot("intake.place")}>
          <Radio.Group>
            <Radio value="office">{ot("intake.place.office")}</Radio>
            <Radio value="mobile">{ot("intake.place.mobile")}</Radio>
            <Radio value="on_site">{ot("intake.place.on_site")}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="kind" label={ot("intake.kind")}>
          <Radio.Group>
            <Radio value="person">{ot("intake.kind.person")}</Radio>
            <Radio value="organisation">{ot("intake.kind.organisation")}</Radio>
          </Radio.Group>
        </Form.Item>
        <div className="form-grid">
          <Form.Item name="name" label={ot("intake.name")} rules={required(ot("intake.name"))}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="idNumber" label={ot("intake.idNumber")}>
            <Input inputMode="numeric" autoComplete="off" />
          </Form.Item>
          {kind === "organisation" ? (
            <>
              <Form.Item
                name="organisationName"
                label={ot("intake.organisationName")}
                rules={required(ot("intake.organisationName"))}
              >
                <Input />
              </Form.Item>
              <Form.Item name="taxCode" label={ot("intake.taxCode")}>
                <Input inputMode="numeric" />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="address" label={ot("intake.address")}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={ot("intake.phone")}>
            <Input type="tel" />
          </Form.Item>
          <Form.Item name="email" label={ot("intake.email")}>
            <Input type="email" />
          </Form.Item>
        </div>
        <Form.Item name="summary" label={ot("intake.summary")}>
          <Input />
        </Form.Item>
      </section>
      <section className="section" aria-labelledby="intake-components">
        <h2 id="intake-components">{ot("intake.components")}</h2>
        <p className="field-help">{ot("intake.componentsHelp")}</p>
        {procedure.components.map((component) => (
          <div key={component.position} className="component-slot">
            <UploadSlot
              label={`${component.position + 1}. ${component.name}`}
              required={component.required}
              value={slots[component.position] ?? { state: "empty" }}
              onChange={(next) => setSlots((all) => ({ ...all, [component.position]: next }))}
            />
            <p className="muted small">
              {ot("intake.copies", { originals: component.originalCount, copies: component.copyCount })}
            </p>
          </div>
        ))}
      </section>
      <section className="section" aria-labelledby="intake-outcome">
        <h2 id="intake-outcome">{ot("intake.outcome")}</h2>
        <Form.Item name="outcome" label={ot("intake.outcome")}>
          <Radio.Group className="stacked-radios">
            <Radio value="complete">{ot("intake.outcome.complete")}</Radio>
            <Radio value="incomplete">{ot("intake.outcome.incomplete")}</Radio>
            <Radio value="refused">{ot("intake.outcome.refused")}</Radio>
          </Radio.Group>
        </Form.Item>
        {outcome === "incomplete" ? (
          <>
            <Form.Item name="reason" label={ot("intake.reason")} rules={required(ot("intake.reason"))}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item
              name="items"
              label={ot("intake.items")}
              extra={ot("intake.itemsHelp")}
              rules={required(ot("intake.items"))}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
          </>
        ) : null}
        {outcome === "refused" ? (
          <Form.Item
            name="reasons"
            label={ot("intake.reasons")}
            extra={ot("intake.reasonsHelp")}
            rules={required(ot("intake.reasons"))}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : null}
      </section>
      <div aria-live="assertive">{problem ? <ErrorAlert error={problem} /> : null}</div>
      <div className="actions">
        <Button type="primary" htmlType="submit" loading={sending}>
          {outcome === "complete" ? ot("intake.submit") : ot(`intake.submit.${outcome}`)}
        </Button>
      </div>
    </Form>
  );
}

/**
 * After an incomplete or refused paper dossier is entered: its slip to print and hand over (R-FORM-2, R-FORM-3).
 * A link, not a pop-up, so the browser never blocks it.
 */
function RecordedSlip({ recorded, onAnother }: { recorded: Recorded; onAnother: () => void }) {
  const { ot } = useOfficeI18n();
  const { dossier, outcome } = recorded;
  const form = outcome === "incomplete" ? "supplement-request" : "refusal-notice";
  return (
    <section className="section" aria-labelledby="intake-recorded">
      <h2 id="intake-recorded">{ot(`intake.recorded.${outcome}`, { code: dossier.code })}</h2>
      <p className="field-help">{ot("intake.slipHelp")}</p>
      <div className="actions">
        <Button
          type="primary"
          href={`/api/office/dossiers/${dossier.id}/forms/${form}.pdf`}
          target="_blank"
          rel="noopener"
        >
          {ot(`intake.slip.${outcome}`)}
        </Button>
        <Link to={`/van-phong/ho-so/${dossier.id}`}>{ot("intake.toDossier")}</Link>
        <Button onClick={onAnother}>{ot("intake.another")}</Button>
      </div>
    </section>
  );
}
