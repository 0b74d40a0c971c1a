/**
 * The people the simulated VNeID knows (development and tests only; all data invented). Several assurance levels
 * (NĐ 69/2024: level 1 and level 2 e-ID accounts), one with a local OneStop account of the same ID number (the
 * demo citizen of data/users.json: linked after proof of its password), one without a phone number (asked after the
 * first login), and organisation representatives (issue #14).
 */
export interface DemoIdentity {
  /** Số định danh cá nhân: the subject and the `citizen_id` claim. */
  citizenId: string;
  name: string;
  /** `YYYY-MM-DD` (OIDC `birthdate`). */
  birthdate: string;
  gender: "male" | "female";
  phone: string | null;
  /** 1 or 2: sent as the `acr` claim `urn:vneid:loa:<level>`. */
  level: 1 | 2;
  /** The organisation this person legally represents, when any (shown on the login page, sent as a claim). */
  organisation?: { taxCode: string; name: string; address?: string };
}

/** The demo organisation (issue #14): the same tax code as the demo organisation account of data/users.json. */
const demoOrganisation = {
  taxCode: "9900123456",
  name: "Công ty TNHH Nông sản Xanh Demo",
  address: "Số 12 đường Lê Lợi, phường Đông Thành, tỉnh Ninh Bình",
};

export const demoIdentities: readonly DemoIdentity[] = [
  {
    citizenId: "099090001234",
    name: "Nguyễn Văn An",
    birthdate: "1990-05-12",
    gender: "male",
    phone: "0912000001",
    level: 2,
  },
  {
    citizenId: "099195004321",
    name: "Lê Thị Hoa",
    birthdate: "1995-08-20",
    gender: "female",
    phone: null,
    level: 2,
  },
  {
    citizenId: "099088007777",
    name: "Phạm Minh Tuấn",
    birthdate: "1988-01-30",
    gender: "male",
    phone: "0912000077",
    level: 1,
  },
  {
    citizenId: "099185002222",
    name: "Trần Thị Bình",
    birthdate: "1985-11-02",
    gender: "female",
    phone: "0912000002",
    level: 2,
    organisation: demoOrganisation,
  },
  {
    citizenId: "099092003333",
    name: "Võ Quốc Huy",
    birthdate: "1992-03-15",
    gender: "male",
    phone: "0912000033",
    level: 2,
    organisation: demoOrganisation,
  },
  // A mother registering her newborn's birth: her form is prefilled from the simulated population database.
  {
    citizenId: "099196005555",
    name: "Đặng Thị Mai",
    birthdate: "1996-04-18",
    gender: "female",
    phone: "0912000055",
    level: 2,
  },
];

/**
 * The `organisations` claim of a person (issue #14): the organisations they are the legal representative of, as the
 * national e-ID would vouch for them (NĐ 69/2024 issues an organisation's e-ID through its legal representative).
 */
export function organisationClaims(person: DemoIdentity): Record<string, unknown> {
  if (!person.organisation) return {};
  const { taxCode, name, address } = person.organisation;
  return { organisations: [{ tax_code: taxCode, name, address: address ?? null }] };
}

/** The `acr` value the simulator sends for a level. */
export function acrForLevel(level: 1 | 2): string {
  return `urn:vneid:loa:${level}`;
}
