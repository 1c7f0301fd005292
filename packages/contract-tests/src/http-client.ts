import { request } from 'node:http';
import { connect, constants } from 'node:http2';
import { buffer } from 'node:stream/consumers';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The trailers that followed the body, by lower-case name. */
  trailers: Record<string, string | string[] | undefined>;
}

export interface BytesResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The trailers that followed the body, by lower-case name. */
  trailers: Record<string, string | string[] | undefined>;
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
      buffer(res).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, trailers: res.trailers }), reject);
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
    let trailers: BytesResponse['trailers'] = {};
    stream.once('trailers', (received) => {
      // Only the names: Node adds a symbol-keyed list of sensitive headers.
      trailers = Object.fromEntries(Object.entries(received));
    });
    stream.once('response', (answer) => {
      const { [constants.HTTP2_HEADER_STATUS]: status, ...rest } = answer;
      buffer(stream).then((body) => {
        session.close();
        resolve({ status: Number(status), headers: rest as BytesResponse['headers'], body, trailers });
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

/**
 * Starts a GET and counts its body bytes, calling `onBytes` with the count so far after each chunk, until `onBytes`
 * calls `goAway` or the body ends: the promise resolves with the count at that moment, and a request still
 * running is dropped (over HTTP/2 for an `https:` base).
 */
function countBodyBytes(base: string, path: string, onBytes: (received: number, goAway: () => void) => void): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    let received = 0;
    let gone = false;
    const read = (body: NodeJS.ReadableStream, drop: () => void) => {
      const goAway = () => {
        if (gone) return;
        gone = true;
        drop();
        resolve(received);
      };
      body.on('data', (chunk: Buffer) => {
        if (gone) return;
        received += chunk.length;
        onBytes(received, goAway);
      });
      body.on('end', () => {
        gone = true;
        resolve(received);
      });
    };
    if (url.protocol === 'https:') {
      const session = connect(url.origin, { rejectUnauthorized: false });
      session.on('error', () => {});
      const stream = session.request({ [constants.HTTP2_HEADER_PATH]: url.pathname + url.search }, { endStream: true });
      stream.on('error', () => {});
      read(stream, () => session.destroy());
      return;
    }
    const req = request(url, { agent: false }, (res) => read(res, () => req.destroy()));
    req.on('error', reject);
    req.end();
  });
}

/** Starts a GET and goes away as soon as the first body bytes arrive, resolving with their size. */
export function firstChunkSize(base: string, path: string): Promise<number> {
  return countBodyBytes(base, path, (_received, goAway) => goAway());
}

/**
 * Starts a GET, waits until at least `atLeast` body bytes have arrived, keeps reading for `thenMs` more, then goes
 * away, resolving with all it received: what a throttled response sends past a point, without timing its first
 * bytes. A response that never reaches `atLeast` fails by the test's timeout.
 */
export function receivedShortlyAfter(base: string, path: string, atLeast: number, thenMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  return countBodyBytes(base, path, (received, goAway) => {
    if (received >= atLeast && timer === undefined) timer = setTimeout(goAway, thenMs);
  });
}

/** Starts a GET, and goes away as soon as the first body bytes arrive (over HTTP/2 for an `https:` base). */
export async function abandonAfterFirstBytes(base: string, path: string): Promise<void> {
  await firstChunkSize(base, path);
}
