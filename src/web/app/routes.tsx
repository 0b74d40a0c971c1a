import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { ErrorView } from "./ErrorView.tsx";
import { Layout } from "./Layout.tsx";

/** Each page is its own chunk, loaded when its route is first visited. */
const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter([
  {
    path: "/",
    Component: Layout,
    ErrorBoundary: ErrorView,
    children: [
      { index: true, lazy: page(() => import("../portal/HomePage.tsx")) },
      { path: "thu-tuc", lazy: page(() => import("../portal/CatalogPage.tsx")) },
      { path: "thu-tuc/:code", lazy: page(() => import("../portal/ProcedurePage.tsx")) },
      { path: "thu-tuc/:code/nop-ho-so", lazy: page(() => import("../portal/wizard/SubmitPage.tsx")) },
      { path: "ho-so-cua-toi", lazy: page(() => import("../portal/MyDossiersPage.tsx")) },
      { path: "ho-so-cua-toi/:id", lazy: page(() => import("../portal/DossierPage.tsx")) },
      { path: "ho-so-cua-toi/:id/bien-nhan", lazy: page(() => import("../portal/ReceiptPage.tsx")) },
      // Issue #19: the applicant edits the declaration while the dossier waits for acceptance (R-SUB-3).
      { path: "ho-so-cua-toi/:id/sua", lazy: page(() => import("../portal/EditDossierPage.tsx")) },
      { path: "tra-cuu", lazy: page(() => import("../portal/LookupPage.tsx")) },
      { path: "tra-cuu/:code", lazy: page(() => import("../portal/LookupPage.tsx")) },
      // Verifiable results (R-RES-1): /xac-minh/<code>?t=<JWS> is what a result's QR code opens.
      { path: "xac-minh", lazy: page(() => import("../portal/VerifyPage.tsx")) },
      { path: "xac-minh/:code", lazy: page(() => import("../portal/VerifyPage.tsx")) },
      // E-receipts (issue #15, R-FEE-3): what a receipt's QR code opens.
      {
        path: "xac-minh-bien-lai/:code",
        lazy: page(() => import("../portal/payments/ReceiptCheckPage.tsx")),
      },
      { path: "thong-ke", lazy: page(() => import("../portal/StatisticsPage.tsx")) },
      { path: "danh-gia", lazy: page(() => import("../portal/EvaluationResultsPage.tsx")) },
      { path: "danh-gia/quay", lazy: page(() => import("../portal/rating/KioskPage.tsx")) },
      { path: "dang-nhap", lazy: page(() => import("../portal/account/LoginPage.tsx")) },
      // VNeID (issue #14): linking an existing account, and the details asked after a first sign-in.
      { path: "dang-nhap/lien-ket", lazy: page(() => import("../portal/account/VneidLinkPage.tsx")) },
      { path: "dang-nhap/ma-xac-thuc", lazy: page(() => import("../portal/account/MfaCodePage.tsx")) },
      { path: "tai-khoan/bao-mat", lazy: page(() => import("../portal/account/AccountSecurityPage.tsx")) },
      { path: "tai-khoan/bo-sung", lazy: page(() => import("../portal/account/CompleteAccountPage.tsx")) },
      { path: "dang-ky", lazy: page(() => import("../portal/account/RegisterPage.tsx")) },
      { path: "doi-mat-khau", lazy: page(() => import("../portal/account/ChangePasswordPage.tsx")) },
      // Who looked at my data in the population database (issue #14).
      { path: "tai-khoan/tra-cuu-du-lieu", lazy: page(() => import("../population/AccessLogPage.tsx")) },
      // The applicant's data store (issue #16): documents kept for reuse, and who accessed them.
      { path: "kho-du-lieu", lazy: page(() => import("../dataStore/DataStorePage.tsx")) },
      {
        path: "tai-khoan/thong-bao",
        lazy: page(() => import("../portal/account/NotificationPreferencesPage.tsx")),
      },
      // Service status, the support desk and maintenance/incidents (issue #17): own chunks, ranked above the splats.
      { path: "trang-thai-he-thong", lazy: page(() => import("../support/StatusPage.tsx")) },
      { path: "van-phong/ho-tro", lazy: page(() => import("../support/SupportDeskPage.tsx")) },
      { path: "quan-tri/van-hanh", lazy: page(() => import("../support/AnnouncementsPage.tsx")) },
      // Feedback, questions and the FAQ (issue #17): own chunks, ranked above the office and monitoring splats.
      { path: "phan-anh", lazy: page(() => import("../feedback/SendFeedbackPage.tsx")) },
      { path: "phan-anh/cong-khai", lazy: page(() => import("../feedback/PublishedFeedbackPage.tsx")) },
      { path: "phan-anh-cua-toi", lazy: page(() => import("../feedback/MyFeedbackPage.tsx")) },
      { path: "hoi-dap", lazy: page(() => import("../feedback/FaqPage.tsx")) },
      { path: "van-phong/phan-anh", lazy: page(() => import("../feedback/OfficeFeedbackPage.tsx")) },
      { path: "giam-sat/phan-anh", lazy: page(() => import("../feedback/RoutingConsolePage.tsx")) },
      // Organisations (issue #14): the organisations a person acts for, and a representative's authorisations.
      { path: "to-chuc-cua-toi", lazy: page(() => import("../portal/organisation/OrganisationsPage.tsx")) },
      {
        path: "to-chuc-cua-toi/:id/uy-quyen",
        lazy: page(() => import("../portal/organisation/MandatesPage.tsx")),
      },
      // The office (officers' pages) is loaded separately from the portal; its module owns the routes below.
      { path: "van-phong/*", lazy: page(() => import("../office/OfficeApp.tsx")) },
      // The admin console (issue #6), its own chunk; its module owns the routes below.
      { path: "quan-tri/*", lazy: page(() => import("../admin/AdminApp.tsx")) },
      // Monitoring and statistics for the service center and agency leaders (issue #8), its own chunk too.
      { path: "giam-sat/*", lazy: page(() => import("../monitoring/MonitoringApp.tsx")) },
      // The public postal staff's pages (issue #18, R-SUB-2): filing for citizens and their dossiers, own chunk.
      { path: "buu-dien/*", lazy: page(() => import("../postal/PostalApp.tsx")) },
      { path: "*", lazy: page(() => import("./NotFoundPage.tsx")) },
    ],
  },
]);
