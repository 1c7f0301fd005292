import { expect } from 'chai';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { createAccelProxy, type AccelProxy } from '../../src/index.js';
import { fakeAccel } from './support/fake-accel.js';
import { get } from './support/servers.js';
import { opensslAvailable, selfSignedCertificate } from './support/tls.js';

describe('createAccelProxy with an https: app', () => {
  let tls: { key: Buffer; cert: Buffer };
  let app: Server;
  let upstream: string;
  let proxy: AccelProxy | undefined;
  let pool: Pool | undefined;
  const errors: string[] = [];
  const logger = { info: () => {}, warn: () => {}, error: (line: string) => errors.push(line) };

  before(async function () {
    if (!opensslAvailable('the https upstream tests')) this.skip();
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
