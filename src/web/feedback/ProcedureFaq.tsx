import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { FaqList } from "./FaqList.tsx";
import type { FaqEntry } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import "./feedback.css";

/** On the procedure page: its frequent questions (a few) and the way to all of them and to asking one. */
export function ProcedureFaq({ code }: { code: string }) {
  const { ft } = useFeedbackI18n();
  const query = useQuery({
    queryKey: ["faq", "procedure", code],
    queryFn: () => api.get<{ items: FaqEntry[] }>(`/api/public/faq?procedure=${encodeURIComponent(code)}`),
  });
  const items = query.data?.items ?? [];
  return (
    <section className="section" aria-labelledby="procedure-faq">
      <h2 id="procedure-faq">{ft("faq.procedureFaq")}</h2>
      {items.length > 0 ? <FaqList items={items.slice(0, 5)} level={3} /> : null}
      <p>
        <Link to={`/hoi-dap?thu-tuc=${encodeURIComponent(code)}`}>{ft("faq.procedureLink")}</Link>
      </p>
    </section>
  );
}

/** In the wizard: a link to the procedure's questions and answers, opened in a new tab so the draft stays. */
export function ProcedureFaqLink({ code }: { code: string }) {
  const { ft } = useFeedbackI18n();
  return (
    <p>
      <a href={`/hoi-dap?thu-tuc=${encodeURIComponent(code)}`} target="_blank" rel="noreferrer">
        {ft("faq.procedureLink")}
      </a>
    </p>
  );
}
