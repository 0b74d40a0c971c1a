import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The built pages (vite build → dist/web), at the same depth from src/http/plugins and dist/http/plugins; or the folder
 * named by ONESTOP_WEB_ROOT, which vite.config.ts builds into too (a deployment serving the pages from elsewhere, or
 * two checkouts' browser tests side by side).
 */
export const defaultWebRoot = process.env.ONESTOP_WEB_ROOT
  ? resolve(process.env.ONESTOP_WEB_ROOT)
  : resolve(dirname(fileURLToPath(import.meta.url)), "../../../dist/web");

/** Paths that belong to the server: they keep their JSON 404 and never get the page. */
const serverPaths = /^\/(api|docs|metrics|health)(\/|$)/;

/**
 * Serves the web app (issue #5): hashed assets with immutable caching, index.html revalidated every time, and the
 * page for any other GET that asks for HTML, so that /thu-tuc/1.001193 or a QR code's /tra-cuu/<code> opens the app.
 * Without a build it serves nothing and says so in the log.
 */
export async function registerWebPages(app: FastifyInstance, root: string = defaultWebRoot): Promise<void> {
  if (!existsSync(join(root, "index.html"))) {
    app.log.warn({ root }, "Chưa có giao diện web: chạy npm run build:web");
    return;
  }
  await app.register(fastifyStatic, {
    root,
    serve: false,
    cacheControl: false,
    // Vite names every asset by its content hash: cached for a year; index.html is checked on every visit.
    setHeaders(reply, path) {
      if (/[\\/]assets[\\/]/.test(path)) reply.header("cache-control", "public, max-age=31536000, immutable");
      else reply.header("cache-control", "no-cache");
    },
  });
  const base = resolve(root);
  // One route for every GET no other route matched: a file of the build when there is one (looked up at request
  // time, so a rebuild needs no restart), else the page when HTML is asked for outside the server's own paths,
  // else the JSON 404 of src/http/plugins/errors.ts (reply.callNotFound), so /api/… keeps answering like an API.
  const serve = (request: FastifyRequest, reply: FastifyReply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split("?")[0] ?? "/");
    } catch {
      return reply.callNotFound();
    }
    if (serverPaths.test(path)) return reply.callNotFound();
    const file = resolve(base, `.${path}`);
    if (path !== "/" && file.startsWith(base + sep) && isFile(file))
      return reply.sendFile(relative(base, file));
    if (!(request.headers.accept ?? "").includes("text/html")) return reply.callNotFound();
    return reply.type("text/html; charset=utf-8").sendFile("index.html");
  };
  app.get("/", { schema: { hide: true } }, serve);
  app.get("/*", { schema: { hide: true } }, serve);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
