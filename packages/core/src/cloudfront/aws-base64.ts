// CloudFront's URL-safe base64: `+`→`-`, `=`→`_`, `/`→`~`. Not RFC 4648 base64url (which maps `/` to `_`).

/** Encodes bytes in CloudFront's base64 alphabet. */
export function toAwsBase64(bytes: Buffer): string {
  // From base64url, which already has `-` for `+`: one replacement instead of three (every signature goes here).
  const text = bytes.toString('base64url').replaceAll('_', '~');
  const padding = (4 - (text.length % 4)) % 4;
  return padding === 0 ? text : padding === 1 ? `${text}_` : `${text}__`;
}

const AWS_BASE64 = /^[A-Za-z0-9\-~]*_{0,2}$/;

/**
 * Decodes CloudFront base64; `undefined` when the text uses another alphabet, has a broken length, or is not the
 * canonical encoding of its bytes.
 */
export function fromAwsBase64(text: string): Buffer | undefined {
  if (!AWS_BASE64.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text.replaceAll('-', '+').replaceAll('_', '=').replaceAll('~', '/'), 'base64');
  // SECURITY: Buffer ignores stray bits in the last character, so "…Q__" and "…a__" decode alike; only the
  // canonical form is accepted, so a signed URL has exactly one valid spelling.
  return toAwsBase64(bytes) === text ? bytes : undefined;
}
