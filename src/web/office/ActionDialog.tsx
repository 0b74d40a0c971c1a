import { Alert, App as AntApp, Button, Checkbox, Form, Input, InputNumber, Modal, Radio } from "antd";
import { type ReactNode, useMemo, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useAgencies } from "../api/queries.ts";
import type { AgencyNode } from "../api/types.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { type SlotState, UploadSlot } from "../portal/UploadSlot.tsx";
import { ResultSigningStep } from "../signing/ResultSigningStep.tsx";
import type { Action } from "./actions.ts";
import { type OfficeDossier, useAssignees, useDossierCommand } from "./officeApi.ts";
import { type OfficeKey, useOfficeI18n } from "./officeI18n.ts";

const lines = (text: unknown) =>
  String(text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** A local date-time from the form, read in the province's zone (UTC+7, no daylight saving). */
const provinceInstant = (local: string) => new Date(`${local}:00+07:00`).toISOString();

/** The request each action sends: its path under /api/office/dossiers/:id/ and the body built from the form. */
function requestOf(
  action: Action,
  values: Record<string, unknown>,
  uploads: { main?: string; extra: string[] },
): { path: string; body: Record<string, unknown> } {
  const v = values;
  switch (action.key) {
    case "accept":
    case "transfer":
      return { path: action.key, body: {} };
    case "refuse":
      return { path: "refuse", body: { reasons: lines(v.reasons) } };
    case "requestSupplement":
      return { path: "request-supplement", body: { reason: v.reason, items: lines(v.items) } };
    case "requestSupplementAfterAppraisal":
      return {
        path: "request-supplement-after-appraisal",
        body: { reason: v.reason, items: lines(v.items) },
      };
    case "receiveSupplement":
      return {
        path: "receive-supplement",
        body: { files: uploads.extra.map((uploadId) => ({ uploadId, digitized: true })) },
      };
    case "confirmPayment":
      return { path: "confirm-payment", body: { receiptRef: v.receiptRef } };
    case "confirmStop":
      return { path: "confirm-stop", body: { noticeRef: v.noticeRef } };
    case "returnResult":
      return { path: "return-result", body: { channel: v.channel } };
    case "forwardToAuthority":
      return { path: "forward-to-authority", body: { agencyCode: v.agencyCode, reason: v.reason } };
    case "decideAtCounter":
      return {
        path: "decide-at-counter",
        body: { resultReference: v.resultReference, returnChannel: v.channel === "later" ? null : v.channel },
      };
    case "assign":
    case "reassign":
      return { path: "assign", body: { assigneeId: v.assigneeId, ...(v.note ? { note: v.note } : {}) } };
    case "forward":
      return {
        path: "forward",
        body: { opinion: v.opinion, ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}) },
      };
    case "sendBack":
      return { path: "send-back", body: { reason: v.reason } };
    case "consult":
      return {
        path: "consult",
        body: {
          toAgencyCode: v.toAgencyCode,
          ...(v.toUnitCode ? { toUnitCode: v.toUnitCode } : {}),
          question: v.question,
          workingDays: v.workingDays,
        },
      };
    case "answer":
      return {
        path: `consultations/${encodeURIComponent(action.consultationId ?? "")}/answer`,
        body: { answer: v.answer },
      };
    case "verification":
      return {
        path: "verification",
        body: {
          outcome: v.outcome,
          ...(v.meeting
            ? {
                meeting: {
                  at: provinceInstant(String(v.meetingAt)),
                  place: v.meetingPlace,
                  participants: lines(v.participants),
                  content: v.meetingContent,
                },
              }
            : {}),
        },
      };
    case "requestPayment":
      return {
        path: "request-payment",
        body: {
          obligations: ((v.obligations as { name: string; amount: number }[] | undefined) ?? []).map((o) => ({
            name: o.name,
            amount: o.amount,
          })),
        },
      };
    case "extension":
      return {
        path: "extension",
        body: {
          reason: v.reason,
          newDueAt: provinceInstant(String(v.newDueAt)),
          ...(uploads.main ? { uploadId: uploads.main } : {}),
        },
      };
    case "approve":
      return { path: "approve", body: { uploadId: uploads.main, ...(v.note ? { note: v.note } : {}) } };
    case "refuseAfterAppraisal":
      return { path: "refuse-after-appraisal", body: { reasons: lines(v.reasons), uploadId: uploads.main } };
  }
}

