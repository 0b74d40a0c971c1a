import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Table, Tag } from "antd";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { type NationalKey, useNationalI18n } from "./nationalI18n.ts";

/** GET /api/office/dossiers/:id/national-files */
interface NationalFile {
  id: string;
  fileName: string;
  purpose: "component" | "supplement";
  componentCode: string | null;
  state: "pending" | "fetched" | "failed";
  attempts: number;
  lastError: string | null;
  dossierFileId: string | null;
  fetchedAt: string | null;
  nextAttemptAt: string | null;
}

// Solid tags: the light preset colours fall below WCAG AA contrast at tag size.
const TONES = { pending: "#874d00", fetched: "#237804", failed: "#a8071a" } as const;

/**
 * The files of a dossier received from the national portal (issue #13): each one's state — chờ tải, đã tải (with a
 * link to the stored file), lỗi with the reason — refreshed while some are waiting; a counter officer asks for a
 * failed one again. Shows nothing for a dossier without such files.
 */
export function NationalFilesPanel({ dossierId, canRetry }: { dossierId: string; canRetry: boolean }) {
  const { nt, dateTime } = useNationalI18n();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const key = ["office", "dossier", dossierId, "national-files"];
  const query = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ files: NationalFile[] }>(`/api/office/dossiers/${dossierId}/national-files`),
    refetchInterval: (current) =>
      current.state.data?.files.some((file) => file.state === "pending") ? 3_000 : false,
  });
  const retry = useMutation({
    mutationFn: (fileId: string) =>
      api.post(`/api/office/dossiers/${dossierId}/national-files/${fileId}/retry`, {}),
    onSuccess: async () => {
      void message.success(nt("files.retried"));
      await client.invalidateQueries({ queryKey: key });
    },
  });
  if (query.isSuccess && query.data.files.length === 0) return null;
  return (
    <section className="section" aria-labelledby="dossier-national-files">
      <h2 id="dossier-national-files">{nt("files.title")}</h2>
      <p>{nt("files.intro")}</p>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<NationalFile>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={query.data.files}
          data-testid="national-files"
          columns={[
            {
              title: nt("files.col.name"),
              render: (_, file) =>
                file.dossierFileId ? (
                  <a href={`/api/dossiers/${dossierId}/files/${file.dossierFileId}`}>{file.fileName}</a>
                ) : (
                  file.fileName
                ),
            },
            {
              title: nt("files.col.kind"),
              render: (_, file) => nt(`files.kind.${file.purpose}` as NationalKey),
            },
            {
              title: nt("files.col.state"),
              render: (_, file) => (
                <Tag color={TONES[file.state]} data-testid="national-file-state">
                  {nt(`files.state.${file.state}` as NationalKey)}
                </Tag>
              ),
            },
            {
              title: nt("files.col.detail"),
              render: (_, file) => (
                <>
                  {file.fetchedAt ? <span>{dateTime(file.fetchedAt)}</span> : null}
                  {file.attempts > 0 && file.state !== "fetched" ? (
                    <span>
                      {nt("files.attempts", { count: file.attempts })}
                      {file.nextAttemptAt
                        ? `, ${nt("files.next", { at: dateTime(file.nextAttemptAt) })}`
                        : ""}
                    </span>
                  ) : null}
                  {file.lastError && file.state !== "fetched" ? (
                    <div>
                      <code>{file.lastError}</code>
                    </div>
                  ) : null}
                  {file.state === "failed" && canRetry ? (
                    <Button size="small" loading={retry.isPending} onClick={() => retry.mutate(file.id)}>
                      {nt("files.retry")}
                    </Button>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}
      {retry.error ? <ErrorAlert error={retry.error} /> : null}
    </section>
  );
}
