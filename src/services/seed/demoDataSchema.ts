import { type Static, Type } from "typebox";

/** The formats of the demo province files in `data/` (documented in data/README.md). */

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Time = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" });
const IsoDate = Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });

export const AgencyFile = Type.Array(
  Type.Object({
    code: Type.String({ minLength: 1, maxLength: 40, pattern: "^\\S+$" }),
    name: Type.String({ minLength: 1 }),
    shortName: Type.Optional(Nullable(Type.String())),
    level: Type.Union([
      Type.Literal("province"),
      Type.Literal("department"),
      Type.Literal("commune"),
      Type.Literal("other"),
    ]),
    parentCode: Nullable(Type.String()),
    receivedAtCode: Type.Optional(Nullable(Type.String())),
    address: Type.Optional(Nullable(Type.String())),
    phone: Type.Optional(Nullable(Type.String())),
    email: Type.Optional(Nullable(Type.String())),
    website: Type.Optional(Nullable(Type.String())),
    hotline: Type.Optional(Nullable(Type.String())),
    workingIntervals: Type.Optional(
      Type.Union([Type.Array(Type.Object({ start: Time, end: Time })), Type.Null()]),
    ),
    units: Type.Array(
      Type.Object({
        code: Type.String({ minLength: 1, maxLength: 40 }),
        name: Type.String({ minLength: 1 }),
        kind: Type.Union([
          Type.Literal("counter"),
          Type.Literal("professional"),
          Type.Literal("leadership"),
          Type.Literal("other"),
        ]),
      }),
    ),
  }),
);

export const SectorFile = Type.Array(
  Type.Object({
    code: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    fields: Type.Array(
      Type.Object({ code: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) }),
    ),
  }),
);

const ChannelName = Type.Union([Type.Literal("counter"), Type.Literal("online"), Type.Literal("postal")]);
export const OfferingFile = Type.Array(
  Type.Object({
    agencyCode: Type.String({ minLength: 1 }),
    procedureCode: Type.String({ pattern: "^[0-9]\\.[0-9]{6}$" }),
    onlineLevel: Type.Union([Type.Literal("full"), Type.Literal("partial"), Type.Literal("none")]),
    channels: Type.Array(ChannelName, { minItems: 1 }),
  }),
);

export const RoleName = Type.Union([
  Type.Literal("citizen"),
  Type.Literal("organisation_representative"),
  Type.Literal("counter_officer"),
  Type.Literal("specialist"),
  Type.Literal("unit_head"),
  Type.Literal("agency_leader"),
  Type.Literal("agency_admin"),
  Type.Literal("service_center_monitor"),
  Type.Literal("support_staff"),
  Type.Literal("postal_staff"),
  Type.Literal("system_admin"),
]);

export const UserFile = Type.Array(
  Type.Object({
    username: Type.String({ minLength: 3, maxLength: 64, pattern: "^[a-zA-Z0-9._-]+$" }),
    password: Type.String({ minLength: 12 }),
    fullName: Type.String({ minLength: 1 }),
    kind: Type.Union([Type.Literal("officer"), Type.Literal("citizen"), Type.Literal("organisation")]),
    email: Type.Optional(Nullable(Type.String())),
    phone: Type.Optional(Nullable(Type.String())),
    identificationNumber: Type.Optional(Nullable(Type.String({ pattern: "^[0-9]{12}$" }))),
    organisationTaxCode: Type.Optional(Nullable(Type.String())),
    identityLevel: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Null()])),
    grants: Type.Array(
      Type.Object({
        role: RoleName,
        agencyCode: Nullable(Type.String()),
        unitCode: Type.Optional(Nullable(Type.String())),
      }),
    ),
  }),
);

const NamedDate = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1 }) });
export const CalendarFile = Type.Object({
  years: Type.Record(
    Type.String({ pattern: "^[0-9]{4}$" }),
    Type.Object({ holidays: Type.Array(NamedDate), makeupDays: Type.Array(NamedDate) }),
  ),
});

export type AgencyFile = Static<typeof AgencyFile>;
export type SectorFile = Static<typeof SectorFile>;
export type OfferingFile = Static<typeof OfferingFile>;
export type UserFile = Static<typeof UserFile>;
export type CalendarFile = Static<typeof CalendarFile>;
