import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loopbackWarning } from '../../../src/cli/loopback-warning.js';
import { runCli } from '../../../src/cli/main.js';
import { nginxInternalBackendSnippet } from '../../../src/index.js';
import { captureIo } from '../../helpers/capture-io.js';

describe('cdn-accel serve (arguments, help, --nginx-snippet)', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-serve-unit-'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'cf.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const location = { type: 'cloudfront', url: 'https://d1.cloudfront.net/media/', keyPairId: 'K1', privateKey: { file: 'cf.pem' } };
    writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({ upstream: 'http://127.0.0.1:8000', listen: '0.0.0.0:8080', locations: { '/protected/': location, '/videos/': location } }));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed, and documents every option and what Nginx must send', async () => {
    const overview = captureIo();
    await runCli(['--help'], overview);
    expect(overview.out).to.match(/^ {2}serve +Backend of Nginx internal locations/m);
    const io = captureIo();
    expect(await runCli(['serve', '--help'], io)).to.equal(0);
    for (const text of ['--config', '--listen', '127.0.0.1:8081', 'loopback', '--nginx-snippet', '--trust-forwarded', 'X-Real-IP', '--workers', '--health-path', '--access-log', '--stream-timeout', '--shutdown-timeout', 'X-Accel-App-Content-Disposition', 'X-Accel-App-X-Accel-Expires', 'SIGTERM']) {
      expect(io.out, text).to.contain(text);
    }
  });

  it('exits 2 without --config, or with a flag it does not take', async () => {
    let io = captureIo({ cwd: dir });
    expect(await runCli(['serve'], io)).to.equal(2);
    expect(io.err).to.contain('--config is required');
    io = captureIo({ cwd: dir });
    expect(await runCli(['serve', '--config', 'cdn-accel.json', '--upstream', 'http://127.0.0.1:8000'], io)).to.equal(2);
    expect(io.err).to.contain("Unknown option '--upstream'");
    io = captureIo({ cwd: dir });
    expect(await runCli(['serve', '--config', 'cdn-accel.json', '--stream-timeout', '-1', '--nginx-snippet'], io)).to.equal(2);
    expect(io.err).to.contain('--stream-timeout: must be ≥ 0');
  });

  it('--nginx-snippet prints a location block per location for the --listen address', async () => {
    let io = captureIo({ cwd: dir });
    expect(await runCli(['serve', '--config', 'cdn-accel.json', '--listen', '127.0.0.1:9081', '--nginx-snippet'], io)).to.equal(0);
    expect(io.out).to.equal(`${nginxInternalBackendSnippet('/protected/', '127.0.0.1:9081')}\n${nginxInternalBackendSnippet('/videos/', '127.0.0.1:9081')}`);
    io = captureIo({ cwd: dir });
    expect(await runCli(['serve', '--config', 'cdn-accel.json', '--listen', '9082', '--nginx-snippet'], io)).to.equal(0);
    expect(io.out).to.contain('proxy_pass http://127.0.0.1:9082;');
  });

  it('warns when it would listen beyond loopback', () => {
    expect(loopbackWarning('127.0.0.1:8081', '127.0.0.1', true)).to.equal(undefined);
    expect(loopbackWarning('[::1]:8081', '::1', true)).to.equal(undefined);
    expect(loopbackWarning('0.0.0.0:8081', '0.0.0.0', false)).to.match(/not on loopback\. Whoever reaches this port gets any path under the locations signed\. Let only Nginx reach it/);
    expect(loopbackWarning('10.0.0.5:8081', '10.0.0.5', true)).to.contain('bound to the IP address of their choice');
  });
});
