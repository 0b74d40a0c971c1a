import { useMutation } from "@tanstack/react-query";
import { Button, Checkbox } from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import type { Upload } from "../api/types.ts";
import { ErrorAlert } from "../app/ui.tsx";
import type { SlotState } from "../portal/UploadSlot.tsx";
import { type SignatureCheck, SignatureChecks } from "./SignatureStatus.tsx";
import { useSigningI18n } from "./signingI18n.ts";

interface SignedResult {
  uploadId: string;
  fileName: string;
  signature: SignatureCheck;
}

/**
 * The leader's signing step in the approval dialog (issue #16, R-RES-1: the electronic result, digitally signed, has
 * the legal value of paper): once the result file is uploaded, the leader confirms and signs it (with remote signing
 * the CA's app asks for the confirmation too); the signed rendition replaces the upload the approval sends, and its
 * verification is shown.
 */
export function ResultSigningStep({
  dossierId,
  slot,
  onSigned,
}: {
  dossierId: string;
  slot: SlotState;
  onSigned: (next: SlotState) => void;
}) {
  const { gt } = useSigningI18n();
  const [confirmed, setConfirmed] = useState(false);
  const [signed, setSigned] = useState<SignedResult | null>(null);
  const [confirmError, setConfirmError] = useState(false);
  const sign = useMutation({
    mutationFn: (uploadId: string) =>
      api.post<SignedResult>(`/api/office/dossiers/${encodeURIComponent(dossierId)}/result-signature`, {
        uploadId,
      }),
  });
  const current = slot.state === "done" ? slot.upload : null;
  const isSigned = signed !== null && current?.id === signed.uploadId;

  const run = async () => {
    if (!current || slot.state !== "done") return;
    if (!confirmed) return setConfirmError(true);
    try {
      const answer = await sign.mutateAsync(current.id);
      setSigned(answer);
      const upload: Upload = {
        ...current,
        id: answer.uploadId,
        fileName: answer.fileName,
        mediaType: "application/pdf",
      };
      onSigned({ state: "done", file: slot.file, upload });
    } catch {
      // Shown below from sign.error.
    }
  };

  return (
    <fieldset className="fieldset" data-testid="result-signing">
      <legend>{gt("sign.result.title")}</legend>
      <p className="field-help">{gt("sign.result.intro")}</p>
      {isSigned && signed ? (
        <>
          <p role="status">{gt("sign.result.signed", { file: signed.fileName })}</p>
          <SignatureChecks checks={[signed.signature]} />
        </>
      ) : current ? (
        <>
          <Checkbox
            checked={confirmed}
            onChange={(event) => {
              setConfirmed(event.target.checked);
              setConfirmError(false);
            }}
          >
            {gt("sign.result.confirm")}
          </Checkbox>
          <div>
            <Button type="primary" ghost loading={sign.isPending} onClick={() => void run()}>
              {gt("sign.result.sign")}
            </Button>
          </div>
          <div aria-live="polite">
            {sign.isPending ? <p role="status">{gt("sign.waiting")}</p> : null}
            {confirmError ? <ErrorAlert error={new Error(gt("sign.confirmRequired"))} /> : null}
            {sign.error ? <ErrorAlert error={sign.error} /> : null}
          </div>
        </>
      ) : (
        <p className="muted">{gt("sign.result.uploadFirst")}</p>
      )}
    </fieldset>
  );
}
