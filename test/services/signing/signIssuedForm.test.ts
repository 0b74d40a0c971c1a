import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import {
  LocalCertificateAuthority,
  localSigning,
} from "../../../src/integrations/signing/localCertificateAuthority.ts";
import { verifyPdfSignatures } from "../../../src/integrations/signing/verifyPdfSignatures.ts";
import { type Actor, findActor } from "../../../src/services/accounts/actor.ts";
import { FORM_NAMES } from "../../../src/services/forms/availableForms.ts";
import { OFFICER_SIGNED_FORMS, signIssuedForm } from "../../../src/services/signing/signIssuedForm.ts";
import { type SigningPorts, signingPortsOf } from "../../../src/services/signing/signingPorts.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

/**
 * The forms that carry an officer's signature are signed by the officer who issues them (issue #16): the reception
 * slip signed by the counter officer verifies with the officer's name and agency; the internal control sheet and a
 * copy an applicant asks for are left as they are; a form already signed is not signed again.
 */
let database: DatabaseHandle;
let signing: SigningPorts;
let officer: Actor;
let citizen: Actor;
let agencyId: string;
let form: Uint8Array;
const now = new Date(Math.floor(Date.now() / 1000) * 1000);

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  signing = signingPortsOf(localSigning(await LocalCertificateAuthority.create("OneStop Test CA")));
  const users = await demoUserIds(database.db);
  officer = (await findActor(database.db, users["motcua.trungtam"]!))!;
  citizen = (await findActor(database.db, users["congdan.demo"]!))!;
  agencyId = (
    await database.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.20.01.H99")
      .executeTakeFirstOrThrow()
  ).id;
  const doc = await PDFDocument.create();
  doc
    .addPage([595.28, 841.89])
    .drawText("GIAY TIEP NHAN HO SO VA HEN TRA KET QUA", { x: 72, y: 760, size: 12 });
  form = await doc.save();
}, 120_000);
afterAll(async () => database?.close());

describe("forms issued by an officer", () => {
  it("the reception slip is signed by the counter officer who issues it, and verifies", async () => {
    const signed = await signIssuedForm(database.db, signing, {
      actor: officer,
      form: "reception-slip",
      agencyId,
      content: form,
      now,
    });
    expect(signed).not.toBe(form);
    const checks = await verifyPdfSignatures(Buffer.from(signed), await signing.trust());
    expect(checks).toEqual([
      expect.objectContaining({
        state: "valid",
        signerName: officer.fullName,
        organisation: expect.stringContaining("Trung Tâm"),
        signedAt: now,
      }),
    ]);
    // Signed once: issuing the signed bytes again leaves them as they are (the earlier signature stays valid).
    const again = await signIssuedForm(database.db, signing, {
      actor: officer,
      form: "reception-slip",
      agencyId,
      content: signed,
      now,
    });
    expect(Buffer.from(again).equals(Buffer.from(signed))).toBe(true);
  });

  it("every form but the internal control sheet carries the officer's signature", () => {
    expect(FORM_NAMES.filter((name) => !OFFICER_SIGNED_FORMS.has(name))).toEqual(["control-sheet"]);
  });

  it("the control sheet, and a copy an applicant asks for, are not signed", async () => {
    for (const [actor, name] of [
      [officer, "control-sheet"],
      [citizen, "reception-slip"],
    ] as const) {
      const out = await signIssuedForm(database.db, signing, {
        actor,
        form: name,
        agencyId,
        content: form,
        now,
      });
      expect(out).toBe(form);
    }
  });
});
