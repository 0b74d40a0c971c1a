import { Button } from "antd";
import { Link, useParams } from "react-router";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { ProvinceLogo } from "../identity/provinceIdentity.tsx";
import { useReceptionSlip } from "./officeApi.ts";
import { useOfficeI18n } from "./officeI18n.ts";

/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (R-RECV-2 c, R-RECV-4, R-FORM-1) from GET /reception-slip, laid out to be
 * printed with the browser (the office's menu and the site's header and footer are hidden in print).
 */
export function SlipPage() {
  const { id = "" } = useParams();
  const { ot, pick, known } = useOfficeI18n();
  const { data: slip, error, isPending, refetch } = useReceptionSlip(id);
  usePageTitle(slip ? `${ot("slip.title")} ${slip.dossierCode}` : ot("slip.title"));
  if (isPending) return <Loading />;
  if (error || !slip) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  const a = slip.applicant;
  return (
    <>
      <div className="actions no-print">
        {/* Issue #19: the official form, with the register's book and number, is the first choice. */}
        <Button
          type="primary"
          href={`/api/office/dossiers/${id}/forms/reception-slip.pdf`}
          target="_blank"
          rel="noopener"
        >
          {ot("slip.printOfficial")}
        </Button>
        <Button onClick={() => window.print()}>{ot("slip.print")}</Button>
        <Link to={`/van-phong/ho-so/${id}`}>{ot("slip.toDossier")}</Link>
      </div>
      <article className="slip" aria-labelledby="slip-title">
        <header className="slip__head">
          {/* Nghị định 30/2020/NĐ-CP: governing body above the issuing unit, both in capitals, the unit in bold. */}
          <div className="slip__issuer">
            <ProvinceLogo />
            <div>
              {slip.issuingUnit.unitName ? (
                <>
                  <div className="slip__agency">{slip.issuingUnit.agencyName.toLocaleUpperCase("vi")}</div>
                  <div className="slip__unit">
                    <strong>{slip.issuingUnit.unitName.toLocaleUpperCase("vi")}</strong>
                  </div>
                </>
              ) : (
                <div className="slip__unit">
                  <strong>{slip.issuingUnit.agencyName.toLocaleUpperCase("vi")}</strong>
                </div>
              )}
            </div>
          </div>
          <div className="slip__nation">
            <div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
            <div className="slip__motto">Độc lập - Tự do - Hạnh phúc</div>
          </div>
        </header>
        <h1 id="slip-title" className="slip__title">
          {ot("slip.title").toLocaleUpperCase("vi")}
        </h1>
        <p className="slip__code">
          {ot("slip.code")}: <strong>{slip.dossierCode}</strong>
        </p>
        <p>
          {slip.issuingUnit.unitName ?? slip.issuingUnit.agencyName}{" "}
          {ot("slip.received").toLocaleLowerCase("vi")}:{" "}
          <strong>{a.organisationName ? `${a.organisationName} (${a.name})` : a.name}</strong>
        </p>
        <ul className="plain-list slip__facts">
          {a.idNumber ? <li>{`${ot("dossier.applicant.idNumber")}: ${a.idNumber}`}</li> : null}
          {a.address ? <li>{`${ot("dossier.applicant.address")}: ${a.address}`}</li> : null}
          {a.phone ? <li>{`${ot("dossier.applicant.phone")}: ${a.phone}`}</li> : null}
          {a.email ? <li>{`${ot("dossier.applicant.email")}: ${a.email}`}</li> : null}
          {slip.submitter ? <li>{`${ot("slip.submitter")}: ${slip.submitter.name}`}</li> : null}
          <li>{`${ot("dossier.channel")}: ${known("channel", slip.channel)}`}</li>
        </ul>
        <p>
          {ot("slip.matter")}: <strong>{slip.requestedMatter.procedureName}</strong> (
          {slip.requestedMatter.procedureCode})
          {slip.requestedMatter.summary && slip.requestedMatter.summary !== slip.requestedMatter.procedureName
            ? ` — ${slip.requestedMatter.summary}`
            : ""}
        </p>
        {/* The three organisations of the dossier, and a reception outside the office. */}
        <ul className="plain-list slip__facts">
          <li>{ot("slip.assisted", { name: slip.organisations.assisted.name })}</li>
          <li>
            {ot("slip.receivedBy", { name: slip.organisations.received.name })}
            {slip.receptionPlace ? ` (${ot(`dossier.receptionPlace.${slip.receptionPlace}`)})` : ""}
          </li>
          <li>{ot("slip.deciding", { name: slip.organisations.deciding.name })}</li>
        </ul>
        <h2 className="slip__subtitle">{ot("slip.components")}</h2>
        <table className="slip__table">
          <thead>
            <tr>
              <th scope="col">{ot("slip.col.no")}</th>
              <th scope="col">{ot("slip.col.name")}</th>
              <th scope="col">{ot("slip.col.originals")}</th>
              <th scope="col">{ot("slip.col.copies")}</th>
              <th scope="col">{ot("slip.col.files")}</th>
            </tr>
          </thead>
          <tbody>
            {slip.components.map((c, index) => (
              <tr key={c.position}>
                <td>{index + 1}</td>
                <td>{c.name}</td>
                <td>{c.originals}</td>
                <td>{c.copies}</td>
                <td>{c.files}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="plain-list slip__facts">
          <li>{ot("slip.sets", { n: slip.sets })}</li>
          <li>{ot("slip.legalTime", { text: pick(slip.legalTime.text) })}</li>
          <li>{ot("slip.receivedAt", { at: slip.receivedAt })}</li>
          {slip.appointmentAt ? (
            <li>
              <strong>{ot("slip.appointmentAt", { at: slip.appointmentAt })}</strong>
            </li>
          ) : null}
          {slip.register ? <li>{ot("slip.register", slip.register)}</li> : null}
        </ul>
      </article>
    </>
  );
}
