import { expect } from 'chai';
import { RefreshingCredentials } from '../../../src/credentials/refreshing-credentials.js';
import type { AwsCredentials } from '../../../src/credentials/types.js';

const MINUTE = 60_000;

function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, logger: { info: () => {}, warn: (message: string) => warnings.push(message), error: () => {} } };
}

/** A provider whose answers the test scripts; counts calls. */
function scriptedProvider(answers: Array<AwsCredentials | Error>) {
  let calls = 0;
  const provider = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)] as AwsCredentials | Error;
    calls += 1;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { provider, calls: () => calls };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('credentials/RefreshingCredentials', () => {
  let holders: RefreshingCredentials[] = [];
  afterEach(() => {
    for (const holder of holders) holder.close();
    holders = [];
  });
  function make(options: ConstructorParameters<typeof RefreshingCredentials>[0]): RefreshingCredentials {
    const holder = new RefreshingCredentials(options);
    holders.push(holder);
    return holder;
  }

  it('loads at once; ready() resolves and current() then answers without waiting', async () => {
    const { provider, calls } = scriptedProvider([{ accessKeyId: 'A', secretAccessKey: 'S' }]);
    const holder = make({ provider, now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    expect(holder.current()).to.equal(undefined);
    await holder.ready();
    expect(holder.current()?.accessKeyId).to.equal('A');
    expect(calls()).to.equal(1);
  });

  it('refreshes in the background before expiry, so current() never goes stale', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const expiringSoon = { accessKeyId: 'OLD', secretAccessKey: 'S', expiration: new Date(now + 5 * MINUTE + 20) };
    const fresh = { accessKeyId: 'NEW', secretAccessKey: 'S', expiration: new Date(now + 60 * MINUTE) };
    const { provider, calls } = scriptedProvider([expiringSoon, fresh]);
    const holder = make({ provider, now: () => now, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    await holder.ready();
    expect(holder.current()?.accessKeyId).to.equal('OLD');
    // The refresh is due 20 ms from now (expiry minus 5 minutes), floored to 1 s.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await flush();
    expect(calls()).to.equal(2);
    now += MINUTE;
    expect(holder.current()?.accessKeyId).to.equal('NEW');
  });

  it('reports a failed first load through ready() with ERR_ACCEL_CREDENTIALS and a warning', async () => {
    const { provider } = scriptedProvider([new Error('no credentials anywhere')]);
    const { warnings, logger } = recordingLogger();
    const holder = make({ provider, now: Date.now, logger, refreshBeforeMs: 5 * MINUTE });
    const error = await holder.ready().then(() => undefined, (caught: unknown) => caught);
    expect(error).to.have.property('code', 'ERR_ACCEL_CREDENTIALS');
    expect(String((error as Error).message)).to.contain('no credentials anywhere');
    expect(warnings.join()).to.contain('retrying');
  });

  it('recovers on the next call after a failure (get() reloads)', async () => {
    const { provider, calls } = scriptedProvider([new Error('flaky'), { accessKeyId: 'A', secretAccessKey: 'S' }]);
    const holder = make({ provider, now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    await holder.ready().catch(() => undefined);
    expect((await holder.get()).accessKeyId).to.equal('A');
    expect(calls()).to.equal(2);
  });

  it('treats expired credentials as absent and reloads on get()', async () => {
    let now = 1_000_000;
    const { provider, calls } = scriptedProvider([
      { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(now + 10 * MINUTE) },
      { accessKeyId: 'B', secretAccessKey: 'S', expiration: new Date(now + 100 * MINUTE) },
    ]);
    const holder = make({ provider, now: () => now, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    await holder.ready();
    now += 11 * MINUTE;
    expect(holder.current()).to.equal(undefined);
    expect((await holder.get()).accessKeyId).to.equal('B');
    expect(calls()).to.equal(2);
  });

  it('refuses what a provider returns without keys', async () => {
    const holder = make({ provider: async () => ({ accessKeyId: '', secretAccessKey: 'S' }), now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 0 });
    const error = await holder.ready().then(() => undefined, (caught: unknown) => caught);
    expect(error).to.have.property('code', 'ERR_ACCEL_CREDENTIALS');
  });

  it('close() stops the refresh timer', async () => {
    const { provider, calls } = scriptedProvider([{ accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(Date.now() + 1000) }]);
    const holder = make({ provider, now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    await holder.ready();
    holder.close();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(calls()).to.equal(1);
  });

  it('coalesces concurrent loads into one provider call', async () => {
    const { provider, calls } = scriptedProvider([new Error('down'), { accessKeyId: 'A', secretAccessKey: 'S' }]);
    const holder = make({ provider, now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 0 });
    await holder.ready().catch(() => undefined);
    await Promise.all([holder.get(), holder.get(), holder.get()]);
    expect(calls()).to.equal(2);
  });

  it('backs off when a provider keeps answering with the same expiring credentials (no tight loop)', async () => {
    const same = { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(Date.now() + 2000) };
    const { provider, calls } = scriptedProvider([same]);
    const holder = make({ provider, now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE, retryDelayMs: 5000 });
    await holder.ready();
    // Inside the refresh window the first refresh is due at half the remaining life (1 s); the same
    // answer then waits the retry delay (5 s) instead of the 1 s floor.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(calls()).to.equal(2);
  });
});
