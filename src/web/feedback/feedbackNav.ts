import type { Session } from "../api/types.ts";

/**
 * The shell's links to feedback and questions (issue #17): everyone sends feedback and reads the FAQ; an applicant
 * has "my feedback"; the service center's routing console and an agency's inbox for their officers.
 */
export function feedbackNavItems(
  session: Session | null | undefined,
  lang: "vi" | "en",
): { to: string; label: string; end: boolean }[] {
  const vi = lang === "vi";
  const roles = session?.roles ?? [];
  const items = [
    { to: "/phan-anh", label: vi ? "Phản ánh, kiến nghị" : "Feedback", end: false },
    { to: "/hoi-dap", label: vi ? "Hỏi đáp" : "Q&A", end: false },
  ];
  if (session?.actor.kind === "citizen" || session?.actor.kind === "organisation")
    items.push({ to: "/phan-anh-cua-toi", label: vi ? "Phản ánh của tôi" : "My feedback", end: false });
  if (roles.includes("service_center_monitor"))
    items.push({
      to: "/giam-sat/phan-anh",
      label: vi ? "Điều phối phản ánh" : "Feedback routing",
      end: false,
    });
  else if (
    roles.some((role) => ["counter_officer", "specialist", "unit_head", "agency_leader"].includes(role))
  )
    items.push({
      to: "/van-phong/phan-anh",
      label: vi ? "Phản ánh được giao" : "Assigned feedback",
      end: false,
    });
  return items;
}
