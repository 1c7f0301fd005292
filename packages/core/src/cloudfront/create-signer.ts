import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { debuglog } from 'node:util';
import { AccelError, configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { toAwsBase64 } from './aws-base64.js';
import { BACKGROUND_SIGNING, type BackgroundSigning } from './background-signing.js';
import { cookieAttributeSuffix } from './set-cookie.js';
import { checkKeyPairId, loadSignerKeys, resolveHashAlgorithm } from './signer-keys.js';
import { cookieSigningInput, urlSigningInput, type SigningInput } from './signing-input.js';
import type {
  AsyncCloudFrontSigner, CloudFrontPolicy, CloudFrontSigner, CloudFrontSignerOptions, CookieAttributes,
  ExternalSign, ExternalSignerOptions, HashAlgorithm, KeyRotationSignerOptions, LocalKeySignerOptions, SignedCookies,
} from './types.js';

const trace = debuglog('cdn-accel:cloudfront');

/** What every signature of one signer shares: its key id and hash, its clock, and the fixed parts of its URLs and cookies. */
interface SignerSettings {
  keyPairId: string;
  hashAlgorithm: HashAlgorithm;
  validity: { allowPastExpiry: boolean };
  now: Clock;
  urlMiddle: string;
  urlTail: string;
  defaultCookieSuffix: string;
}

function signerSettings(keyPairId: string, hashAlgorithm: HashAlgorithm, options: CloudFrontSignerOptions): SignerSettings {
  const now = options.now ?? systemClock;
  if (typeof now !== 'function') throw configError('now', `expected a function, got ${describeValue(now)}`, 'Pass a clock returning ms since the epoch, like Date.now');
  return {
    keyPairId,
    hashAlgorithm,
    validity: { allowPastExpiry: options.allowPastExpiry === true },
    now,
    // Parameter order of @aws-sdk/cloudfront-signer, so URLs are byte-identical to it.
    urlMiddle: `&Key-Pair-Id=${keyPairId}&Signature=`,
    urlTail: hashAlgorithm === 'SHA256' ? '&Hash-Algorithm=SHA256' : '',
    defaultCookieSuffix: cookieAttributeSuffix(),
  };
}

function urlFrom(url: string, input: SigningInput, signature: string, settings: SignerSettings): string {
  const separator = url.includes('?') ? '&' : '?';
  return url + separator + input.policyParameter + settings.urlMiddle + signature + settings.urlTail;
}

function cookiesFrom(input: SigningInput, signature: string, attributes: CookieAttributes | undefined, settings: SignerSettings): SignedCookies {
  const values: Record<string, string> = input.expires === undefined
    ? { 'CloudFront-Policy': input.encodedPolicy! }
    : { 'CloudFront-Expires': String(input.expires) };
  values['CloudFront-Signature'] = signature;
  values['CloudFront-Key-Pair-Id'] = settings.keyPairId;
  if (settings.hashAlgorithm === 'SHA256') values['CloudFront-Hash-Algorithm'] = 'SHA256';
  const suffix = attributes === undefined ? settings.defaultCookieSuffix : cookieAttributeSuffix(attributes);
  const setCookie = Object.entries(values).map(([name, value]) => `${name}=${value}${suffix}`);
  return { values, setCookie };
}

function localSigner(options: LocalKeySignerOptions | KeyRotationSignerOptions): CloudFrontSigner {
  const keys = loadSignerKeys(options);
  const { keyPairId, loaded } = keys.active;
  const hashAlgorithm = resolveHashAlgorithm(options.hashAlgorithm, loaded.type);
  const settings = signerSettings(keyPairId, hashAlgorithm, options);
  const digest = hashAlgorithm === 'SHA256' ? 'sha256' : 'sha1';
  const key: KeyObject = loaded.key;
  const signPolicy = (input: SigningInput): string => toAwsBase64(cryptoSign(digest, input.policyBytes, key));
  // The callback form of crypto.sign runs on libuv's thread pool.
  const signPolicyInBackground = (input: SigningInput): Promise<string> => new Promise((resolve, reject) => {
    cryptoSign(digest, input.policyBytes, key, (error, signature) => (error === null ? resolve(toAwsBase64(signature)) : reject(error)));
  });
  const background: BackgroundSigning = {
    async signUrl(url: string, policy: CloudFrontPolicy): Promise<string> {
      const input = urlSigningInput(url, policy, settings.now(), settings.validity);
      return urlFrom(url, input, await signPolicyInBackground(input), settings);
    },
    async signCookies(resource: string, policy: CloudFrontPolicy, attributes?: CookieAttributes): Promise<SignedCookies> {
      const input = cookieSigningInput(resource, policy, settings.now(), settings.validity);
      return cookiesFrom(input, await signPolicyInBackground(input), attributes, settings);
    },
  };
  trace('signer ready: key %s (%s-%d), %s', keyPairId, loaded.type, loaded.bits, hashAlgorithm);
  const signer: CloudFrontSigner = {
    keyPairId,
    hashAlgorithm,
    publicKeys: Object.freeze(keys.publicKeys),
    signUrl(url: string, policy: CloudFrontPolicy): string {
      const input = urlSigningInput(url, policy, settings.now(), settings.validity);
      return urlFrom(url, input, signPolicy(input), settings);
    },
    signCookies(resource: string, policy: CloudFrontPolicy, attributes?: CookieAttributes): SignedCookies {
      const input = cookieSigningInput(resource, policy, settings.now(), settings.validity);
      return cookiesFrom(input, signPolicy(input), attributes, settings);
    },
  };
  return Object.defineProperty(signer, BACKGROUND_SIGNING, { value: background });
}

async function callExternal(sign: ExternalSign, input: SigningInput, hashAlgorithm: HashAlgorithm): Promise<string> {
  let signature: Buffer | Uint8Array;
  try {
    signature = await sign(input.policyBytes, hashAlgorithm);
  } catch (cause) {
    throw new AccelError('ERR_ACCEL_SIGNING_FAILED', `external signer failed: ${(cause as Error)?.message ?? String(cause)}`, { status: 502, cause });
  }
  if (!(signature instanceof Uint8Array) || signature.length === 0) {
    throw new AccelError('ERR_ACCEL_SIGNING_FAILED', 'external signer returned no signature bytes (expected a non-empty Buffer or Uint8Array)', { status: 502 });
  }
  return toAwsBase64(Buffer.isBuffer(signature) ? signature : Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength));
}

