import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { setApiLanguage } from "../api/client.ts";
import { en } from "./en.ts";
import { type MessageKey, vi } from "./vi.ts";

export type Language = "vi" | "en";
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };
const storageKey = "onestop.language";
const zone = "Asia/Ho_Chi_Minh";

function initialLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(storageKey);
    if (saved === "vi" || saved === "en") return saved;
  } catch {
    // Storage may be blocked (private mode); Vietnamese is the default.
  }
  return "vi";
}

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    vars[name] === undefined ? match : String(vars[name]),
  );
}

interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: Translate;
  /** A localized pair from the server ({vi, en}) in the current language. */
  pick: (text: { vi: string; en: string }) => string;
  /** Issue #19: one format everywhere, dd/mm/yyyy HH:mm in the province's zone, whatever the browser's language. */
  dateTime: (iso: string | null | undefined) => string;
  /** dd/mm/yyyy. */
  date: (iso: string | null | undefined) => string;
  money: (vnd: number) => string;
  /** A count or measure in the language's format (vi: 1.234,5). */
  number: (value: number, fractionDigits?: number) => string;
  /** A percentage given as 0–100 (vi: 95,2 %; en: 95.2%). */
  percent: (value: number, fractionDigits?: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  setApiLanguage(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Language) => {
    setLangState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // Not saved; the choice still holds for this page.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[lang];
    const locale = lang === "vi" ? "vi-VN" : "en-GB";
    const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const partsOf = (at: Date) =>
      Object.fromEntries(dateTimeFormat.formatToParts(at).map((part) => [part.type, part.value]));
    const dateFormat = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    });
    const moneyFormat = new Intl.NumberFormat(locale, { style: "currency", currency: "VND" });
    return {
      lang,
      setLang,
      t: (key, vars) => format(dictionary[key] ?? key, vars),
      pick: (text) => text[lang] || text.vi,
      dateTime: (iso) => {
        if (!iso) return "";
        const part = partsOf(new Date(iso));
        return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}`;
      },
      // A date-only string (2014-11-20) is a calendar date, not an instant: format it without a zone shift.
      date: (iso) => {
        if (!iso) return "";
        const onlyDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
        if (onlyDate) return `${onlyDate[3]}/${onlyDate[2]}/${onlyDate[1]}`;
        return dateFormat.format(new Date(iso));
      },
      money: (vnd) => moneyFormat.format(vnd),
      number: (value, fractionDigits = 1) =>
        new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value),
      // Vietnamese sets the sign apart with a no-break space (95,2 %); English writes 95.2%.
      percent: (value, fractionDigits = 1) => {
        const figure = new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
        return lang === "vi" ? `${figure}\u00a0%` : `${figure}%`;
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

/** Sets the document title to "<page> – <portal>" in the current language. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useI18n();
  const portal = t("app.portalName");
  useEffect(() => {
    document.title = title ? `${title} – ${portal}` : portal;
  }, [title, portal]);
}
