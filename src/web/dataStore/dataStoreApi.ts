/** What the data store routes answer (src/http/routes/citizen/dataStore.ts). */
export interface StoredDocument {
  id: string;
  source: "result" | "component";
  documentType: string;
  typeName: { vi: string; en: string };
  name: string;
  sourceDossierCode: string;
  fileName: string;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  reusable: boolean;
  timesReused: number;
}

export interface AccessLogLine {
  at: string;
  documentId: string;
  documentName: string;
  action: "stored" | "downloaded" | "reused" | "viewed" | "revoked";
  actorName: string;
  actorKind: "owner" | "officer" | "system";
  dossierCode: string | null;
}

export interface ReuseOffer {
  componentPosition: number;
  componentName: string;
  documents: {
    id: string;
    name: string;
    sourceDossierCode: string;
    validUntil: string | null;
    fileName: string;
  }[];
}
