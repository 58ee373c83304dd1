import type { DirectorySettings } from '../../config/config.js';

/** AD refuses pages over 1000 (MaxPageSize); Samba does not, so we enforce it here. */
export const MAX_PAGE_SIZE = 1000;

/** The configured page size, within what AD accepts. */
export function pageSizeOf(settings: Pick<DirectorySettings, 'pageSize'>): number {
  return Math.min(settings.pageSize, MAX_PAGE_SIZE);
}
