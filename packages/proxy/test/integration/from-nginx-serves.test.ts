import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSecureLinkSigner, verifyCloudFrontUrl } from '@cdn-accel/core';
import { objectHandler, rsaKeys } from '@cdn-accel/contract-tests';
import { LOCATION_TYPES } from '../../src/config/fields.js';
import { runCli } from '../../src/index.js';
import { captureIo } from '../helpers/capture-io.js';
import { requireNginx, type RunningNginx } from './support/nginx.js';
import { copyFixture, nginxDump, startNginxConf, testBed, type TestBed } from './support/nginx-fixture.js';
import { eventually, startServer, type TestServer } from './support/servers.js';
import { spawnCli, type RunningCli } from './support/spawn-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/nginx/', import.meta.url));
const SECURE_LINK_SECRET = 'Ojd8-tF3w_q9LmZ2xVbC7pNe';
const S3_QUERY = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef';

function bytes(label: string, size = 3000): Buffer {
  return Buffer.from(`${label}:`.repeat(Math.ceil(size / (label.length + 1))).slice(0, size));
}

const OBJECTS: Record<string, Buffer> = {
  '/media/video/clip.mp4': bytes('clip'),
  '/acme-reports/pdf/q1.pdf': bytes('q1'),
  '/acme-exports/daily/latest.csv': bytes('csv'),
  '/zulip-uploads/2/cd/report.pdf': bytes('zulip-s3'),
  '/asset-manager/assets/ab/guidance.pdf': bytes('govuk'),
  '/by-request/video/trailer.mp4': bytes('trailer'),
};

/**
 * The app: `/download/<internal path>[?query]` answers `X-Accel-Redirect: /<internal path>[?query]` with the file
 * name in Content-Disposition, as the apps of the fixtures do, and `/by-request/…` answers `@by-request`; its
 * body is never seen.
 */
function appHandler(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const target = url.startsWith('/by-request/') ? '@by-request' : url.replace(/^\/download/, '');
  if (target === req.url) {
    res.end('app page');
    return;
  }
  const name = decodeURIComponent(basename(url.split('?')[0] ?? ''));
  // The app's Cache-Control, which both keep across the redirect and a location's expires replaces.
  const cacheControl = req.headers['x-app-cache-control'];
  res.writeHead(200, { 'X-Accel-Redirect': target, 'Content-Disposition': `attachment; filename="${name}"`, 'Content-Type': 'text/html', ...(typeof cacheControl === 'string' ? { 'Cache-Control': cacheControl } : {}) });
  res.end('the app body, never seen');
}

interface Probe {
  /** The request to the proxy (through the app). */
  accel: string;
  /** The request to Nginx with the original configuration. @default accel */
  nginx?: string;
  headers?: Record<string, string>;
  status: number;
}

interface Scenario {
  fixture: string;
  /** Files by their path in the fixture (moved under the test folder by the substitution). */
  files?: Record<string, Buffer>;
  nginxOnly?: (bed: TestBed) => Array<[string, string]>;
  both?: Array<[string, string]>;
  flags?: (bed: TestBed) => string[];
  /** The produced config pointed at the test origin where it names a real CDN or bucket. */
  patch?: (config: { locations: Record<string, Record<string, unknown>> }, bed: TestBed) => void;
  env?: NodeJS.ProcessEnv;
  probes: (bed: TestBed) => Probe[];
  /** What the origin must have seen from cdn-accel. */
  check?: (origin: TestServer) => void;
}

const { privateKey, publicKey } = rsaKeys();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

