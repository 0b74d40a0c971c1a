import type { Page } from "@playwright/test";
import { BIRTH_FORM } from "../support/birthForm.ts";

/**
 * The birth-registration declaration (1.001193, TT 04/2020/TT-BTP) as the citizen types it in the wizard's first step
 * (issue #19, R-SUB-1): the e-form's groups and fields (`#root_<group>_<field>`), dates as dd/mm/yyyy, choices from
 * AntD selects. The declaration is then generated from these answers; it is never uploaded.
 */
export type BirthDeclaration = Record<string, Record<string, string | null>>;

const SELECTS = new Set(["nguoiYeuCau_quanHe", "treEm_gioiTinh"]);
/** Fields the e-form fills by default (dân tộc, quốc tịch, the "I am the requester" box): typed only when overridden. */
const DEFAULTED = new Set(["laNguoiNop", "danToc", "quocTich"]);

/** "1990-03-15" → "15/03/1990", as a Vietnamese citizen types it. */
function typed(value: unknown): string {
  const text = String(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : text;
}

/** The default answers: BIRTH_FORM (test/support/birthForm.ts) as typed text. */
export function birthDeclaration(overrides: BirthDeclaration = {}): BirthDeclaration {
  const answers: BirthDeclaration = {};
  for (const group of ["nguoiYeuCau", "treEm", "me", "cha"] as const) {
    const values: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(BIRTH_FORM[group]))
      if (!DEFAULTED.has(name)) values[name] = typed(value);
    answers[group] = { ...values, ...overrides[group] };
  }
  for (const [group, values] of Object.entries(overrides))
    if (!(group in answers)) answers[group] = { ...values };
  return answers;
}

/**
 * Fills the wizard's birth declaration (the agency already chosen) and ticks the commitment. `overrides` replaces
 * answers per group (`{ treEm: { hoTen: "…" } }`); `null` leaves a field as the form has it. With `keepPrefilled`, a
 * text field that already holds a value (prefilled from the population database, R-SUB-1) is left as it is. Returns
 * the answers asked for, for the spec's assertions.
 */
export async function fillBirthDeclaration(
  page: Page,
  overrides: BirthDeclaration = {},
  options: { keepPrefilled?: boolean } = {},
): Promise<BirthDeclaration> {
  const answers = birthDeclaration(overrides);
  for (const [group, values] of Object.entries(answers))
    for (const [name, value] of Object.entries(values)) {
      if (value === null) continue;
      const id = `${group}_${name}`;
      const field = page.locator(`#root_${id}`);
      if (options.keepPrefilled && !SELECTS.has(id) && (await field.inputValue()) !== "") continue;
      if (SELECTS.has(id)) {
        await field.click();
        await page.locator(`.ant-select-item-option[title="${value}"]`).last().click();
      } else await field.fill(value);
    }
  await page.locator("#root_camDoan").check();
  return answers;
}

/** The wizard's upload slots for 1.001193 once the declaration is generated: the other two required components. */
export const BIRTH_UPLOADS = [
  { label: "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh", file: "giay-chung-sinh.pdf" },
  { label: /Giấy tờ tùy thân/, file: "can-cuoc.pdf" },
] as const;
