import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { debuglog } from 'node:util';
import { layoutMultipart, type ByteRange } from '@cdn-accel/core/internal';
import { contentType, lookup } from 'mime-types';
import { planRanges } from './byte-ranges.js';
import { evaluateConditions } from './conditional.js';
import type { ResolvedFile } from './resolve-path.js';
import { validatorsFor } from './validators.js';

const debug = debuglog('cdn-accel:dev-cdn');

/** Response headers a signature asked for (`response-content-disposition` & co.), already verified. */
export type ResponseOverrides = Record<string, string>;

function typeOf(file: string): string {
  const type = lookup(file);
  return type === false ? 'application/octet-stream' : (contentType(type) || type);
}

async function copyRange(file: string, range: ByteRange, res: ServerResponse): Promise<void> {
  await pipeline(createReadStream(file, { start: range.start, end: range.end }), res, { end: false });
}

async function writeMultipart(resolved: ResolvedFile, res: ServerResponse, layout: ReturnType<typeof layoutMultipart>): Promise<void> {
  for (const part of layout.parts) {
    res.write(part.head);
    await copyRange(resolved.file, part.range, res);
  }
  res.end(layout.trailer);
}

function applyOverrides(res: ServerResponse, overrides: ResponseOverrides): void {
  for (const [name, value] of Object.entries(overrides)) res.setHeader(name, value);
}

/** Ends the response with a status and no body (304, 412, 416). */
function endEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.removeHeader('Content-Type');
  res.end();
}

/**
 * Serves one file the way S3 behind CloudFront does: validators, 304/412, Range with 206 (one range or
 * `multipart/byteranges`), 416, HEAD without a body, and the signed response-header overrides.
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, resolved: ResolvedFile, overrides: ResponseOverrides): Promise<void> {
  const validators = validatorsFor(resolved.stat);
  const size = resolved.stat.size;
  const type = overrides['Content-Type'] ?? typeOf(resolved.file);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', validators.etag);
  res.setHeader('Last-Modified', validators.lastModified);
  res.setHeader('Content-Type', type);
  applyOverrides(res, overrides);

  const outcome = evaluateConditions(req.headers, validators);
  if (outcome !== 'proceed') return endEmpty(res, outcome === 'not-modified' ? 304 : 412);

  const plan = planRanges(req.headers, size, validators);
  const head = req.method === 'HEAD';
  if (plan.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    return endEmpty(res, 416);
  }
  if (plan.kind === 'full' || size === 0) {
    res.statusCode = 200;
    res.setHeader('Content-Length', size);
    if (head || size === 0) return void res.end();
    return copyRange(resolved.file, { start: 0, end: size - 1 }, res).then(() => void res.end());
  }
  res.statusCode = 206;
  const [only] = plan.ranges;
  if (plan.ranges.length === 1 && only !== undefined) {
    res.setHeader('Content-Range', `bytes ${only.start}-${only.end}/${size}`);
    res.setHeader('Content-Length', only.end - only.start + 1);
    if (head) return void res.end();
    return copyRange(resolved.file, only, res).then(() => void res.end());
  }
  const layout = layoutMultipart(plan.ranges, size, type);
  debug('multipart/byteranges with %d parts for %s', plan.ranges.length, resolved.key);
  res.setHeader('Content-Type', layout.contentType);
  res.setHeader('Content-Length', layout.length);
  if (head) return void res.end();
  return writeMultipart(resolved, res, layout);
}