const SCENARIOS: Scenario[] = [
  {
    fixture: 'alias-download',
    files: { '/srv/files/books/moby dick.pdf': bytes('moby') },
    probes: (): Probe[] => [
      { accel: '/download/protected/books/moby%20dick.pdf', status: 200 },
      { accel: '/download/protected/books/moby%20dick.pdf', headers: { Range: 'bytes=100-199' }, status: 206 },
      // expires 1h replaces the app's Cache-Control, in both.
      { accel: '/download/protected/books/moby%20dick.pdf', headers: { 'X-App-Cache-Control': 'private, max-age=60' }, status: 200 },
      { accel: '/download/protected/books/absent.pdf', status: 404 },
    ],
  },
  {
    fixture: 'root-download',
    files: { '/var/www/app/private/a.txt': bytes('private'), '/var/www/archive/reports/monthly.pdf': bytes('monthly') },
    probes: (): Probe[] => [
      { accel: '/download/private/a.txt', status: 200 },
      { accel: '/download/reports/monthly.pdf', headers: { 'X-App-Cache-Control': 'no-store' }, status: 200 },
      // add_header X-Frame-Options DENY always: on Nginx's 404 and 412 pages, and on cdn-accel's.
      { accel: '/download/private/absent.txt', status: 404 },
      { accel: '/download/private/a.txt', headers: { 'If-Match': '"not-this-one"' }, status: 412 },
    ],
  },
  {
    fixture: 'odoo',
    files: { '/var/lib/odoo/.local/share/Odoo/filestore/db1/ab/abcdef0123': bytes('odoo') },
    probes: () => [{ accel: '/download/web/filestore/db1/ab/abcdef0123', status: 200 }],
  },
  {
    fixture: 'multi-file',
    files: { '/srv/rails/storage/attachments/x.pdf': bytes('attachment'), '/srv/rails/storage/exports/data.csv': bytes('export') },
    probes: () => [{ accel: '/download/attachments/x.pdf', status: 200 }, { accel: '/download/exports/data.csv', status: 200 }],
  },
  {
    fixture: 'zulip',
    files: { '/home/zulip/uploads/files/2/ab/photo.png': bytes('photo') },
    // The test origin speaks plain HTTP, on both sides.
    both: [['https://$s3_hostname', 'http://$s3_hostname']],
    flags: (bed) => ['--signed-hosts', `127.0.0.1:${bed.originPort}`],
    probes: (bed) => [
      { accel: '/download/internal/local/uploads/2/ab/photo.png', status: 200 },
      // The app's Cache-Control survives the redirect beside the added security headers.
      { accel: '/download/internal/local/uploads/2/ab/photo.png', headers: { 'X-App-Cache-Control': 'private, max-age=3600' }, status: 200 },
      { accel: `/download/internal/s3/127.0.0.1:${bed.originPort}/zulip-uploads/2/cd/report.pdf?${S3_QUERY}`, status: 200 },
      { accel: `/download/internal/s3/127.0.0.1:${bed.originPort}/zulip-uploads/2/cd/report.pdf?${S3_QUERY}`, headers: { 'X-App-Cache-Control': 'private, max-age=3600' }, status: 200 },
    ],
  },
  {
    fixture: 'govuk-asset-manager',
    flags: (bed) => ['--signed-hosts', `127.0.0.1:${bed.originPort}`],
    // The test origin speaks plain HTTP: the app sends http:// URLs to both, and the https-only "url" form is told so.
    patch: (config) => {
      Object.assign(config.locations['/cloud-storage-proxy/'] as Record<string, unknown>, { protocol: 'http' });
    },
    probes: (bed) => [
      { accel: `/download/cloud-storage-proxy/http://127.0.0.1:${bed.originPort}/asset-manager/assets/ab/guidance.pdf?${S3_QUERY}`, status: 200 },
      { accel: `/download/cloud-storage-proxy/http://127.0.0.1:${bed.originPort}/asset-manager/assets/ab/guidance.pdf?${S3_QUERY}`, headers: { Range: 'bytes=10-19' }, status: 206 },
      { accel: `/download/cloud-storage-proxy/http://127.0.0.1:${bed.originPort}/asset-manager/assets/ab/absent.pdf?${S3_QUERY}`, status: 404 },
    ],
  },
  {
    fixture: 'cloudfront-s3',
    nginxOnly: (bed) => [
      ['https://d111111abcdef8.cloudfront.net/', `http://127.0.0.1:${bed.originPort}/`],
      ['https://acme-reports.s3.eu-west-1.amazonaws.com/', `http://127.0.0.1:${bed.originPort}/acme-reports/`],
      ['https://s3.eu-west-1.amazonaws.com/', `http://127.0.0.1:${bed.originPort}/`],
      ['https://d111111abcdef8.cloudfront.net;', `http://127.0.0.1:${bed.originPort};`],
    ],
    patch: (config, bed) => {
      for (const location of Object.values(config.locations)) {
        if (location.type === 's3') Object.assign(location, { endpoint: `http://127.0.0.1:${bed.originPort}`, forcePathStyle: true });
        if (location.type === 'cloudfront') location.url = String(location.url).replace('https://d111111abcdef8.cloudfront.net/', `http://127.0.0.1:${bed.originPort}/`);
      }
    },
    env: { CF_KEY_PAIR_ID: 'K2JCJMDEHXQW5F', CF_PRIVATE_KEY: PRIVATE_PEM, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    probes: () => [
      { accel: '/download/media/video/clip.mp4', status: 200 },
      { accel: '/download/reports/q1.pdf', status: 200 },
      { accel: '/download/reports/q1.pdf', headers: { Range: 'bytes=10-19' }, status: 206 },
      { accel: '/download/exports/latest.csv', status: 200 },
      { accel: '/download/reports/absent.pdf', status: 404 },
      { accel: '/by-request/video/trailer.mp4', status: 200 },
    ],
    check: (origin) => {
      const signed = origin.requests.map((req) => `http://127.0.0.1:${origin.port}${req.url ?? ''}`).filter((url) => url.includes('Signature='));
      const cloudfront = signed.filter((url) => url.includes('/media/') || url.includes('/by-request/'));
      expect(cloudfront).to.have.length(2);
      for (const url of cloudfront) expect(verifyCloudFrontUrl(url, { publicKeys: { K2JCJMDEHXQW5F: publicKey } }).ok, url).to.equal(true);
      expect(signed.filter((url) => url.includes('X-Amz-Credential=AKIDEXAMPLE'))).to.have.length(4);
    },
  },
  {
    fixture: 'secure-link',
    files: { '/srv/media/a.pdf': bytes('media') },
    env: { SECURE_LINK_SECRET },
    probes: (bed) => {
      // Before: the app made the link itself and the browser fetched it from Nginx.
      const signer = createSecureLinkSigner({ baseUrl: `http://127.0.0.1:${bed.nginxPort}/media/`, secureLinkMd5: '$secure_link_expires$uri $secret', secret: SECURE_LINK_SECRET });
      const link = new URL(signer.signUrl({ key: 'a.pdf', expiresAt: Math.floor(Date.now() / 1000) + 3600 }));
      return [{ accel: '/download/media/a.pdf', nginx: `${link.pathname}${link.search}`, status: 200 }];
    },
  },
];

interface Outcome {
  status: number;
  body: string;
  fileName: string | undefined;
  /** Cache-Control, Expires and the headers the locations add (add_header, addHeaders), by lower-case name. */
  headers: Record<string, string | null>;
}

const TWO_DAYS = 2 * 86400;

/** Expires near the answer's Date as its distance in minutes (the two servers answer in different seconds); else as sent. */
function expiresValue(response: Response): string | null {
  const expires = response.headers.get('expires');
  const date = response.headers.get('date');
  if (expires === null || date === null) return expires;
  const offset = (Date.parse(expires) - Date.parse(date)) / 1000;
  return Math.abs(offset) <= TWO_DAYS ? `Date ${offset < 0 ? '-' : '+'} ${Math.round(Math.abs(offset) / 60)} min` : expires;
}

/** The header names a config's locations add, lower case; with `alwaysOnly`, those added on every status. */
function addedHeaderNames(config: { locations: Record<string, Record<string, unknown>> }, alwaysOnly = false): string[] {
  const names = Object.values(config.locations).flatMap((location) =>
    Object.entries((location.addHeaders as Record<string, unknown> | undefined) ?? {})
      .filter(([, value]) => !alwaysOnly || (value as { always?: boolean }).always === true)
      .map(([name]) => name),
  );
  return [...new Set(names.map((name) => name.toLowerCase()))].sort();
}

/**
 * What the browser ends up with, redirects followed: status, body bytes, the file name it saves under, and the
 * caching and added headers (`compared`); of an error page, only the headers added on every status (`always`).
 */
async function visit(url: string, compared: readonly string[], always: readonly string[], headers: Record<string, string> = {}): Promise<Outcome> {
  const response = await fetch(url, { redirect: 'follow', headers });
  const body = Buffer.from(await response.arrayBuffer());
  const fileName = /filename="([^"]*)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  // An error page's body and other headers are each server's own (Nginx even keeps the app's file name on its 404).
  if (response.status >= 300) return { status: response.status, body: '(error page)', fileName: undefined, headers: Object.fromEntries(always.map((name) => [name, response.headers.get(name)])) };
  const values = Object.fromEntries(compared.map((name) => [name, name === 'expires' ? expiresValue(response) : response.headers.get(name)]));
  return { status: response.status, body: body.toString('base64'), fileName, headers: values };
}

