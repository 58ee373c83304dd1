import type {
  CloseRunRequest,
  GroupPayload,
  OpenRunRequest,
  RemoveUsersResponse,
  Run,
  UpsertGroupsResponse,
  UpsertUsersResponse,
  UserPayload,
  WhoAmI,
} from './types.js';

/**
 * The Signature 365 agent API as the sync engine sees it. One implementation talks HTTP (axios);
 * failures surface as AgentErrors: AuthRefusedError (401), IntegrationDisabledError (403),
 * ApiError (other 4xx/5xx after retries), ApiUnreachableError (network after retries).
 */
export interface Signature365Client {
  whoami(): Promise<WhoAmI>;
  /** With the key of an earlier attempt, the server answers with the run that attempt opened. */
  openRun(request: OpenRunRequest, idempotencyKey?: string): Promise<Run>;
  /** At most MAX_BATCH_SIZE users; `idempotencyKey` makes a retried batch a no-op on the server. */
  upsertUsers(runId: string, users: UserPayload[], idempotencyKey: string): Promise<UpsertUsersResponse>;
  upsertGroups(runId: string, groups: GroupPayload[], idempotencyKey: string): Promise<UpsertGroupsResponse>;
  removeUsers(runId: string, objectGuids: string[], idempotencyKey: string): Promise<RemoveUsersResponse>;
  closeRun(runId: string, request: CloseRunRequest): Promise<Run>;
}
