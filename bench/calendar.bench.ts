/**
 * Deadline throughput of the working calendar (R-CAL-5): ≥ 1,000,000 computations/s on one core for
 * durations up to 60 working days, measured against a naive minute-stepping implementation.
 *
 * Run: npx tsx -e "import('./bench/calendar.bench.ts').then(m=>m.default())"
 */
import type { Duration, WorkingCalendar } from "../src/domain/calendar/types.ts";
import {
  createWorkingCalendar,
  DEFAULT_CALENDAR_CONFIG,
  formatInstant,
  instantAt,
} from "../src/domain/calendar/workingCalendar.ts";

const TARGET_PER_SECOND = 1_000_000;
const MIN = 60_000;
const OFFSET_MIN = 7 * 60;

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sample {
  starts: Date[];
  durations: Duration[];
  minutes: number[];
}

/** Random whole-minute starts over 2025–2100 and durations of 0.25–60 wd in whole minutes. */
function sample(count: number, seed: number): Sample {
  const random = prng(seed);
  const from = instantAt("2025-01-01", "00:00").getTime() / MIN;
  const to = instantAt("2100-12-31", "23:59").getTime() / MIN;
  const starts: Date[] = [];
  const durations: Duration[] = [];
  const minutes: number[] = [];
  for (let i = 0; i < count; i++) {
    starts.push(new Date(Math.floor(from + random() * (to - from)) * MIN));
    const m = 120 + Math.floor(random() * (60 * 480 - 120 + 1));
    minutes.push(m);
    durations.push({ amount: m / 480, unit: "wd" });
  }
  return { starts, durations, minutes };
}

/** The naive baseline: walk minute by minute, counting working minutes (R-CAL-1…5 from the same data). */
function naiveCalendar(cal: WorkingCalendar): (start: Date, minutes: number) => number {
  const days = new Map<number, boolean>();
  const holidayYears = new Map<number, { holidays: Set<string>; makeup: Set<string> }>();
  const intervals = cal.config.workingIntervals.map((i) => [
    Number(i.start.slice(0, 2)) * 60 + Number(i.start.slice(3)),
    Number(i.end.slice(0, 2)) * 60 + Number(i.end.slice(3)),
  ]);
  const isWorkingDay = (day: number): boolean => {
    let v = days.get(day);
    if (v === undefined) {
      const civil = new Date(day * 86_400_000);
      const date = civil.toISOString().slice(0, 10);
      const year = civil.getUTCFullYear();
      let sets = holidayYears.get(year);
      if (sets === undefined) {
        const y = cal.yearCalendar(year);
        sets = {
          holidays: new Set(y.holidays.map((d) => d.date)),
          makeup: new Set(y.makeupDays.map((d) => d.date)),
        };
        holidayYears.set(year, sets);
      }
      const weekday = ((civil.getUTCDay() + 6) % 7) + 1;
      v = sets.makeup.has(date) || (!sets.holidays.has(date) && cal.config.workingWeekdays.includes(weekday));
      days.set(day, v);
    }
    return v;
  };
  const working = (m: number): boolean => {
    const day = Math.floor(m / 1440);
    if (!isWorkingDay(day)) return false;
    const t = m - day * 1440;
    for (const [s, e] of intervals) if (t >= s! && t < e!) return true;
    return false;
  };
  return (start, minutes) => {
    let m = start.getTime() / MIN + OFFSET_MIN;
    let count = 0;
    while (count < minutes) {
      if (working(m)) count++;
      m++;
    }
    return (m - OFFSET_MIN) * MIN;
  };
}

export default async function run(): Promise<void> {
  const cal = createWorkingCalendar(DEFAULT_CALENDAR_CONFIG);
  const n = 1_000_000;
  const { starts, durations, minutes } = sample(n, 20261122);

  // Cold pass: includes computing every year's default calendar (lunar conversion, R-CAL-2) once.
  let checksum = 0;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) checksum += cal.add(starts[i]!, durations[i]!).getTime() % 997;
  const coldMs = performance.now() - t0;

  // Warm passes: the steady state of a running server.
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    t0 = performance.now();
    for (let i = 0; i < n; i++) checksum += cal.add(starts[i]!, durations[i]!).getTime() % 997;
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  const fastRate = rates[1]!;

  // Baseline: minute stepping, time-boxed to ~4 s; it also cross-checks every result of the fast path.
  const naive = naiveCalendar(cal);
  let naiveCount = 0;
  let mismatches = 0;
  t0 = performance.now();
  while (naiveCount < n && performance.now() - t0 < 4000) {
    const expected = naive(cal.normalizeStart(starts[naiveCount]!), minutes[naiveCount]!);
    if (expected !== cal.add(starts[naiveCount]!, durations[naiveCount]!).getTime()) mismatches++;
    naiveCount++;
  }
  const naiveRate = naiveCount / ((performance.now() - t0) / 1000);

  const fmt = (x: number): string => Math.round(x).toLocaleString("en-US");
  console.log("calendar bench — random starts 2025–2100, durations 0.25–60 wd (R-CAL-5)");
  console.log(
    `  example: ${formatInstant(starts[0]!)} + ${durations[0]!.amount.toFixed(3)} wd = ${formatInstant(cal.add(starts[0]!, durations[0]!))}`,
  );
  console.log(`  cold pass (builds 76 years):  ${fmt(n / (coldMs / 1000))} deadlines/s`);
  console.log(`  prefix sums + binary search:  ${fmt(fastRate)} deadlines/s (median of 3 × ${fmt(n)})`);
  console.log(`  naive minute stepping:        ${fmt(naiveRate)} deadlines/s (${fmt(naiveCount)} computed)`);
  console.log(`  ratio:                        ${fmt(fastRate / naiveRate)}×`);
  console.log(`  results checked against the naive walk: ${fmt(naiveCount)}, mismatches: ${mismatches}`);
  console.log(
    `  target ≥ ${fmt(TARGET_PER_SECOND)}/s: ${fastRate >= TARGET_PER_SECOND ? "MET" : "NOT MET"} (checksum ${checksum % 1000})`,
  );
}
