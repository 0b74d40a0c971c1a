import { Worker } from "node:worker_threads";
import type { BackendMessage, ReadyForQueryMessage } from "pg-protocol/dist/messages.js";
import { Parser } from "pg-protocol/dist/parser.js";
import { serialize } from "pg-protocol/dist/serializer.js";
import type { PgliteDurability } from "./durablePglite.mjs";

/**
 * The embedded database seen from the HTTP thread (issue #21): PGlite runs in a worker thread
 * (src/db/pgliteWorkerThread.mjs), so a long report no longer stops the event loop that serves every other request.
 *
 * This object is what PGlite's node-postgres shim (`createPgConfig`) needs of a PGlite: `waitReady` and
 * `execProtocolStream`. The bytes the shim serializes go to the worker, which runs them with `execProtocolRaw`
 * and transfers the raw answer back; they are parsed here with pg-protocol's Parser, as PGlite's own
 * `execProtocolStream` does, so an error is the same `DatabaseError` (with its SQLSTATE `code`) that `pg` gives on
 * a server. PGlite is one session: the shim already sends one call at a time, and the worker keeps their order.
 *
 * If the thread dies (a WebAssembly abort, out of memory), every call in flight and every later one fails with a
 * connection error (SQLSTATE 08006, "Connection terminated…"), which the error handler answers with 503, instead
 * of waiting forever for an answer that will not come.
 */
export interface PgliteWorkerOptions {
  /** Folder of the database; `memory://` keeps it in memory. */
  dataDir: string;
  durability: PgliteDurability;
  /** A data dump (from `dumpDataDir`) to start from. */
  loadDataDir?: Blob;
}

interface Pending {
  resolve: (answer: WorkerAnswer) => void;
  reject: (error: Error) => void;
}

interface WorkerAnswer {
  id: number;
  bytes?: Uint8Array | ArrayBuffer;
  value?: number;
  error?: { message: string; code?: unknown };
}

const workerFile = new URL("./pgliteWorkerThread.mjs", import.meta.url);

/** Parse, Bind, Describe, Execute, Close: frontend messages the backend answers only in order, up to the Sync. */
const HELD_UNTIL_SYNC = new Set(["P", "B", "D", "E", "C"].map((letter) => letter.charCodeAt(0)));

const PARSE = "P".charCodeAt(0);
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);
/** Statements that cannot open, end or change a transaction (nor the session): their requests may be sent as they come. */
const PLAIN_STATEMENT = /^\s*(select|insert|update|delete|with|values)\b/i;

/**
 * Whether a request (messages up to a Sync, or a simple Query) may open or end a transaction or change the session:
 * a simple Query or a Parse of anything but one plain statement (`begin`, `commit`, `set`, `select 1; begin`…), a Bind of a statement parsed earlier (its
 * text unknown here), any message but Parse, Bind, Describe, Execute, Close and Sync. Only plain statements pass.
 */
export function mayChangeTransaction(request: Uint8Array): boolean {
  let parsed = false;
  let offset = 0;
  while (offset < request.byteLength) {
    const type = request[offset]!;
    const length = new DataView(request.buffer, request.byteOffset + offset + 1, 4).getInt32(0);
    if (type === PARSE) {
      // 'P', Int32 length, the statement's name (C string), its text (C string), …
      let text = offset + 5;
      while (text < request.byteLength && request[text] !== 0) text++;
      const head = Buffer.from(
        request.buffer,
        request.byteOffset + text + 1,
        Math.min(32, offset + 1 + length - text - 1),
      );
      if (!PLAIN_STATEMENT.test(head.toString("latin1"))) return true;
      parsed = true;
    } else if (type === QUERY) {
      // 'Q', Int32 length, the text (C string): one plain statement (no `;`, which could start another) passes.
      const text = Buffer.from(request.buffer, request.byteOffset + offset + 5, length - 5).toString("utf8");
      if (!PLAIN_STATEMENT.test(text) || text.includes(";")) return true;
      parsed = true;
    } else if (!HELD_UNTIL_SYNC.has(type) && type !== SYNC) return true;
    offset += 1 + length;
  }
  return !parsed;
}

/** One fresh buffer holding these messages one after the other. */
function concatenate(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}

/** What the HTTP thread sees when the database's thread has gone: a lost connection (503, retry later). */
function workerGone(detail: string): Error {
  return Object.assign(
    new Error(`Connection terminated: the embedded database's thread stopped (${detail})`),
    {
      code: "08006",
    },
  );
}

export class PgliteWorker {
  /** Settles when PGlite is open in the worker (rejects if it could not open). */
  readonly waitReady: Promise<void>;
  readonly #worker: Worker;
  /**
   * The connection that has the one session to itself: it is in a transaction (its last ReadyForQuery said `T` or
   * `E`), or it sent something that may open one and its answer is not in yet. Nobody else's request is sent then.
   */
  #owner: PgliteConnection | undefined;
  /** Requests of other connections waiting for the owner to finish, first come first sent. */
  #waiting: Queued[] = [];
  /** The connection of `execProtocolStream` on this object itself (one-connection use: the tests, the shim alone). */
  readonly #own = new PgliteConnection(this);
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #gone: Error | undefined;
  #closing = false;
  /** One parser for the session, as in PGlite: a message is never split across answers, but it keeps the rules. */
  #parser = new Parser();

