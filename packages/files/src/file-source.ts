import type { Stats } from 'node:fs';
import send from '@fastify/send';
import type { HeaderPairs, StreamDecision, StreamResponse, StreamSource, StreamSourceOptions } from '@cdn-accel/core';
import { clientResponseHeaders, isBodiless, layoutMultipart, withCharset, withLocationHeaders, withThrottle, type ByteRange, type MultipartLayout } from '@cdn-accel/core/internal';
import { planRanges } from './byte-ranges.js';
import { fileBody, type BodyPiece } from './file-body.js';
import { clientGone, fileNotFound, fileUnreadable } from './file-errors.js';
import { locateFile, type FileRules, type LocatedFile } from './locate-file.js';

// send is handed an absolute path whose checks are done (locateFile): it decides nothing about paths, dotfiles,
// folders or types, only the HTTP semantics (validators, conditionals, Range). It is always asked as for HEAD, so
// that it never opens the path: the bytes come from the descriptor the checks were made on. No Cache-Control of
// its own: Nginx sends none for a static file, and the app's wins.
const SEND_OPTIONS: send.SendOptions = { dotfiles: 'allow', index: false, extensions: false, cacheControl: false, contentType: false };

/** The client's Range and conditional headers, lower-case, as `send` reads them from a request. */
function requestHeaders(pairs: HeaderPairs): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) headers[name.toLowerCase()] ??= value;
  return headers;
}

/** The path as the URL path `send` decodes once: each segment encoded, so that a `%` in a file name stays one. */
function sendPath(real: string): string {
  return real.split('/').map(encodeURIComponent).join('/');
}

/** The type of the path the app named (not of a symlink's target), as Nginx's `types` would give it. */
function typeOf(file: LocatedFile): string {
  return send.mime.getType(file.named) ?? 'application/octet-stream';
}

function stringHeaders(headers: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

/** True when send looked at the file the descriptor holds, not at another one put at its path since. */
function sameFile(seen: Stats, held: Stats): boolean {
  return seen.dev === held.dev && seen.ino === held.ino;
}

/** The bytes a 200 or a single-range 206 announces, as send's `Content-Length` and `Content-Range` say. */
function announcedRange(status: number, headers: Record<string, string>): ByteRange | undefined {
  const length = Number(headers['content-length']);
  if (!(length > 0)) return undefined;
  const start = status === 206 ? Number(/^bytes (\d+)-/.exec(headers['content-range'] ?? '')?.[1]) : 0;
  if (!Number.isSafeInteger(start)) throw fileUnreadable(new Error(`unexpected Content-Range ${headers['content-range']}`));
  return { start, end: start + length - 1 };
}

/** 412 and 416 are answered as the CDN's are in stream mode: the status, with no body. */
function refusal(status: number, headers: Record<string, string>, decision: StreamDecision, options: StreamSourceOptions): StreamResponse {
  const own: Record<string, string> = { 'content-length': '0' };
  if (status === 416 && headers['content-range'] !== undefined) own['content-range'] = headers['content-range'];
  const sent = withLocationHeaders(clientResponseHeaders(own, decision.overrideHeaders, decision.charset, decision.fallbackHeaders), status, decision, options.now);
  return { status, headers: sent, body: null, buffering: decision.buffering };
}

/** A `multipart/byteranges` body's pieces in order: each part's head and range, then the closing delimiter. */
function multipartPieces(layout: MultipartLayout): BodyPiece[] {
  const pieces: BodyPiece[] = [];
  for (const part of layout.parts) pieces.push(Buffer.from(part.head), part.range);
  pieces.push(Buffer.from(layout.trailer));
  return pieces;
}

async function multipart(file: LocatedFile, parts: ByteRange[], own: Record<string, string>, decision: StreamDecision, options: StreamSourceOptions): Promise<StreamResponse> {
  // Each part carries the type, the app's where it gave one (as Nginx does); the whole is multipart.
  const appType = decision.overrideHeaders.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const layout = layoutMultipart(parts, file.stats.size, withCharset(appType ?? typeOf(file), decision.charset));
  const { 'content-range': _range, ...rest } = own;
  const headers = { ...rest, 'content-type': layout.contentType, 'content-length': String(layout.length) };
  const overrides = decision.overrideHeaders.filter(([name]) => name.toLowerCase() !== 'content-type');
  const body = decision.method === 'HEAD' ? null : withThrottle(fileBody(file.handle, multipartPieces(layout)), decision.limitRate, options.now, decision.limitRateAfter);
  const sent = withLocationHeaders(clientResponseHeaders(headers, overrides, decision.charset, decision.fallbackHeaders), 206, decision, options.now);
  return { status: 206, headers: sent, body, buffering: decision.buffering };
}

/** Answers one stream decision from its open file the way Nginx's static module does; the body owns the handle. */
async function answerFile(file: LocatedFile, decision: StreamDecision, options: StreamSourceOptions): Promise<StreamResponse> {
  const headers = requestHeaders(decision.forwardHeaders);
  const plan = planRanges(headers.range, file.stats.size);
  if (plan.range === undefined) delete headers.range;
  else headers.range = plan.range;
  const result = await send({ method: 'HEAD', headers } as never, sendPath(file.real), SEND_OPTIONS);
  const own = stringHeaders(result.headers);
  if (result.type !== 'file') {
    if (result.statusCode === 412 || result.statusCode === 416) return refusal(result.statusCode, own, decision, options);
    // The file went between the checks and send's own look: as missing. Anything else is ours to fix.
    throw result.statusCode === 404 ? fileNotFound() : fileUnreadable(result.type === 'error' ? result.metadata.error : undefined);
  }
  // The headers describe the file whose bytes are sent, not one put at its path after it was opened.
  if (!sameFile(result.metadata.stat, file.stats)) throw fileNotFound();
  if (options.signal.aborted) throw clientGone();
  if (result.statusCode === 206 && plan.parts !== undefined) return multipart(file, plan.parts, own, decision, options);
  if (result.statusCode !== 304) own['content-type'] = typeOf(file);
  const range = isBodiless(result.statusCode, decision.method) ? undefined : announcedRange(result.statusCode, own);
  const body = range === undefined ? null : withThrottle(fileBody(file.handle, [range]), decision.limitRate, options.now, decision.limitRateAfter);
  const sent = withLocationHeaders(clientResponseHeaders(own, decision.overrideHeaders, decision.charset, decision.fallbackHeaders), result.statusCode, decision, options.now);
  return { status: result.statusCode, headers: sent, body, buffering: decision.buffering };
}

/** Opens one stream decision's file, checked, and answers from it; the handle is closed with the body, or at once. */
async function openFile(decision: StreamDecision, options: StreamSourceOptions, rules: FileRules): Promise<StreamResponse> {
  const file = await locateFile(decision.url, rules);
  let answer: StreamResponse;
  try {
    answer = await answerFile(file, decision, options);
  } catch (error) {
    await file.handle.close();
    throw error;
  }
  if (answer.body === null) await file.handle.close();
  return answer;
}

/** The stream source of a `files()` location: each decision's `file:` URL, checked and served from disk. */
export function fileSource(rules: FileRules): StreamSource {
  return { open: (decision, options) => openFile(decision, options, rules) };
}
