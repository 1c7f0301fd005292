import { request } from 'node:http';
import { connect, constants } from 'node:http2';
import { buffer } from 'node:stream/consumers';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface BytesResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
}

/**
 * One request without following redirects; the whole body as bytes. An `https:` base is a front end serving
 * HTTP/2 with a test certificate: the request goes over HTTP/2 on a connection of its own, the certificate unchecked.
 */
export function sendBytes(base: string, path: string, init: RequestInit): Promise<BytesResponse> {
  const url = new URL(path, base);
  if (url.protocol === 'https:') return sendHttp2(url, init);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      buffer(res).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function sendHttp2(url: URL, init: RequestInit): Promise<BytesResponse> {
  return new Promise((resolve, reject) => {
    const session = connect(url.origin, { rejectUnauthorized: false });
    session.on('error', reject);
    const headers: Record<string, string> = { [constants.HTTP2_HEADER_METHOD]: init.method ?? 'GET', [constants.HTTP2_HEADER_PATH]: url.pathname + url.search };
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    const stream = session.request(headers, { endStream: true });
    stream.on('error', (error) => {
      session.destroy();
      reject(error);
    });
    stream.once('response', (answer) => {
      const { [constants.HTTP2_HEADER_STATUS]: status, ...rest } = answer;
      buffer(stream).then((body) => {
        session.close();
        resolve({ status: Number(status), headers: rest as BytesResponse['headers'], body });
      }, reject);
    });
  });
}

/** One request without following redirects; the whole body as text. */
export async function send(base: string, path: string, init: RequestInit = {}): Promise<ClientResponse> {
  const response = await sendBytes(base, path, init);
  return { ...response, body: response.body.toString('utf8') };
}

/** Like `send`, with the body as bytes, or `'cut'` when the connection broke before the response ended. */
export function sendForBytes(base: string, path: string, init: RequestInit = {}): Promise<BytesResponse | 'cut'> {
  return sendBytes(base, path, init).catch(() => 'cut' as const);
}

/** Every response header name that an internal header must never reach the client under. */
export function accelHeadersIn(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => /^(x-accel-|x-sendfile|x-lighttpd-)/i.test(name));
}

/** Starts a GET and goes away as soon as the first body bytes arrive, resolving with their size (over HTTP/2 for an `https:` base). */
export function firstChunkSize(base: string, path: string): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    if (url.protocol === 'https:') {
      const session = connect(url.origin, { rejectUnauthorized: false });
      session.on('error', () => {});
      const stream = session.request({ [constants.HTTP2_HEADER_PATH]: url.pathname + url.search }, { endStream: true });
      stream.on('error', () => {});
      stream.once('data', (chunk: Buffer) => {
        session.destroy();
        resolve(chunk.length);
      });
      return;
    }
    const req = request(url, { agent: false }, (res) => res.once('data', (chunk: Buffer) => {
      req.destroy();
      resolve(chunk.length);
    }));
    req.on('error', reject);
    req.end();
  });
}

/** Starts a GET, and goes away as soon as the first body bytes arrive (over HTTP/2 for an `https:` base). */
export async function abandonAfterFirstBytes(base: string, path: string): Promise<void> {
  await firstChunkSize(base, path);
}
