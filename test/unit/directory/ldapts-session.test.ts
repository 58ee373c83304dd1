import { expect } from 'chai';
import { EqualityFilter } from 'ldapts';
import { LdaptsSession, type LdaptsSearcher } from '../../../src/directory/ldap/ldapts-session.js';
import type { SessionSearch } from '../../../src/directory/ldap/session.js';

const request: SessionSearch = { base: 'DC=corp,DC=contoso,DC=test', scope: 'sub', filter: new EqualityFilter({ attribute: 'objectClass', value: 'user' }), attributes: ['cn'] };
const closed = () => new Error('Connection closed before message response was received. Message type: SearchRequest (0x63)');
const timedOut = () => new Error('SearchRequest: Operation timed out');

/** ldapts as it fails when one request times out: that one "timed out", the others in flight "Connection closed". */
function failing(order: ('timeout' | 'closed')[]): LdaptsSearcher {
  let call = 0;
  const next = () => (order[call++] === 'timeout' ? timedOut() : closed());
  return {
    search: async () => {
      throw next();
    },
    // eslint-disable-next-line require-yield
    searchPaginated: async function* () {
      throw next();
    },
  } as unknown as LdaptsSearcher;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('LdaptsSession', () => {
  it('should name the operation timeout as the cause of the requests the dropped connection closed under it', async () => {
    const session = new LdaptsSession(failing(['timeout', 'closed', 'closed']));
    const first = await failureOf(session.search(request));
    const second = await failureOf(session.search(request));
    const pages = await failureOf((async () => {
      for await (const page of session.searchPages(request, 100)) void page;
    })());
    expect(first.message).to.match(/Operation timed out/);
    expect(second.message, 'a manager lookup closed under it').to.match(/Operation timed out/);
    expect(pages.message, 'the next page asked ahead').to.match(/Operation timed out/);
  });

  it('should leave a closed connection as it is when no request timed out', async () => {
    const session = new LdaptsSession(failing(['closed']));
    expect((await failureOf(session.search(request))).message).to.match(/Connection closed/);
  });
});