async function stopCli(cli: RunningCli | undefined): Promise<void> {
  if (cli === undefined || cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGTERM');
  await cli.exited;
}

describe('cdn-accel from-nginx: the translated config serves as Nginx did (real Nginx and cdn-accel proxy, one app)', function () {
  this.timeout(60_000);
  let app: TestServer;
  let origin: TestServer;

  before(async function () {
    if (!requireNginx('the from-nginx comparison')) this.skip();
    app = await startServer(appHandler);
    origin = await startServer(objectHandler(OBJECTS));
  });

  after(async () => {
    await app?.close();
    await origin?.close();
  });

  for (const scenario of SCENARIOS) {
    describe(scenario.fixture, () => {
      let bed: TestBed;
      let copies: { accel: string; nginx: string };
      let config: { locations: Record<string, Record<string, unknown>> };
      let nginx: RunningNginx | undefined;
      let proxy: RunningCli | undefined;

      before(async function () {
        bed = await testBed(mkdtempSync(join(tmpdir(), 'cdn-accel-from-nginx-')), app.port, origin.port);
        for (const [path, content] of Object.entries(scenario.files ?? {})) {
          mkdirSync(dirname(join(bed.dir, 'files', path)), { recursive: true });
          writeFileSync(join(bed.dir, 'files', path), content);
        }
        copies = copyFixture(join(FIXTURES, scenario.fixture), bed, scenario.nginxOnly?.(bed) ?? [], scenario.both);
        const io = captureIo({ cwd: copies.accel });
        expect(await runCli(['from-nginx', 'nginx.conf', ...(scenario.flags?.(bed) ?? [])], io), io.err).to.equal(0);
        config = JSON.parse(io.out) as typeof config;
        // A location type the proxy config does not take yet (its target is still being added) cannot serve.
        if (Object.values(config.locations).some((location) => !(LOCATION_TYPES as readonly string[]).includes(String(location.type)))) this.skip();
        scenario.patch?.(config, bed);
        writeFileSync(join(bed.dir, 'cdn-accel.json'), JSON.stringify(config));
        proxy = spawnCli(['proxy', '--config', join(bed.dir, 'cdn-accel.json'), '--listen', '127.0.0.1:0'], { env: scenario.env ?? {} });
        await eventually(() => proxy?.ports().length === 1 || proxy?.child.exitCode !== null, 25_000);
        expect(proxy.ports(), proxy.stderr()).to.have.length(1);
        nginx = await startNginxConf(join(copies.nginx, 'nginx.conf'), join(bed.dir, 'nginx-run'), bed.nginxPort);
      });

      after(async () => {
        await stopCli(proxy);
        await nginx?.stop();
        if (bed !== undefined) rmSync(bed.dir, { recursive: true, force: true });
      });

      it('gives the client the same status, body bytes, file name, caching headers and added headers', async () => {
        const proxyUrl = `http://127.0.0.1:${proxy?.ports()[0]}`;
        const compared = ['cache-control', 'expires', ...addedHeaderNames(config)];
        const always = addedHeaderNames(config, true);
        for (const probe of scenario.probes(bed)) {
          const before = await visit(`${nginx?.url}${probe.nginx ?? probe.accel}`, compared, always, probe.headers);
          const after = await visit(`${proxyUrl}${probe.accel}`, compared, always, probe.headers);
          expect(before.status, `${probe.accel} through Nginx\n${nginx?.errorLog()}`).to.equal(probe.status);
          expect(after, `${probe.accel} through cdn-accel\n${proxy?.stderr()}`).to.deep.equal(before);
        }
        scenario.check?.(origin);
      });
    });
  }

  describe('nginx -T output', () => {
    it('translates as the files it dumps do', async function () {
      const bed = await testBed(mkdtempSync(join(tmpdir(), 'cdn-accel-from-nginx-')), app.port, origin.port);
      try {
        const copies = copyFixture(join(FIXTURES, 'multi-file'), bed, []);
        writeFileSync(join(bed.dir, 'dump.txt'), nginxDump(join(copies.nginx, 'nginx.conf'), join(bed.dir, 'nginx-run')));
        const fromFiles = captureIo({ cwd: copies.nginx });
        const fromDump = captureIo({ cwd: bed.dir });
        expect(await runCli(['from-nginx', 'nginx.conf'], fromFiles)).to.equal(0);
        expect(await runCli(['from-nginx', 'dump.txt'], fromDump), fromDump.err).to.equal(0);
        expect(fromDump.out).to.equal(fromFiles.out);
        expect(fromDump.err).to.include(`${join(copies.nginx, 'snippets', 'internal-exports.conf')}:1: approximated: location ~ ^/exports/`);
        expect(fromDump.err.split('\n').length).to.equal(fromFiles.err.split('\n').length);
      } finally {
        rmSync(bed.dir, { recursive: true, force: true });
      }
    });
  });
});
