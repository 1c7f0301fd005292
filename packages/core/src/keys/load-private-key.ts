import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AccelError } from '../errors/accel-error.js';
import { ACCEPTED_KEY_TYPES, type LoadPrivateKeyOptions, type LoadedPrivateKey, type PrivateKeyInput } from './key-types.js';
import { readKeyMaterial } from './read-key-material.js';

const CLOUDFRONT_RSA_BITS = 2048;
const MIN_RSA_BITS = 1024;

function invalidKey(field: string, problem: string, cause?: unknown): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_KEY', `${field}: ${problem}. Provide ${ACCEPTED_KEY_TYPES}.`, { cause });
}

function parse(input: PrivateKeyInput, field: string, passphrase: string | Buffer | undefined): KeyObject {
  const material = readKeyMaterial(input, field);
  if (typeof material === 'object' && !Buffer.isBuffer(material)) {
    // SECURITY: a public key (or secret) KeyObject cannot sign; refuse it by name rather than fail per request.
    if (material.type !== 'private') throw invalidKey(field, `got a ${material.type} KeyObject, which cannot sign`);
    return material;
  }
  const text = Buffer.isBuffer(material) ? material.toString('utf8') : material;
  if (/-----BEGIN (?:RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(text)) {
    throw invalidKey(field, 'got a public key or certificate; signing needs the private key (keep the public key for CloudFront)');
  }
  if (!text.includes('-----BEGIN')) throw invalidKey(field, 'this is not a PEM key (no "-----BEGIN" line); if you passed a file path, use { file: path }');
  try {
    return createPrivateKey(passphrase === undefined ? { key: text, format: 'pem' } : { key: text, format: 'pem', passphrase });
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? '';
    if (/ENCRYPTED/.test(text) && (passphrase === undefined || /BAD_DECRYPT|PASSPHRASE/i.test(`${code} ${(cause as Error).message}`))) {
      throw invalidKey(field, passphrase === undefined ? 'the PEM is encrypted; pass its passphrase' : 'the passphrase does not decrypt this PEM', cause);
    }
    throw invalidKey(field, `the PEM could not be parsed (${(cause as Error).message})`, cause);
  }
}

/**
 * Parses and checks a CloudFront signing key once. RSA must be 2048-bit (CloudFront's only size) unless
 * `allowAnyRsaKeySize`; EC must be P-256. DSA, Ed25519, other curves and public keys are refused with an
 * error that names the accepted types.
 */
export function loadPrivateKey(input: PrivateKeyInput, options: LoadPrivateKeyOptions = {}, field = 'privateKey'): LoadedPrivateKey {
  const key = parse(input, field, options.passphrase);
  const publicKey = createPublicKey(key);
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw invalidKey(field, `RSA-${bits} is too weak to sign anything`);
    if (bits !== CLOUDFRONT_RSA_BITS && options.allowAnyRsaKeySize !== true) {
      throw invalidKey(field, `RSA-${bits}: CloudFront key groups only accept 2048-bit RSA keys (set allowAnyRsaKeySize to sign anyway)`);
    }
    return { key, type: 'rsa', bits, publicKey };
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve !== 'prime256v1') throw invalidKey(field, `ECDSA on curve ${details.namedCurve ?? 'unknown'} is not supported by CloudFront (P-256 only)`);
    return { key, type: 'ecdsa', bits: 256, publicKey };
  }
  throw invalidKey(field, `key type "${key.asymmetricKeyType ?? 'unknown'}" is not supported by CloudFront (RSA or ECDSA only)`);
}
