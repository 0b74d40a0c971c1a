import { Button, Progress } from "antd";
import { useEffect, useId, useRef, useState } from "react";
import { type UploadHandle, uploadFile } from "../api/client.ts";
import type { Upload } from "../api/types.ts";
import { errorMessage, formatBytes } from "../app/ui.tsx";
import { useI18n } from "../i18n/i18n.tsx";

export type SlotState =
  | { state: "empty" }
  | { state: "uploading"; file: File; percent: number }
  | { state: "done"; file: File; upload: Upload }
  | { state: "failed"; file: File; message: string };

/**
 * One upload slot: a labelled file input, a progress bar while the file goes up (POST /api/uploads), the result,
 * and a retry of the same file when it failed.
 */
export function UploadSlot({
  label,
  required,
  value,
  onChange,
  accept = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
}: {
  label: string;
  required?: boolean;
  value: SlotState;
  onChange: (next: SlotState) => void;
  accept?: string;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const handle = useRef<UploadHandle<Upload> | null>(null);
  const [announce, setAnnounce] = useState("");
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => () => handle.current?.abort(), []);

  const start = (file: File) => {
    handle.current?.abort();
    onChangeRef.current({ state: "uploading", file, percent: 0 });
    const current = uploadFile<Upload>(file, (percent) => {
      if (handle.current === current) onChangeRef.current({ state: "uploading", file, percent });
    });
    handle.current = current;
    current.promise.then(
      (upload) => {
        if (handle.current !== current) return;
        onChangeRef.current({ state: "done", file, upload });
        setAnnounce(t("upload.announceDone", { file: upload.fileName }));
      },
      (error: unknown) => {
        if (handle.current !== current) return;
        const message = errorMessage(error, t("app.error.title"));
        onChangeRef.current({ state: "failed", file, message });
        setAnnounce(t("upload.announceFailed", { file: file.name }));
      },
    );
  };

  return (
    <div className="upload-slot">
      <label htmlFor={id}>
        {label}
        {required ? (
          <>
            {" "}
            <span aria-hidden="true">*</span>
            <span className="visually-hidden">{t("upload.requiredMark")}</span>
          </>
        ) : null}
      </label>
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept={accept}
        aria-describedby={`${id}-status`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) start(file);
        }}
      />
      <div id={`${id}-status`} className="upload-status">
        {value.state === "uploading" ? (
          <Progress
            percent={value.percent}
            size="small"
            status="active"
            aria-label={t("upload.progress", { name: label })}
          />
        ) : null}
        {value.state === "done" ? (
          <>
            <Progress percent={100} size="small" aria-label={t("upload.progress", { name: label })} />
            <span>
              {t("upload.done", {
                file: value.upload.fileName,
                size: formatBytes(value.upload.sizeBytes, lang),
              })}
            </span>{" "}
            <Button
              size="small"
              onClick={() => {
                handle.current = null;
                onChange({ state: "empty" });
                if (inputRef.current) inputRef.current.value = "";
              }}
            >
              {t("upload.remove")}
            </Button>
          </>
        ) : null}
        {value.state === "failed" ? (
          <>
            <Progress
              percent={100}
              size="small"
              status="exception"
              aria-label={t("upload.progress", { name: label })}
            />
            <span className="field-error">{t("upload.failed", { message: value.message })}</span>{" "}
            <Button size="small" onClick={() => start(value.file)}>
              {t("upload.retry")}
            </Button>
          </>
        ) : null}
      </div>
      <div className="visually-hidden" aria-live="polite">
        {announce}
      </div>
    </div>
  );
}
