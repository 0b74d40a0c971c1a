import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App as AntApp,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
} from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import type { Session } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { FileSignatureStatus } from "./SignatureStatus.tsx";
import { type SigningKey, useSigningI18n } from "./signingI18n.ts";

/** GET /api/office/dossiers/:id/digitisation */
interface DigitisationView {
  files: {
    fileId: string;
    fileName: string;
    purpose: string;
    componentCode: string | null;
    state: "digitised" | "exempt" | "pending";
  }[];
  records: {
    id: string;
    fileId: string | null;
    kind: "component" | "result";
    componentCode: string;
    exemptReason: string | null;
    exemptNote: string | null;
    signerName: string | null;
    signedAt: string | null;
  }[];
}

type FileRow = DigitisationView["files"][number];

const DOCUMENT_TYPES = [
  "identity",
  "civilStatus",
  "certificate",
  "licence",
  "decision",
  "contract",
  "application",
  "other",
] as const;
const EXEMPTION_REASONS = ["electronicSubmission", "shownOnly", "appraisalOutput", "classified"] as const;

const STATE_TONES = { digitised: "#237804", exempt: "#0958d9", pending: "#874d00" } as const;

export interface SigningPanelDossier {
  id: string;
  channel: string;
  receivingAgency: { code: string };
}

/**
 * The "Ký số" panel of the office's dossier page (issue #16): each component and result file with its digitisation
 * (digitised and signed, exempt with the reason, or waiting) and its signatures as verified now (valid, changed after
 * signing, unknown issuer, revoked, expired; signer and time). The receiving agency's counter officer digitises and
 * signs a paper component at reception, or records why it is exempt (R-RECV-7).
 */
export function SigningPanel({ dossier, session }: { dossier: SigningPanelDossier; session: Session }) {
  // The roles the digitisation route answers (others would only meet a refusal).
  const reads = session.actor.grants.some((grant) => OFFICE_ROLES.has(grant.role));
  return reads ? <SigningPanelView dossier={dossier} session={session} /> : null;
}

const OFFICE_ROLES: ReadonlySet<string> = new Set([
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
  "agency_admin",
]);

