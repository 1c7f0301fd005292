import { timingSafeEqual } from 'node:crypto';
import { debuglog } from 'node:util';
import { prepareHmac } from '../keys/prepared-hmac.js';
import { systemClock } from '../runtime/clock.js';
import { bunnyIpText } from './ip-bytes.js';
import { byName, joinParameters, parameter, type Parameter } from './parameters.js';
import { bunnyDigest } from './token.js';
import type { VerifyBunnyFailure, VerifyBunnyOptions, VerifyBunnyResult } from './types.js';
import { parseBunnyUrl, type BunnyRequest } from './verify-parse.js';

const trace = debuglog('cdn-accel:bunny');
const DIGITS = /^\d{1,15}$/;
const DIGEST = /^[A-Za-z0-9_-]{43}$/;
const LOCKED_LENGTH = 'HS256-1-'.length + 43;
// What a token_ignore_params token signs besides itself: bunny.net's signers drop everything else.
const SIGNED_WHEN_IGNORING = new Set(['token_ignore_params', 'token_path']);
const RESTRICTIONS = ['token_countries', 'token_countries_blocked', 'limit'];

function refuse(reason: VerifyBunnyFailure, message: string): VerifyBunnyResult {
  trace('verify refused: %s (%s)', reason, message);
  return { ok: false, reason, message };
}

/** The parameters the token signs, or a failure when a restriction rides along unsigned. */
function signedParameters(request: BunnyRequest): Parameter[] | VerifyBunnyResult {
  const all = new Map(request.parameters);
  if (all.get('token_ignore_params') !== 'true') {
    for (const [name, value] of request.queryParameters) {
      if (all.has(name)) return refuse('malformed', `"${name}" is both in the token segment and in the query`);
      all.set(name, value);
    }
  }
  if (all.get('token_ignore_params') !== 'true') return [...all].map(([name, value]) => parameter(name, value));
  // SECURITY: such a token does not cover countries or limit: one in the URL was added by someone else.
  const unsigned = RESTRICTIONS.find((name) => all.has(name));
  if (unsigned !== undefined) return refuse('unsigned-restriction', `${unsigned} is not covered by a token_ignore_params token`);
  return [...all].filter(([name]) => SIGNED_WHEN_IGNORING.has(name)).map(([name, value]) => parameter(name, value));
}

function countryRefusal(parameters: ReadonlyMap<string, string>, countryCode: string | undefined): string | undefined {
  const country = countryCode?.toUpperCase();
  const allowed = parameters.get('token_countries');
  const blocked = parameters.get('token_countries_blocked');
  if (allowed !== undefined && (country === undefined || !allowed.toUpperCase().split(',').includes(country))) return `country ${country ?? '(unknown)'} is not in token_countries`;
  if (blocked !== undefined && country !== undefined && blocked.toUpperCase().split(',').includes(country)) return `country ${country} is in token_countries_blocked`;
  return undefined;
}

/**
 * Checks a bunny.net HS256 token the way the edge does: the signature over the path (or `token_path`, which the
 * path must start with), the expiry and the sorted parameters, the IP lock (`HS256-1-`), then the country lists.
 * For the local CDN emulator and tests; the real edge remains the authority.
 */
export function verifyBunnyUrl(url: string, options: VerifyBunnyOptions): VerifyBunnyResult {
  const request = parseBunnyUrl(url);
  if (typeof request === 'string') return refuse('malformed', request);
  // A digest of its own may start with "1-" (one in 4,096): only the token's length says whether "1-" is the IP lock.
  const ipLocked = request.token.length === LOCKED_LENGTH && request.token.startsWith('HS256-1-');
  const digest = request.token.slice(ipLocked ? 8 : 6);
  if (!request.token.startsWith('HS256-') || !DIGEST.test(digest)) return refuse('malformed', 'the token is not an HS256- token');
  if (!DIGITS.test(request.expires)) return refuse('malformed', 'expires is not whole seconds since the epoch');
  const signed = signedParameters(request);
  if (!Array.isArray(signed)) return signed;
  let ip: string | undefined;
  if (ipLocked) {
    ip = options.clientIp === undefined ? undefined : bunnyIpText(options.clientIp);
    if (ip === undefined) return refuse('ip-mismatch', 'the token is locked to an IP address and the client has none');
  }
  const tokenPath = request.parameters.get('token_path');
  const { signing } = joinParameters(signed.sort(byName));
  const computed = bunnyDigest(prepareHmac('sha256', Buffer.from(options.securityKey, 'utf8')), `${tokenPath ?? request.path}${request.expires}`, ip, signing);
  if (!timingSafeEqual(Buffer.from(computed), Buffer.from(digest))) {
    return refuse('bad-signature', ipLocked ? 'the signature does not match (another URL, key or client network)' : 'the signature does not match');
  }
  if (tokenPath !== undefined && !request.path.startsWith(tokenPath)) return refuse('path-mismatch', 'the path is outside token_path');
  const nowSeconds = Math.floor((options.now ?? systemClock)() / 1000);
  if (Number(request.expires) < nowSeconds) return refuse('expired', 'the token has expired');
  const country = countryRefusal(request.parameters, options.countryCode);
  if (country !== undefined) return refuse('country-refused', country);
  return { ok: true, form: request.form, expires: Number(request.expires), parameters: Object.fromEntries(signed.map(({ name, value }) => [name, value])), ipLocked };
}
