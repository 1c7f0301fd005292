import { expect } from 'chai';
import type { Accel } from '../../../src/contract/accel.js';
import type { AccelDecision, RedirectDecision } from '../../../src/contract/decision.js';

/** The message of the ERR_ACCEL_CONFIG that `run` throws. */
export function configFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code: string }).code, (error as Error).message).to.equal('ERR_ACCEL_CONFIG');
    return (error as Error).message;
  }
  throw new Error('no config error');
}

/** An app response that carries these headers (lower-case lookup, as Node's getHeader is case-insensitive). */
export function appResponse(headers: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { getHeader: (name: string) => lower[name.toLowerCase()] };
}

/** What the engine answers for `X-Accel-Redirect: path` (and more app headers). */
export async function decide(accel: Accel, path: string, request: { method?: string; clientIp?: string } = {}, headers: Record<string, string> = {}): Promise<AccelDecision> {
  return accel.decide({ method: request.method ?? 'GET', ...(request.clientIp === undefined ? {} : { clientIp: request.clientIp }) }, appResponse({ 'X-Accel-Redirect': path, ...headers }));
}

/** A redirect decision's header values by name (Set-Cookie may repeat). */
export function headersOf(decision: AccelDecision): { location: string; cacheControl: string; setCookie: string[] } {
  expect(decision.kind).to.equal('redirect');
  const { headers } = decision as RedirectDecision;
  const values = (name: string) => headers.filter(([header]) => header === name).map(([, value]) => value);
  return { location: values('Location')[0] ?? '', cacheControl: values('Cache-Control')[0] ?? '', setCookie: values('Set-Cookie') };
}

/** The error `promise` rejects with; fails when it resolves. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error('not refused');
}
