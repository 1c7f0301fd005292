import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyS3PresignedUrl } from '@cdn-accel/core';
import { expect } from 'chai';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = () => Date.parse('2013-05-24T00:00:00Z');

describe('cdn-accel presign', () => {
  it('prints the S3 documentation example URL byte for byte', async () => {
    const io = captureIo({ env, now });
    const status = await runCli(['presign', '--bucket', 'examplebucket', '--key', 'test.txt', '--region', 'us-east-1', '--endpoint', 'https://s3.amazonaws.com', '--expires-in', '86400'], io);
    expect(io.err).to.equal('');
    expect(status).to.equal(0);
    expect(io.out).to.equal('https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404\n');
  });

  it('signs HEAD, path style, a signing date, response overrides and the session token; the URL verifies', async () => {
    const io = captureIo({ env: { ...env, AWS_SESSION_TOKEN: 'tok' }, now });
    const status = await runCli([
      'presign', '--bucket', 'media', '--key', 'Réports/q1 2024.pdf', '--region', 'eu-west-1', '--endpoint', 'http://127.0.0.1:9000', '--path-style',
      '--method', 'HEAD', '--signing-date', '2026-01-01T00:00:00Z', '--expires-in', '60', '--filename', 'Q1 résumé.pdf', '--response-content-type', 'application/pdf',
    ], io);
    expect(status, io.err).to.equal(0);
    const url = io.out.trim();
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:9000\/media\/R%C3%A9ports\/q1%202024\.pdf\?/);
    expect(url).to.contain('X-Amz-Date=20260101T000000Z').and.contain('X-Amz-Expires=60').and.contain('X-Amz-Security-Token=tok');
    const result = verifyS3PresignedUrl({ method: 'HEAD', url, host: '127.0.0.1:9000', secrets: { [env.AWS_ACCESS_KEY_ID]: env.AWS_SECRET_ACCESS_KEY }, now: () => Date.parse('2026-01-01T00:00:30Z') });
    expect(result).to.deep.include({ ok: true, key: 'Réports/q1 2024.pdf' });
    expect(result.ok && result.responseHeaders).to.deep.equal({ 'content-disposition': 'attachment; filename="Q1 r_sum_.pdf"; filename*=UTF-8\'\'Q1%20r%C3%A9sum%C3%A9.pdf', 'content-type': 'application/pdf' });
  });

  it('takes the region from AWS_REGION and credentials from --profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cdn-accel-presign-'));
    // --profile loads the AWS SDK here, mid-test; unless told not to, it defines a global `awslambda`
    // on load, which mocha --check-leaks would report.
    const noGlobal = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
    process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA = '1';
    try {
      await writeFile(join(dir, 'credentials'), '[media]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s3cr3t\n');
      const io = captureIo({ env: { AWS_REGION: 'ap-southeast-2', AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') }, now });
      expect(await runCli(['presign', '--bucket', 'media-bucket', '--key', 'k', '--profile', 'media'], io), io.err).to.equal(0);
      expect(io.out).to.match(/^https:\/\/media-bucket\.s3\.ap-southeast-2\.amazonaws\.com\/k\?/).and.contain('X-Amz-Credential=AKIDPROFILE%2F');
    } finally {
      if (noGlobal === undefined) delete process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
      else process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA = noGlobal;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 with the usage text', async () => {
    for (const args of [
      ['--bucket', 'b'],
      ['--bucket', 'bkt', '--key', 'k'],
      ['--bucket', 'bkt', '--key', 'k', '--region', 'eu-west-1', '--method', 'PUT'],
      ['--bucket', 'bkt', '--key', 'k', '--region', 'eu-west-1', '--expires-in', '1h'],
      ['--bucket', 'bkt', '--key', 'k', '--region', 'eu-west-1', '--signing-date', 'yesterday'],
      ['--bucket', 'bkt', '--key', 'k', '--region', 'eu-west-1', '--filename', 'a', '--response-content-disposition', 'inline'],
      ['--bucket', 'bkt', '--key', 'k', '--region', 'eu-west-1', '--unknown'],
    ]) {
      const io = captureIo({ env, now });
      expect(await runCli(['presign', ...args], io), args.join(' ')).to.equal(2);
      expect(io.err).to.contain('Usage: cdn-accel presign');
    }
  });

  it('signing errors exit 1 with the AccelError code (dot segments, > 7 days)', async () => {
    for (const args of [['--key', '../etc/passwd'], ['--key', 'k', '--expires-in', '604801']]) {
      const io = captureIo({ env, now });
      expect(await runCli(['presign', '--bucket', 'bkt', '--region', 'eu-west-1', ...args], io)).to.equal(1);
      expect(io.err).to.contain('ERR_ACCEL_INVALID_INPUT');
    }
  });

  it('--help prints the options', async () => {
    const io = captureIo();
    expect(await runCli(['presign', '--help'], io)).to.equal(0);
    expect(io.out).to.contain('--response-content-disposition');
  });
});
