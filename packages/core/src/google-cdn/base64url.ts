// RFC 4648 §5 base64url. Cloud CDN writes signatures and URL prefixes with `=` padding (Google's samples,
// Python's urlsafe_b64encode and Go's base64.URLEncoding); keys are accepted padded or not.

/** Encodes bytes as base64url with `=` padding. */
export function toPaddedBase64Url(bytes: Buffer): string {
  const text = bytes.toString('base64url');
  const padding = (4 - (text.length % 4)) % 4;
  return padding === 0 ? text : padding === 1 ? `${text}=` : `${text}==`;
}

const PADDED = /^[A-Za-z0-9_-]*={0,2}$/;
const UNPADDED = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url, padded (`…=`) or, with `allowUnpadded`, without padding; `undefined` when the text uses
 * another alphabet, has a broken length or is not the canonical spelling of its bytes.
 */
export function fromBase64Url(text: string, allowUnpadded = false): Buffer | undefined {
  const padded = PADDED.test(text) && text.length % 4 === 0;
  if (!padded && !(allowUnpadded && UNPADDED.test(text) && text.length % 4 !== 1)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // SECURITY: Buffer ignores stray bits in the last character ("…Q=" and "…R=" decode alike); only the canonical
  // spelling is accepted, so a signed value has exactly one valid form.
  const canonical = toPaddedBase64Url(bytes);
  return canonical === text || (!padded && canonical.replace(/=+$/, '') === text) ? bytes : undefined;
}
