import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input, InputNumber, Table } from "antd";
import { useEffect, useState } from "react";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AdminLevel, adminApi, adminKeys, type CalendarYear, type NamedDate } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";

/**
 * The working calendar (R-CAL-2/3): a year's holidays and make-up working days, set from the Government's yearly
 * notice by the system administrator (province-wide); agency administrators read it. Working hours are per agency
 * (R-CAL-4), on the agencies page.
 */
export function CalendarPage({ level }: { level: AdminLevel }) {
  const { at } = useAdminI18n();
  usePageTitle(at("calendar.title"));
  const [year, setYear] = useState(new Date().getFullYear());
  const query = useQuery({
    queryKey: adminKeys.calendar(year),
    queryFn: () => adminApi.get<CalendarYear>(`/api/admin/calendar/${year}`),
  });
  return (
    <>
      <h1>{at("calendar.title")}</h1>
      <div className="admin-row">
        <AdminField label={at("calendar.year")} inline>
          {(id) => (
            <InputNumber
              id={id}
              min={1900}
              max={2199}
              value={year}
              onChange={(value) => value && setYear(value)}
            />
          )}
        </AdminField>
      </div>
      {level !== "system" ? <p>{at("calendar.readOnly")}</p> : null}
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <YearEditor key={`${year}:${query.data.updatedAt}`} data={query.data} editable={level === "system"} />
      ) : null}
    </>
  );
}

function weekdayName(date: string, lang: "vi" | "en"): string {
  const at = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    weekday: "long",
    timeZone: "UTC",
  }).format(at);
}

function DaysTable({
  caption,
  days,
  editable,
  onChange,
  addLabel,
  testId,
}: {
  caption: string;
  days: NamedDate[];
  editable: boolean;
  onChange: (days: NamedDate[]) => void;
  addLabel: string;
  testId: string;
}) {
  const { at, lang } = useAdminI18n();
  const set = (index: number, change: Partial<NamedDate>) =>
    onChange(days.map((d, i) => (i === index ? { ...d, ...change } : d)));
  return (
    <section className="admin-panel" data-testid={testId}>
      <h2>{caption}</h2>
      <Table<NamedDate & { index: number }>
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={days.map((d, index) => ({ ...d, index }))}
        caption={<span className="visually-hidden">{caption}</span>}
        columns={[
          {
            title: at("calendar.date"),
            render: (_, d) =>
              editable ? (
                <Input
                  type="date"
                  aria-label={at("calendar.dateOf", { n: d.index + 1 })}
                  value={d.date}
                  onChange={(e) => set(d.index, { date: e.target.value })}
                />
              ) : (
                d.date
              ),
          },
          { title: at("calendar.weekday"), render: (_, d) => weekdayName(d.date, lang) },
          {
            title: at("calendar.name"),
            render: (_, d) =>
              editable ? (
                <Input
                  aria-label={at("calendar.nameOf", { n: d.index + 1 })}
                  value={d.name}
                  onChange={(e) => set(d.index, { name: e.target.value })}
                />
              ) : (
                d.name
              ),
          },
          ...(editable
            ? [
                {
                  title: at("admin.actions"),
                  render: (_: unknown, d: NamedDate & { index: number }) => (
                    <Button size="small" onClick={() => onChange(days.filter((_, i) => i !== d.index))}>
                      {at("admin.remove")}
                      <span className="visually-hidden"> {d.date}</span>
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editable ? (
        <Button onClick={() => onChange([...days, { date: "", name: "" }])}>{addLabel}</Button>
      ) : null}
    </section>
  );
}

function YearEditor({ data, editable }: { data: CalendarYear; editable: boolean }) {
  const { at } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [holidays, setHolidays] = useState(data.holidays);
  const [makeupDays, setMakeupDays] = useState(data.makeupDays);
  const [note, setNote] = useState(data.note);
  useEffect(() => {
    setHolidays(data.holidays);
    setMakeupDays(data.makeupDays);
  }, [data]);
  const done = async () => {
    message.success(at("admin.saved"));
    await queryClient.invalidateQueries({ queryKey: adminKeys.calendar(data.year) });
  };
  const save = useMutation({
    mutationFn: () => adminApi.put(`/api/admin/calendar/${data.year}`, { note, holidays, makeupDays }),
    onSuccess: done,
  });
  const reset = useMutation({
    mutationFn: () => adminApi.delete(`/api/admin/calendar/${data.year}`),
    onSuccess: done,
  });
  return (
    <>
      <p role="status">{data.overridden ? at("calendar.overridden") : at("calendar.computed")}</p>
      <p>{at("calendar.effect")}</p>
      <DaysTable
        caption={at("calendar.holidays")}
        days={holidays}
        editable={editable}
        onChange={setHolidays}
        addLabel={at("calendar.addHoliday")}
        testId="holidays"
      />
      <DaysTable
        caption={at("calendar.makeupDays")}
        days={makeupDays}
        editable={editable}
        onChange={setMakeupDays}
        addLabel={at("calendar.addMakeup")}
        testId="makeup-days"
      />
      {editable ? (
        <section className="admin-panel">
          <AdminField label={at("calendar.note")}>
            {(id) => <Input id={id} value={note} onChange={(e) => setNote(e.target.value)} />}
          </AdminField>
          {save.error ? <ErrorAlert error={save.error} /> : null}
          {reset.error ? <ErrorAlert error={reset.error} /> : null}
          <div className="admin-row">
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              {at("admin.save")}
            </Button>
            {data.overridden ? (
              <Button loading={reset.isPending} onClick={() => reset.mutate()}>
                {at("calendar.reset")}
              </Button>
            ) : null}
          </div>
        </section>
      ) : null}
    </>
  );
}
