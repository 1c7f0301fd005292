import { request } from 'node:http';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request without following redirects; the whole body as text. */
export function send(base: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<ClientResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every response header name that an internal header must never reach the client under. */
export function accelHeadersIn(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => /^(x-accel-|x-sendfile|x-lighttpd-)/i.test(name));
}
