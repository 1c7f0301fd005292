import { brandTarget } from '../../../src/contract/target-brand.js';
import type { AccelTarget, TargetSignInput, TargetSignResult } from '../../../src/contract/target.js';
import type { MaybePromise } from '../../../src/contract/maybe-promise.js';

export interface FakeTarget extends AccelTarget {
  calls: TargetSignInput[];
}

/** A target that records what it was asked to sign and answers `https://cdn.example/<key>?e=<expiresAt>`. */
export function fakeTarget(overrides: Partial<AccelTarget> & { signWith?: (input: TargetSignInput) => MaybePromise<TargetSignResult> } = {}): FakeTarget {
  const calls: TargetSignInput[] = [];
  const { signWith, ...rest } = overrides;
  const target = {
    kind: 'cloudfront' as const,
    mode: 'redirect' as const,
    expiresIn: 300,
    origin: 'https://cdn.example',
    methodBound: false,
    carry: { contentDisposition: false, cacheControl: false, contentType: false },
    redirectCacheControl: 'private, no-store',
    ip: 'none' as const,
    ipv6: 'refuse' as const,
    ready: () => Promise.resolve(),
    ...rest,
    calls,
    sign(input: TargetSignInput): MaybePromise<TargetSignResult> {
      calls.push(input);
      return signWith === undefined ? { url: `https://cdn.example/${input.key}?e=${input.expiresAt}` } : signWith(input);
    },
  };
  return brandTarget(target);
}

export function view(headers: Record<string, string | string[]>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { getHeader: (name: string) => lower[name.toLowerCase()] };
}
