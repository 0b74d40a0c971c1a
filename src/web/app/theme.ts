import type { ThemeConfig } from "antd";

/**
 * Colours chosen for WCAG 2.1 AA contrast on white (≥ 4.5:1 for text): AntD's default blue (#1677ff, 4.1:1) and
 * its light grey secondary text (45% black, 3.4:1) are too pale, so the primary and the text tones are darker.
 */
const theme: ThemeConfig = {
  token: {
    colorPrimary: "#0b57d0",
    colorPrimaryHover: "#08419c",
    colorPrimaryActive: "#062f73",
    colorErrorHover: "#8c1d18",
    colorErrorActive: "#6e1611",
    colorLink: "#0b57d0",
    colorLinkHover: "#08419c",
    colorLinkActive: "#062f73",
    colorError: "#b3261e",
    colorSuccess: "#146c2e",
    colorWarning: "#8a5300",
    colorInfo: "#0b57d0",
    colorTextSecondary: "rgba(0, 0, 0, 0.68)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextDescription: "rgba(0, 0, 0, 0.68)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.58)",
    colorTextDisabled: "rgba(0, 0, 0, 0.55)",
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  },
};

/** The theme, without Ant Design's animations when the person prefers reduced motion (WCAG 2.3.3). */
export function themeFor(reducedMotion: boolean): ThemeConfig {
  return reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme;
}
