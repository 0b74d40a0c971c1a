import { Type } from "typebox";

/** The error body of every route (src/http/plugins/errors.ts). */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    }),
  },
  { $id: "ErrorResponse", description: "Lỗi, với thông điệp tiếng Việt (tiếng Anh khi Accept-Language: en)" },
);

export const errorResponses = {
  400: ErrorResponse,
  404: ErrorResponse,
  429: ErrorResponse,
};

/** R-CODE-4: national procedure code `d.dddddd`. */
export const ProcedureCode = Type.String({ pattern: "^[0-9]\\.[0-9]{6}$", examples: ["1.001193"] });
/** R-CODE-3: agency identifier, opaque, ≤ 40 characters without spaces. */
export const AgencyCode = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: "^\\S+$",
  examples: ["000.00.01.H99"],
});