  constructor(options: PgliteWorkerOptions, loadDataDir: ArrayBuffer | undefined) {
    this.#worker = new Worker(workerFile, {
      workerData: { dataDir: options.dataDir, durability: options.durability, loadDataDir },
      transferList: loadDataDir ? [loadDataDir] : [],
      // The worker imports only JavaScript: no tsx, no loader flags of the parent (Vitest's, tsx's) to inherit.
      execArgv: [],
    });
    this.waitReady = new Promise<void>((resolve, reject) => {
      const onStart = (message: { type?: string; error?: { message: string } }) => {
        if (message.type === "ready") resolve();
        else if (message.type === "failed")
          reject(new Error(message.error?.message ?? "PGlite did not start"));
        else return;
        this.#worker.off("message", onStart);
        this.#worker.on("message", (answer: WorkerAnswer) => this.#answer(answer));
        this.#idle();
      };
      this.#worker.on("message", onStart);
      this.#worker.on("error", (error) => this.#die(workerGone(error.message)));
      this.#worker.on("exit", (code) => {
        const gone = this.#die(workerGone(`exit code ${code}`));
        reject(gone);
      });
    });
    // Nobody may be waiting yet (the shim awaits it at connect); the failure is reported there.
    this.waitReady.catch(() => {});
  }

  /** The shim's entry point for one connection alone (see PgliteConnection.execProtocolStream). */
  execProtocolStream(bytes: Uint8Array, _options?: { throwOnError?: boolean }): Promise<BackendMessage[]> {
    return this.#own.execProtocolStream(bytes);
  }

  /** A new connection to the one session, for a pool of several (see PgliteConnection). */
  connection(): PgliteConnection {
    return new PgliteConnection(this);
  }

  /**
   * Runs one request (messages up to their Sync, or a simple Query) of `connection`, in the order the connections
   * sent them, and keeps transactions whole (issue #21):
   * - a request that may open or end a transaction (a simple Query, or any statement but a plain select, insert,
   *   update, delete, with or values) makes its connection the owner until its answer says the session is idle;
   * - while a connection owns the session only its requests are sent, the others wait in order;
   * - otherwise requests are sent as they come, without waiting for the answer to the one before: the database's
   *   thread runs them back to back (each its own implicit transaction, up to its Sync) instead of idling while each
   *   answer waits for its turn on this thread's event loop, and one turn takes several answers.
   * This is what PostgreSQL gives a pool of connections, except that statements run one after the other.
   */
  run(connection: PgliteConnection, request: Uint8Array<ArrayBuffer>): Promise<BackendMessage[]> {
    const exclusive = mayChangeTransaction(request);
    if (this.#gone) return Promise.reject(this.#gone);
    if (this.#owner === connection || (this.#owner === undefined && this.#waiting.length === 0))
      return this.#send(connection, request, exclusive);
    return new Promise((resolve, reject) =>
      this.#waiting.push({ connection, request, exclusive, resolve, reject }),
    );
  }

  /**
   * A connection is closed (the pool discards a client): if it still owns the session (a transaction left open), its
   * transaction is rolled back, so the others are not left waiting for a commit that will never come.
   */
  abandon(connection: PgliteConnection): void {
    if (this.#owner !== connection || this.#gone) return;
    const rollback = new Uint8Array(serialize.query("rollback"));
    this.#send(connection, rollback, true).catch(() => {});
  }

  /** Sends a request, parses its answer and notes who owns the session after it. */
  async #send(
    connection: PgliteConnection,
    request: Uint8Array<ArrayBuffer>,
    exclusive: boolean,
  ): Promise<BackendMessage[]> {
    if (exclusive) this.#owner = connection;
    let answer: WorkerAnswer;
    try {
      answer = await this.#call({ type: "exec", bytes: request }, [request.buffer]);
    } catch (error) {
      // The thread is gone (every later call fails too): let the waiting requests fail now, not wait forever.
      if (this.#owner === connection) this.#owner = undefined;
      this.#sendWaiting();
      throw error;
    }
    const raw =
      answer.bytes instanceof Uint8Array ? answer.bytes : new Uint8Array(answer.bytes ?? new ArrayBuffer(0));
    const messages: BackendMessage[] = [];
    let status: string | undefined;
    try {
      this.#parser.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), (message) => {
        if (message.name === "readyForQuery") status = (message as ReadyForQueryMessage).status;
        messages.push(message);
      });
    } catch (error) {
      this.#parser = new Parser();
      if (this.#owner === connection) this.#owner = undefined;
      this.#sendWaiting();
      throw error;
    }
    // Answers come in the order the requests were sent, so this is the session's state after this request.
    if (status !== undefined && status !== "I") this.#owner = connection;
    else if (this.#owner === connection) this.#owner = undefined;
    this.#sendWaiting();
    return messages;
  }

  /** Sends the waiting requests in order, up to one that waits for an owner (or becomes one). */
  #sendWaiting(): void {
    while (this.#waiting.length > 0) {
      const next = this.#waiting[0]!;
      if (this.#owner !== undefined && this.#owner !== next.connection) return;
      this.#waiting.shift();
      if (this.#gone) {
        next.reject(this.#gone);
        continue;
      }
      this.#send(next.connection, next.request, next.exclusive).then(next.resolve, next.reject);
    }
  }

  /** The data folder as an uncompressed tarball (backup, the tests' migrated snapshot). */
  async dumpDataDir(): Promise<Blob> {
    const answer = await this.#call({ type: "dump" });
    return new Blob([answer.bytes ?? new Uint8Array(0)]);
  }

  /** How many fsyncs the durable filesystem has done (0 when relaxed or in memory): the bench and tests read it. */
  async fsyncCount(): Promise<number> {
    return (await this.#call({ type: "fsyncCount" })).value ?? 0;
  }

  /** Closes PGlite (it checkpoints) and ends the thread. */
  async close(): Promise<void> {
    if (this.#gone) return;
    this.#closing = true;
    try {
      await this.waitReady;
      await this.#call({ type: "close" });
    } finally {
      await this.#worker.terminate();
    }
  }

  /** Tests only: ends the thread abruptly, as a crash of the WebAssembly build would. */
  async kill(): Promise<void> {
    await this.#worker.terminate();
  }

  #call(message: { type: string; bytes?: Uint8Array }, transfer: ArrayBuffer[] = []): Promise<WorkerAnswer> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise<WorkerAnswer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // While an answer is awaited the thread keeps the process alive; idle, it does not (a CLI command that forgot
      // to close the database still exits, as it did with PGlite on the main thread).
      if (this.#pending.size === 1) this.#worker.ref();
      this.#worker.postMessage({ ...message, id }, transfer);
    });
  }

  #answer(answer: WorkerAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (!pending) return;
    this.#pending.delete(answer.id);
    this.#idle();
    if (answer.error) {
      pending.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    } else {
      pending.resolve(answer);
    }
  }

  #idle(): void {
    if (this.#pending.size === 0) this.#worker.unref();
  }

  #die(error: Error): Error {
    if (!this.#gone) this.#gone = this.#closing ? new Error("PGlite is closed") : error;
    for (const pending of this.#pending.values()) pending.reject(this.#gone);
    this.#pending.clear();
    for (const queued of this.#waiting.splice(0)) queued.reject(this.#gone);
    return this.#gone;
  }
}

interface Queued {
  connection: PgliteConnection;
  request: Uint8Array<ArrayBuffer>;
  exclusive: boolean;
  resolve: (messages: BackendMessage[]) => void;
  reject: (error: Error) => void;
}

/**
 * One connection of the pool to the embedded database's one session: what PGlite's node-postgres shim
 * (`createPgConfig`) needs of a PGlite, `waitReady` and `execProtocolStream`. The shim sends one message at a time
 * and waits for its answer; each connection has its own shim, so several connections' statements can be on their
 * way together (PgliteWorker.run decides when each is sent).
 */
export class PgliteConnection {
  readonly #database: PgliteWorker;
  /** Extended-protocol messages waiting for their Sync. */
  #held: Uint8Array[] = [];

  constructor(database: PgliteWorker) {
    this.#database = database;
  }

  get waitReady(): Promise<void> {
    return this.#database.waitReady;
  }

  /**
   * Runs protocol bytes, returns every backend message (errors included, never thrown).
   *
   * The shim hands over each message of a statement separately (Parse, Bind, Describe, Execute, then Sync). A
   * message the backend needs no answer to before the Sync is held here and sent with it, as a socket would carry
   * them (issue #21): one trip to the database's thread per statement instead of five. The backend answers the
   * whole run at once, in order; after an error it skips to the Sync itself, as on a server.
   */
  async execProtocolStream(
    bytes: Uint8Array,
    _options?: { throwOnError?: boolean },
  ): Promise<BackendMessage[]> {
    // A fresh buffer of exactly these bytes: `pg`'s serializer may hand out a view on a larger, reused buffer.
    if (HELD_UNTIL_SYNC.has(bytes[0]!)) {
      this.#held.push(new Uint8Array(bytes));
      return [];
    }
    const request = concatenate([...this.#held, bytes]);
    this.#held = [];
    return this.#database.run(this, request);
  }

  /** The pool closed this connection: a transaction it left open is rolled back (PgliteWorker.abandon). */
  end(): void {
    this.#held = [];
    this.#database.abandon(this);
  }
}

/** Starts the embedded database in its own thread and waits until it is open. */
export async function startPgliteWorker(options: PgliteWorkerOptions): Promise<PgliteWorker> {
  const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
  const worker = new PgliteWorker(options, loadDataDir);
  try {
    await worker.waitReady;
  } catch (error) {
    await worker.kill();
    throw error;
  }
  return worker;
}
