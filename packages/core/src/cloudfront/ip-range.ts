import { isIPv6 } from 'node:net';
import { AccelError } from '../errors/accel-error.js';

/** An IPv4 CIDR range as CloudFront's `AWS:SourceIp` holds it. */
export interface Ipv4Range {
  /** Canonical text, always with a mask: `192.0.2.7/32`. */
  readonly cidr: string;
  readonly network: number;
  readonly prefix: number;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const PREFIX = /^(?:3[0-2]|[12]?\d)$/;

function invalidIp(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

/** The address as an unsigned 32-bit number, or `undefined` when it is not dotted-quad IPv4 (no leading zeros). */
export function ipv4ToNumber(address: string): number | undefined {
  const match = IPV4.exec(address);
  if (match === null) return undefined;
  return ((Number(match[1]) << 24) | (Number(match[2]) << 16) | (Number(match[3]) << 8) | Number(match[4])) >>> 0;
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `192.0.2.0/24` or `192.0.2.7` (meaning `/32`). IPv6 and malformed ranges are refused. */
export function parseIpv4Range(text: string, field = 'ipAddress'): Ipv4Range {
  if (typeof text !== 'string') throw invalidIp(`${field}: expected an IPv4 address or CIDR string`);
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? '32' : text.slice(slash + 1);
  const network = ipv4ToNumber(address);
  if (network === undefined && isIPv6(address)) {
    throw invalidIp(`${field}: "${text}" is IPv6; CloudFront signed URLs and cookies only support IPv4 in AWS:SourceIp. Leave ipAddress out for IPv6 clients`);
  }
  // SECURITY: only digits, dots and one slash reach the policy JSON; anything else (quotes, spaces) is refused.
  if (network === undefined || !PREFIX.test(prefixText)) {
    throw invalidIp(`${field}: "${text}" is not an IPv4 address or CIDR (write e.g. 192.0.2.0/24 or 192.0.2.7)`);
  }
  return { cidr: `${address}/${prefixText}`, network, prefix: Number(prefixText) };
}

/** True when `clientIp` (IPv4 text) falls inside `range`. IPv6 or malformed clients never match. */
export function ipv4RangeContains(range: Ipv4Range, clientIp: string): boolean {
  const value = ipv4ToNumber(clientIp.startsWith('::ffff:') ? clientIp.slice(7) : clientIp);
  if (value === undefined) return false;
  const bits = mask(range.prefix);
  return ((value & bits) >>> 0) === ((range.network & bits) >>> 0);
}
