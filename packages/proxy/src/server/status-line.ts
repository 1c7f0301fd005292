import { STATUS_CODES } from 'node:http';

/** Visible ASCII, space and tab: a reason phrase every client and Node itself accept. */
const PLAIN_PHRASE = /^[\t\x20-\x7e]*$/;

/**
 * The reason phrase to send the client for `status`: the app's own when it is plain ASCII, else the standard
 * one. RFC 9112 allows obs-text (Latin-1, or UTF-8 bytes) in a phrase, but undici decodes it and Node's
 * `writeHead` refuses what it decoded, so such a phrase would fail the response; clients ignore the phrase.
 */
export function reasonPhrase(status: number, phrase: string): string {
  if (phrase !== '' && PLAIN_PHRASE.test(phrase)) return phrase;
  return STATUS_CODES[status] ?? '';
}
