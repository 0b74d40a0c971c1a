/**
 * Agency identifiers (mã định danh điện tử cơ quan, R-CODE-3). Two forms circulate — the legacy QCVN 102:2016
 * `DDD.CC.BB.AXX` (e.g. `000.00.01.H22`) and the newer `MX1X2.Y1Y2Y3.Z1Z2` (e.g. `G09.20`) — so the identifier is
 * stored as an opaque string and only checked for being non-empty, at most 40 characters, without whitespace.
 */
export const AGENCY_ID_MAX_LENGTH = 40;

export function isValidAgencyId(value: string): boolean {
  return value.length > 0 && value.length <= AGENCY_ID_MAX_LENGTH && !/\s/.test(value);
}

/** The four levels of a legacy identifier, read right to left (R-CODE-3 [M]). */
export interface LegacyAgencyId {
  /** `AXX`: the level-1 unit, e.g. `H56` a province. */
  level1: string;
  /** `BB` */
  level2: string;
  /** `CC` */
  level3: string;
  /** `DDD` */
  level4: string;
}

const LEGACY_AGENCY_ID = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})$/;

/** The levels of a legacy `DDD.CC.BB.AXX` identifier; nothing for any other form (which stays valid and opaque). */
export function findLegacyAgencyIdLevels(value: string): LegacyAgencyId | undefined {
  const match = LEGACY_AGENCY_ID.exec(value);
  if (!match) return undefined;
  const [, level4, level3, level2, level1] = match as unknown as [string, string, string, string, string];
  return { level1, level2, level3, level4 };
}
