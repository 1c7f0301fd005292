import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxInternalBackendSnippet, runCli } from '../../../src/index.js';
import { captureIo } from '../../helpers/capture-io.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/nginx/', import.meta.url));

describe('cdn-accel from-nginx (command line)', () => {
  it('is listed by cdn-accel --help and prints its own usage', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).to.equal(0);
    expect(io.out).to.match(/\n {2}from-nginx +translate an nginx\.conf/);
    const help = captureIo();
    expect(await runCli(['from-nginx', '--help'], help)).to.equal(0);
    expect(help.out).to.match(/^Usage: cdn-accel from-nginx <nginx\.conf>/);
  });

  it('exits 2 with the file and line for a file that is not Nginx syntax, unbalanced braces and a missing include', async () => {
    const cases: Array<[string, string]> = [
      ['not-nginx.conf', 'not-nginx.conf:1: unexpected "{"'],
      ['unbalanced.conf', 'unbalanced.conf:10: unexpected end of file, expecting "}" (the block opened at line 1 is not closed)'],
      ['missing-include.conf', 'missing-include.conf:4: cannot open the included file "snippets/does-not-exist.conf" (looked for snippets/does-not-exist.conf)'],
    ];
    for (const [file, message] of cases) {
      const io = captureIo({ cwd: join(FIXTURES, 'bad') });
      expect(await runCli(['from-nginx', file], io), file).to.equal(2);
      expect(io.err).to.equal(`cdn-accel from-nginx: ${message}\n`);
      expect(io.out).to.equal('');
    }
  });

  it('takes the app from the location --upstream-from names', async () => {
    const io = captureIo({ cwd: join(FIXTURES, 'odoo') });
    expect(await runCli(['from-nginx', 'nginx.conf', '--upstream-from', '/websocket'], io)).to.equal(0);
    expect(JSON.parse(io.out).upstream).to.equal('http://127.0.0.1:8072');
  });

  it('exits 2 when there is no internal location to translate', async () => {
    const none = captureIo({ cwd: join(FIXTURES, 'multi-file') });
    expect(await runCli(['from-nginx', 'mime.types'], none)).to.equal(2);
    expect(none.err).to.match(/^cdn-accel from-nginx: mime\.types:1: no internal location/);
  });

  it('exits 2 and writes nothing when no location could be translated, with the report saying why', async () => {
    const io = captureIo({ cwd: join(FIXTURES, 'bad') });
    expect(await runCli(['from-nginx', 'nothing-translatable.conf'], io)).to.equal(2);
    expect(io.out).to.equal('');
    expect(io.err).to.include('nothing-translatable.conf:7: not translatable: proxy_pass http://10.0.0.5:9000/scans/: 10.0.0.5 is neither S3 nor CloudFront');
    expect(io.err).to.match(/\ncdn-accel from-nginx: no location could be translated .*; nothing written\n$/);
  });

  it('never prints the secret of a secure_link_md5 expression', async () => {
    const io = captureIo({ cwd: join(FIXTURES, 'secure-link') });
    expect(await runCli(['from-nginx', 'nginx.conf'], io)).to.equal(0);
    expect(readFileSync(join(FIXTURES, 'secure-link', 'nginx.conf'), 'utf8')).to.include('Ojd8-tF3w_q9LmZ2xVbC7pNe');
    expect(io.out + io.err).not.to.include('Ojd8-tF3w_q9LmZ2xVbC7pNe');
    expect(io.err).to.include('set SECURE_LINK_SECRET to it');
  });

  it('takes the hosts of a signed location from --signed-hosts', async () => {
    const io = captureIo({ cwd: join(FIXTURES, 'zulip') });
    expect(await runCli(['from-nginx', 'nginx.conf', '--signed-hosts', 'zulip-uploads.s3.eu-west-1.amazonaws.com, zulip-avatars.s3.eu-west-1.amazonaws.com'], io)).to.equal(0);
    expect(JSON.parse(io.out).locations['/internal/s3/'].hosts).to.deep.equal(['zulip-uploads.s3.eu-west-1.amazonaws.com', 'zulip-avatars.s3.eu-west-1.amazonaws.com']);
  });

  it('writes the Nginx locations for cdn-accel serve with --backend-snippet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-from-nginx-'));
    try {
      const io = captureIo({ cwd: join(FIXTURES, 'cloudfront-s3') });
      expect(await runCli(['from-nginx', 'nginx.conf', '--backend-snippet', join(dir, 'internal.conf'), '--serve-listen', '127.0.0.1:9000'], io)).to.equal(0);
      const expected = ['/media/', '/reports/', '/exports/'].map((prefix) => nginxInternalBackendSnippet(prefix, '127.0.0.1:9000')).join('\n');
      expect(readFileSync(join(dir, 'internal.conf'), 'utf8')).to.equal(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
