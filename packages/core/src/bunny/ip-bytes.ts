const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const MAPPED_PREFIX = /^::ffff:/i;
const ZONE = /^[0-9A-Za-z.:-]+$/;
const COLON = 0x3a;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * The four bytes of a dotted IPv4 address as net.isIPv4 accepts it (no leading zeros), as latin1 characters, or
 * undefined. One pass over the characters: this runs once per IP-locked token.
 */
function ipv4Text(text: string, from: number): string | undefined {
  let octets = '';
  let value = 0;
  let digits = 0;
  for (let index = from; index <= text.length; index += 1) {
    const code = index === text.length ? 0x2e : text.charCodeAt(index);
    if (code === 0x2e) {
      if (digits === 0 || octets.length === 4) return undefined;
      octets += String.fromCharCode(value);
      value = 0;
      digits = 0;
      continue;
    }
    if (code < 0x30 || code > 0x39 || (digits === 1 && value === 0)) return undefined;
    value = value * 10 + code - 0x30;
    digits += 1;
    if (value > 255) return undefined;
  }
  return octets.length === 4 ? octets : undefined;
}

/** Writes a dotted IPv4 tail as two groups at `at`; false when it is not one. */
function dottedTail(text: string, groups: number[], at: number): boolean {
  const octets = DOTTED.exec(text);
  if (octets === null || at > 6) return false;
  groups[at] = (Number(octets[1]) << 8) | Number(octets[2]);
  groups[at + 1] = (Number(octets[3]) << 8) | Number(octets[4]);
  return true;
}

/**
 * The eight 16-bit groups of an IPv6 address in the forms net.isIPv6 accepts (`::` once, an optional dotted IPv4
 * tail, an optional `%zone`), or undefined. One pass over the characters: this runs once per IP-locked token.
 */
export function ipv6Groups(address: string): number[] | undefined {
  const percent = address.indexOf('%');
  if (percent !== -1 && !ZONE.test(address.slice(percent + 1))) return undefined;
  const text = percent === -1 ? address : address.slice(0, percent);
  // Filled in place, count by count: growing and splicing an array cost more than the parsing itself.
  const groups = [0, 0, 0, 0, 0, 0, 0, 0];
  let count = 0;
  let gap = -1;
  let index = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return undefined;
    gap = 0;
    index = 2;
  }
  while (index < text.length) {
    const start = index;
    let value = 0;
    while (index < text.length && index - start < 5) {
      const digit = hexDigit(text.charCodeAt(index));
      if (digit === -1) break;
      value = value * 16 + digit;
      index += 1;
    }
    if (text.charCodeAt(index) === 0x2e) {
      if (!dottedTail(text.slice(start), groups, count)) return undefined;
      count += 2;
      index = text.length;
      break;
    }
    if (index === start || index - start > 4 || count === 8) return undefined;
    groups[count++] = value;
    if (index === text.length) break;
    if (text.charCodeAt(index) !== COLON) return undefined;
    index += 1;
    if (text.charCodeAt(index) === COLON) {
      if (gap !== -1) return undefined;
      gap = count;
      index += 1;
    } else if (index === text.length) {
      return undefined;
    }
  }
  if (gap === -1) return count === 8 ? groups : undefined;
  if (count > 7) return undefined;
  // `::` stands for the missing groups: those after it move to the end, zeros take their place.
  const zeros = 8 - count;
  for (let from = count - 1; from >= gap; from -= 1) {
    groups[from + zeros] = groups[from]!;
    groups[from] = 0;
  }
  return groups;
}

/**
 * The bytes bunny.net's HS256 tokens sign for an IP lock, one character per byte (a latin1 string, so that the
 * whole message can be hashed in one piece): the four bytes of an IPv4 address, or the sixteen bytes of an IPv6
 * address with its last 64 bits zeroed (the /64 network: one home or phone keeps its token across the addresses
 * its router hands out). An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, `::ffff:cb00:7107`) is its IPv4
 * address. Undefined when `address` is not an IP address.
 */
export function bunnyIpText(address: string): string | undefined {
  const ipv4 = ipv4Text(address, MAPPED_PREFIX.test(address) ? 7 : 0);
  if (ipv4 !== undefined) return ipv4;
  const groups = ipv6Groups(address);
  if (groups === undefined) return undefined;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) return String.fromCharCode(g >> 8, g & 0xff, h >> 8, h & 0xff);
  return String.fromCharCode(a >> 8, a & 0xff, b >> 8, b & 0xff, c >> 8, c & 0xff, d >> 8, d & 0xff, 0, 0, 0, 0, 0, 0, 0, 0);
}

/** The same bytes as a Buffer. */
export function bunnyIpBytes(address: string): Buffer | undefined {
  const text = bunnyIpText(address);
  return text === undefined ? undefined : Buffer.from(text, 'latin1');
}
