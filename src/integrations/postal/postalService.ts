/**
 * The port to the public postal service (bưu chính công ích, BCCI; issue #18, R-SUB-2, R-RES-3): quote a fee, place
 * an order to collect a dossier at an address (pickup) or to deliver a result, and read an order back. The postal
 * service reports each order's progress (accepted → collected → delivered, or failed with a reason) by signed
 * webhook to `POST /api/integration/postal/webhook`.
 */
export type PostalOrderKind = "pickup" | "result_delivery";
export type PostalState = "accepted" | "collected" | "delivered" | "failed";

export interface PostalParty {
  name: string;
  /** National form, `0` and 9 digits. */
  phone: string;
  address: string;
}

export interface PostalQuoteRequest {
  kind: PostalOrderKind;
  address: string;
}

export interface PostalQuote {
  /** Đồng, tax included. */
  fee: number;
  currency: "VND";
}

export interface PostalOrderRequest {
  /** OneStop's order id: the idempotency key, and the `reference` of every webhook about it. */
  reference: string;
  kind: PostalOrderKind;
  dossierCode: string;
  /** Pickup: where the postal worker collects the dossier; result: where it is delivered. */
  party: PostalParty;
  /** Pickup: the counter the dossier is taken to; result: the counter it is collected from. */
  counter: { name: string; address: string };
  /** Where the postal service posts its signed state notices. */
  webhookUrl: string;
}

export interface PostalOrderAnswer {
  orderCode: string;
  fee: number;
  state: PostalState;
}

export interface PostalService {
  quote(request: PostalQuoteRequest): Promise<PostalQuote>;
  /** Idempotent on `reference`: a retry after a timeout gets the same order back. */
  createOrder(request: PostalOrderRequest): Promise<PostalOrderAnswer>;
  getOrder(orderCode: string): Promise<PostalOrderAnswer & { reason?: string }>;
}

/** The postal service refused, failed or did not answer. `status` is its HTTP status when it answered. */
export class PostalServiceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "PostalServiceError";
  }

  /** A refusal of the request itself (4xx): sending it again will not help. */
  get permanent(): boolean {
    return this.status !== undefined && this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}

/** The body of a state notice (webhook), as signed by the postal service. */
export interface PostalWebhookNotice {
  eventId: string;
  orderCode: string;
  reference: string;
  state: PostalState;
  at: string;
  reason?: string;
}
