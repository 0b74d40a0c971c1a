import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Select } from "antd";
import { ErrorAlert } from "../app/ui.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { adminApi } from "./adminApi.ts";

type Level = 1 | 2 | null;

const texts = {
  vi: {
    label: "Tài khoản VNeID tối thiểu khi nộp trực tuyến",
    help: "Mặc định không yêu cầu: mọi tài khoản của Cổng đều nộp được. Chọn mức độ khi pháp luật yêu cầu định danh chắc chắn hơn.",
    none: "Không yêu cầu (mặc định)",
    level: "Định danh điện tử mức độ {n}",
    saved: "Đã lưu yêu cầu định danh điện tử.",
  },
  en: {
    label: "Minimum VNeID account for online submission",
    help: "By default none: every portal account may submit. Choose a level where the law asks for stronger identification.",
    none: "None (default)",
    level: "e-ID level {n}",
    saved: "Identification requirement saved.",
  },
};

/**
 * The offering's minimum e-ID assurance level for online submission (issue #14, R-ACC-1), saved on its own route
 * as soon as it is chosen (audited there).
 */
export function OfferingAssuranceField({ offeringId }: { offeringId: string }) {
  const { lang } = useI18n();
  const text = texts[lang];
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const key = ["admin", "offering-identity", offeringId];
  const current = useQuery({
    queryKey: key,
    queryFn: () =>
      adminApi.get<{ minAssuranceLevel: Level }>(`/api/admin/offerings/${offeringId}/identity-requirement`),
  });
  const save = useMutation({
    mutationFn: (minAssuranceLevel: Level) =>
      adminApi.put<{ minAssuranceLevel: Level }>(`/api/admin/offerings/${offeringId}/identity-requirement`, {
        minAssuranceLevel,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      message.success(text.saved);
    },
  });
  const value = current.data?.minAssuranceLevel ?? 0;
  return (
    <>
      <AdminField label={text.label} help={text.help}>
        {(id) => (
          <Select
            id={id}
            value={value}
            loading={current.isPending || save.isPending}
            disabled={current.isError}
            options={[
              { value: 0, label: text.none },
              { value: 1, label: text.level.replace("{n}", "1") },
              { value: 2, label: text.level.replace("{n}", "2") },
            ]}
            onChange={(chosen: number) => save.mutate(chosen === 0 ? null : (chosen as 1 | 2))}
          />
        )}
      </AdminField>
      {current.error ? <ErrorAlert error={current.error} /> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
    </>
  );
}
