import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";

interface ImageInfo {
  kind: "logo" | "banner";
  mediaType: string;
  custom: boolean;
  version: string;
  updatedAt: string | null;
}

export interface ProvinceIdentity {
  logo: ImageInfo;
  banner: ImageInfo | null;
}

export const PROVINCE_IDENTITY_KEY = ["province-identity"] as const;

/** The province's logo and banner as the administrator set them (issue #19), cached a few minutes. */
export function useProvinceIdentity() {
  return useQuery({
    queryKey: PROVINCE_IDENTITY_KEY,
    queryFn: () => api.get<ProvinceIdentity>("/api/public/province-identity"),
    staleTime: 5 * 60_000,
  });
}

/** The image's address, versioned so a new upload is fetched at once. */
export const imageUrl = (image: ImageInfo) =>
  `/api/public/province-identity/${image.kind}?v=${encodeURIComponent(image.version)}`;

/** The logo in the site's header: decorative beside the portal's name, which is the link's text. */
export function ProvinceLogo() {
  const { data } = useProvinceIdentity();
  if (!data) return <span aria-hidden="true" className="site-title__emblem site-title__emblem--loading" />;
  return <img className="site-title__logo" src={imageUrl(data.logo)} alt="" width={40} height={40} />;
}

/** The banner strip above the header's bar, when the province set one. */
export function ProvinceBanner() {
  const { data } = useProvinceIdentity();
  if (!data?.banner) return null;
  return (
    <div className="site-banner">
      <img src={imageUrl(data.banner)} alt="" />
    </div>
  );
}
