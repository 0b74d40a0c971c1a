import { describe, expect, it } from "vitest";
import {
  durationText,
  isSettled,
  orderableKinds,
  type PostalOrder,
  WARNING_MINUTES,
  watchState,
} from "../../../src/web/postal/postalApi.ts";
import { citizenProblems, recipientProblems, statusKey } from "../../../src/web/postal/postalChecks.ts";
import { isPostalOnly, isPostalStaff } from "../../../src/web/postal/postalNav.ts";

const HANDED = new Date("2026-12-02T08:00:00Z");
const DUE = new Date(HANDED.getTime() + 24 * 3_600_000);
const minutes = (n: number) => n * 60_000;

const order = (overrides: Partial<PostalOrder> = {}): PostalOrder => ({
  id: "o1",
  kind: "result_delivery",
  status: "accepted",
  recipientName: "Nguyễn Văn An",
  recipientPhone: "0912000001",
  address: "Số 12 đường Lê Lợi, phường Trung Tâm",
  fee: 25_000,
  orderCode: "BC1",
  failureReason: null,
  lastStateAt: HANDED.toISOString(),
  handedOverAt: HANDED.toISOString(),
  watchDueAt: DUE.toISOString(),
  watchLevel: null,
  deliveredAt: null,
  deliveredInTime: null,
  createdAt: HANDED.toISOString(),
  ...overrides,
});

/** Issue #18: what the dossier pages offer and show of the postal service (R-SUB-2, R-RES-3). */
describe("orderableKinds", () => {
  it("offers a pickup only while the counter has not the papers, the result until it was returned", () => {
    expect(orderableKinds(1, [])).toEqual(["pickup", "result_delivery"]);
    expect(orderableKinds(5, [])).toEqual(["pickup", "result_delivery"]);
    expect(orderableKinds(4, [])).toEqual(["result_delivery"]);
    expect(orderableKinds(9, [])).toEqual(["result_delivery"]);
    for (const status of [3, 7, 8, 10]) expect(orderableKinds(status, [])).toEqual([]);
  });

  it("one live order of each kind; a failed one may be ordered again", () => {
    const pickup = order({ kind: "pickup", status: "collected" });
    expect(orderableKinds(2, [pickup])).toEqual(["result_delivery"]);
    expect(orderableKinds(2, [pickup, order({ status: "requested" })])).toEqual([]);
    expect(orderableKinds(2, [{ ...pickup, status: "failed" }])).toEqual(["pickup", "result_delivery"]);
  });
});

describe("watchState (R-RES-3: a result handed to the post is delivered within 24 hours)", () => {
  it("nothing to watch for a pickup or a result not yet handed over", () => {
    expect(watchState(order({ kind: "pickup" }), HANDED)).toEqual({ kind: "none" });
    expect(watchState(order({ status: "requested", watchDueAt: null }), HANDED)).toEqual({ kind: "none" });
  });

  it("running, then due soon in the last hours, then overdue, by the clock between two passes of the watch", () => {
    expect(watchState(order(), new Date(HANDED.getTime() + minutes(30)))).toEqual({
      kind: "running",
      dueAt: DUE.toISOString(),
      minutesLeft: 23 * 60 + 30,
    });
    expect(watchState(order(), new Date(DUE.getTime() - minutes(WARNING_MINUTES)))).toMatchObject({
      kind: "dueSoon",
      minutesLeft: WARNING_MINUTES,
    });
    expect(watchState(order(), new Date(DUE.getTime() + minutes(90)))).toEqual({
      kind: "overdue",
      dueAt: DUE.toISOString(),
      minutesLate: 90,
    });
  });

  it("the server's mark wins when it is further along than the page's clock", () => {
    expect(watchState(order({ watchLevel: "dueSoon" }), HANDED).kind).toBe("dueSoon");
    expect(watchState(order({ watchLevel: "overdue" }), HANDED)).toMatchObject({
      kind: "overdue",
      minutesLate: 0,
    });
  });

  it("a delivered result says whether it came in time; a failed one asks for another way", () => {
    const early = new Date(DUE.getTime() - minutes(60)).toISOString();
    const late = new Date(DUE.getTime() + minutes(60)).toISOString();
    expect(
      watchState(order({ status: "delivered", deliveredAt: early, deliveredInTime: true }), DUE),
    ).toEqual({
      kind: "deliveredInTime",
      deliveredAt: early,
    });
    expect(
      watchState(order({ status: "delivered", deliveredAt: late, deliveredInTime: false }), DUE).kind,
    ).toBe("deliveredLate");
    // Without the server's verdict the times decide.
    expect(watchState(order({ status: "delivered", deliveredAt: late }), DUE).kind).toBe("deliveredLate");
    expect(watchState(order({ status: "failed" }), DUE)).toEqual({ kind: "failed" });
  });
});

