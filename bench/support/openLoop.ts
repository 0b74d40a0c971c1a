/**
 * An open-loop HTTP load generator for the peak benchmark (issue #21): requests are sent at a fixed rate whatever
 * the server's answers, and each request's latency counts from the time it was scheduled, not from when it was
 * sent, so the queueing of an overloaded server shows in the figures (no coordinated omission). Each request is of a
 * class of the mix, drawn with a seeded random generator so two runs send the same sequence.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface PlannedRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** JSON body of a POST. */
  body?: unknown;
  /** The status a correct answer has (200 unless told). */
  expect?: number;
  /** Called with the parsed body of a correct answer (the body is read only when this is set). */
  onAnswer?: (body: unknown) => void;
}

export interface RequestClass {
  name: string;
  /** Share of the mix (weights need not add up to 1). */
  weight: number;
  next(): PlannedRequest;
}

export interface ClassFigures {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
}

export interface StepResult {
  /** Requests per second offered. */
  rate: number;
  seconds: number;
  sent: number;
  /** Answered correctly. */
  completed: number;
  /** Wrong status, connection error or timeout. */
  errors: number;
  timeouts: number;
  errorSamples: string[];
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Correct answers per second, over the time from the first schedule to the last answer. */
  achieved: number;
  byClass: Map<string, ClassFigures>;
}

/** mulberry32: a small seeded generator, so the mix is the same sequence on every run and every target. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const percentile = (sorted: ArrayLike<number>, p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OpenLoopOptions {
  host: string;
  port: number;
  rate: number;
  seconds: number;
  classes: readonly RequestClass[];
  random: () => number;
  /** A request not answered this long after its schedule counts as a timeout (default 15 s). */
  timeoutMs?: number;
  agent: http.Agent;
}

/** Keep-alive connections, as many as the open loop needs (a province's many clients). */
export function loadAgent(maxSockets = 512): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** Sends `rate × seconds` requests on schedule and waits (at most the timeout) for every answer. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<StepResult> {
  const { rate, seconds, classes, random, agent, host, port } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const weights = classes.reduce((sum, kind) => sum + kind.weight, 0);
  const pick = (): RequestClass => {
    let draw = random() * weights;
    for (const kind of classes) {
      draw -= kind.weight;
      if (draw < 0) return kind;
    }
    return classes[classes.length - 1]!;
  };

  const latencies = new Float64Array(total);
  const classLatencies = new Map<string, number[]>(classes.map((kind) => [kind.name, []]));
  const classErrors = new Map<string, number>(classes.map((kind) => [kind.name, 0]));
  let completed = 0;
  let errors = 0;
  let timeouts = 0;
  let lastAnswer = 0;
  const errorSamples: string[] = [];
  let outstanding = 0;
  let allAnswered: (() => void) | undefined;

  const fail = (kind: RequestClass, what: string) => {
    errors++;
    classErrors.set(kind.name, classErrors.get(kind.name)! + 1);
    if (errorSamples.length < 5) errorSamples.push(`${kind.name}: ${what}`);
  };
  const fire = (kind: RequestClass, scheduled: number) => {
    const planned = kind.next();
    const payload = planned.body === undefined ? undefined : JSON.stringify(planned.body);
    outstanding++;
    let settled = false;
    const settle = (ok: boolean, what: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const now = performance.now();
      if (ok) {
        const latency = now - scheduled;
        latencies[completed++] = latency;
        classLatencies.get(kind.name)!.push(latency);
        lastAnswer = now;
      } else fail(kind, what);
      if (--outstanding === 0) allAnswered?.();
    };
    const request = http.request(
      {
        host,
        port,
        agent,
        method: planned.method,
        path: planned.path,
        headers: {
          accept: "application/json",
          ...(payload === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
          ...planned.headers,
        },
      },
      (response) => {
        const expected = planned.expect ?? 200;
        const correct = response.statusCode === expected;
        if (!correct || planned.onAnswer) {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (!correct) return settle(false, `${response.statusCode} ${text.slice(0, 160)}`);
            try {
              planned.onAnswer?.(JSON.parse(text));
            } catch {}
            settle(true, "");
          });
        } else {
          response.resume();
          response.on("end", () => settle(true, ""));
        }
        response.on("error", (error) => settle(false, error.message));
      },
    );
    const timer = setTimeout(
      () => {
        if (settled) return;
        timeouts++;
        settle(false, `timeout after ${timeoutMs} ms`);
        request.destroy();
      },
      Math.max(1, scheduled + timeoutMs - performance.now()),
    );
    request.on("error", (error) => settle(false, error.message));
    request.end(payload);
  };

  const start = performance.now() + 5;
  let index = 0;
  while (index < total) {
    const now = performance.now();
    while (index < total && start + index * interval <= now) {
      fire(pick(), start + index * interval);
      index++;
    }
    if (index < total) await sleep(Math.max(0, Math.min(10, start + index * interval - performance.now())));
  }
  if (outstanding > 0) await new Promise<void>((resolve) => (allAnswered = resolve));

  const sorted = latencies.slice(0, completed).sort();
  const byClass = new Map<string, ClassFigures>();
  for (const kind of classes) {
    const values = Float64Array.from(classLatencies.get(kind.name)!).sort();
    byClass.set(kind.name, {
      requests: values.length + classErrors.get(kind.name)!,
      errors: classErrors.get(kind.name)!,
      p50: percentile(values, 50),
      p99: percentile(values, 99),
    });
  }
  return {
    rate,
    seconds,
    sent: total,
    completed,
    errors,
    timeouts,
    errorSamples,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    achieved: completed / (Math.max(lastAnswer - start, seconds * 1000) / 1000),
    byClass,
  };
}
