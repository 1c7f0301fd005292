import { isIPv4, isIPv6 } from 'node:net';

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

const isMappedIpv4 = (groups: readonly number[]): boolean => groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;

/** The eight 16-bit groups of a valid IPv6 address (zone removed), an embedded IPv4 tail counted as two. */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [Number.parseInt(group, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The bytes bunny.net's HS256 tokens sign for an IP lock: the four bytes of an IPv4 address, or the sixteen bytes
 * of an IPv6 address with its last 64 bits zeroed (the /64 network: one home or phone keeps its token across the
 * addresses its router hands out). An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, `::ffff:cb00:7107`) is its IPv4
 * address. Undefined when `address` is
 * not an IP address.
 */
export function bunnyIpBytes(address: string): Buffer | undefined {
  if (isIPv4(address)) return ipv4Bytes(address);
  if (!isIPv6(address)) return undefined;
  const zone = address.indexOf('%');
  const groups = ipv6Groups(zone === -1 ? address : address.slice(0, zone));
  if (isMappedIpv4(groups)) return Buffer.from([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff]);
  const bytes = Buffer.alloc(16);
  for (let index = 0; index < 4; index += 1) bytes.writeUInt16BE(groups[index]!, index * 2);
  return bytes;
}
