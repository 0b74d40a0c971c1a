import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import viVN from "antd/locale/vi_VN";
import { useEffect } from "react";
import { RouterProvider } from "react-router";
import { ApiError, onUnauthorized } from "../api/client.ts";
import { sessionKey } from "../api/queries.ts";
import { I18nProvider, useI18n } from "../i18n/i18n.tsx";
import { router } from "./routes.tsx";
import { themeFor } from "./theme.ts";

/** WCAG 2.3.3: someone who asked their system for less motion gets no animated transitions. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network error may.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Localized() {
  const { lang } = useI18n();
  useEffect(() => {
    onUnauthorized(() => {
      queryClient.setQueryData(sessionKey, null);
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith("/dang-nhap"))
        void router.navigate(`/dang-nhap?next=${encodeURIComponent(here)}&reason=session`);
    });
    return () => onUnauthorized(null);
  }, []);
  return (
    <ConfigProvider locale={lang === "vi" ? viVN : enUS} theme={themeFor(prefersReducedMotion())}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Localized />
      </I18nProvider>
    </QueryClientProvider>
  );
}
