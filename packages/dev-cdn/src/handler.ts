import type { IncomingMessage, ServerResponse } from 'node:http';
import { debuglog } from 'node:util';
import type { AccelLogger } from '@cdn-accel/core';
import type { Authorize } from './authorize.js';
import { DEV_CDN_SERVER_HEADER } from './banner.js';
import { applyCors } from './cors.js';
import { requestFacts } from './request-facts.js';
import { resolvePath } from './resolve-path.js';
import { serveFile } from './serve-file.js';
import { renderXmlError, type DevCdnRefusal } from './xml-error.js';

const debug = debuglog('cdn-accel:dev-cdn');

/** The header that tells a developer why the emulator refused, where CloudFront would only say "Access denied". */
export const REASON_HEADER = 'X-Dev-Cdn-Reason';

function refuse(res: ServerResponse, refusal: DevCdnRefusal, reason: string, head: boolean): void {
  const body = refusal.body?.text ?? renderXmlError(refusal);
  res.statusCode = refusal.status;
  res.setHeader('Content-Type', refusal.body?.contentType ?? 'application/xml');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(REASON_HEADER, reason.replace(/[^\x20-\x7e]/g, '?'));
  res.end(head ? undefined : body);
}

const METHOD_NOT_ALLOWED: DevCdnRefusal = {
  status: 405,
  code: 'MethodNotAllowed',
  message: 'The specified method is not allowed against this resource.',
};

/** One request: method check, signature check, path check, then the file. */
export function createHandler(root: string, authorize: Authorize, logger: AccelLogger, corsOrigins: ReadonlySet<string>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async function devCdnHandler(req, res) {
    res.setHeader('Server', DEV_CDN_SERVER_HEADER);
    if (applyCors(req, res, corsOrigins)) return;
    const facts = requestFacts(req);
    const head = facts.method === 'HEAD';
    if (facts.method !== 'GET' && !head) return refuse(res, METHOD_NOT_ALLOWED, `method ${facts.method} is read-only here`, false);

    const verdict = await authorize(req, facts);
    if (!verdict.ok) {
      logger.warn(`dev-cdn: ${verdict.refusal.status} ${facts.method} ${facts.rawPath}: ${verdict.reason}`);
      return refuse(res, verdict.refusal, verdict.reason, head);
    }
    const resolved = await resolvePath(root, verdict.path ?? facts.rawPath);
    if ('kind' in resolved) {
      if (resolved.kind === 'unsafe') {
        logger.warn(`dev-cdn: 400 ${facts.method} ${facts.rawPath}: ${resolved.reason}`);
        return refuse(res, { status: 400, code: 'InvalidURI', message: "Couldn't parse the specified URI." }, resolved.reason, head);
      }
      const refusal: DevCdnRefusal = { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: [['Key', resolved.key.replace(/^\//, '')]] };
      return refuse(res, refusal, `no file at ${resolved.key}`, head);
    }
    debug('%s %s via %s', facts.method, resolved.key, verdict.scheme);
    await serveFile(req, res, resolved, verdict.overrides);
  };
}
