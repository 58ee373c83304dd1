import { expect } from 'chai';
import os from 'node:os';
import { storageError } from '../../../src/fs/storage-error.js';
import { BadRequestError, InternalError } from '../../../src/protocol/errors.js';

const errno = (code: string, path?: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code, ...(path ? { path } : {}) });

describe('storageError', () => {
  const dir = os.tmpdir();

  it('should name a full volume, a read-only one and a denied write, also behind an unexpected error', () => {
    expect(storageError(errno('ENOSPC'), dir)?.details).to.deep.include({ problem: 'full', dir });
    expect(storageError(errno('EROFS', `${dir}/config.json`), dir)?.details).to.deep.include({ problem: 'read-only', file: `${dir}/config.json` });
    expect(storageError(new InternalError('cannot open', undefined, { cause: errno('EACCES', `${dir}/state.db`) }), dir)?.details).to.deep.include({ problem: 'denied' });
  });

  it('should leave an error that already has its code, and anything that is not about storage', () => {
    expect(storageError(new BadRequestError('caFile cannot be read', { param: 'caFile' }, { cause: errno('EACCES', '/etc/ca.pem') }), dir)).to.equal(undefined);
    expect(storageError(errno('ECONNRESET'), dir)).to.equal(undefined);
    expect(storageError(new Error('plain'), dir)).to.equal(undefined);
  });
});
