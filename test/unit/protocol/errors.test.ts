import { expect } from 'chai';
import { ErrorCodes, ExitCode } from '../../../src/protocol/codes.js';
import * as errors from '../../../src/protocol/errors.js';

describe('AgentError', () => {
  const cases: [new (message: string) => errors.AgentError, string, number][] = [
    [errors.BadRequestError, 'BAD_REQUEST', 2],
    [errors.NotConfiguredError, 'NOT_CONFIGURED', 2],
    [errors.AuthRefusedError, 'AUTH_REFUSED', 3],
    [errors.IntegrationDisabledError, 'INTEGRATION_DISABLED', 3],
    [errors.DirectoryError, 'DIRECTORY_ERROR', 4],
    [errors.DirectoryUnreachableError, 'DIRECTORY_UNREACHABLE', 4],
    [errors.ApiUnreachableError, 'API_UNREACHABLE', 5],
    [errors.GuardTrippedError, 'GUARD_TRIPPED', 6],
    [errors.LockedError, 'LOCKED', 7],
    [errors.InternalError, 'INTERNAL', 1],
  ];
  for (const [ErrorClass, code, exit] of cases) {
    it(`${ErrorClass.name} should carry code ${code} and exit ${exit}`, () => {
      const error = new ErrorClass('boom');
      expect(error.code).to.equal(code);
      expect(error.exitCode).to.equal(exit);
      expect(error.name).to.equal(ErrorClass.name);
    });
  }

  it('ConfigCorruptError should carry code CONFIG_CORRUPT, exit 2 and the damaged file', () => {
    const error = new errors.ConfigCorruptError('/cfg/state.db', 'remove it');
    expect([error.code, error.exitCode, error.details, error.name]).to.deep.equal(['CONFIG_CORRUPT', 2, { file: '/cfg/state.db' }, 'ConfigCorruptError']);
  });

  it('ApiError should carry code API_ERROR, exit 5 and the HTTP status', () => {
    const error = new errors.ApiError('bad', { method: 'GET', path: '/v1/whoami', attempts: 1, status: 500 });
    expect([error.code, error.exitCode, error.status]).to.deep.equal(['API_ERROR', 5, 500]);
  });

  it('should map every documented code to the documented exit codes', () => {
    expect(new Set(Object.values(ErrorCodes))).to.deep.equal(new Set(Object.values(ExitCode).filter((code) => code !== 0)));
  });

  it('toAgentError should keep AgentErrors and wrap anything else as INTERNAL', () => {
    const known = new errors.LockedError('busy');
    expect(errors.toAgentError(known)).to.equal(known);
    const wrapped = errors.toAgentError(new TypeError('x is undefined'));
    expect(wrapped.code).to.equal('INTERNAL');
    expect(wrapped.message).to.contain('x is undefined');
  });
});
