import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { type Config, loadConfig } from "../config.ts";
import type { DatabaseKind } from "../db/connection.ts";
import { openReadReplica, primaryOnly } from "../db/readReplica.ts";
import type { Database } from "../db/schema.ts";
import type { PopulationDatabase } from "../integrations/population/populationDatabase.ts";
import type { ProvinceSsoSettings } from "../integrations/provinceSso/provinceSsoSettings.ts";
import type { FileStorage } from "../integrations/storage/fileStorage.ts";
import { openFileStorage } from "../integrations/storage/openFileStorage.ts";
import type { OidcRelyingParty } from "../integrations/vneid/oidcRelyingParty.ts";
import type { VneidSettings } from "../integrations/vneid/vneidSettings.ts";
import { type AccountPolicy, defaultAccountPolicy } from "../services/accounts/accountPolicy.ts";
import type { CatalogSource } from "../services/catalogSync/pullCatalog.ts";
import { claimNamesOf } from "../services/identity/identityClaims.ts";
import type { MessagingPorts } from "../services/messaging/messagingPorts.ts";
import type { MfaSettings } from "../services/mfa/mfaSettings.ts";
import type { NotificationChannels } from "../services/notifications/channels.ts";
import type { RunningSimulators } from "../services/notifications/notificationPorts.ts";
import type { PaymentPorts } from "../services/payments/paymentPorts.ts";
import type { PostalPorts } from "../services/postal/postalPorts.ts";
import type { SigningPorts } from "../services/signing/signingPorts.ts";
import { supportTargetsFrom } from "../services/support/supportSettings.ts";
import { registerActingFor } from "./plugins/actingFor.ts";
import { registerAuth, registerAuthenticateFirst } from "./plugins/auth.ts";
import { frameworkRefusal, registerErrorHandling } from "./plugins/errors.ts";
import { registerHostileInputGuards } from "./plugins/hostileInput.ts";
import { registerMaintenanceMode } from "./plugins/maintenanceMode.ts";
import { registerMetrics } from "./plugins/metrics.ts";
import { registerRateLimitClasses } from "./plugins/rateLimitClasses.ts";
import { registerReadRouting, registerReplicaMetrics } from "./plugins/readRouting.ts";
import { cachedSchemaCompilers } from "./plugins/schemaCompilers.ts";
import { registerSecurityHeaders } from "./plugins/securityHeaders.ts";
import { fastifyRateLimitStore, type SharedCounterStore } from "./plugins/sharedRateLimitStore.ts";
import { registerWebPages } from "./plugins/webPages.ts";
import { adminConsoleRoutes } from "./routes/admin/adminConsole.ts";
import { adminArchiveRoutes } from "./routes/admin/archive.ts";
import { catalogSyncRoutes } from "./routes/admin/catalogSync.ts";
import { dvcqgSyncRoutes } from "./routes/admin/dvcqgSync.ts";
import { eventSubscriptionRoutes } from "./routes/admin/eventSubscriptions.ts";
import { notificationAdminRoutes } from "./routes/admin/notifications.ts";
import { adminPaymentSettingsRoutes } from "./routes/admin/paymentSettings.ts";
import { provinceIdentityRoutes } from "./routes/admin/provinceIdentity.ts";
import { adminWorkflowRoutes } from "./routes/admin/workflows.ts";
import { authRoutes } from "./routes/auth.ts";
import { citizenDataStoreRoutes } from "./routes/citizen/dataStore.ts";
import { citizenDossierRoutes } from "./routes/citizen/dossiers.ts";
import { citizenFormRoutes } from "./routes/citizen/forms.ts";
import { notificationPreferenceRoutes } from "./routes/citizen/notificationPreferences.ts";
import { organisationRoutes } from "./routes/citizen/organisations.ts";
import { citizenRatingRoutes } from "./routes/citizen/ratings.ts";
import { dossierFileRoutes } from "./routes/dossierFiles.ts";
import { dossierResultRoutes } from "./routes/dossierResults.ts";
import type { DossierRouteContext } from "./routes/dossierRouteContext.ts";
import { publicFeedbackRoutes } from "./routes/feedback/feedbackRoutes.ts";
import { staffFeedbackRoutes } from "./routes/feedback/staffFeedbackRoutes.ts";
import { nationalPortalRoutes } from "./routes/integration/nationalPortal.ts";
import { smsInboundRoutes } from "./routes/integration/smsInbound.ts";
import { messagingPhotoRoutes } from "./routes/messaging/messagingPhotos.ts";
import { messagingWebhookRoutes } from "./routes/messaging/zaloWebhook.ts";
import { mfaRoutes } from "./routes/mfa.ts";
import { dashboardRoutes } from "./routes/monitoring/dashboard.ts";
import { kpiRoutes } from "./routes/monitoring/kpi.ts";
import { receptionOrganisationRoutes } from "./routes/monitoring/receptionOrganisations.ts";
import { reportRoutes } from "./routes/monitoring/reports.ts";
import { counterRoutes } from "./routes/office/counter.ts";
import { officeFormRoutes } from "./routes/office/forms.ts";
import { inboxRoutes } from "./routes/office/inbox.ts";
import { kioskRoutes } from "./routes/office/kiosk.ts";
import { nationalFileRoutes } from "./routes/office/nationalFiles.ts";
import { processingRoutes } from "./routes/office/processing.ts";
import { signingRoutes } from "./routes/office/signing.ts";
import { officerSsoRoutes } from "./routes/officerSso.ts";
import { oidcRoutes } from "./routes/oidc.ts";
import { oidcOfferingAssuranceRoutes } from "./routes/oidcOfferingAssurance.ts";
import { operationsRoutes } from "./routes/operations.ts";
import { citizenPaymentRoutes } from "./routes/payments/citizenPayments.ts";
import { officePaymentRoutes } from "./routes/payments/officePayments.ts";
import { paymentCallbackRoutes } from "./routes/payments/paymentCallback.ts";
import { receiptRoutes } from "./routes/payments/receiptRoutes.ts";
import { reconciliationRoutes } from "./routes/payments/reconciliationRoutes.ts";
import { populationRoutes } from "./routes/population/populationRoutes.ts";
import { registerPopulationSubmissionCheck } from "./routes/population/submissionCheckHook.ts";
import { postalRoutes } from "./routes/postal/postalRoutes.ts";
import { agencyRoutes } from "./routes/public/agencies.ts";
import { catalogRoutes } from "./routes/public/catalog.ts";
import { publicEvaluationRoutes } from "./routes/public/evaluation.ts";
import { lookupRoutes } from "./routes/public/lookup.ts";
import { settingsRoutes } from "./routes/public/settings.ts";
import { publicStatisticsRoutes } from "./routes/public/statistics.ts";
import { verifyRoutes } from "./routes/public/verify.ts";
import { sectorAdminRoutes } from "./routes/sector/sectorAdmin.ts";
import { sectorInboundRoutes } from "./routes/sector/sectorInbound.ts";
import { announcementRoutes } from "./routes/support/announcementRoutes.ts";
import { supportRoutes } from "./routes/support/supportRoutes.ts";
import { uploadRoutes } from "./routes/uploads.ts";
import { wellKnownRoutes } from "./routes/wellKnown.ts";

