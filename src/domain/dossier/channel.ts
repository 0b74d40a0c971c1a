/** How a dossier was submitted (R-SUB-2): counter, online, public postal service. */
export type SubmissionChannel = "counter" | "online" | "postal";

/** How a result goes back to the applicant (R-RES-1). */
export type ReturnChannel = "counter" | "post" | "online";

export const RETURN_CHANNELS: ReadonlyArray<ReturnChannel> = ["counter", "post", "online"];

/** `KenhThucHien` as synced to DVCQG (R-SYNC-3): 1 counter, 2 online, 3 postal. */
export const SUBMISSION_CHANNEL_SYNC_CODES: Readonly<Record<SubmissionChannel, 1 | 2 | 3>> = Object.freeze({
  counter: 1,
  online: 2,
  postal: 3,
});