describe("the pages' small words and checks", () => {
  it("durations in hours and minutes, in either language", () => {
    expect(durationText(45, "vi")).toBe("45 phút");
    expect(durationText(120, "vi")).toBe("2 giờ");
    expect(durationText(23 * 60 + 59, "vi")).toBe("23 giờ 59 phút");
    expect(durationText(90, "en")).toBe("1 h 30 min");
  });

  it("an order stops being read again once delivered or failed", () => {
    expect(isSettled(order({ status: "accepted" }))).toBe(false);
    expect(isSettled(order({ status: "delivered" }))).toBe(true);
    expect(isSettled(order({ status: "failed" }))).toBe(true);
  });

  it("collected and delivered read differently for a pickup and a result", () => {
    expect(statusKey({ kind: "pickup", status: "collected" })).toBe("status.collected.pickup");
    expect(statusKey({ kind: "result_delivery", status: "delivered" })).toBe(
      "status.delivered.result_delivery",
    );
    expect(statusKey({ kind: "pickup", status: "failed" })).toBe("status.failed");
  });

  it("the recipient is checked as the server does: name, phone, full address", () => {
    expect(
      recipientProblems({ name: "An", phone: "0912 000 001", address: "Số 12 Lê Lợi, Trung Tâm" }),
    ).toEqual({});
    expect(recipientProblems({ name: " ", phone: "12345", address: "Lê Lợi" })).toEqual({
      name: "form.needName",
      phone: "form.needPhone",
      address: "form.needAddress",
    });
    expect(
      recipientProblems({ name: "An", phone: "+84912000001", address: "Số 12 Lê Lợi, Trung Tâm" }),
    ).toEqual({});
  });

  it("filing for a citizen needs the agency, their identity and a confirmed consent with its reference (R-SUB-2)", () => {
    const citizen = {
      name: "Trần Thị Bình",
      idNumber: "099190005678",
      phone: "0912345678",
      address: "",
      email: "",
    };
    expect(citizenProblems(citizen, { reference: "PĐN-01", confirmed: true }, "000.20.01.H99")).toEqual({});
    expect(
      citizenProblems({ ...citizen, idNumber: "12345", name: "B" }, { reference: "x", confirmed: false }, ""),
    ).toEqual({
      agency: "submit.needAgency",
      name: "form.needName",
      idNumber: "submit.needIdNumber",
      reference: "submit.needReference",
      confirmed: "submit.needConsent",
    });
  });

  it("postal staff are told apart from officers who hold the role besides others", () => {
    expect(isPostalStaff({ roles: ["postal_staff"] })).toBe(true);
    expect(isPostalStaff({ roles: ["counter_officer"] })).toBe(false);
    expect(isPostalStaff(null)).toBe(false);
    expect(isPostalOnly(["postal_staff"])).toBe(true);
    expect(isPostalOnly(["postal_staff", "counter_officer"])).toBe(false);
    expect(isPostalOnly([])).toBe(false);
  });
});