export interface AppDependencies {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  config: Pick<Config, "logLevel" | "publicRateLimitPerMinute" | "publicUrl"> &
    Partial<
      AccountPolicy &
        Pick<
          Config,
          | "loginRateLimitPerMinute"
          | "filesDir"
          | "filesS3"
          | "maxFileBytes"
          | "maxDossierBytes"
          | "lookupRateLimitPerMinute"
          | "lookupMaskNames"
          | "nationalPortalApiKey"
          | "nationalPortalHmacSecret"
          | "notifyMaxAttempts"
          | "notifyBackoffSeconds"
          | "smsLookupKeyword"
          | "smsLookupPerHour"
          | "smsInboundSecret"
          | "dvcqgCatalogUrl"
          | "dvcqgCatalogToken"
          | "dvcqgFileTimeoutMs"
          | "trustProxy"
          | "metricsToken"
          | "metricsAllow"
          | "uploadRateLimitPerMinute"
          | "integrationRateLimitPerMinute"
          | "apiRateLimitPerMinute"
          | "supportResponseWorkingHours"
          | "supportResolutionWorkingHours"
          | "databaseReadUrl"
          | "databaseReadMaxLagMs"
        > &
        Partial<VneidSettings> &
        Partial<ProvinceSsoSettings> &
        Partial<MfaSettings>
    >;
  /** Where dossier files live; the filesystem store under `config.filesDir` by default. */
  storage?: FileStorage;
  /** Notification delivery ports (issue #7): the SMS lookup replies through them; simulators feed the dev mailbox. */
  notifications?: { channels: NotificationChannels; simulators?: RunningSimulators };
  /** The acting clock handed to the use cases; tests pass their own. */
  clock?: () => Date;
  /** The e-ID providers (issue #14): VNeID for citizens; without it the VNeID routes answer 404. */
  identity?: { citizen?: OidcRelyingParty; officer?: OidcRelyingParty };
  /** The payment platform port and callback secret (issue #15); without it online payment answers 503. */
  payments?: PaymentPorts;
  /** Officers' digital signatures (issue #16); without it signing and verification answer 503. */
  signing?: SigningPorts;
  /** The public postal service (issue #18); without it postal orders and the postal webhook answer 503. */
  postal?: PostalPorts;
  /** The national population database (issue #14); without it prefill and checks run degraded (not verified). */
  population?: PopulationDatabase;
  /** The national procedure database for the admin's "pull now" (issue #13); read when asked, set once DVCQG is open. */
  catalogSource?: () => CatalogSource | undefined;
  /** The messaging channel (issue #18): the official account's port and the webhook's checks; without it 503. */
  messaging?: Pick<MessagingPorts, "port" | "webhook">;
  /** Rate-limit counters shared with the other processes (issue #21); without it each process counts in memory. */
  rateLimitStore?: SharedCounterStore;
}

