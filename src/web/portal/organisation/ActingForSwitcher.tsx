import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp } from "antd";
import { useId, useState } from "react";
import { NavLink } from "react-router";
import { errorMessage } from "../../app/ui.tsx";
import { chooseActingFor, useMyOrganisations } from "./organisationApi.ts";
import { useOrganisationI18n } from "./organisationI18n.ts";

/**
 * The header's "Tôi đang thao tác cho: …" (issue #14, R-ACC-1): a citizen signed in with VNeID who represents or is
 * authorised by an organisation chooses whom the portal acts for; the link to "Tổ chức của tôi" for every citizen.
 * A native select: keyboard and screen readers know it.
 */
export function ActingForSwitcher({ fullName }: { fullName: string }) {
  const { ot } = useOrganisationI18n();
  const id = useId();
  const query = useMyOrganisations();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const usable = query.data?.items.filter((item) => item.usable) ?? [];
  const current = query.data?.actingFor?.usable ? query.data.actingFor.organisationId : "";

  const change = async (value: string) => {
    setBusy(true);
    try {
      const chosen = await chooseActingFor(value === "" ? null : value);
      await queryClient.invalidateQueries();
      message.success(
        chosen.actingFor ? ot("org.switched", { name: chosen.actingFor.name }) : ot("org.switchedSelf"),
      );
    } catch (failure) {
      message.error(errorMessage(failure, ot("org.title")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <NavLink to="/to-chuc-cua-toi">{ot("org.nav")}</NavLink>
      {usable.length > 0 ? (
        <span className="acting-for">
          <label htmlFor={id}>{ot("switcher.label")}</label>{" "}
          <select
            id={id}
            value={current}
            disabled={busy}
            style={{ maxWidth: "100%" }}
            onChange={(event) => void change(event.target.value)}
          >
            <option value="">{ot("switcher.self", { name: fullName })}</option>
            {usable.map((item) => (
              <option key={item.organisationId} value={item.organisationId}>
                {item.name}
              </option>
            ))}
          </select>
        </span>
      ) : null}
    </>
  );
}
