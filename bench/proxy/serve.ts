import { generateKeyPairSync } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { cloudfront, createAccel } from '@cdn-accel/core';
import { createAccelProxy } from '@cdn-accel/proxy';

// One server of the proxy benchmark and of the soak, in its own process (so it can be pinned to a core):
//   upstream     the app: /accel/*, /bound/* and /stream/* answer X-Accel-Redirect with an empty body, /unsafe/<n>
//                one of UNSAFE (each must get 404), /big/* 1 MiB, /media/* 16 KiB (the stream-mode "CDN"),
//                anything else 200 "hello world"
//   bare         a bare node:http reverse proxy with a keep-alive pool: the Node limit
//   cdn-accel    createAccelProxy with a CloudFront redirect location (RSA key, signed-URL cache on) and a
//                stream-mode location whose "CDN" is the upstream's /media/ (16 KiB objects); with --soak also an
//                IP-bound location (ip: 'client') and a trusted X-Forwarded-For, so the load can vary the client address
// With --soak the app lets idle keep-alive connections go after 5 s (30 s otherwise), so that the proxy's upstream
// connections close soon after the load and its file descriptors can be seen back at their count before it.
// Prints "listening <port>" once ready, and with --report-resources "rss <bytes>" and "fds <open descriptors>"
// (Linux) every second; stops on SIGTERM.
const { values } = parseArgs({
  options: { mode: { type: 'string' }, upstream: { type: 'string' }, 'report-resources': { type: 'boolean' }, soak: { type: 'boolean' } },
});
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:1');
const body = Buffer.from('hello world\n');
const media = Buffer.alloc(16 * 1024, 0x61);
const big = Buffer.alloc(1024 * 1024, 0x62);

/** X-Accel-Redirect values the proxy must refuse with 404: unsafe paths, an unmapped one, and two values at once. */
const UNSAFE: ReadonlyArray<string | string[]> = [
  '/protected/books/../secret.pdf',
  '/protected/books/%2e%2e/secret.pdf',
  '/protected/books/%2E%2e/%2e%2E/etc/passwd',
  '/protected/books/a%00b.pdf',
  '/protected/books/a%0d%0aSet-Cookie:%20x=1',
  '/protected/books/a%5cb.pdf',
  '/protected/books//double-slash.pdf',
  '/protected/books/./dot.pdf',
  '/elsewhere/unmapped.pdf',
  '',
  ['/protected/books/a.pdf', '/protected/books/b.pdf'],
];

function upstreamServer() {
  return createServer((req, res) => {
    if (req.url?.startsWith('/media/')) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': media.length, ETag: '"m1"' });
      res.end(media);
      return;
    }
    if (req.url?.startsWith('/stream/')) {
      res.writeHead(200, { 'X-Accel-Redirect': `/streamed/${req.url.slice(8)}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    if (req.url?.startsWith('/accel/')) {
      res.writeHead(200, { 'X-Accel-Redirect': `/protected/books/${req.url.slice(7)}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    if (req.url?.startsWith('/bound/')) {
      res.writeHead(200, { 'X-Accel-Redirect': `/bound/books/${req.url.slice(7)}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    if (req.url?.startsWith('/unsafe/')) {
      res.writeHead(200, { 'X-Accel-Redirect': UNSAFE[Number(req.url.slice(8)) % UNSAFE.length] as string | string[], 'Content-Length': '0' });
      res.end();
      return;
    }
    if (req.url?.startsWith('/big/')) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': big.length });
      res.end(big);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
  });
}

function bareProxy() {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  return createServer((req, res) => {
    const outgoing = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    outgoing.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(outgoing);
  });
}

function accelProxy(): Server {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const soak = values.soak === true;
  const accel = createAccel({
    locations: {
      '/protected/': cloudfront({ url: 'https://d111111abcdef8.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey, expiresIn: 300 }),
      '/streamed/': cloudfront({ url: `${upstream.origin}/media/`, keyPairId: 'K2JCJMDEHXQW5F', privateKey, expiresIn: 300, mode: 'stream' }),
      ...(soak ? { '/bound/': cloudfront({ url: 'https://d111111abcdef8.cloudfront.net/bound/', keyPairId: 'K2JCJMDEHXQW5F', privateKey, expiresIn: 300, ip: 'client' }) } : {}),
    },
  });
  // Without `tls` the proxy's server is Node's http.Server.
  return createAccelProxy({ accel, upstream, trustForwarded: soak }).server as Server;
}

const server = values.mode === 'upstream' ? upstreamServer() : values.mode === 'bare' ? bareProxy() : accelProxy();
server.keepAliveTimeout = values.soak === true && values.mode === 'upstream' ? 5_000 : 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));

/** Open file descriptors of this process (sockets included), where /proc tells. */
function openDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

if (values['report-resources'] === true) {
  setInterval(() => {
    const fds = openDescriptors();
    process.stdout.write(`rss ${process.memoryUsage.rss()}\n${fds === undefined ? '' : `fds ${fds}\n`}`);
  }, 1000);
}
process.once('SIGTERM', () => process.exit(0));
