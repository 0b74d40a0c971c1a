import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Select, Table } from "antd";
import { useState } from "react";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AuditEntry, adminApi, adminKeys } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";

const ENTITIES = ["agency", "unit", "user", "offering", "calendar", "workflow"];
const PAGE_SIZE = 25;

/** The admin audit log: who changed what and when, with the record before and after, newest first. */
export function AuditPage() {
  const { at, known, dateTime } = useAdminI18n();
  usePageTitle(at("audit.title"));
  const [entity, setEntity] = useState("");
  const [page, setPage] = useState(1);
  const query = `page=${page}&pageSize=${PAGE_SIZE}${entity ? `&entity=${entity}` : ""}`;
  const audit = useQuery({
    queryKey: adminKeys.audit(query),
    queryFn: () => adminApi.get<{ total: number; items: AuditEntry[] }>(`/api/admin/audit?${query}`),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <h1>{at("audit.title")}</h1>
      <AdminField label={at("audit.entity")} inline>
        {(id) => (
          <Select
            id={id}
            value={entity}
            style={{ width: 200 }}
            options={[
              { value: "", label: at("audit.all") },
              ...ENTITIES.map((e) => ({ value: e, label: known("entity", e) })),
            ]}
            onChange={(value) => {
              setEntity(value);
              setPage(1);
            }}
          />
        )}
      </AdminField>
      {audit.error ? <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} /> : null}
      <Table<AuditEntry>
        rowKey="id"
        loading={audit.isPending}
        dataSource={audit.data?.items ?? []}
        caption={<span className="visually-hidden">{at("audit.caption")}</span>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: audit.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        expandable={{
          expandedRowRender: (entry) => (
            <div className="admin-split">
              <div>
                <h3>{at("audit.before")}</h3>
                <pre className="admin-json">{JSON.stringify(entry.before, null, 2)}</pre>
              </div>
              <div>
                <h3>{at("audit.after")}</h3>
                <pre className="admin-json">{JSON.stringify(entry.after, null, 2)}</pre>
              </div>
            </div>
          ),
        }}
        columns={[
          { title: at("audit.at"), render: (_, e) => dateTime(e.at) },
          { title: at("audit.actor"), dataIndex: "actor" },
          { title: at("audit.agency"), render: (_, e) => e.agency?.name ?? at("audit.province") },
          { title: at("audit.action"), dataIndex: "action" },
          { title: at("audit.entity"), render: (_, e) => known("entity", e.entity) },
          { title: at("audit.summary"), dataIndex: "summary" },
        ]}
      />
    </>
  );
}
