import { debuglog } from 'node:util';
import { AccelError } from '../errors/accel-error.js';
import type { Clock } from '../runtime/clock.js';
import type { AccelLogger } from '../runtime/logger.js';
import type { AwsCredentials, CredentialProvider } from './types.js';

const debug = debuglog('cdn-accel:credentials');

/** Runs `callback` once after `delayMs`; returns what cancels it. Injected so tests drive refreshes themselves. */
export type RefreshTimer = (callback: () => void, delayMs: number) => () => void;

/** Node's timer, unref'd so that a pending refresh never keeps the process alive. */
export const unrefTimer: RefreshTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, Math.min(delayMs, 2_147_483_647));
  timer.unref();
  return () => clearTimeout(timer);
};

export interface RefreshingCredentialsOptions {
  provider: CredentialProvider;
  now: Clock;
  /** @default unrefTimer */
  timer?: RefreshTimer;
  logger: AccelLogger;
  /** Refresh this many ms before `expiration`. */
  refreshBeforeMs: number;
  /** First retry delay after a failed load; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

function credentialsError(message: string, cause?: unknown): AccelError {
  return new AccelError('ERR_ACCEL_CREDENTIALS', message, { status: 500, expose: false, cause });
}

/** Checks what a provider resolved to before anything signs with it. */
export function assertCredentials(value: unknown, origin: string): asserts value is AwsCredentials {
  const candidate = value as Partial<AwsCredentials> | null | undefined;
  if (typeof candidate?.accessKeyId !== 'string' || candidate.accessKeyId === '' ||
      typeof candidate.secretAccessKey !== 'string' || candidate.secretAccessKey === '') {
    throw credentialsError(`${origin} gave no accessKeyId/secretAccessKey`);
  }
  if (candidate.sessionToken !== undefined && typeof candidate.sessionToken !== 'string') {
    throw credentialsError(`${origin} gave a sessionToken that is not a string`);
  }
  if (candidate.expiration !== undefined && !(candidate.expiration instanceof Date && Number.isFinite(candidate.expiration.getTime()))) {
    throw credentialsError(`${origin} gave an expiration that is not a valid Date`);
  }
}

/**
 * Holds the credentials a signer uses: loads them at once, then refreshes them in the background
 * before they expire, so signing never waits on the network. Failed refreshes are retried with
 * back-off while the old credentials are still valid. The refresh timer is unref'd and stopped by `close()`.
 */
export class RefreshingCredentials {
  private credentials: AwsCredentials | undefined;
  private loading: Promise<AwsCredentials> | undefined;
  private cancelRefresh: (() => void) | undefined;
  private failures = 0;
  private closed = false;
  private readonly initial: Promise<void>;

  constructor(private readonly options: RefreshingCredentialsOptions) {
    this.initial = this.load().then(() => undefined);
    // ready() reports the failure; this keeps an unobserved first load from crashing the process.
    this.initial.catch(() => undefined);
  }

  /** The credentials, when loaded and not expired; never waits. */
  current(): AwsCredentials | undefined {
    const credentials = this.credentials;
    if (credentials?.expiration !== undefined && credentials.expiration.getTime() <= this.options.now()) return undefined;
    return credentials;
  }

  ready(): Promise<void> {
    return this.current() !== undefined ? Promise.resolve() : this.get().then(() => undefined);
  }

  /** The current credentials, or waits for a (re)load when there are none that are valid. */
  get(): Promise<AwsCredentials> {
    const current = this.current();
    return current !== undefined ? Promise.resolve(current) : this.load();
  }

  close(): void {
    this.closed = true;
    this.cancelRefresh?.();
    this.cancelRefresh = undefined;
  }

  private load(): Promise<AwsCredentials> {
    this.loading ??= this.fetch().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fetch(): Promise<AwsCredentials> {
    const previous = this.credentials;
    try {
      const loaded = await this.options.provider();
      assertCredentials(loaded, 'the credential provider');
      this.credentials = loaded;
      debug('credentials loaded for %s, expiring %s', loaded.accessKeyId, loaded.expiration?.toISOString() ?? 'never');
      this.scheduleRefresh(loaded, previous);
      return loaded;
    } catch (cause) {
      this.failures += 1;
      const delay = this.retryDelay();
      this.options.logger.warn(`cdn-accel: loading AWS credentials failed (${(cause as Error)?.message ?? cause}); retrying in ${Math.round(delay / 1000)} s`);
      this.schedule(delay);
      throw credentialsError(`could not load AWS credentials: ${(cause as Error)?.message ?? String(cause)}`, cause);
    }
  }

  private scheduleRefresh(loaded: AwsCredentials, previous: AwsCredentials | undefined): void {
    if (loaded.expiration === undefined) return;
    const expiresAt = loaded.expiration.getTime();
    const remaining = expiresAt - this.options.now();
    // A provider that hands back the same credentials (its own cache) is retried with back-off, not in a loop.
    const unchanged = previous?.expiration !== undefined && expiresAt <= previous.expiration.getTime();
    this.failures = unchanged ? this.failures + 1 : 0;
    const due = remaining > this.options.refreshBeforeMs ? remaining - this.options.refreshBeforeMs : remaining / 2;
    this.schedule(Math.max(unchanged ? this.retryDelay() : 1000, due));
  }

  private retryDelay(): number {
    const first = this.options.retryDelayMs ?? 1000;
    const max = this.options.maxRetryDelayMs ?? 60_000;
    return Math.min(max, first * 2 ** Math.max(0, this.failures - 1));
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.cancelRefresh?.();
    this.cancelRefresh = (this.options.timer ?? unrefTimer)(() => {
      this.cancelRefresh = undefined;
      this.load().catch(() => undefined);
    }, delayMs);
  }
}
