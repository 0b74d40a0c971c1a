import { Select } from "antd";
import { useId, useMemo, useState } from "react";
import { useAgencies, useSectors } from "../api/queries.ts";
import type { AgencyNode, Session } from "../api/types.ts";
import { usePageTitle } from "../i18n/i18n.tsx";
import { useResultsI18n } from "../results/resultsI18n.ts";

const REGISTER_ROLES = new Set(["counter_officer", "specialist", "unit_head", "agency_leader"]);

function flatten(nodes: readonly AgencyNode[]): AgencyNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** Today and the first of this month in province time, `YYYY-MM-DD`. */
function provinceToday(): { today: string; monthStart: string } {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
  return { today, monthStart: `${today.slice(0, 8)}01` };
}

/**
 * The Sổ theo dõi hồ sơ (R-FORM-6) of one of the officer's agencies for a sector and a period, to print (PDF) or to
 * download (Excel). The server checks the role, the agency and the period again (403, 400).
 */
export function RegisterPage({ session }: { session: Session }) {
  const { rt } = useResultsI18n();
  usePageTitle(rt("register.title"));
  const agencies = useAgencies();
  const sectors = useSectors();
  const agencyCodes = useMemo(
    () => [
      ...new Set(
        session.actor.grants
          .filter((grant) => REGISTER_ROLES.has(grant.role) && grant.agencyCode)
          .map((grant) => grant.agencyCode!),
      ),
    ],
    [session],
  );
  const names = useMemo(
    () => new Map(flatten(agencies.data ?? []).map((agency) => [agency.code, agency.name])),
    [agencies.data],
  );
  const { today, monthStart } = provinceToday();
  const [agency, setAgency] = useState(agencyCodes[0] ?? "");
  const [sector, setSector] = useState<string | undefined>(undefined);
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(today);
  const ids = { agency: useId(), sector: useId(), from: useId(), to: useId() };
  const sectorCode = sector ?? sectors.data?.[0]?.code ?? "";
  const query = new URLSearchParams({ agencyCode: agency, sectorCode, from, to }).toString();
  const ready = agency !== "" && sectorCode !== "" && from !== "" && to !== "";
  return (
    <>
      <h1>{rt("register.title")}</h1>
      <p className="lead">{rt("register.lead")}</p>
      <div className="section" style={{ display: "grid", gap: 12, maxWidth: 560 }}>
        <p className="muted" style={{ margin: 0 }}>
          {rt("register.choose")}
        </p>
        <label htmlFor={ids.agency}>{rt("register.agency")}</label>
        <Select
          id={ids.agency}
          value={agency}
          onChange={setAgency}
          options={agencyCodes.map((code) => ({ value: code, label: names.get(code) ?? code }))}
        />
        <label htmlFor={ids.sector}>{rt("register.sector")}</label>
        <Select
          id={ids.sector}
          value={sectorCode}
          onChange={setSector}
          loading={sectors.isPending}
          options={(sectors.data ?? []).map((item) => ({ value: item.code, label: item.name }))}
        />
        <label htmlFor={ids.from}>{rt("register.from")}</label>
        <input id={ids.from} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        <label htmlFor={ids.to}>{rt("register.to")}</label>
        <input id={ids.to} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        {ready ? (
          <p className="actions">
            <a href={`/api/office/register.pdf?${query}`} target="_blank" rel="noopener">
              {rt("register.pdf")}
            </a>
            <a href={`/api/office/register.xlsx?${query}`} download>
              {rt("register.excel")}
            </a>
          </p>
        ) : null}
      </div>
    </>
  );
}