function flattenAgencies(nodes: AgencyNode[] | undefined, into: AgencyNode[] = []): AgencyNode[] {
  for (const node of nodes ?? []) {
    into.push(node);
    flattenAgencies(node.children, into);
  }
  return into;
}

/**
 * The dialog of one action: it asks for what the rule requires (reasons, the complete supplement list, the result
 * file, the new appointment…), sends it with the version the officer saw, and shows the server's refusal (400/409,
 * in Vietnamese or English) inside the dialog.
 */
export function ActionDialog({
  dossier,
  action,
  onClose,
}: {
  dossier: OfficeDossier;
  action: Action;
  onClose: (done: boolean) => void;
}) {
  const { ot, t } = useOfficeI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const command = useDossierCommand(dossier.id);
  const [main, setMain] = useState<SlotState>({ state: "empty" });
  const [extra, setExtra] = useState<SlotState[]>([{ state: "empty" }]);
  const [localError, setLocalError] = useState<string | null>(null);
  const title = ot(`action.${action.key}` as OfficeKey);
  const needsMainFile = action.key === "approve" || action.key === "refuseAfterAppraisal";
  const hasMainFile = needsMainFile || action.key === "extension";

  const submit = async (values: Record<string, unknown>) => {
    setLocalError(null);
    const uploading = [main, ...extra].some((slot) => slot.state === "uploading");
    if (uploading) return setLocalError(ot("dialog.uploading"));
    if (needsMainFile && main.state !== "done") return setLocalError(ot("dialog.fileRequired"));
    const extraIds = extra.flatMap((slot) => (slot.state === "done" ? [slot.upload.id] : []));
    if (action.key === "receiveSupplement" && extraIds.length === 0)
      return setLocalError(ot("dialog.fileRequired"));
    const request = requestOf(action, values, {
      main: main.state === "done" ? main.upload.id : undefined,
      extra: extraIds,
    });
    try {
      const answer = await command.mutateAsync({
        path: request.path,
        body: { ...request.body, expectedVersion: dossier.version },
      });
      message.success(ot("dialog.done", { action: title }));
      // The server's own warning (R-SUPP-2: the dossier now counts as late), in the language asked for.
      const warning = (answer as { warning?: { message: string } }).warning;
      if (warning) message.warning(warning.message, 8);
      onClose(true);
    } catch {
      // Shown in the dialog from command.error.
    }
  };

  const required = (field: OfficeKey) => [
    {
      required: true,
      whitespace: true,
      message: ot("dialog.required", { field: ot(field).toLocaleLowerCase() }),
    },
  ];

  return (
    <Modal
      open
      title={title}
      onCancel={() => onClose(false)}
      width={640}
      destroyOnHidden
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={() => onClose(false)}>
          {ot("dialog.cancel")}
        </Button>,
        <Button
          key="submit"
          type="primary"
          danger={action.danger}
          loading={command.isPending}
          onClick={() => form.submit()}
        >
          {title}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark
        initialValues={initialValues(action)}
      >
        <Fields dossier={dossier} action={action} required={required} />
        {hasMainFile ? (
          <UploadSlot
            label={
              action.key === "approve"
                ? ot("dialog.resultFile")
                : action.key === "refuseAfterAppraisal"
                  ? ot("dialog.refusalFile")
                  : ot("dialog.apology")
            }
            required={needsMainFile}
            value={main}
            onChange={setMain}
          />
        ) : null}
        {/* Issue #16: the leader signs the result before approving it; the signed file is what is approved. */}
        {action.key === "approve" ? (
          <ResultSigningStep dossierId={dossier.id} slot={main} onSigned={setMain} />
        ) : null}
        {action.key === "receiveSupplement" ? (
          <fieldset className="fieldset">
            <legend>{ot("dialog.files")}</legend>
            <p className="field-help">{ot("dialog.filesHelp")}</p>
            {extra.map((slot, index) => (
              <UploadSlot
                // biome-ignore lint/suspicious/noArrayIndexKey: the slots only grow; a slot keeps its place
                key={index}
                label={`${ot("dialog.files")} ${index + 1}`}
                required={index === 0}
                value={slot}
                onChange={(next) => setExtra((all) => all.map((s, i) => (i === index ? next : s)))}
              />
            ))}
            <Button onClick={() => setExtra((all) => [...all, { state: "empty" }])}>
              {ot("dialog.addFile")}
            </Button>
          </fieldset>
        ) : null}
        {/* Enter in a text field submits like the button does. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
      <div aria-live="assertive">
        {localError ? <ErrorAlert error={new Error(localError)} /> : null}
        {command.error ? <ErrorAlert error={command.error} /> : null}
        {command.error instanceof ApiError && command.error.code === "STALE_DOSSIER" && !command.isPending ? (
          <p className="field-help">{ot("dialog.reloaded")}</p>
        ) : null}
      </div>
      {command.isPending ? <span className="visually-hidden">{t("app.loading")}</span> : null}
    </Modal>
  );
}

function initialValues(action: Action): Record<string, unknown> {
  if (action.key === "returnResult" || action.key === "decideAtCounter") return { channel: "counter" };
  if (action.key === "consult") return { workingDays: 3 };
  if (action.key === "requestPayment") return { obligations: [{ name: "", amount: undefined }] };
  return {};
}

type Rules = (field: OfficeKey) => { required: boolean; whitespace: boolean; message: string }[];

function Fields({ dossier, action, required }: { dossier: OfficeDossier; action: Action; required: Rules }) {
  const { ot } = useOfficeI18n();
  const text = (key: OfficeKey, vars?: Record<string, string>) => <p>{ot(key, vars)}</p>;
  switch (action.key) {
    case "accept":
      return text("dialog.accept.text", { code: dossier.code });
    case "transfer":
      return text("dialog.transfer.text", { code: dossier.code, agency: dossier.decidingAgency.name });
    case "refuse":
    case "refuseAfterAppraisal":
      return (
        <Form.Item
          name="reasons"
          label={ot("dialog.reasons")}
          extra={ot("dialog.reasonsHelp")}
          rules={required("dialog.reasons")}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
      );
    case "requestSupplement":
    case "requestSupplementAfterAppraisal":
      return (
        <>
          <Form.Item name="reason" label={ot("dialog.reason")} rules={required("dialog.reason")}>
            <Input />
          </Form.Item>
          <Form.Item
            name="items"
            label={ot("dialog.items")}
            extra={ot("dialog.itemsHelp")}
            rules={required("dialog.items")}
          >
            <Input.TextArea rows={5} />
          </Form.Item>
          {/* a second request (one was made at reception) is allowed but counts as late. */}
          {action.key === "requestSupplementAfterAppraisal" &&
          dossier.history.some((event) => event.type === "supplementRequested") ? (
            <Alert type="warning" showIcon role="alert" message={ot("dialog.secondSupplementWarning")} />
          ) : null}
        </>
      );
    case "receiveSupplement":
      return null;
    case "confirmPayment":
      return (
        <Form.Item name="receiptRef" label={ot("dialog.receiptRef")} rules={required("dialog.receiptRef")}>
          <Input />
        </Form.Item>
      );
    case "confirmStop":
      return (
        <>
          {text("dialog.stop.text", { code: dossier.code })}
          <Form.Item
            name="noticeRef"
            label={ot("dialog.noticeRef")}
            extra={ot("dialog.noticeHelp")}
            rules={required("dialog.noticeRef")}
          >
            <Input />
          </Form.Item>
        </>
      );
    case "returnResult":
      return (
        <Form.Item name="channel" label={ot("dialog.returnChannel")} rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="counter">{ot("dialog.return.counter")}</Radio>
            <Radio value="post">{ot("dialog.return.post")}</Radio>
            <Radio value="online">{ot("dialog.return.online")}</Radio>
          </Radio.Group>
        </Form.Item>
      );
    case "forwardToAuthority":
      return <ForwardFields dossier={dossier} required={required} />;
    case "decideAtCounter":
      return (
        <>
          {text("dialog.decideAtCounter.text", { code: dossier.procedure.code })}
          <Form.Item
            name="resultReference"
            label={ot("dialog.resultReference")}
            extra={ot("dialog.resultReferenceHelp")}
            rules={required("dialog.resultReference")}
          >
            <Input />
          </Form.Item>
          <Form.Item name="channel" label={ot("dialog.returnChannel")} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="counter">{ot("dialog.return.counter")}</Radio>
              <Radio value="post">{ot("dialog.return.post")}</Radio>
              <Radio value="online">{ot("dialog.return.online")}</Radio>
              <Radio value="later">{ot("dialog.return.later")}</Radio>
            </Radio.Group>
          </Form.Item>
        </>
      );
    case "assign":
    case "reassign":
      return (
        <>
          <AssigneeField dossier={dossier} required />
          <Form.Item name="note" label={ot("dialog.note")}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      );
    case "forward":
      return (
        <>
          <Form.Item name="opinion" label={ot("dialog.opinion")} rules={required("dialog.opinion")}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <AssigneeField dossier={dossier} required={false} />
        </>
      );
    case "sendBack":
      return (
        <Form.Item name="reason" label={ot("dialog.reason")} rules={required("dialog.reason")}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    case "consult":
      return <ConsultFields required={required} />;
    case "answer": {
      const consultation = dossier.consultations.find((c) => c.id === action.consultationId);
      return (
        <>
          {consultation ? <blockquote className="quote">{consultation.question}</blockquote> : null}
          <Form.Item name="answer" label={ot("dialog.answer")} rules={required("dialog.answer")}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </>
      );
    }
    case "verification":
      return <VerificationFields required={required} />;
    case "requestPayment":
      return <ObligationFields />;
    case "extension":
      return (
        <>
          <p className="field-help">{ot("dialog.extensionHelp")}</p>
          <Form.Item name="reason" label={ot("dialog.reason")} rules={required("dialog.reason")}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="newDueAt" label={ot("dialog.newDueAt")} rules={required("dialog.newDueAt")}>
            <Input type="datetime-local" />
          </Form.Item>
        </>
      );
    case "approve":
      return (
        <Form.Item name="note" label={ot("dialog.note")}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
  }
}

function AssigneeField({ dossier, required }: { dossier: OfficeDossier; required: boolean }) {
  const { ot } = useOfficeI18n();
  const { data, error, isPending } = useAssignees(dossier.id, dossier.version, true);
  if (error) return <ErrorAlert error={error} />;
  const officers = data?.officers ?? [];
  return (
    <Form.Item
      name="assigneeId"
      label={required ? ot("dialog.assignee") : ot("dialog.receiver")}
      rules={required ? [{ required: true, message: ot("dialog.assigneeRequired") }] : []}
      extra={!isPending && officers.length === 0 ? ot("dialog.assigneeNone") : undefined}
    >
      <select className="native-select native-select--block" disabled={isPending}>
        <option value="">{required ? ot("dialog.assigneeChoose") : ot("dialog.receiverAny")}</option>
        {officers.map((officer) => (
          <option key={officer.id} value={officer.id}>
            {officer.unit ? `${officer.name} — ${officer.unit.name}` : officer.name}
          </option>
        ))}
      </select>
    </Form.Item>
  );
}

/** R-XFER-2: the competent authority (any agency of the province but the one deciding now) and why. */
function ForwardFields({ dossier, required }: { dossier: OfficeDossier; required: Rules }) {
  const { ot } = useOfficeI18n();
  const { data } = useAgencies();
  const agencies = useMemo(
    () => flattenAgencies(data).filter((agency) => agency.code !== dossier.decidingAgency.code),
    [data, dossier.decidingAgency.code],
  );
  return (
    <>
      <p>{ot("dialog.forwardToAuthority.text")}</p>
      <Form.Item name="agencyCode" label={ot("dialog.authority")} rules={required("dialog.authority")}>
        <select className="native-select native-select--block">
          <option value="" />
          {agencies.map((agency) => (
            <option key={agency.code} value={agency.code}>
              {agency.name}
            </option>
          ))}
        </select>
      </Form.Item>
      <Form.Item name="reason" label={ot("dialog.reason")} rules={required("dialog.reason")}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </>
  );
}

function ConsultFields({ required }: { required: Rules }) {
  const { ot } = useOfficeI18n();
  const { data } = useAgencies();
  const agencies = useMemo(() => flattenAgencies(data), [data]);
  const chosen = Form.useWatch("toAgencyCode") as string | undefined;
  const units = agencies.find((agency) => agency.code === chosen)?.units ?? [];
  return (
    <>
      <Form.Item
        name="toAgencyCode"
        label={ot("dialog.consultAgency")}
        rules={required("dialog.consultAgency")}
      >
        <select className="native-select native-select--block">
          <option value="" />
          {agencies.map((agency) => (
            <option key={agency.code} value={agency.code}>
              {agency.name}
            </option>
          ))}
        </select>
      </Form.Item>
      <Form.Item name="toUnitCode" label={ot("dialog.consultUnit")}>
        <select className="native-select native-select--block" disabled={units.length === 0}>
          <option value="">{ot("dialog.consultUnitAny")}</option>
          {units.map((unit) => (
            <option key={unit.code} value={unit.code}>
              {unit.name}
            </option>
          ))}
        </select>
      </Form.Item>
      <Form.Item name="question" label={ot("dialog.question")} rules={required("dialog.question")}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="workingDays" label={ot("dialog.workingDays")} rules={[{ required: true }]}>
        <InputNumber min={0.25} max={60} step={0.25} />
      </Form.Item>
    </>
  );
}

function VerificationFields({ required }: { required: Rules }) {
  const { ot } = useOfficeI18n();
  const meeting = Form.useWatch("meeting") as boolean | undefined;
  return (
    <>
      <Form.Item name="outcome" label={ot("dialog.outcome")} rules={required("dialog.outcome")}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="meeting" valuePropName="checked">
        <Checkbox>{ot("dialog.meeting")}</Checkbox>
      </Form.Item>
      {meeting ? (
        <>
          <Form.Item name="meetingAt" label={ot("dialog.meetingAt")} rules={required("dialog.meetingAt")}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item
            name="meetingPlace"
            label={ot("dialog.meetingPlace")}
            rules={required("dialog.meetingPlace")}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="participants"
            label={ot("dialog.participants")}
            rules={required("dialog.participants")}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item
            name="meetingContent"
            label={ot("dialog.meetingContent")}
            rules={required("dialog.meetingContent")}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}

function ObligationFields(): ReactNode {
  const { ot } = useOfficeI18n();
  return (
    <fieldset className="fieldset">
      <legend>{ot("dialog.obligations")}</legend>
      <Form.List name="obligations">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <div key={field.key} className="obligation-row">
                <Form.Item
                  name={[field.name, "name"]}
                  label={ot("dialog.obligationName", { n: index + 1 })}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: ot("dialog.obligationName", { n: index + 1 }),
                    },
                  ]}
                >
                  <Input />
                </Form.Item>
                <Form.Item
                  name={[field.name, "amount"]}
                  label={ot("dialog.obligationAmount", { n: index + 1 })}
                  rules={[{ required: true, message: ot("dialog.obligationAmount", { n: index + 1 }) }]}
                >
                  <InputNumber min={1} step={1000} />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button onClick={() => remove(field.name)}>
                    {ot("dialog.removeObligation", { n: index + 1 })}
                  </Button>
                ) : null}
              </div>
            ))}
            <Button onClick={() => add({ name: "", amount: undefined })}>{ot("dialog.addObligation")}</Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
