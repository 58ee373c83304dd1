/**
 * DTOs of the Signature 365 agent API, as this project defines it (docs/api.md, docs/openapi.yaml).
 * Shared by the client (src/api) and the emulator (src/emulator): one definition of the contract.
 */

/** Most users (or groups, or removal guids) accepted in one batch request; larger batches get 413. */
export const MAX_BATCH_SIZE = 500;
/** Base URL of the real service's agent API (this project's contract, docs/api.md). */
export const DEFAULT_API_URL = 'https://app.signature365.com/api/agent';
/** Largest request body the API accepts; larger gets 413. */
export const MAX_REQUEST_BODY_BYTES = 25 * 1024 * 1024;
/** Largest decoded photo the API accepts, in bytes (AD's thumbnailPhoto limit). */
export const MAX_PHOTO_BYTES = 100 * 1024;

export interface WhoAmI {
  tenantId: string;
  tenantName: string;
  enabled: boolean;
}

export interface UserPhoto {
  contentType: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/bmp';
  sha256: string;
  /** Base64 of the image bytes. */
  data: string;
}

/** The user payload. `objectGuid` and `email` are required; every other field is optional and absent when empty. */
export interface UserPayload {
  objectGuid: string;
  email: string;
  userPrincipalName?: string;
  proxyEmails?: string[];
  displayName?: string;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  companyName?: string;
  officeLocation?: string;
  phone?: string;
  mobile?: string;
  fax?: string;
  streetAddress?: string;
  postOfficeBox?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  countryCode?: string;
  website?: string;
  description?: string;
  employeeId?: string;
  managerEmail?: string;
  customAttributes?: Record<string, string>;
  photo?: UserPhoto;
  enabled: boolean;
}

export interface GroupPayload {
  objectGuid: string;
  name: string;
  email?: string;
  description?: string;
  memberGuids: string[];
}

export type SyncMode = 'full' | 'delta';

export interface OpenRunRequest {
  mode: SyncMode;
  agentVersion: string;
}

/** `open` until closed by the agent (`succeeded`/`failed`) or by the server after the idle timeout (`expired`). */
export type RunStatus = 'open' | 'succeeded' | 'failed' | 'expired';

export interface Run {
  runId: string;
  mode: SyncMode;
  openedAt: string;
  closedAt?: string;
  /** Always sent by the server (docs/api.md); optional here so older fixtures stay valid. */
  status?: RunStatus;
  /** The totals the agent reported when closing. */
  totals?: RunTotals;
}

/** Per-user outcome of an upsert. */
export type UserOutcome = 'matched' | 'unmatched' | 'rejected';

export interface UserResult {
  objectGuid: string;
  outcome: UserOutcome;
  /** Present for `rejected`. */
  reason?: string;
}

export interface UpsertUsersResponse {
  results: UserResult[];
}

export interface UpsertGroupsResponse {
  accepted: number;
}

export interface RemoveUsersResponse {
  removed: number;
}

export interface RunTotals {
  usersSent: number;
  usersMatched: number;
  usersUnmatched: number;
  usersRejected: number;
  groupsSent: number;
  usersRemoved: number;
}

export interface CloseRunRequest {
  status: 'succeeded' | 'failed';
  totals: RunTotals;
}

/** Body of every 4xx/5xx answer. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    fields?: { path: string; message: string }[];
    /** Extra facts, e.g. `openRunId`, `lastActivityAt`, `expiresAt` with RUN_OPEN. */
    details?: Record<string, unknown>;
  };
}
