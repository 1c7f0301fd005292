import { debuglog } from 'node:util';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock } from '../runtime/clock.js';
import { loadGoogleCdnKeySet } from './signer-keys.js';
import { checkSignedValues, fail, type SignedValues } from './verify-signature.js';
import type { GoogleCdnRequest, GoogleCdnVerifier, GoogleCdnVerifierOptions, GoogleCdnVerifyResult } from './verify-types.js';

const trace = debuglog('cdn-accel:google-cdn');

const SIGNING_NAMES = new Set(['URLPrefix', 'Expires', 'KeyName', 'Signature']);
// The exact cookie value Google's samples set: the policy, then `:Signature=`.
const COOKIE_VALUE = /^URLPrefix=([A-Za-z0-9_=-]*):Expires=([^:]*):KeyName=([^:]*):Signature=([^:]*)$/;

function traced(result: GoogleCdnVerifyResult): GoogleCdnVerifyResult {
  if (!result.ok) trace('verify refused: %s (%s)', result.reason, result.message);
  return result;
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

interface Parameter { name: string; value: string; start: number }

/** The query's parameters with where each starts (its `?` or `&`), values as sent (not decoded). */
function parameters(url: string, query: number): Parameter[] {
  const list: Parameter[] = [];
  let start = query;
  while (start !== -1) {
    const next = url.indexOf('&', start + 1);
    const part = url.slice(start + 1, next === -1 ? undefined : next);
    const equals = part.indexOf('=');
    list.push({ name: equals === -1 ? part : part.slice(0, equals), value: equals === -1 ? '' : part.slice(equals + 1), start });
    start = next;
  }
  return list;
}

/**
 * Reads the signing parameters of a URL. They must close the query, in the order the signers write them:
 * `[URLPrefix=…&]Expires=…&KeyName=…&Signature=…`.
 */
function readUrl(url: string): SignedValues | GoogleCdnVerifyResult {
  const query = url.indexOf('?');
  if (query === -1) return fail('unsigned', 'the URL has no Signature parameter');
  const list = parameters(url, query);
  const seen = new Set<string>();
  for (const { name } of list) {
    // SECURITY: a repeated signing parameter could be read one way here and another way at the edge.
    if (SIGNING_NAMES.has(name) && seen.has(name)) return fail('malformed', `${name} appears more than once`);
    seen.add(name);
  }
  if (!seen.has('Signature')) return fail('unsigned', 'the URL has no Signature parameter');
  const tail = list.slice(seen.has('URLPrefix') ? -4 : -3);
  const order = tail.map((parameter) => parameter.name).join('&');
  if (order !== (seen.has('URLPrefix') ? 'URLPrefix&Expires&KeyName&Signature' : 'Expires&KeyName&Signature')) {
    return fail('malformed', 'the query must end with [URLPrefix=…&]Expires=…&KeyName=…&Signature=…');
  }
  const [first] = tail;
  const signatureStart = tail[tail.length - 1]!.start;
  const prefixForm = first!.name === 'URLPrefix';
  return {
    form: prefixForm ? 'url-prefix' : 'url',
    signedText: prefixForm ? url.slice(first!.start + 1, signatureStart) : url.slice(0, signatureStart),
    requestUrl: prefixForm ? url.slice(0, first!.start) : url.slice(0, tail[0]!.start),
    urlPrefix: prefixForm ? first!.value : undefined,
    expires: tail[tail.length - 3]!.value,
    keyName: tail[tail.length - 2]!.value,
    signature: tail[tail.length - 1]!.value,
  };
}

/** Every `Cloud-CDN-Cookie` value of the Cookie header(s); a browser sends one per matching Path. */
function cookieValues(cookie: string | readonly string[] | undefined): string[] {
  const headers = cookie === undefined ? [] : typeof cookie === 'string' ? [cookie] : cookie;
  const values: string[] = [];
  for (const header of headers) {
    for (const pair of header.split(';')) {
      const trimmed = pair.trim();
      if (trimmed.startsWith('Cloud-CDN-Cookie=')) values.push(trimmed.slice('Cloud-CDN-Cookie='.length));
    }
  }
  return values;
}

function readCookie(value: string, url: string): SignedValues | GoogleCdnVerifyResult {
  const match = COOKIE_VALUE.exec(value);
  if (match === null) return fail('malformed', 'Cloud-CDN-Cookie is not URLPrefix=…:Expires=…:KeyName=…:Signature=…');
  const [, urlPrefix, expires, keyName, signature] = match as unknown as [string, string, string, string, string];
  return { form: 'cookie', signedText: value.slice(0, value.lastIndexOf(':Signature=')), requestUrl: url, urlPrefix, expires, keyName, signature };
}

/**
 * Creates a verifier for the keys of one backend, decoded and checked once. It answers as Cloud CDN does: GET or
 * HEAD only, a known key, a matching HMAC-SHA1, the URL under the signed prefix, and `Expires` in the future.
 */
export function createGoogleCdnVerifier(options: GoogleCdnVerifierOptions): GoogleCdnVerifier {
  const { keys } = loadGoogleCdnKeySet(options);
  const now = options.now ?? systemClock;
  if (typeof now !== 'function') throw configError('now', `expected a function, got ${describeValue(now)}`, 'Pass a clock returning ms since the epoch, like Date.now');
  const check = (values: SignedValues | GoogleCdnVerifyResult, method: string | undefined): GoogleCdnVerifyResult =>
    ('ok' in values ? values : checkSignedValues(values, (method ?? 'GET').toUpperCase(), keys, now()));

  const verifyUrl = (request: GoogleCdnRequest): GoogleCdnVerifyResult => traced(check(readUrl(withoutFragment(request.url)), request.method));
  const verifyCookie = (request: GoogleCdnRequest): GoogleCdnVerifyResult => {
    const values = cookieValues(request.cookie);
    if (values.length === 0) return traced(fail('unsigned', 'there is no Cloud-CDN-Cookie'));
    const url = withoutFragment(request.url);
    let first: GoogleCdnVerifyResult | undefined;
    for (const value of values) {
      const result = check(readCookie(value, url), request.method);
      if (result.ok) return result;
      first ??= result;
    }
    return traced(first!);
  };
  return {
    verifyUrl,
    verifyCookie,
    verify(request) {
      const url = verifyUrl(request);
      return url.ok || url.reason !== 'unsigned' ? url : verifyCookie(request);
    },
  };
}
