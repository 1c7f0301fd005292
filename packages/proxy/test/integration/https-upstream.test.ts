import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { get } from './support/servers.js';

/** A self-signed certificate for 127.0.0.1, made by the system's openssl: the app's private CA. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('createAccelProxy with an https: app', () => {
  let tls: { key: Buffer; cert: Buffer };
  let app: Server;
  let upstream: string;
  let proxy: AccelProxy | undefined;
  let pool: Pool | undefined;
  const errors: string[] = [];
  const logger = { info: () => {}, warn: () => {}, error: (line: string) => errors.push(line) };

  before(async function () {
    if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) {
      if (process.env.CI === 'true') throw new Error('openssl is missing: CI must install it (apt-get install -y openssl)');
      console.warn('\n  !!! SKIPPING the https upstream tests: no openssl to make a certificate. Install it with: apt-get install -y openssl\n');
      this.skip();
    }
    tls = selfSignedCertificate();
    app = createServer(tls, (req, res) => res.end(`secure ${req.url}`));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    upstream = `https://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (app !== undefined) await new Promise((resolve) => app.close(resolve));
  });

  afterEach(async () => {
    await proxy?.close();
    await pool?.destroy();
    proxy = undefined;
    pool = undefined;
    errors.length = 0;
  });

  it('reaches the app through a dispatcher that trusts its CA', async () => {
    pool = new Pool(upstream, { connect: { ca: tls.cert } });
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream, upstreamDispatcher: pool });
    const { port } = await proxy.listen();
    const res = await get(`http://127.0.0.1:${port}/report?id=7`);
    expect(res.status).to.equal(200);
    expect(res.body.toString()).to.equal('secure /report?id=7');
  });

  it('SECURITY: verifies the app certificate by default (an untrusted one is a 502, never a silent pass)', async () => {
    proxy = createAccelProxy({ accel: fakeAccel('https://cdn.example'), upstream, logger });
    const { port } = await proxy.listen();
    const res = await get(`http://127.0.0.1:${port}/report`);
    expect(res.status).to.equal(502);
    expect(res.body.toString()).to.not.contain('secure');
    expect(errors.join()).to.match(/ERR_ACCEL_UPSTREAM.*SELF_SIGNED|ERR_ACCEL_UPSTREAM.*CERT/);
  });
});
