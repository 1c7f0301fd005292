import { generateKeyPairSync } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { cloudfront, createAccel } from '@cdn-accel/core';
import { createAccelProxy } from '@cdn-accel/proxy';

// One server of the proxy benchmark, in its own process (so it can be pinned to a core):
//   upstream     the app: /accel/* answers X-Accel-Redirect with an empty body, anything else 200 "hello world"
//   bare         a bare node:http reverse proxy with a keep-alive pool: the Node limit
//   cdn-accel    createAccelProxy with a CloudFront redirect location (RSA key, signed-URL cache on) and a
//                stream-mode location whose "CDN" is the upstream's /media/ (16 KiB objects)
// Prints "listening <port>" once ready, and with --report-rss "rss <bytes>" every second; stops on SIGTERM.
const { values } = parseArgs({ options: { mode: { type: 'string' }, upstream: { type: 'string' }, 'report-rss': { type: 'boolean' } } });
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:1');
const body = Buffer.from('hello world\n');
const media = Buffer.alloc(16 * 1024, 0x61);

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

function accelProxy() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const accel = createAccel({
    locations: {
      '/protected/': cloudfront({ url: 'https://d111111abcdef8.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey, expiresIn: 300 }),
      '/streamed/': cloudfront({ url: `${upstream.origin}/media/`, keyPairId: 'K2JCJMDEHXQW5F', privateKey, expiresIn: 300, mode: 'stream' }),
    },
  });
  return createAccelProxy({ accel, upstream }).server;
}

const server = values.mode === 'upstream' ? upstreamServer() : values.mode === 'bare' ? bareProxy() : accelProxy();
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
if (values['report-rss'] === true) setInterval(() => process.stdout.write(`rss ${process.memoryUsage.rss()}\n`), 1000);
process.once('SIGTERM', () => process.exit(0));
