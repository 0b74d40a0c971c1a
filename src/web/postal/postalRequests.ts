import { api } from "../api/client.ts";
import type { PostalKind, PostalOrder, Recipient } from "./postalApi.ts";

/** The postal routes the pages call (issue #18; see /docs/json, tag postal). */
export const fetchPostalOrders = (dossierId: string) =>
  api.get<{ items: PostalOrder[] }>(`/api/dossiers/${encodeURIComponent(dossierId)}/postal-orders`);

export const quotePostal = (kind: PostalKind, address: string) =>
  api.post<{ fee: number; currency: "VND" }>("/api/postal/quote", { kind, address });

export const orderPostal = (dossierId: string, kind: PostalKind, recipient: Recipient) =>
  api.post<PostalOrder>(`/api/dossiers/${encodeURIComponent(dossierId)}/postal-orders`, { kind, recipient });

export const handOverToPost = (
  dossierId: string,
  input: { expectedVersion: number; recipient?: Recipient },
) => api.post<PostalOrder>(`/api/office/dossiers/${encodeURIComponent(dossierId)}/postal-handover`, input);
