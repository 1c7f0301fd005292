import { expect } from 'chai';
import { RefreshingCredentials, unrefTimer } from '../../../src/credentials/refreshing-credentials.js';
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

/** A timer the test fires by hand: it records each scheduled delay and runs the pending callback on `fire()`. */
function manualTimer() {
  const delays: number[] = [];
  let pending: (() => void) | undefined;
  const timer = (callback: () => void, delayMs: number) => {
    delays.push(delayMs);
    pending = callback;
    return () => {
      if (pending === callback) pending = undefined;
    };
  };
  const fire = async (): Promise<void> => {
    const callback = pending;
    pending = undefined;
    if (callback === undefined) throw new Error('no refresh is scheduled');
    callback();
    await flush();
  };
  return { timer, delays, fire, isPending: () => pending !== undefined };
}

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
    const { timer, delays, fire } = manualTimer();
    const holder = make({ provider, now: () => now, timer, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    await holder.ready();
    expect(holder.current()?.accessKeyId).to.equal('OLD');
    // The refresh is due 20 ms from now (expiry minus 5 minutes), floored to 1 s.
    expect(delays).to.deep.equal([1000]);
    expect(calls()).to.equal(1);
    await fire();
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

  it('close() cancels the pending refresh', async () => {
    const { provider } = scriptedProvider([{ accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(Date.now() + 1000) }]);
    const { timer, isPending } = manualTimer();
    const holder = make({ provider, now: Date.now, timer, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE });
    await holder.ready();
    expect(isPending()).to.equal(true);
    holder.close();
    expect(isPending()).to.equal(false);
  });

  it('unrefTimer, the default, never keeps the process alive', () => {
    const refTimers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = refTimers();
    const cancel = unrefTimer(() => {}, MINUTE);
    expect(refTimers()).to.equal(before);
    cancel();
    const ref = setTimeout(() => {}, MINUTE);
    expect(refTimers()).to.equal(before + 1);
    clearTimeout(ref);
  });

  it('unrefTimer runs its callback once, and not after cancel', async () => {
    const fired: string[] = [];
    await new Promise<void>((resolve) => unrefTimer(() => {
      fired.push('first');
      resolve();
    }, 1));
    const cancel = unrefTimer(() => fired.push('cancelled'), 1);
    cancel();
    await new Promise<void>((resolve) => unrefTimer(resolve, 5));
    expect(fired).to.deep.equal(['first']);
  });

  it('coalesces concurrent loads into one provider call', async () => {
    const { provider, calls } = scriptedProvider([new Error('down'), { accessKeyId: 'A', secretAccessKey: 'S' }]);
    const holder = make({ provider, now: Date.now, logger: recordingLogger().logger, refreshBeforeMs: 0 });
    await holder.ready().catch(() => undefined);
    await Promise.all([holder.get(), holder.get(), holder.get()]);
    expect(calls()).to.equal(2);
  });

  it('backs off when a provider keeps answering with the same expiring credentials (no tight loop)', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const same = { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(now + 2000) };
    const { provider, calls } = scriptedProvider([same]);
    const { timer, delays, fire } = manualTimer();
    const holder = make({ provider, now: () => now, timer, logger: recordingLogger().logger, refreshBeforeMs: 5 * MINUTE, retryDelayMs: 5000 });
    await holder.ready();
    // Inside the refresh window the first refresh is due at half the remaining life (1 s); the same
    // answer then waits the retry delay (5 s, then 10 s) instead of the 1 s floor.
    await fire();
    await fire();
    expect(calls()).to.equal(3);
    expect(delays).to.deep.equal([1000, 5000, 10000]);
  });
});
