import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { type MessagingKey, useMessagingI18n } from "./messagingI18n.ts";

/** GET /api/office/dossiers/:id/messaging-photos */
interface MessagingPhoto {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  receivedAt: string;
  status: "pending" | "accepted" | "rejected";
  decidedAt: string | null;
  decidedBy: string | null;
  rejectReason: string | null;
}

// Solid tags: the light preset colours fall below WCAG AA contrast at tag size.
const TONES = { pending: "#874d00", accepted: "#237804", rejected: "#a8071a" } as const;

/**
 * Photos of papers a follower sent on the messaging channel for this dossier (issue #18): each one viewable; a
 * counter officer accepts the selected ones as the supplement (they become its files) or rejects one with a reason
 * the sender is told. Shows nothing for a dossier without such photos.
 */
export function MessagingPhotosPanel({
  dossierId,
  version,
  canDecide,
}: {
  dossierId: string;
  version: number;
  canDecide: boolean;
}) {
  const { mt, dateTime } = useMessagingI18n();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const key = ["office", "dossier", dossierId, "messaging-photos"];
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState<MessagingPhoto | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const query = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<{ photos: MessagingPhoto[] }>(`/api/office/dossiers/${dossierId}/messaging-photos`),
  });
  const refresh = async () => {
    // The dossier itself changes when photos are accepted (status, files, deadline).
    await client.invalidateQueries({ queryKey: ["office", "dossier", dossierId] });
  };
  const accept = useMutation({
    mutationFn: () =>
      api.post(`/api/office/dossiers/${dossierId}/messaging-photos/accept`, {
        photoIds: selected,
        expectedVersion: version,
      }),
    onSuccess: async () => {
      setSelected([]);
      void message.success(mt("photos.accepted"));
      await refresh();
    },
  });
  const reject = useMutation({
    mutationFn: (input: { photoId: string; reason: string }) =>
      api.post(`/api/office/dossiers/${dossierId}/messaging-photos/${input.photoId}/reject`, {
        reason: input.reason,
      }),
    onSuccess: async () => {
      setRejecting(null);
      form.resetFields();
      void message.success(mt("photos.rejected"));
      await refresh();
    },
  });
  if (query.isSuccess && query.data.photos.length === 0) return null;
  const url = (photo: MessagingPhoto) => `/api/office/dossiers/${dossierId}/messaging-photos/${photo.id}`;
  return (
    <section className="section" aria-labelledby="dossier-messaging-photos">
      <h2 id="dossier-messaging-photos">{mt("photos.title")}</h2>
      <p>{mt("photos.intro")}</p>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Table<MessagingPhoto>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={query.data.photos}
            data-testid="messaging-photos"
            columns={[
              ...(canDecide
                ? [
                    {
                      key: "select",
                      render: (_: unknown, photo: MessagingPhoto) =>
                        photo.status === "pending" ? (
                          <Checkbox
                            aria-label={mt("photos.select", { name: photo.fileName })}
                            checked={selected.includes(photo.id)}
                            onChange={(event) =>
                              setSelected((current) =>
                                event.target.checked
                                  ? [...current, photo.id]
                                  : current.filter((id) => id !== photo.id),
                              )
                            }
                          />
                        ) : null,
                    },
                  ]
                : []),
              {
                title: mt("photos.col.photo"),
                render: (_, photo) => (
                  <a
                    href={url(photo)}
                    target="_blank"
                    rel="noreferrer"
                    aria-label={mt("photos.view", { name: photo.fileName })}
                  >
                    {photo.mediaType.startsWith("image/") ? (
                      <img src={url(photo)} alt={photo.fileName} style={{ maxWidth: 120, maxHeight: 90 }} />
                    ) : (
                      photo.fileName
                    )}
                  </a>
                ),
              },
              { title: mt("photos.col.received"), render: (_, photo) => dateTime(photo.receivedAt) },
              {
                title: mt("photos.col.state"),
                render: (_, photo) => (
                  <>
                    <Tag color={TONES[photo.status]} data-testid="messaging-photo-state">
                      {mt(`photos.state.${photo.status}` as MessagingKey)}
                    </Tag>
                    {photo.decidedBy ? (
                      <div>
                        {mt("photos.decidedBy", { name: photo.decidedBy, at: dateTime(photo.decidedAt) })}
                      </div>
                    ) : null}
                    {photo.rejectReason ? <div>{photo.rejectReason}</div> : null}
                  </>
                ),
              },
              ...(canDecide
                ? [
                    {
                      title: mt("photos.col.action"),
                      render: (_: unknown, photo: MessagingPhoto) =>
                        photo.status === "pending" ? (
                          <Button size="small" danger onClick={() => setRejecting(photo)}>
                            {mt("photos.reject")}
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
          {canDecide && query.data.photos.some((photo) => photo.status === "pending") ? (
            <div style={{ marginTop: 12 }}>
              <Button
                type="primary"
                disabled={selected.length === 0}
                loading={accept.isPending}
                onClick={() => accept.mutate()}
              >
                {mt("photos.accept")}
              </Button>
              <p>{mt("photos.acceptHelp")}</p>
            </div>
          ) : null}
        </>
      )}
      {accept.error ? <ErrorAlert error={accept.error} /> : null}
      <Modal
        open={rejecting !== null}
        title={mt("photos.rejectTitle")}
        okText={mt("photos.reject")}
        okButtonProps={{ danger: true, loading: reject.isPending }}
        onCancel={() => setRejecting(null)}
        onOk={() => void form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => rejecting && reject.mutate({ photoId: rejecting.id, reason: values.reason })}
        >
          <Form.Item
            name="reason"
            label={mt("photos.reason")}
            rules={[{ required: true, whitespace: true, message: mt("photos.reasonRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
        {reject.error ? <ErrorAlert error={reject.error} /> : null}
      </Modal>
    </section>
  );
}
