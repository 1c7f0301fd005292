/** A character outside ASCII that still fits in one byte: what Node makes of a raw header byte 0x80–0xFF. */
const HIGH_BYTE = /[\x80-\xff]/;
/** A character beyond one byte: the value is a JavaScript string the app built, not bytes read off the wire. */
const BEYOND_BYTE = /[^\x00-\xff]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a header value, read the way Nginx reads it: as bytes, UTF-8 where they are UTF-8. Node hands
 * header bytes over as Latin-1 strings (one character per byte), so an app that sends `é` as the UTF-8 bytes
 * C3 A9 arrives here as `Ã©`. A value whose characters all fit in a byte and whose bytes are valid UTF-8 is
 * decoded; anything else (ASCII, a string with wider characters, bytes that are not UTF-8) is kept as it is.
 * So `X-Accel-Redirect: /é.pdf` names the same object whether the app wrote UTF-8 bytes, a JavaScript string,
 * or `%C3%A9`.
 */
export function headerText(value: string): string {
  if (!HIGH_BYTE.test(value) || BEYOND_BYTE.test(value)) return value;
  try {
    return strictUtf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
