import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, InputNumber, Radio } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AdminLevel, adminApi } from "./adminApi.ts";

/**
 * Rule options (issue #12 §6): the province's values (system administrator, /quan-tri/tuy-chon) and one offering's
 * overrides (/quan-tri/thu-tuc/:id/tuy-chon). Each option says what applies without a value here: the documented
 * default, or the province's value. The texts live here: they name no internal code, only what an officer reads in
 * the regulations.
 */
interface RuleOptions {
  supplementWindowWorkingDays: number;
  supplementClock: "restart" | "pauseAndExtend";
  abandonmentWorkingDays: number;
  refusalAfterAppraisalStatus: 8 | 9;
  receptionWorkingHours: number;
}
type Name = keyof RuleOptions;
type Values = { [K in Name]: RuleOptions[K] | null };

interface ProvinceView {
  values: Values;
  defaults: RuleOptions;
  effective: RuleOptions;
}
interface OfferingView {
  offering: { id: string; agency: { id: string; name: string }; procedure: { code: string; name: string } };
  values: Values;
  inherited: RuleOptions;
  effective: RuleOptions;
}

const TEXT = {
  vi: {
    provinceTitle: "Tùy chọn quy tắc của tỉnh",
    provinceIntro:
      "Các giá trị áp dụng cho mọi thủ tục, trừ khi thủ tục tại một cơ quan đặt giá trị riêng. Để trống: dùng giá trị mặc định theo quy định.",
    offeringTitle: "Tùy chọn quy tắc riêng của thủ tục",
    offeringIntro:
      "Để trống: theo tùy chọn của tỉnh. Giá trị đặt ở đây chỉ áp dụng cho thủ tục này tại cơ quan này.",
    back: "Quay lại danh sách thủ tục",
    save: "Lưu",
    saved: "Đã lưu tùy chọn quy tắc",
    clear: "Để trống",
    inheritedDefault: "Mặc định theo quy định: {value}",
    inheritedProvince: "Theo tỉnh: {value}",
    effective: "Đang áp dụng: {value}",
    wd: "{n} ngày làm việc",
    wh: "{n} giờ làm việc",
    supplementWindowWorkingDays: "Thời hạn yêu cầu bổ sung sau khi tiếp nhận (ngày làm việc)",
    supplementWindowHelp:
      "Cơ quan giải quyết chỉ được yêu cầu bổ sung trong thời hạn này; luật chuyên ngành có thể khác 3 ngày.",
    supplementClock: "Thời hạn giải quyết sau khi nhận đủ hồ sơ bổ sung",
    restart: "Tính lại từ đầu",
    pauseAndExtend: "Cộng thêm thời gian chờ bổ sung vào ngày hẹn cũ",
    abandonmentWorkingDays: "Số ngày làm việc chờ bổ sung trước khi dừng xử lý",
    abandonmentHelp:
      "Quá thời hạn mà người nộp không bổ sung, hồ sơ chuyển sang Dừng xử lý kèm thông báo dừng.",
    refusalAfterAppraisalStatus: "Trạng thái hồ sơ khi từ chối giải quyết sau thẩm định",
    status8: "Dừng xử lý",
    status9: "Đã xử lý xong (trả văn bản từ chối như kết quả)",
    receptionWorkingHours: "Thời hạn tiếp nhận hồ sơ trực tuyến (giờ làm việc)",
    receptionHelp: "Bộ phận một cửa phải tiếp nhận, từ chối hoặc yêu cầu bổ sung trong thời hạn này.",
    forbidden:
      "Chỉ quản trị hệ thống được sửa tùy chọn của tỉnh; quản trị cơ quan đặt giá trị riêng cho từng thủ tục.",
  },
  en: {
    provinceTitle: "Province rule options",
    provinceIntro:
      "These values apply to every procedure unless a procedure at an agency sets its own. Empty: the regulation's default.",
    offeringTitle: "Rule options of this procedure",
    offeringIntro:
      "Empty: the province's option. A value here applies only to this procedure at this agency.",
    back: "Back to the procedures",
    save: "Save",
    saved: "Rule options saved",
    clear: "Leave empty",
    inheritedDefault: "Regulation default: {value}",
    inheritedProvince: "Province: {value}",
    effective: "In force: {value}",
    wd: "{n} working days",
    wh: "{n} working hours",
    supplementWindowWorkingDays: "Time to request a supplement after reception (working days)",
    supplementWindowHelp:
      "The deciding agency may request a supplement only within this time; sector law may differ from 3 days.",
    supplementClock: "Time limit once the supplement is complete",
    restart: "Start again from zero",
    pauseAndExtend: "Add the time spent waiting to the previous appointment",
    abandonmentWorkingDays: "Working days to wait for a supplement before stopping",
    abandonmentHelp:
      "When the applicant does not supplement in time, the dossier is stopped with a stop notice.",
    refusalAfterAppraisalStatus: "Dossier status when refused after appraisal",
    status8: "Processing stopped",
    status9: "Processed (the refusal notice is returned as the result)",
    receptionWorkingHours: "Time to receive an online dossier (working hours)",
    receptionHelp: "The counter must accept, refuse or request completion within this time.",
    forbidden:
      "Only the system administrator edits the province's options; agency administrators set each procedure's own.",
  },
};
type Key = keyof (typeof TEXT)["vi"];

function useText() {
  const { lang } = useI18n();
  return (key: Key, vars: Record<string, string | number> = {}) =>
    TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
}

