import type { Readable } from 'node:stream';
import send from '@fastify/send';
import type { HeaderPairs, StreamDecision, StreamResponse, StreamSource, StreamSourceOptions } from '@cdn-accel/core';
import { clientResponseHeaders, isBodiless, withCharset, withLocationHeaders, withThrottle } from '@cdn-accel/core/internal';
import { planRanges, type ByteRange } from './byte-ranges.js';
import { clientGone, fileNotFound, fileUnreadable } from './file-errors.js';
import { locateFile, type FileRules, type LocatedFile } from './locate-file.js';
import { layoutMultipart, multipartBody } from './multipart.js';

// send is handed an absolute path whose checks are done (locateFile): it decides nothing about paths, dotfiles,
// folders or types, only the HTTP semantics (validators, conditionals, Range, HEAD). No Cache-Control of its own:
// Nginx sends none for a static file, and the app's wins.
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

/** Lets go of a body not sent; a file that fails to open meanwhile then has nobody to tell. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/** 412 and 416 are answered as the CDN's are in stream mode: the status, with no body. */
function refusal(status: number, headers: Record<string, string>, decision: StreamDecision, options: StreamSourceOptions): StreamResponse {
  const own: Record<string, string> = { 'content-length': '0' };
  if (status === 416 && headers['content-range'] !== undefined) own['content-range'] = headers['content-range'];
  const sent = withLocationHeaders(clientResponseHeaders(own, decision.overrideHeaders, decision.charset, decision.fallbackHeaders), status, decision, options.now);
  return { status, headers: sent, body: null, buffering: decision.buffering };
}

async function multipart(file: LocatedFile, parts: ByteRange[], own: Record<string, string>, decision: StreamDecision, options: StreamSourceOptions): Promise<StreamResponse> {
  // Each part carries the type, the app's where it gave one (as Nginx does); the whole is multipart.
  const appType = decision.overrideHeaders.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const layout = layoutMultipart(parts, file.stats.size, withCharset(appType ?? typeOf(file), decision.charset));
  const { 'content-range': _range, ...rest } = own;
  const headers = { ...rest, 'content-type': `multipart/byteranges; boundary=${layout.boundary}`, 'content-length': String(layout.length) };
  const overrides = decision.overrideHeaders.filter(([name]) => name.toLowerCase() !== 'content-type');
  let body: Readable | null = null;
  if (decision.method !== 'HEAD') {
    try {
      body = withThrottle(await multipartBody(file.real, parts, layout), decision.limitRate, options.now, decision.limitRateAfter);
    } catch (error) {
      throw fileUnreadable(error);
    }
  }
  const sent = withLocationHeaders(clientResponseHeaders(headers, overrides, decision.charset, decision.fallbackHeaders), 206, decision, options.now);
  return { status: 206, headers: sent, body, buffering: decision.buffering };
}

/** Opens one stream decision's file and answers it the way Nginx's static module does. */
async function openFile(decision: StreamDecision, options: StreamSourceOptions, rules: FileRules): Promise<StreamResponse> {
  const file = await locateFile(decision.url, rules);
  const headers = requestHeaders(decision.forwardHeaders);
  const plan = planRanges(headers.range, file.stats.size);
  if (plan.range === undefined) delete headers.range;
  else headers.range = plan.range;
  const result = await send({ method: decision.method, headers } as never, sendPath(file.real), SEND_OPTIONS);
  const own = stringHeaders(result.headers);
  if (result.type !== 'file') {
    discard(result.stream);
    if (result.statusCode === 412 || result.statusCode === 416) return refusal(result.statusCode, own, decision, options);
    // The file went between the checks and send's own look: as missing. Anything else is ours to fix.
    throw result.statusCode === 404 ? fileNotFound() : fileUnreadable(result.type === 'error' ? result.metadata.error : undefined);
  }
  if (options.signal.aborted) {
    discard(result.stream);
    throw clientGone();
  }
  if (result.statusCode === 206 && plan.parts !== undefined) {
    discard(result.stream);
    return multipart(file, plan.parts, own, decision, options);
  }
  if (result.statusCode !== 304) own['content-type'] = typeOf(file);
  const bodiless = isBodiless(result.statusCode, decision.method);
  if (bodiless) discard(result.stream);
  const body = bodiless ? null : withThrottle(result.stream, decision.limitRate, options.now, decision.limitRateAfter);
  const sent = withLocationHeaders(clientResponseHeaders(own, decision.overrideHeaders, decision.charset, decision.fallbackHeaders), result.statusCode, decision, options.now);
  return { status: result.statusCode, headers: sent, body, buffering: decision.buffering };
}

/** The stream source of a `files()` location: each decision's `file:` URL, checked and served from disk. */
export function fileSource(rules: FileRules): StreamSource {
  return { open: (decision, options) => openFile(decision, options, rules) };
}
