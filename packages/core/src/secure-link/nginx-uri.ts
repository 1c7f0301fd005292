const SLASHES = /\/{2,}/g;

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Percent-decodes once, into bytes: Nginx hashes bytes, whatever their encoding. */
function percentDecode(wirePath: string): Buffer | undefined {
  const input = Buffer.from(wirePath, 'utf8');
  const output = Buffer.alloc(input.length);
  let length = 0;
  for (let index = 0; index < input.length; index += 1) {
    if (input[index] !== 0x25) {
      output[length++] = input[index]!;
      continue;
    }
    const high = hexValue(input[index + 1]);
    const low = hexValue(input[index + 2]);
    if (high === -1 || low === -1) return undefined;
    output[length++] = high * 16 + low;
    index += 2;
  }
  return output.subarray(0, length);
}

/**
 * Nginx's `$uri` for a path it receives, as bytes: percent-decoded once, runs of `/` merged (`merge_slashes on`,
 * the default), `.` and `..` segments resolved. Undefined where Nginx answers 400 (bad encoding, a NUL, `..` above
 * the root).
 */
export function nginxUri(wirePath: string): Buffer | undefined {
  const bytes = percentDecode(wirePath);
  if (bytes === undefined || bytes.includes(0) || bytes[0] !== 0x2f) return undefined;
  // latin1 maps each byte to one character and back, so the segment work below cannot change a byte.
  const parts = bytes.toString('latin1').replace(SLASHES, '/').split('/').slice(1);
  const segments: string[] = [];
  for (const [index, segment] of parts.entries()) {
    const last = index === parts.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && segments.pop() === undefined) return undefined;
      if (last) segments.push('');
      continue;
    }
    segments.push(segment);
  }
  return Buffer.from(`/${segments.join('/')}`, 'latin1');
}

/**
 * `$uri` of the URL a signer makes from a decoded base path (slashes merged, ending in `/`) and a raw key (which has
 * no dot segments): a run of slashes can only come from the key, or where the key starts with one.
 */
export function uriOfKey(decodedBasePath: string, key: string): string {
  const uri = decodedBasePath + key;
  return key.charCodeAt(0) === 0x2f || key.includes('//') ? uri.replace(SLASHES, '/') : uri;
}
