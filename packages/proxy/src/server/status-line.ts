import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

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

/** Writes the status and headers: with the reason phrase over HTTP/1.x; HTTP/2 has none (Node warns if given one). */
export function writeStatus(res: ServerResponse, status: number, phrase: string, headers: OutgoingHttpHeaders | readonly string[]): void {
  if (res.req?.httpVersionMajor === 2) res.writeHead(status, headers as OutgoingHttpHeaders);
  else res.writeHead(status, phrase, headers as OutgoingHttpHeaders);
}
