import { realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { configError, silentLogger, systemClock } from '@cdn-accel/core/internal';
import { devCdnBanner } from './banner.js';
import { createHandler } from './handler.js';
import type { DevCdnOptions } from './options.js';
import { socketClientIp } from './request-facts.js';
import { renderXmlError } from './xml-error.js';
import { selectAuthorize } from './select-authorize.js';

/** Where to listen. The emulator is for one machine: the default host is the loopback interface. */
export interface DevCdnListenOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 9000 */
  port?: number;
}

/** A listening emulator. */
export interface RunningDevCdn {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:9000/`: the "distribution domain" to sign for. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections, ends idle keep-alive ones, and resolves when the server is closed. */
  close(): Promise<void>;
}

/** The emulator: a request handler for your own server, or `listen()` for its own. */
export interface DevCdn {
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(options?: DevCdnListenOptions): Promise<RunningDevCdn>;
}

function checkRoot(root: unknown): string {
  if (typeof root !== 'string' || root === '') throw configError('root', 'is required', 'Pass the folder whose files the emulator serves.');
  let real: string;
  try {
    real = realpathSync(path.resolve(root));
  } catch (cause) {
    throw configError('root', `"${root}" does not exist`, 'Create the folder or point root at an existing one.', cause);
  }
  if (!statSync(real).isDirectory()) throw configError('root', `"${root}" is not a folder`, 'Point root at a folder.');
  return real;
}

function checkCorsOrigins(origins: unknown): ReadonlySet<string> {
  if (origins === undefined) return new Set();
  if (!Array.isArray(origins)) throw configError('corsOrigins', 'expected an array of origins', "Pass e.g. ['http://127.0.0.1:3000']");
  for (const origin of origins) {
    // SECURITY: exact origins only: '*' cannot be combined with credentials, and a pattern is too easy to get wrong.
    if (typeof origin !== 'string' || !/^https?:\/\/[^/\s*]+$/.test(origin)) {
      throw configError('corsOrigins', `${JSON.stringify(origin)} is not an origin`, "Use scheme://host[:port] without a path, e.g. 'http://127.0.0.1:3000'");
    }
  }
  return new Set(origins as string[]);
}

function listening(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * A local stand-in for CloudFront in front of a private S3 bucket, FOR DEVELOPMENT ONLY: it serves the
 * files under `root` to requests that carry a valid CloudFront signed URL, CloudFront signed cookies or an
 * S3 presigned URL (path style), checked with cdn-accel's own verifiers, and refuses the others with
 * CloudFront's and S3's XML errors. With `googleCdn`, `gcs`, `bunny` or `secureLink` it plays that provider
 * instead, with its checks and its refusals.
 */
export function createDevCdn(options: DevCdnOptions): DevCdn {
  const root = checkRoot(options.root);
  const logger = options.logger ?? silentLogger;
  const authorize = selectAuthorize(options, options.now ?? systemClock, options.clientIp ?? socketClientIp);
  const handler = createHandler(root, authorize, logger, checkCorsOrigins(options.corsOrigins));

  function handle(req: IncomingMessage, res: ServerResponse): void {
    handler(req, res).catch((error: unknown) => {
      // A client that hangs up mid-file is not the emulator's failure.
      if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return void res.destroy();
      logger.error(`dev-cdn: ${req.method ?? ''} ${req.url ?? ''} failed: ${(error as Error).message}`);
      if (res.headersSent) return void res.destroy();
      res.statusCode = 500;
      res.setHeader('Content-Type', 'application/xml');
      res.end(renderXmlError({ status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }));
    });
  }

  async function listen(listenOptions: DevCdnListenOptions = {}): Promise<RunningDevCdn> {
    const host = listenOptions.host ?? '127.0.0.1';
    const server = createServer(handle);
    const address = await listening(server, host, listenOptions.port ?? 9000);
    const url = `http://${formatHost(host)}:${address.port}/`;
    logger.warn(devCdnBanner(url, root));
    const close = () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
    return { url, port: address.port, server, close };
  }

  return { handle, listen };
}
