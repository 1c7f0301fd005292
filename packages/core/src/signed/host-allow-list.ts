import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';

/** The hosts a `signed()` location may fetch from or redirect to. */
export interface HostAllowList {
  /**
   * The allowed host (`name[:port]`, lower case) that `candidate` names, or undefined. The candidate is compared
   * as it is, ASCII case aside: no decoding, no IP-address or Unicode normalisation, no trailing-dot folding.
   */
  match(candidate: string): string | undefined;
  /** The entries as given, for messages. */
  readonly entries: readonly string[];
}

interface Wildcard {
  /** `.s3.amazonaws.com`: the part a matching name ends with, leading dot included. */
  readonly suffix: string;
  /** `:9000`, or '' for the protocol's default port. */
  readonly port: string;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^[1-9][0-9]{0,4}$/;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const DEFAULT_PORT = { https: '443', http: '80' } as const;

/** A DNS name of letter-digit-hyphen labels, lower case, no trailing dot, not a number (that would be an IPv4 form). */
function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(labels[labels.length - 1] as string);
}

function splitPort(host: string): { name: string; port: string } {
  const colon = host.lastIndexOf(':');
  if (colon === -1 || host.endsWith(']')) return { name: host, port: '' };
  return { name: host.slice(0, colon), port: host.slice(colon + 1) };
}

/** True for the spelling the WHATWG URL parser keeps as it is: dotted-quad IPv4, or bracketed, compressed IPv6. */
function isCanonicalIp(name: string): boolean {
  if (!/^[0-9.]+$/.test(name) && !name.startsWith('[')) return false;
  try {
    return new URL(`http://${name}/`).hostname === name;
  } catch {
    return false;
  }
}

function checkEntry(entry: unknown, field: string, protocol: 'https' | 'http'): string {
  const example = "e.g. 'my-bucket.s3.eu-west-1.amazonaws.com' or '*.s3.amazonaws.com'";
  if (typeof entry !== 'string' || entry === '') throw configError(field, `expected a host name, got ${describeValue(entry)}`, `Use ${example}`);
  if (!PRINTABLE_ASCII.test(entry)) {
    throw configError(field, `${JSON.stringify(entry)} is not plain ASCII`, 'Write an internationalised name in its xn-- (punycode) form, as it goes on the wire');
  }
  if (entry !== entry.toLowerCase()) throw configError(field, `${JSON.stringify(entry)} has upper-case letters`, `Write it in lower case: ${JSON.stringify(entry.toLowerCase())}`);
  if (entry.includes('/') || entry.includes('@')) throw configError(field, `${JSON.stringify(entry)} is not a bare host`, `Give the host only (no scheme, user, path), ${example}`);
  const { name, port } = splitPort(entry);
  if (port !== '' && (!PORT.test(port) || Number(port) > 65535)) throw configError(field, `${JSON.stringify(entry)} has an invalid port`, 'Use a port from 1 to 65535, or none');
  if (port === DEFAULT_PORT[protocol]) throw configError(field, `${JSON.stringify(entry)} names ${protocol}'s default port`, `Leave the port out: ${JSON.stringify(name)}`);
  if (name.startsWith('*.')) {
    const suffix = name.slice(2);
    if (!isDnsName(suffix) || !suffix.includes('.')) {
      throw configError(field, `${JSON.stringify(entry)}: a wildcard needs a domain of at least two labels after "*."`, "Use e.g. '*.s3.amazonaws.com'");
    }
    if (protocol === 'http') throw configError(field, `${JSON.stringify(entry)}: wildcards are refused with protocol 'http'`, 'Name each plain-HTTP host exactly');
    return entry;
  }
  if (name.endsWith('.')) throw configError(field, `${JSON.stringify(entry)} ends with a dot`, `Leave the trailing dot out: ${JSON.stringify(name.slice(0, -1))}`);
  if (!isDnsName(name) && !isCanonicalIp(name)) {
    throw configError(field, `${JSON.stringify(entry)} is not a host name or a canonical IP address`, `Use ${example}, or an address written like 127.0.0.1 or [::1]`);
  }
  return entry;
}

/**
 * Compiles a location's `hosts`. An entry is an exact host (`bucket.s3.amazonaws.com`, `127.0.0.1:9000`,
 * `[::1]:9000`) or `*.suffix`, which matches one or more labels under the suffix and never the suffix itself.
 * A port is accepted only where the entry names it.
 */
export function compileHostAllowList(value: unknown, field: string, protocol: 'https' | 'http'): HostAllowList {
  if (!Array.isArray(value) || value.length === 0) {
    throw configError(field, `expected a non-empty array of host names, got ${describeValue(value)}`, "Use e.g. ['my-bucket.s3.eu-west-1.amazonaws.com']");
  }
  const exact = new Set<string>();
  const wildcards: Wildcard[] = [];
  value.forEach((entry: unknown, index) => {
    const checked = checkEntry(entry, `${field}[${index}]`, protocol);
    const { name, port } = splitPort(checked);
    if (name.startsWith('*.')) wildcards.push({ suffix: name.slice(1), port: port === '' ? '' : `:${port}` });
    else exact.add(checked);
  });
  const entries = Object.freeze([...(value as string[])]);

  function match(candidate: string): string | undefined {
    // SECURITY: only printable ASCII is compared, and lower-cased as ASCII: a Unicode case mapping (the Kelvin
    // sign becomes "k") or an IDN would let a different string reach an allowed name.
    if (candidate.length > 260 || !PRINTABLE_ASCII.test(candidate)) return undefined;
    const host = candidate.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
    if (exact.has(host)) return host;
    if (wildcards.length === 0) return undefined;
    const { name, port } = splitPort(host);
    // SECURITY: a wildcard matches DNS names only (no IP form, userinfo, percent-escape or trailing dot), with the port its entry names.
    if (!isDnsName(name) || (port !== '' && !PORT.test(port))) return undefined;
    const withPort = port === '' ? '' : `:${port}`;
    for (const wildcard of wildcards) {
      if (wildcard.port === withPort && name.length > wildcard.suffix.length && name.endsWith(wildcard.suffix)) return host;
    }
    return undefined;
  }

  return { match, entries };
}
