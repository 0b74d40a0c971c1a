import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import { publishedJwks } from "../../services/results/signingKeys.ts";

export interface WellKnownRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object(
      {
        kty: Type.String(),
        crv: Type.String(),
        x: Type.String(),
        y: Type.String(),
        kid: Type.String(),
        alg: Type.String(),
        use: Type.String(),
      },
      { additionalProperties: false },
    ),
  ),
});

/**
 * `GET /.well-known/jwks.json` (RFC 8615, RFC 7517): the province's public keys for verifying results offline (R-RES-1),
 * the active one first, then the retired ones still valid for old results. Cached for an hour: a rotation is seen
 * within the hour, and a result signed by the new key names a key id a verifier can refetch for.
 */
export const wellKnownRoutes: FastifyPluginAsyncTypebox<WellKnownRouteOptions> = async (app, options) => {
  app.get(
    "/.well-known/jwks.json",
    {
      config: { rateLimit: {} },
      schema: {
        tags: ["lookup"],
        summary: "Khóa công khai để kiểm tra chữ ký của kết quả điện tử (JWKS)",
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      const jwks = await publishedJwks(options.db, options.clock());
      return reply
        .header("content-type", "application/jwk-set+json; charset=utf-8")
        .header("cache-control", "public, max-age=3600")
        .header("access-control-allow-origin", "*")
        .send(jwks);
    },
  );
};