function SigningPanelView({ dossier, session }: { dossier: SigningPanelDossier; session: Session }) {
  const { gt } = useSigningI18n();
  const [dialog, setDialog] = useState<{ kind: "digitise" | "exempt"; file: FileRow } | null>(null);
  const query = useQuery({
    queryKey: ["office", "dossier", dossier.id, "digitisation"],
    queryFn: () =>
      api.get<DigitisationView>(`/api/office/dossiers/${encodeURIComponent(dossier.id)}/digitisation`),
  });
  const receives = session.actor.grants.some(
    (grant) => grant.role === "counter_officer" && grant.agencyCode === dossier.receivingAgency.code,
  );
  const recordOf = (fileId: string) => query.data?.records.find((record) => record.fileId === fileId);
  const withoutFile =
    query.data?.records.filter((record) => record.fileId === null && record.exemptReason) ?? [];

  return (
    <section className="section" aria-labelledby="dossier-signing">
      <h2 id="dossier-signing">{gt("sign.title")}</h2>
      <p className="field-help">{gt("sign.intro")}</p>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.files.length === 0 ? (
        <p className="muted">{gt("sign.empty")}</p>
      ) : (
        <Table
          rowKey="fileId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={query.data.files}
          data-testid="signing-table"
          columns={[
            {
              title: gt("sign.col.file"),
              key: "file",
              render: (_, file) => (
                <>
                  <span>{file.fileName}</span>
                  <br />
                  <span className="muted">
                    {gt(`sign.purpose.${file.purpose}` as SigningKey)}
                    {file.componentCode ? ` · ${file.componentCode}` : ""}
                  </span>
                </>
              ),
            },
            {
              title: gt("sign.col.state"),
              key: "state",
              render: (_, file) => {
                const record = recordOf(file.fileId);
                return (
                  <>
                    <Tag color={STATE_TONES[file.state]} data-testid="digitisation-state">
                      {gt(`sign.state.${file.state}` as SigningKey)}
                    </Tag>
                    {record?.exemptReason ? (
                      <div className="muted">
                        {gt("sign.exemptReason", {
                          reason: gt(`sign.reason.${record.exemptReason}` as SigningKey),
                        })}
                        {record.exemptNote ? ` — ${record.exemptNote}` : ""}
                      </div>
                    ) : null}
                  </>
                );
              },
            },
            {
              title: gt("sign.col.signature"),
              key: "signature",
              render: (_, file) => <FileSignatureStatus dossierId={dossier.id} fileId={file.fileId} />,
            },
            ...(receives
              ? [
                  {
                    title: gt("sign.col.actions"),
                    key: "actions",
                    render: (_: unknown, file: FileRow) =>
                      file.state === "pending" && file.purpose !== "result" ? (
                        <div className="actions">
                          <Button
                            size="small"
                            type="primary"
                            aria-label={gt("sign.digitiseFile", { file: file.fileName })}
                            onClick={() => setDialog({ kind: "digitise", file })}
                          >
                            {gt("sign.digitise")}
                          </Button>
                          <Button
                            size="small"
                            aria-label={gt("sign.exemptFile", { file: file.fileName })}
                            onClick={() => setDialog({ kind: "exempt", file })}
                          >
                            {gt("sign.exempt")}
                          </Button>
                        </div>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
      {withoutFile.length > 0 ? (
        <ul>
          {withoutFile.map((record) => (
            <li key={record.id}>
              {record.componentCode}:{" "}
              {gt("sign.exemptReason", { reason: gt(`sign.reason.${record.exemptReason}` as SigningKey) })}
            </li>
          ))}
        </ul>
      ) : null}
      {dialog?.kind === "digitise" ? (
        <DigitiseDialog dossierId={dossier.id} file={dialog.file} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === "exempt" ? (
        <ExemptDialog
          dossierId={dossier.id}
          online={dossier.channel === "online"}
          file={dialog.file}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </section>
  );
}

function useSigningCommand<T>(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<T>(path, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["office"] });
      await queryClient.invalidateQueries({ queryKey: ["signatures"] });
    },
  });
}

/** Metadata, the scan checks' options, and the officer's confirmation before signing (R-RECV-7, R-DIG-2). */
function DigitiseDialog({
  dossierId,
  file,
  onClose,
}: {
  dossierId: string;
  file: FileRow;
  onClose: () => void;
}) {
  const { gt } = useSigningI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const command = useSigningCommand<{ id: string }>(
    `/api/office/dossiers/${encodeURIComponent(dossierId)}/files/${encodeURIComponent(file.fileId)}/digitisation`,
  );
  const required = (field: SigningKey) => [
    {
      required: true,
      whitespace: true,
      message: gt("sign.field.required", { field: gt(field).toLocaleLowerCase() }),
    },
  ];
  const submit = async (values: Record<string, unknown>) => {
    const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
    try {
      await command.mutateAsync({
        documentType: values.documentType,
        issuer: String(values.issuer ?? "").trim(),
        documentNumber: text(values.documentNumber),
        issueDate: text(values.issueDate),
        validUntil: text(values.validUntil),
        pages: values.pages,
        retention: values.shortLived ? "shortLived" : "standard",
        pdfARequired: Boolean(values.pdfA),
      });
      message.success(gt("sign.done", { file: file.fileName }));
      onClose();
    } catch {
      // Shown in the dialog from command.error.
    }
  };
  return (
    <Modal
      open
      title={gt("sign.dialog.digitiseTitle")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {gt("sign.cancel")}
        </Button>,
        <Button key="submit" type="primary" loading={command.isPending} onClick={() => form.submit()}>
          {gt("sign.submitDigitise")}
        </Button>,
      ]}
    >
      <p>{file.fileName}</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark
        initialValues={{ documentType: "other", pages: 1 }}
      >
        <Form.Item name="documentType" label={gt("sign.field.documentType")} rules={[{ required: true }]}>
          <Select
            options={DOCUMENT_TYPES.map((type) => ({
              value: type,
              label: gt(`sign.type.${type}` as SigningKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="issuer" label={gt("sign.field.issuer")} rules={required("sign.field.issuer")}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="documentNumber" label={gt("sign.field.documentNumber")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="issueDate" label={gt("sign.field.issueDate")}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="validUntil" label={gt("sign.field.validUntil")}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="pages" label={gt("sign.field.pages")} rules={[{ required: true }]}>
          <InputNumber min={1} max={2000} step={1} />
        </Form.Item>
        <Form.Item name="shortLived" valuePropName="checked">
          <Checkbox>{gt("sign.field.shortLived")}</Checkbox>
        </Form.Item>
        <Form.Item name="pdfA" valuePropName="checked">
          <Checkbox>{gt("sign.field.pdfA")}</Checkbox>
        </Form.Item>
        <Form.Item
          name="confirmed"
          valuePropName="checked"
          rules={[
            {
              validator: (_, value) =>
                value ? Promise.resolve() : Promise.reject(new Error(gt("sign.confirmRequired"))),
            },
          ]}
        >
          <Checkbox>{gt("sign.confirm")}</Checkbox>
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
      <div aria-live="polite">
        {command.isPending ? <p role="status">{gt("sign.waiting")}</p> : null}
        {command.error ? <ErrorAlert error={command.error} /> : null}
      </div>
    </Modal>
  );
}

/** Why a component is not digitised, with its basis (R-RECV-7 exemptions). */
function ExemptDialog({
  dossierId,
  online,
  file,
  onClose,
}: {
  dossierId: string;
  online: boolean;
  file: FileRow;
  onClose: () => void;
}) {
  const { gt } = useSigningI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const command = useSigningCommand<{ id: string }>(
    `/api/office/dossiers/${encodeURIComponent(dossierId)}/digitisation-exemptions`,
  );
  const submit = async (values: Record<string, unknown>) => {
    const note = typeof values.note === "string" && values.note.trim() ? values.note.trim() : null;
    try {
      await command.mutateAsync({ fileId: file.fileId, reason: values.reason, note });
      message.success(gt("sign.exemptDone"));
      onClose();
    } catch {
      // Shown in the dialog from command.error.
    }
  };
  return (
    <Modal
      open
      title={gt("sign.dialog.exemptTitle")}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {gt("sign.cancel")}
        </Button>,
        <Button key="submit" type="primary" loading={command.isPending} onClick={() => form.submit()}>
          {gt("sign.submitExempt")}
        </Button>,
      ]}
    >
      <p>{file.fileName}</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark
        initialValues={{ reason: online ? "electronicSubmission" : "shownOnly" }}
      >
        <Form.Item name="reason" label={gt("sign.field.reason")} rules={[{ required: true }]}>
          <Radio.Group>
            {EXEMPTION_REASONS.map((reason) => (
              <Radio key={reason} value={reason}>
                {gt(`sign.reason.${reason}` as SigningKey)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={gt("sign.field.note")} extra={gt("sign.field.noteHelp")}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
      <div aria-live="polite">{command.error ? <ErrorAlert error={command.error} /> : null}</div>
    </Modal>
  );
}