export type App = FastifyInstance;

/** The HTTP application: plugins, error mapping, OpenAPI at `/docs`, and the routes grouped by audience. */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const app = Fastify({
    logger: deps.config.logLevel === "silent" ? false : { level: deps.config.logLevel },
    ajv: {
      customOptions: { allErrors: true, coerceTypes: "array", removeAdditional: false, useDefaults: true },
    },
    // One compiled validator and serializer per distinct schema, however many routes repeat it.
    schemaController: { compilersFactory: cachedSchemaCompilers() },
    // Behind a reverse proxy (issue #20): only the listed proxies' X-Forwarded-For is believed, so request.ip, and
    // every rate limit keyed by it, is the real client instead of the proxy.
    trustProxy: deps.config.trustProxy?.length ? deps.config.trustProxy : false,
    // A URL that does not decode is refused by the router itself: in Vietnamese too (issue #20).
    frameworkErrors: frameworkRefusal,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  // Every route class has its limit (issue #20), counted before anything else is done for the request.
  registerRateLimitClasses(
    app,
    {
      lookup: deps.config.lookupRateLimitPerMinute ?? 30,
      catalog: deps.config.publicRateLimitPerMinute,
      auth: deps.config.loginRateLimitPerMinute ?? 10,
      uploads: deps.config.uploadRateLimitPerMinute ?? 120,
      integration: deps.config.integrationRateLimitPerMinute ?? 1200,
      api: deps.config.apiRateLimitPerMinute ?? 1200,
    },
    deps.rateLimitStore,
  );
  // Issue #20: bounded JSON and clean text before any schema runs; anonymous requests refused before validation.
  registerHostileInputGuards(app);
  registerAuthenticateFirst(app);
  registerSecurityHeaders(app);
  await app.register(cookie);
  const clock = deps.clock ?? (() => new Date());
  const policy: AccountPolicy = {
    loginMaxFailures: deps.config.loginMaxFailures ?? defaultAccountPolicy.loginMaxFailures,
    loginLockMinutes: deps.config.loginLockMinutes ?? defaultAccountPolicy.loginLockMinutes,
    sessionIdleMinutes: deps.config.sessionIdleMinutes ?? defaultAccountPolicy.sessionIdleMinutes,
    sessionApplicantIdleMinutes:
      deps.config.sessionApplicantIdleMinutes ?? defaultAccountPolicy.sessionApplicantIdleMinutes,
    sessionMaxHours: deps.config.sessionMaxHours ?? defaultAccountPolicy.sessionMaxHours,
    // The login throttle (issue #20): its defaults in src/services/accounts/loginThrottle.ts when unset.
    loginAddressMaxFailures: deps.config.loginAddressMaxFailures,
    loginThrottleBaseSeconds: deps.config.loginThrottleBaseSeconds,
  };
  const secureCookies = new URL(deps.config.publicUrl).protocol === "https:";
  // Issue #21 item 4: dashboards, reports, public statistics and lookups read from the replica (DATABASE_READ_URL)
  // while it is within DATABASE_READ_MAX_LAG_MS of the primary; a client that has just written reads the primary.
  const readReplica =
    deps.config.databaseReadUrl && deps.databaseKind === "postgres"
      ? openReadReplica({
          primary: deps.db,
          readUrl: deps.config.databaseReadUrl,
          maxLagMs: deps.config.databaseReadMaxLagMs ?? 5_000,
          onError: (error) =>
            app.log.warn(`Bản sao đọc (DATABASE_READ_URL) lỗi, đọc từ máy chủ chính: ${error.message}`),
        })
      : primaryOnly(deps.db);
  app.addHook("onClose", async () => readReplica.close());
  const readFor = registerReadRouting(app, readReplica, { secureCookies });
  // Issue #14: administrators owe a second factor (TOTP) before anything else, unless MFA_REQUIRED_FOR_ADMINS=false.
  const adminMfaRequired = deps.config.adminMfaRequired ?? true;
  registerAuth(app, { db: deps.db, policy, secureCookies, clock, adminMfaRequired });
  // Issue #14 (R-ACC-1): a person acting for an organisation files and reads as the organisation (after auth).
  registerActingFor(app, { db: deps.db, clock });
  // Issue #17 (R-OPS-2, R-OPS-3): during maintenance, citizens' writes answer 503; reading and officers go on.
  registerMaintenanceMode(app, { db: deps.db, clock });
  // Issue #14 (R-SUB-1): an online submission's values from the population database are checked before it answers.
  registerPopulationSubmissionCheck(app, { db: deps.db, clock, population: deps.population });
  await app.register(rateLimit, {
    global: false,
    max: deps.config.publicRateLimitPerMinute,
    timeWindow: "1 minute",
    // Issue #21: several processes count in one shared store (Redis or PostgreSQL); if it fails, requests pass.
    ...(deps.rateLimitStore ? { store: fastifyRateLimitStore(deps.rateLimitStore), skipOnError: true } : {}),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "OneStop API",
        description: "Hệ thống thông tin giải quyết thủ tục hành chính: Cổng Dịch vụ công và Một cửa điện tử",
        version: "0.1.0",
      },
      servers: [{ url: deps.config.publicUrl }],
      tags: [
        { name: "catalog", description: "Danh mục thủ tục hành chính (công khai)" },
        { name: "auth", description: "Đăng nhập, phiên làm việc, đổi mật khẩu, đăng ký tài khoản" },
        { name: "agencies", description: "Cơ quan, đơn vị (công khai)" },
        { name: "citizen", description: "Hồ sơ của tổ chức, cá nhân" },
        { name: "office", description: "Tiếp nhận và giải quyết hồ sơ (cán bộ)" },
        { name: "lookup", description: "Tra cứu hồ sơ (công khai)" },
        { name: "integration", description: "Liên thông với hệ thống bên ngoài" },
        { name: "operations", description: "Vận hành" },
        { name: "evaluation", description: "Đánh giá giải quyết TTHC và Bộ chỉ số QĐ 766 (công khai)" },
        { name: "admin", description: "Quản trị: cơ quan, tài khoản, thủ tục, biểu mẫu, lịch, nhật ký" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  const metricsRegistry = registerMetrics(app, {
    token: deps.config.metricsToken,
    allow: deps.config.metricsAllow,
  });
  registerReplicaMetrics(metricsRegistry, readReplica);

  // The S3-compatible store when FILES_S3_BUCKET is set, else the filesystem store (issue #21).
  const storage =
    deps.storage ??
    openFileStorage({
      filesDir: deps.config.filesDir ?? loadConfig({}).filesDir,
      filesS3: deps.config.filesS3,
    });
  if (!deps.storage && storage.close) app.addHook("onClose", async () => storage.close?.());
  // Liveness and readiness (issue #20): readiness writes to the database and to the file store.
  await app.register(operationsRoutes, { db: deps.db, databaseKind: deps.databaseKind, storage });
  await app.register(catalogRoutes, { prefix: "/api/public", db: deps.db });
  await app.register(agencyRoutes, { prefix: "/api/public", db: deps.db });
  await app.register(authRoutes, {
    prefix: "/api/auth",
    db: deps.db,
    policy,
    secureCookies,
    clock,
    loginRateLimitPerMinute: deps.config.loginRateLimitPerMinute ?? 10,
    citizenPasswordLogin: deps.config.citizenPasswordLogin ?? true,
    adminMfaRequired,
  });
  // Officers: the TOTP code step and its enrolment, the province SSO (issue #14, R-ACC-2).
  await app.register(mfaRoutes, {
    db: deps.db,
    policy,
    secureCookies,
    clock,
    loginRateLimitPerMinute: deps.config.loginRateLimitPerMinute ?? 10,
    mfa: {
      adminRequired: adminMfaRequired,
      sealKey: deps.config.mfaEncryptionKey,
      issuerName: deps.config.mfaIssuerName ?? "OneStop",
    },
  });
  await app.register(officerSsoRoutes, {
    db: deps.db,
    policy,
    secureCookies,
    clock,
    publicUrl: deps.config.publicUrl,
    loginRateLimitPerMinute: deps.config.loginRateLimitPerMinute ?? 10,
    officer: deps.identity?.officer,
    match: {
      officerOidcMatchClaim: deps.config.officerOidcMatchClaim ?? "preferred_username",
      officerOidcMatchField: deps.config.officerOidcMatchField ?? "username",
    },
    adminMfaRequired,
  });
  // Sign-in with VNeID through OpenID Connect (issue #14, R-ACC-1): /api/auth/oidc/*, /api/account/identity|phone.
  await app.register(oidcRoutes, {
    db: deps.db,
    policy,
    secureCookies,
    clock,
    publicUrl: deps.config.publicUrl,
    loginRateLimitPerMinute: deps.config.loginRateLimitPerMinute ?? 10,
    citizen: deps.identity?.citizen,
    officer: deps.identity?.officer,
    claimNames: claimNamesOf(deps.config),
  });
  await app.register(oidcOfferingAssuranceRoutes, { db: deps.db, clock });

  const dossiers: DossierRouteContext = {
    db: deps.db,
    storage,
    clock,
    limits: {
      maxFileBytes: deps.config.maxFileBytes ?? 20 * 1_048_576,
      maxDossierBytes: deps.config.maxDossierBytes ?? 100 * 1_048_576,
    },
  };
  await app.register(multipart, {
    limits: { fileSize: dossiers.limits.maxFileBytes + 1, files: 1, fields: 10 },
  });
  // Dossier routes, by audience (issue #4): each plugin registers its own routes under /api.
  await app.register(uploadRoutes, { prefix: "/api", ...dossiers });
  await app.register(processingRoutes, { prefix: "/api", ...dossiers });
  await app.register(inboxRoutes, { prefix: "/api", ...dossiers });
  await app.register(citizenDossierRoutes, { prefix: "/api", ...dossiers });
  await app.register(dossierFileRoutes, { prefix: "/api", ...dossiers });
  // The applicant's DataStore (issue #16, R-KHO-1) and electronic archiving (R-ARC-1, R-ARC-2).
  await app.register(citizenDataStoreRoutes, { prefix: "/api", ...dossiers });
  await app.register(adminArchiveRoutes, { prefix: "/api", ...dossiers });
  await app.register(nationalPortalRoutes, {
    prefix: "/api/integration",
    db: deps.db,
    clock,
    limits: dossiers.limits,
    apiKey: deps.config.nationalPortalApiKey,
    hmacSecret: deps.config.nationalPortalHmacSecret,
  });
  // Sector systems (issue #18, R-STATUS-4): their signed reports, and their registration in the admin console.
  const sectorOptions = { db: deps.db, clock, sealKey: deps.config.mfaEncryptionKey };
  await app.register(sectorInboundRoutes, { prefix: "/api/integration", ...sectorOptions });
  await app.register(sectorAdminRoutes, { prefix: "/api", ...sectorOptions });
  await app.register(counterRoutes, { prefix: "/api", ...dossiers });
  await app.register(officeFormRoutes, {
    prefix: "/api",
    ...dossiers,
    publicUrl: deps.config.publicUrl,
    // Issue #16: forms that carry an officer's signature are signed by the officer who issues them.
    signing: deps.signing,
  });
  await app.register(citizenFormRoutes, { prefix: "/api", ...dossiers, publicUrl: deps.config.publicUrl });
  await app.register(lookupRoutes, {
    prefix: "/api/public",
    db: deps.db,
    readFor,
    publicUrl: deps.config.publicUrl,
    maskNames: deps.config.lookupMaskNames ?? true,
  });
  await app.register(settingsRoutes, { prefix: "/api/public", db: deps.db });
  // Statistics (issue #8): the dashboard and reports for monitors and leaders, the public statistics page.
  await app.register(dashboardRoutes, { prefix: "/api", db: deps.db, clock, readFor });
  await app.register(receptionOrganisationRoutes, { prefix: "/api", db: deps.db, clock, readFor });
  await app.register(reportRoutes, { prefix: "/api", db: deps.db, clock, readFor });
  await app.register(publicStatisticsRoutes, {
    prefix: "/api/public",
    db: deps.db,
    readFor,
    clock,
    rateLimitPerMinute: deps.config.publicRateLimitPerMinute,
  });
  // Verifiable results (issue #7, R-RES-1): public verification, the JWKS, and each dossier's results.
  await app.register(verifyRoutes, {
    prefix: "/api/public",
    db: deps.db,
    publicUrl: deps.config.publicUrl,
    rateLimitPerMinute: deps.config.lookupRateLimitPerMinute ?? 30,
    maxFileBytes: dossiers.limits.maxFileBytes,
    clock,
  });
  await app.register(wellKnownRoutes, { db: deps.db, clock });
  await app.register(dossierResultRoutes, { prefix: "/api", ...dossiers, publicUrl: deps.config.publicUrl });
  // Admin console (issue #6): agencies and units, accounts and roles, offerings and e-forms, calendar, audit log.
  await app.register(adminConsoleRoutes, { prefix: "/api", db: deps.db, clock });
  // The province's identity (issue #19): logo and banner, read by the portal, set by the system administrator.
  await app.register(provinceIdentityRoutes, { prefix: "/api", db: deps.db, storage, clock });
  // Fee items per offering and each agency's receiving account (issue #15, R-FEE-1, R-FEE-6).
  await app.register(adminPaymentSettingsRoutes, {
    prefix: "/api",
    db: deps.db,
    clock,
    // PAYMENT_BANK_BIN (its default when payments are not wired, as in config.ts).
    defaultBankBin: deps.payments?.bankBin ?? "970415",
  });
  // Workflow administration (issue #6, R-CAT-4): versions, drafts, validation, simulation, publication.
  await app.register(adminWorkflowRoutes, { prefix: "/api", db: deps.db, clock });
  // The national portal's inbound half (issue #13): files fetched from DVCQG, the catalog pulls and their duties.
  await app.register(nationalFileRoutes, { prefix: "/api", ...dossiers });
  // Officers' digital signatures and digitisation (issue #16, R-RECV-7, R-DIG-1/2, R-RES-1).
  await app.register(signingRoutes, { prefix: "/api", ...dossiers, signing: deps.signing });
  await app.register(catalogSyncRoutes, {
    prefix: "/api",
    db: deps.db,
    clock,
    catalogSource: () =>
      deps.catalogSource?.() ??
      (deps.config.dvcqgCatalogUrl
        ? {
            url: deps.config.dvcqgCatalogUrl,
            token: deps.config.dvcqgCatalogToken,
            timeoutMs: deps.config.dvcqgFileTimeoutMs ?? 30_000,
          }
        : undefined),
  });
  // Notifications (issue #7): own preferences, dead letters and delivery logs, the SMS lookup webhook (R-LOOK-1, R-LOOK-3).
  await app.register(notificationPreferenceRoutes, { prefix: "/api", db: deps.db, clock });
  await app.register(organisationRoutes, { prefix: "/api", db: deps.db, clock });
  // The national population database (issue #14): prefill, access log, dossier checks, usage statistics.
  await app.register(populationRoutes, { prefix: "/api", db: deps.db, clock, population: deps.population });
  await app.register(notificationAdminRoutes, {
    prefix: "/api",
    db: deps.db,
    clock,
    simulators: deps.notifications?.simulators,
  });
  // National-portal sync (issue #13): each dossier's sync state, the admin overview and replay, lag in /metrics.
  await app.register(dvcqgSyncRoutes, { prefix: "/api", db: deps.db, clock, metrics: metricsRegistry });
  // Outbound dossier events to partner systems (issue #18): subscriptions, deliveries, replay.
  await app.register(eventSubscriptionRoutes, { prefix: "/api", db: deps.db, clock });
  await app.register(smsInboundRoutes, {
    prefix: "/api/integration",
    db: deps.db,
    clock,
    secret: deps.config.smsInboundSecret,
    channels: deps.notifications?.channels,
    lookup: {
      keyword: deps.config.smsLookupKeyword ?? "TRACUU",
      perHour: deps.config.smsLookupPerHour ?? 10,
      publicUrl: deps.config.publicUrl,
      maskNames: deps.config.lookupMaskNames ?? true,
    },
    delivery: {
      maxAttempts: deps.config.notifyMaxAttempts ?? 6,
      backoffSeconds: deps.config.notifyBackoffSeconds ?? 30,
    },
  });
  // The messaging channel (issue #18): the official account's signed webhook, and the photos it received for the
  // office to accept or reject.
  await app.register(messagingWebhookRoutes, {
    prefix: "/api/integration",
    db: deps.db,
    storage,
    clock,
    port: deps.messaging?.port,
    webhook: deps.messaging?.webhook ?? { appId: "", secret: undefined, windowSeconds: 300 },
    channels: deps.notifications
      ? { ...deps.notifications.channels, ...(deps.messaging ? { zalo: deps.messaging.port } : {}) }
      : undefined,
    messaging: {
      keyword: deps.config.smsLookupKeyword ?? "TRACUU",
      perHour: deps.config.smsLookupPerHour ?? 10,
      publicUrl: deps.config.publicUrl,
      maskNames: deps.config.lookupMaskNames ?? true,
      maxFileBytes: dossiers.limits.maxFileBytes,
    },
    delivery: {
      maxAttempts: deps.config.notifyMaxAttempts ?? 6,
      backoffSeconds: deps.config.notifyBackoffSeconds ?? 30,
    },
  });
  await app.register(messagingPhotoRoutes, { prefix: "/api", ...dossiers });
  // Evaluation and the QĐ 766 index (issue #8, R-EVAL, R-KPI): ratings on the portal and at the counter kiosk, public
  // results, the full index with its drill-down for monitors and leaders.
  await app.register(citizenRatingRoutes, { prefix: "/api", db: deps.db, clock });
  await app.register(kioskRoutes, { prefix: "/api", db: deps.db, clock });
  await app.register(publicEvaluationRoutes, { prefix: "/api/public", db: deps.db, clock, readFor });
  await app.register(kpiRoutes, { prefix: "/api", db: deps.db, clock, readFor });
  // Fees and online payment (issue #15, R-FEE-1…6): the applicant's fees and payments, the platform's signed callback,
  // counter payments and held payments, e-receipts and their public check.
  await app.register(citizenPaymentRoutes, {
    prefix: "/api",
    db: deps.db,
    clock,
    publicUrl: deps.config.publicUrl,
    payments: deps.payments,
  });
  await app.register(paymentCallbackRoutes, {
    prefix: "/api/integration",
    db: deps.db,
    clock,
    secret: deps.payments?.callbackSecret,
  });
  await app.register(officePaymentRoutes, { prefix: "/api", db: deps.db, clock, payments: deps.payments });
  await app.register(reconciliationRoutes, { prefix: "/api", db: deps.db, clock, payments: deps.payments });
  await app.register(receiptRoutes, {
    prefix: "/api",
    db: deps.db,
    storage,
    publicUrl: deps.config.publicUrl,
    rateLimitPerMinute: deps.config.lookupRateLimitPerMinute ?? 30,
  });
  // Support and service announcements (issue #17, R-OPS-2…4): tickets and hotline, maintenance, incidents, status.
  await app.register(supportRoutes, {
    prefix: "/api",
    db: deps.db,
    clock,
    targets: supportTargetsFrom(deps.config),
    rateLimitPerMinute: deps.config.publicRateLimitPerMinute,
  });
  await app.register(announcementRoutes, {
    prefix: "/api",
    db: deps.db,
    clock,
    publicUrl: deps.config.publicUrl,
  });
  // Feedback (PAKN), questions and the FAQ (issue #17, R-PAKN-1…3, R-QA-1).
  await app.register(publicFeedbackRoutes, { prefix: "/api", ...dossiers });
  await app.register(staffFeedbackRoutes, { prefix: "/api", db: deps.db, clock });
  // The public postal service (issue #18, R-SUB-2, R-RES-3): orders, hand-over, postal staff, signed webhook.
  await app.register(postalRoutes, { prefix: "/api", ...dossiers, postal: deps.postal });
  // Last: the web pages and their fallback (issue #5) answer only what no route above matched.
  await registerWebPages(app);
  return app;
}
