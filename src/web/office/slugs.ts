import type { Box } from "./officeApi.ts";

/** The inbox paths under /van-phong/hop/ (Vietnamese, without diacritics). */
export const BOX_SLUG: Record<Box, string> = {
  toReceive: "cho-tiep-nhan",
  toProcess: "can-xu-ly",
  dueSoon: "sap-den-han",
  overdue: "qua-han",
  consultations: "lay-y-kien",
  toReturn: "cho-tra-ket-qua",
};

export function boxOfSlug(slug: string | undefined): Box | undefined {
  return (Object.keys(BOX_SLUG) as Box[]).find((box) => BOX_SLUG[box] === slug);
}