function externalSigner(options: ExternalSignerOptions): AsyncCloudFrontSigner {
  const keyPairId = checkKeyPairId(options.keyPairId, 'keyPairId');
  if (typeof options.sign !== 'function') throw configError('sign', `expected a function, got ${describeValue(options.sign)}`, 'Pass (data: Buffer, hashAlgorithm) => signature bytes (sync or async)');
  if (options.keyType !== 'rsa' && options.keyType !== 'ecdsa') throw configError('keyType', `expected "rsa" or "ecdsa", got ${describeValue(options.keyType)}`, 'Say which kind of key the external signer holds');
  const hashAlgorithm = resolveHashAlgorithm(options.hashAlgorithm, options.keyType);
  const settings = signerSettings(keyPairId, hashAlgorithm, options);
  const { sign } = options;
  trace('external signer ready: key %s (%s), %s', keyPairId, options.keyType, hashAlgorithm);
  return {
    keyPairId,
    hashAlgorithm,
    async signUrl(url: string, policy: CloudFrontPolicy): Promise<string> {
      const input = urlSigningInput(url, policy, settings.now(), settings.validity);
      return urlFrom(url, input, await callExternal(sign, input, hashAlgorithm), settings);
    },
    async signCookies(resource: string, policy: CloudFrontPolicy, attributes?: CookieAttributes): Promise<SignedCookies> {
      const input = cookieSigningInput(resource, policy, settings.now(), settings.validity);
      return cookiesFrom(input, await callExternal(sign, input, hashAlgorithm), attributes, settings);
    },
  };
}

/**
 * Creates a CloudFront signer for URLs and cookies. Validates every option and parses keys once.
 * Local keys (`privateKey` or `keys`) sign synchronously; an external `sign` function returns promises.
 */
export function createCloudFrontSigner(options: LocalKeySignerOptions | KeyRotationSignerOptions): CloudFrontSigner;
export function createCloudFrontSigner(options: ExternalSignerOptions): AsyncCloudFrontSigner;
export function createCloudFrontSigner(options: CloudFrontSignerOptions): CloudFrontSigner | AsyncCloudFrontSigner;
export function createCloudFrontSigner(options: CloudFrontSignerOptions): CloudFrontSigner | AsyncCloudFrontSigner {
  if (typeof options !== 'object' || options === null) throw configError('options', `expected an options object, got ${describeValue(options)}`, 'Pass { keyPairId, privateKey } (or keys, or sign)');
  const sources = (['privateKey', 'keys', 'sign'] as const).filter((name) => (options as unknown as Record<string, unknown>)[name] !== undefined);
  if (sources.length > 1) throw configError(sources.join(' and '), 'are mutually exclusive', 'Pass exactly one of privateKey (one key), keys (rotation) or sign (KMS/HSM)');
  if (sources[0] === 'sign') return externalSigner(options as ExternalSignerOptions);
  return localSigner(options as LocalKeySignerOptions | KeyRotationSignerOptions);
}
