import { AccelError, type Accel, type AccelDecision, type AccelRequest, type AccelResponseView } from '@cdn-accel/core';

/**
 * A stand-in engine with the agreed `decide` contract, so the proxy's own behaviour is tested apart from
 * signing: `/protected/<key>` redirects to `<cdn>/<key>?Signature=test`, `/stream/<key>` streams
 * `<origin>/<key>`, anything else is unmapped (404).
 */
export function fakeAccel(cdn: string, origin = cdn): Accel & { calls: AccelRequest[] } {
  const calls: AccelRequest[] = [];
  const decide = (request: AccelRequest, response: AccelResponseView): AccelDecision => {
    const target = response.getHeader('x-accel-redirect');
    if (target === undefined) return { kind: 'pass' };
    calls.push(request);
    const path = String(target);
    if (path.startsWith('/protected/')) {
      return { kind: 'redirect', status: 302, headers: [['Location', `${cdn}/${path.slice(11)}?Signature=test`], ['Cache-Control', 'private, no-store']] };
    }
    if (path.startsWith('/stream/')) {
      const forwardHeaders: Array<[string, string]> = [];
      for (const name of ['range', 'if-none-match', 'if-modified-since', 'cookie', 'authorization']) {
        const value = request.headers?.[name];
        if (typeof value === 'string') forwardHeaders.push([name, value]);
      }
      const overrideHeaders: Array<[string, string]> = [];
      const disposition = response.getHeader('content-disposition');
      if (typeof disposition === 'string') overrideHeaders.push(['Content-Disposition', disposition]);
      const rate = response.getHeader('x-accel-limit-rate');
      const decision: AccelDecision = {
        kind: 'stream',
        url: `${origin}/${path.slice(8)}`,
        method: request.method === 'HEAD' ? 'HEAD' : 'GET',
        forwardHeaders,
        overrideHeaders,
        buffering: response.getHeader('x-accel-buffering') !== 'no',
      };
      if (rate !== undefined) decision.limitRate = Number(rate);
      return decision;
    }
    throw new AccelError('ERR_ACCEL_UNMAPPED', 'No location maps this path', { status: 404 });
  };
  return { calls, decide, ready: async () => {}, locations: ['/stream/', '/protected/'], needsClientIp: false };
}
