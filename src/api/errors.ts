import { AgentError } from '../protocol/errors.js';

/** The client setting at fault. */
export interface ApiSettingsDetails {
  param: 'apiUrl' | 'proxy' | 'caFile';
}

/**
 * The API client was given settings it cannot use (a bad URL, an unreadable CA file). The caller
 * must change them, so it is the protocol's BAD_REQUEST (exit 2), like a bad param.
 */
export class ApiSettingsError extends AgentError<ApiSettingsDetails> {
  readonly code = 'BAD_REQUEST' as const;
}
