import type { Migration, MigrationProvider } from "kysely";
import * as catalog from "./0001_catalog.ts";
import * as accounts from "./0002_accounts.ts";
import * as dossiers from "./0003_dossiers.ts";
import * as deadlineWatch from "./0004_deadline_watch.ts";
import * as lookupIndexes from "./0005_lookup_indexes.ts";
import * as internalDocuments from "./0006_internal_documents.ts";
import * as resultVerification from "./0007_result_verification.ts";
import * as notifications from "./0008_notifications.ts";
import * as evaluations from "./0009_evaluations.ts";
import * as statistics from "./0010_statistics.ts";
import * as workflows from "./0011_workflows.ts";
import * as adminAudit from "./0012_admin_audit.ts";
import * as lookupAndJudgedAppointment from "./0013_lookup_and_judged_appointment.ts";
import * as ruleOptions from "./0014_rule_options.ts";
import * as sameDayAndReception from "./0015_same_day_and_reception.ts";
import * as outboundSync from "./0016_outbound_sync.ts";
import * as nationalPortalInbound from "./0017_national_portal_inbound.ts";
import * as identity from "./0018_identity.ts";
import * as payments from "./0019_payments.ts";
import * as healthProbe from "./0020_health_probe.ts";
import * as agencyPaymentAccount from "./0022_agency_payment_account.ts";
import * as populationAccess from "./0023_population_access.ts";
import * as organisations from "./0024_organisations.ts";
import * as officerMfa from "./0025_officer_mfa.ts";
import * as loginThrottle from "./0026_login_throttle.ts";
import * as feedback from "./0027_feedback.ts";
import * as supportAndAnnouncements from "./0028_support_and_announcements.ts";
import * as digitisationAndSignatures from "./0029_digitisation_and_signatures.ts";
import * as dataStoreAndArchive from "./0030_data_store_and_archive.ts";
import * as postal from "./0031_postal.ts";
import * as messagingChannel from "./0032_messaging_channel.ts";
import * as sectorSystems from "./0033_sector_systems.ts";
import * as eventSubscriptions from "./0034_event_subscriptions.ts";
import * as registerAndProvinceIdentity from "./0035_register_and_province_identity.ts";
import * as catalogVersion from "./0037_catalog_version.ts";
import * as rateLimitCounters from "./0038_rate_limit_counters.ts";
import * as dossierLookup from "./0039_dossier_lookup.ts";
import * as inboxAgencyDue from "./0040_inbox_agency_due.ts";

import * as kpiMonthSnapshots from "./0041_kpi_month_snapshots.ts";
import * as monthPartitions from "./0042_month_partitions.ts";
import * as monthReportFigures from "./0043_month_report_figures.ts";
import * as calendarVersion from "./0044_calendar_version.ts";

/**
 * Migrations in order, listed statically so the same list runs from source, from a build and from tests
 * without scanning folders. Never edit a migration that has shipped: add the next one.
 */
const migrations: Record<string, Migration> = {
  "0001_catalog": catalog,
  "0002_accounts": accounts,
  "0003_dossiers": dossiers,
  "0004_deadline_watch": deadlineWatch,
  "0005_lookup_indexes": lookupIndexes,
  "0006_internal_documents": internalDocuments,
  "0007_result_verification": resultVerification,
  "0008_notifications": notifications,
  "0009_evaluations": evaluations,
  "0010_statistics": statistics,
  "0011_workflows": workflows,
  "0012_admin_audit": adminAudit,
  "0020_health_probe": healthProbe,
  "0013_lookup_and_judged_appointment": lookupAndJudgedAppointment,
  "0015_same_day_and_reception": sameDayAndReception,
  "0016_outbound_sync": outboundSync,
  "0017_national_portal_inbound": nationalPortalInbound,
  "0018_identity": identity,
  "0019_payments": payments,
  "0014_rule_options": ruleOptions,
  "0022_agency_payment_account": agencyPaymentAccount,
  "0023_population_access": populationAccess,
  "0024_organisations": organisations,
  "0025_officer_mfa": officerMfa,
  "0026_login_throttle": loginThrottle,
  "0027_feedback": feedback,
  "0028_support_and_announcements": supportAndAnnouncements,
  "0029_digitisation_and_signatures": digitisationAndSignatures,
  "0030_data_store_and_archive": dataStoreAndArchive,
  "0031_postal": postal,
  "0032_messaging_channel": messagingChannel,
  "0034_event_subscriptions": eventSubscriptions,
  "0033_sector_systems": sectorSystems,
  "0035_register_and_province_identity": registerAndProvinceIdentity,
  "0037_catalog_version": catalogVersion,
  "0038_rate_limit_counters": rateLimitCounters,
  "0039_dossier_lookup": dossierLookup,
  "0040_inbox_agency_due": inboxAgencyDue,
  "0041_kpi_month_snapshots": kpiMonthSnapshots,
  "0042_month_partitions": monthPartitions,
  "0043_month_report_figures": monthReportFigures,
  "0044_calendar_version": calendarVersion,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
