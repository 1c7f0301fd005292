import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { prepareHmac, type PreparedHmac } from '../keys/prepared-hmac.js';
import { checkCountries, checkCountryOverlap } from './countries.js';
import { byName, joinParameters, parameter, type Parameter } from './parameters.js';
import type { BunnySignerOptions, BunnyTokenForm } from './types.js';

/** Everything a bunny signer needs per request, worked out once. */
export interface BunnySettings {
  /** HMAC-SHA256 under the security key. */
  hmac: PreparedHmac;
  /** `https://myzone.b-cdn.net` */
  origin: string;
  /** The base URL's path as on the wire, ending in `/`. */
  basePath: string;
  form: BunnyTokenForm;
  ignoreParams: boolean;
  /** The parameters every token carries (countries, limit, or token_ignore_params), sorted. */
  fixed: readonly Parameter[];
  /** `fixed` joined, for the common request without app parameters or token_path. */
  fixedSigning: string;
  fixedWire: string;
}

const PRINTABLE = /^[\x21-\x7e]+$/;
const KEY_FIX = "Copy the pull zone's URL Token Authentication Key (Security → Token Authentication) as it is, or read it from a file or the environment without its line break";

/** SECURITY: the key is never shown, only what is wrong with its form. */
function checkSecurityKey(value: unknown): PreparedHmac {
  if (typeof value !== 'string') throw configError('securityKey', `expected the key as a string, got ${value === null || typeof value !== 'object' ? describeValue(value) : 'an object'}`, KEY_FIX);
  if (value === '') throw configError('securityKey', 'is empty', KEY_FIX);
  if (!PRINTABLE.test(value)) {
    const what = /[\r\n]/.test(value) ? 'a line break' : /\s/.test(value) ? 'white space' : 'a character outside printable ASCII';
    throw configError('securityKey', `the key (${value.length} characters) contains ${what}, which bunny.net's keys never do`, KEY_FIX);
  }
  return prepareHmac('sha256', Buffer.from(value, 'utf8'));
}

function checkBaseUrl(value: unknown): { origin: string; basePath: string } {
  const fix = "Use e.g. 'https://myzone.b-cdn.net/' or 'https://cdn.example.com/media/'";
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || (value as string).includes('?') || (value as string).includes('#')) {
    throw configError('baseUrl', `expected an absolute https:// URL without credentials, query or fragment, got ${describeValue(value)}`, fix);
  }
  return { origin: url.origin, basePath: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/` };
}

function checkLimit(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw configError('limit', `expected a whole number of kB/s ≥ 1, got ${describeValue(value)}`, 'Use e.g. 1000 (1 MB/s), or leave it out for no limit');
  }
  return String(value);
}

function checkForm(value: unknown): BunnyTokenForm {
  if (value === undefined || value === 'query' || value === 'directory') return value ?? 'query';
  throw configError('tokenIn', `expected 'query' or 'directory', got ${describeValue(value)}`, "Use 'query' (the default) or 'directory' (HLS/DASH without cookies)");
}

/** Validates every option of `createBunnySigner` and precomputes what each token shares. */
export function bunnySettings(options: BunnySignerOptions): BunnySettings {
  if (options === null || typeof options !== 'object') throw configError('options', `expected an options object, got ${describeValue(options)}`, 'Pass { securityKey, baseUrl }');
  const hmac = checkSecurityKey(options.securityKey);
  const { origin, basePath } = checkBaseUrl(options.baseUrl);
  const form = checkForm(options.tokenIn);
  const countries = checkCountries(options.countries, 'countries');
  const blocked = checkCountries(options.blockedCountries, 'blockedCountries');
  checkCountryOverlap(countries, blocked);
  const limit = checkLimit(options.limit);
  if (options.ignoreParams !== undefined && typeof options.ignoreParams !== 'boolean') {
    throw configError('ignoreParams', `expected true or false, got ${describeValue(options.ignoreParams)}`, 'Use true or false (the default)');
  }
  const ignoreParams = options.ignoreParams === true;
  if (ignoreParams && (countries !== undefined || blocked !== undefined || limit !== undefined)) {
    throw configError('ignoreParams', "bunny.net's signers leave countries, blockedCountries and limit out of a token_ignore_params token, so they would not be enforced", 'Drop ignoreParams, or drop countries, blockedCountries and limit');
  }
  const fixed: Parameter[] = [];
  if (ignoreParams) fixed.push(parameter('token_ignore_params', 'true'));
  if (countries !== undefined) fixed.push(parameter('token_countries', countries));
  if (blocked !== undefined) fixed.push(parameter('token_countries_blocked', blocked));
  if (limit !== undefined) fixed.push(parameter('limit', limit));
  fixed.sort(byName);
  const joined = joinParameters(fixed);
  return { hmac, origin, basePath, form, ignoreParams, fixed, fixedSigning: joined.signing, fixedWire: joined.wire };
}
