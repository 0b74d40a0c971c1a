import { type TSchema, Type } from "typebox";
import { ErrorResponse } from "../../schemas/common.ts";

/** Schemas the admin console's routes share. */
export const Obj = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Id = Type.String({ format: "uuid" });
export const IdParams = Type.Object({ id: Id });
export const adminErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
export const Created = Type.Object({ id: Type.String() });
export const NoContent = Type.Null();
export const TimeOfDay = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", examples: ["07:00"] });
export const WorkingIntervals = Type.Array(Obj({ start: TimeOfDay, end: TimeOfDay }), { maxItems: 6 });
export const tags = ["admin"];
