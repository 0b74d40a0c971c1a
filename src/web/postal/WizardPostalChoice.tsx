import { useQuery } from "@tanstack/react-query";
import { Checkbox } from "antd";
import { useEffect, useId, useState } from "react";
import { errorMessage } from "../app/ui.tsx";
import { RecipientFields } from "./PostalPanel.tsx";
import type { PostalKind, Recipient } from "./postalApi.ts";
import { recipientProblems } from "./postalChecks.ts";
import { type PostalKey, usePostalI18n } from "./postalI18n.ts";
import { orderPostal, quotePostal } from "./postalRequests.ts";
import "./postal.css";

/** The wizard's postal choice: which services, and the one contact and address they use. */
export interface WizardPostal {
  pickup: boolean;
  result: boolean;
  recipient: Recipient | null;
  /** Set when the applicant pressed submit with a slip in the recipient: shown beside the fields. */
  problems: Partial<Record<keyof Recipient, PostalKey>>;
}

export const NO_POSTAL: WizardPostal = { pickup: false, result: false, recipient: null, problems: {} };

const kindsOf = (choice: WizardPostal): PostalKind[] => [
  ...(choice.pickup ? (["pickup"] as const) : []),
  ...(choice.result ? (["result_delivery"] as const) : []),
];

/** Checks the choice before the dossier is sent: nothing chosen, or a recipient the post office takes. */
export function checkWizardPostal(choice: WizardPostal, defaults: Recipient): WizardPostal | null {
  if (kindsOf(choice).length === 0) return null;
  const problems = recipientProblems(choice.recipient ?? defaults);
  return Object.keys(problems).length > 0 ? { ...choice, problems } : null;
}

/**
 * Orders the chosen services for the dossier just submitted (issue #18, R-SUB-2). The dossier is already filed: a
 * service the post office does not take now is reported, and can be ordered again from the dossier page.
 */
export async function placeWizardPostal(
  dossierId: string,
  choice: WizardPostal,
  defaults: Recipient,
): Promise<string[]> {
  const recipient = choice.recipient ?? defaults;
  const failures: string[] = [];
  for (const kind of kindsOf(choice)) {
    try {
      await orderPostal(dossierId, kind, {
        name: recipient.name.trim(),
        phone: recipient.phone.trim(),
        address: recipient.address.trim(),
      });
    } catch (error) {
      failures.push(errorMessage(error, kind));
    }
  }
  return failures;
}

/**
 * On the wizard's review: ask the post office to collect the dossier at an address and/or to bring the result, with
 * the fee it quotes for each (issue #18, R-SUB-2, R-RES-3). Shown only where the offering takes the postal channel.
 */
export function WizardPostalChoice({
  value,
  onChange,
  defaults,
}: {
  value: WizardPostal;
  onChange: (next: WizardPostal) => void;
  defaults: Recipient;
}) {
  const { pt, money } = usePostalI18n();
  const id = useId();
  const recipient = value.recipient ?? defaults;
  const kinds = kindsOf(value);
  // The fee is asked once the address is complete, a moment after the last key stroke.
  const [address, setAddress] = useState(recipient.address.trim());
  useEffect(() => {
    const timer = window.setTimeout(() => setAddress(recipient.address.trim()), 500);
    return () => window.clearTimeout(timer);
  }, [recipient.address]);
  const quotes = useQuery({
    queryKey: ["postal", "quote", kinds, address],
    queryFn: async () =>
      Promise.all(kinds.map(async (kind) => ({ kind, fee: (await quotePostal(kind, address)).fee }))),
    enabled: kinds.length > 0 && !recipientProblems({ ...recipient, address }).address,
    staleTime: 5 * 60_000,
  });
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{pt("panel.title")}</h3>
      <p className="muted">{pt("panel.intro")}</p>
      <div className="postal__choice">
        {(["pickup", "result"] as const).map((key) => (
          <div key={key}>
            <Checkbox
              checked={value[key]}
              onChange={(event) => onChange({ ...value, [key]: event.target.checked, problems: {} })}
            >
              {pt(key === "pickup" ? "kind.pickup" : "kind.result_delivery")}
            </Checkbox>
          </div>
        ))}
      </div>
      {kinds.length > 0 ? (
        <>
          <RecipientFields
            value={recipient}
            onChange={(next) => onChange({ ...value, recipient: next, problems: {} })}
            problems={value.problems}
          />
          {quotes.data ? (
            <div role="status" data-testid="postal-quote">
              <ul className="plain-list">
                {quotes.data.map((quote) => (
                  <li key={quote.kind}>
                    {pt(`kind.${quote.kind}`)}: <strong>{money(quote.fee)}</strong>
                  </li>
                ))}
              </ul>
            </div>
          ) : quotes.error ? (
            <p className="field-error" role="alert">
              {errorMessage(quotes.error, pt("order.feePending"))}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