function spell(tx: ReturnType<typeof useText>, name: Name, value: RuleOptions[Name]): string {
  switch (name) {
    case "supplementWindowWorkingDays":
    case "abandonmentWorkingDays":
      return tx("wd", { n: value as number });
    case "receptionWorkingHours":
      return tx("wh", { n: value as number });
    case "supplementClock":
      return tx(value as "restart" | "pauseAndExtend");
    case "refusalAfterAppraisalStatus":
      return tx(value === 9 ? "status9" : "status8");
  }
}

const NAMES: Name[] = [
  "supplementWindowWorkingDays",
  "supplementClock",
  "abandonmentWorkingDays",
  "refusalAfterAppraisalStatus",
  "receptionWorkingHours",
];
const HELP: Partial<Record<Name, Key>> = {
  supplementWindowWorkingDays: "supplementWindowHelp",
  abandonmentWorkingDays: "abandonmentHelp",
  receptionWorkingHours: "receptionHelp",
};
const BOUNDS: Partial<Record<Name, [number, number]>> = {
  supplementWindowWorkingDays: [1, 60],
  abandonmentWorkingDays: [1, 120],
  receptionWorkingHours: [1, 80],
};

function OptionsForm({
  values,
  inherited,
  inheritedFrom,
  effective,
  path,
  queryKey,
}: {
  values: Values;
  inherited: RuleOptions;
  inheritedFrom: "default" | "province";
  effective: RuleOptions;
  path: string;
  queryKey: readonly unknown[];
}) {
  const tx = useText();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Values>(values);
  const save = useMutation({
    mutationFn: () => adminApi.put<unknown>(path, draft),
    onSuccess: () => {
      message.success(tx("saved"));
      void client.invalidateQueries({ queryKey });
    },
  });
  const set = <K extends Name>(name: K, value: RuleOptions[K] | null) =>
    setDraft((d) => ({ ...d, [name]: value }));
  return (
    <form
      className="rule-options"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {NAMES.map((name) => {
        const help = HELP[name];
        const bounds = BOUNDS[name];
        const hint = [
          tx(inheritedFrom === "default" ? "inheritedDefault" : "inheritedProvince", {
            value: spell(tx, name, inherited[name]),
          }),
          tx("effective", { value: spell(tx, name, effective[name]) }),
          help ? tx(help) : "",
        ]
          .filter(Boolean)
          .join(" · ");
        return (
          <AdminField key={name} label={tx(name)} help={hint}>
            {(id) =>
              bounds ? (
                <InputNumber
                  id={id}
                  min={bounds[0]}
                  max={bounds[1]}
                  precision={0}
                  placeholder={String(inherited[name])}
                  value={draft[name] as number | null}
                  onChange={(value) => set(name, (value ?? null) as never)}
                />
              ) : (
                <Radio.Group
                  id={id}
                  value={draft[name] ?? ""}
                  onChange={(event) => {
                    const raw = event.target.value as string | number;
                    set(name, (raw === "" ? null : raw) as never);
                  }}
                >
                  <Radio value="">{tx("clear")}</Radio>
                  {name === "supplementClock" ? (
                    <>
                      <Radio value="restart">{tx("restart")}</Radio>
                      <Radio value="pauseAndExtend">{tx("pauseAndExtend")}</Radio>
                    </>
                  ) : (
                    <>
                      <Radio value={8}>{tx("status8")}</Radio>
                      <Radio value={9}>{tx("status9")}</Radio>
                    </>
                  )}
                </Radio.Group>
              )
            }
          </AdminField>
        );
      })}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {tx("save")}
      </Button>
    </form>
  );
}

export function ProvinceRuleOptionsPage({ level }: { level: AdminLevel }) {
  const tx = useText();
  usePageTitle(tx("provinceTitle"));
  const query = useQuery({
    queryKey: ["admin", "ruleOptions"],
    queryFn: () => adminApi.get<ProvinceView>("/api/admin/rule-options"),
    enabled: level === "system",
  });
  return (
    <>
      <h1>{tx("provinceTitle")}</h1>
      {level !== "system" ? <p>{tx("forbidden")}</p> : <p>{tx("provinceIntro")}</p>}
      {query.isPending && level === "system" ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <OptionsForm
          key={JSON.stringify(query.data.values)}
          values={query.data.values}
          inherited={query.data.defaults}
          inheritedFrom="default"
          effective={query.data.effective}
          path="/api/admin/rule-options"
          queryKey={["admin", "ruleOptions"]}
        />
      ) : null}
    </>
  );
}

export function OfferingRuleOptionsPage() {
  const tx = useText();
  const { id = "" } = useParams();
  usePageTitle(tx("offeringTitle"));
  const key = ["admin", "ruleOptions", id];
  const path = `/api/admin/offerings/${encodeURIComponent(id)}/rule-options`;
  const query = useQuery({ queryKey: key, queryFn: () => adminApi.get<OfferingView>(path) });
  return (
    <>
      <p>
        <Link to="/quan-tri/thu-tuc">{tx("back")}</Link>
      </p>
      <h1>{tx("offeringTitle")}</h1>
      {query.data ? (
        <p>
          <strong>
            {query.data.offering.procedure.code} – {query.data.offering.procedure.name}
          </strong>
          <br />
          {query.data.offering.agency.name}
        </p>
      ) : null}
      <p>{tx("offeringIntro")}</p>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <OptionsForm
          key={JSON.stringify(query.data.values)}
          values={query.data.values}
          inherited={query.data.inherited}
          inheritedFrom="province"
          effective={query.data.effective}
          path={path}
          queryKey={key}
        />
      ) : null}
    </>
  );
}
