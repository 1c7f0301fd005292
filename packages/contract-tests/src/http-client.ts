import { request } from 'node:http';
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

/** One request without following redirects; the whole body as bytes. */
export function sendBytes(base: string, path: string, init: RequestInit): Promise<BytesResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      buffer(res).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), reject);
    });
    req.on('error', reject);
    req.end();
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
