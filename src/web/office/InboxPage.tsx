import { Button, Input, Table, type TableColumnsType } from "antd";
import { useId, useMemo, useState } from "react";
import { Link, Navigate, useParams, useSearchParams } from "react-router";
import type { Session } from "../api/types.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { statusTone } from "../portal/format.ts";
import { type Box, type InboxItem, useInbox } from "./officeApi.ts";
import { useOfficeI18n } from "./officeI18n.ts";
import { BOX_SLUG, boxOfSlug } from "./slugs.ts";
import { workingHoursText } from "./time.ts";

const SERVER_PAGE = 100;

/**
 * One inbox: the box's dossiers sorted by their due time, with the working hours left on the agency's calendar
 * (R-RECV-1's 8-hour countdown in "to receive", R-CAL-5), search by code or applicant (server side, with or without
 * diacritics), a status filter and the sort direction.
 */
export function InboxPage({ boxes }: { session: Session; boxes: Box[] }) {
  const { slug } = useParams();
  const box = boxOfSlug(slug);
  if (!box || !boxes.includes(box)) return <Navigate to={`/van-phong/hop/${BOX_SLUG[boxes[0]!]}`} replace />;
  return <Inbox key={box} box={box} />;
}

function Inbox({ box }: { box: Box }) {
  const { ot, pick, dateTime, lang, known } = useOfficeI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const serverPage = Math.max(1, Number(params.get("trang") ?? "1") || 1);
  const [draft, setDraft] = useState(q);
  const [status, setStatus] = useState("");
  const [order, setOrder] = useState<"asc" | "desc">("asc");
  const { data, error, isPending, refetch, isFetching } = useInbox(box, q, serverPage, SERVER_PAGE);
  const searchId = useId();
  const statusId = useId();
  const orderId = useId();
  usePageTitle(ot(`box.${box}`));

  const statuses = useMemo(() => {
    const seen = new Map<number, string>();
    for (const item of data?.items ?? []) seen.set(item.status, pick(item.statusLabel));
    return [...seen.entries()].sort((a, b) => a[0] - b[0]);
  }, [data, pick]);

  const rows = useMemo(() => {
    const items = (data?.items ?? []).filter((item) => !status || String(item.status) === status);
    const key = (item: InboxItem) => item.dueAt ?? (order === "asc" ? "\uffff" : "");
    return [...items].sort((a, b) =>
      order === "asc" ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a)),
    );
  }, [data, status, order]);

  const search = (value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim()) next.set("q", value.trim());
    else next.delete("q");
    next.delete("trang");
    setParams(next);
  };

  const columns: TableColumnsType<InboxItem> = [
    {
      title: ot("inbox.col.code"),
      key: "code",
      render: (_, item) => (
        <Link to={`/van-phong/ho-so/${item.id}`} className="dossier-code">
          {item.code}
        </Link>
      ),
    },
    {
      title: ot("inbox.col.procedure"),
      key: "procedure",
      render: (_, item) => (
        <>
          <div>{item.procedure.name}</div>
          {item.consultation ? (
            <div className="muted small">
              {ot("inbox.consultationFrom", {
                agency: item.consultation.fromAgency,
                question: item.consultation.question,
              })}
            </div>
          ) : null}
        </>
      ),
    },
    { title: ot("inbox.col.applicant"), dataIndex: "applicantName", key: "applicant" },
    {
      title: ot("inbox.col.status"),
      key: "status",
      render: (_, item) => (
        <>
          <span className={statusTone(item.status)}>{pick(item.statusLabel)}</span>
          {item.internalStep ? <div className="muted small">{known("step", item.internalStep)}</div> : null}
        </>
      ),
    },
    {
      title: ot("inbox.col.due"),
      key: "due",
      render: (_, item) => (item.dueAt ? <time dateTime={item.dueAt}>{dateTime(item.dueAt)}</time> : "—"),
    },
    {
      title: ot("inbox.col.left"),
      key: "left",
      render: (_, item) => {
        const late = item.overdue || (item.remainingWorkingHours ?? 1) < 0;
        const soon = !late && item.remainingWorkingHours !== null && item.remainingWorkingHours <= 2;
        return (
          <span className={late ? "left left--late" : soon ? "left left--soon" : "left"}>
            {workingHoursText(ot, lang, item.remainingWorkingHours, item.overdue)}
          </span>
        );
      },
    },
  ];

  return (
    <>
      <div className="office-title">
        <h1>{ot(`box.${box}`)}</h1>
        <Button onClick={() => void refetch()} loading={isFetching}>
          {ot("inbox.refresh")}
        </Button>
      </div>
      <p className="lead">{ot(`boxHelp.${box}`)}</p>
      <div className="inbox-filters">
        <form
          className="inbox-filters__search"
          onSubmit={(event) => {
            event.preventDefault();
            search(draft);
          }}
        >
          <label htmlFor={searchId}>{ot("inbox.search")}</label>
          <div className="search-row">
            <Input
              id={searchId}
              type="search"
              value={draft}
              placeholder={ot("inbox.searchPlaceholder")}
              onChange={(event) => setDraft(event.target.value)}
            />
            <Button type="primary" htmlType="submit">
              {ot("inbox.searchButton")}
            </Button>
            {q ? (
              <Button
                onClick={() => {
                  setDraft("");
                  search("");
                }}
              >
                {ot("inbox.clear")}
              </Button>
            ) : null}
          </div>
        </form>
        <div>
          <label htmlFor={statusId}>{ot("inbox.status")}</label>
          <select
            id={statusId}
            className="native-select"
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">{ot("inbox.allStatuses")}</option>
            {statuses.map(([code, label]) => (
              <option key={code} value={String(code)}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={orderId}>{ot("inbox.sort")}</label>
          <select
            id={orderId}
            className="native-select"
            value={order}
            onChange={(event) => setOrder(event.target.value === "desc" ? "desc" : "asc")}
          >
            <option value="asc">{ot("inbox.sortDueAsc")}</option>
            <option value="desc">{ot("inbox.sortDueDesc")}</option>
          </select>
        </div>
      </div>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <p className="muted" aria-live="polite">
        {data ? ot("inbox.total", { total: data.total }) : ""}
      </p>
      <Table<InboxItem>
        className="inbox-table"
        rowKey={(item) => `${item.id}:${item.consultation?.id ?? ""}`}
        columns={columns}
        dataSource={rows}
        loading={isPending}
        caption={<span className="visually-hidden">{ot("inbox.caption", { box: ot(`box.${box}`) })}</span>}
        locale={{ emptyText: q ? ot("inbox.emptySearch") : ot("inbox.empty") }}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        rowClassName={(item) => (item.overdue ? "row--late" : "")}
      />
      {data && data.total > SERVER_PAGE ? (
        <nav aria-label={ot("inbox.pagination")} className="actions">
          {Array.from({ length: Math.ceil(data.total / SERVER_PAGE) }, (_, index) => index + 1).map(
            (page) => (
              <Link
                key={page}
                to={`?${new URLSearchParams({ ...(q ? { q } : {}), trang: String(page) })}`}
                aria-current={page === serverPage ? "page" : undefined}
              >
                {page}
              </Link>
            ),
          )}
        </nav>
      ) : null}
    </>
  );
}
