import { expect } from 'chai';
import { readAhead } from '../../../src/directory/read-ahead.js';

/** A paged source that records when each page is asked for and when the caller is done with one. */
function pagedSource(pages: number, failAt?: number) {
  const log: string[] = [];
  let ended = false;
  async function* source(): AsyncGenerator<number> {
    try {
      for (let page = 1; page <= pages; page += 1) {
        log.push(`ask ${page}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (page === failAt) throw new Error(`page ${page} lost`);
        yield page;
      }
    } finally {
      ended = true;
    }
  }
  return { source: source(), log, ended: () => ended };
}

describe('readAhead', () => {
  it('should ask for the next page before the caller has finished with the current one, and give every page in order', async () => {
    const { source, log } = pagedSource(3);
    const seen: number[] = [];
    for await (const page of readAhead(source)) {
      log.push(`got ${page}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`done ${page}`);
      seen.push(page);
    }
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(log.indexOf('ask 2'), 'page 2 asked for while page 1 is worked on').to.be.lessThan(log.indexOf('done 1'));
    expect(log.indexOf('ask 3')).to.be.lessThan(log.indexOf('done 2'));
  });

  it('should give the error of a page asked for ahead when the caller reaches it, after the pages before it', async () => {
    const { source } = pagedSource(5, 3);
    const seen: number[] = [];
    let failure: unknown;
    try {
      for await (const page of readAhead(source)) seen.push(page);
    } catch (error) {
      failure = error;
    }
    expect(seen).to.deep.equal([1, 2]);
    expect(String(failure)).to.contain('page 3 lost');
  });

  it('should end the source when the caller stops early, and leave no unhandled rejection', async () => {
    const { source, ended } = pagedSource(5, 2);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const page of readAhead(source)) {
        expect(page).to.equal(1);
        break; // page 2, asked for ahead, fails: nobody awaits it
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(ended()).to.equal(true);
    expect(unhandled).to.deep.equal([]);
  });
});
