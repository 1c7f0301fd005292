import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const core = fileURLToPath(new URL('../../../src/', import.meta.url));
const nockPath = createRequire(import.meta.url).resolve('nock');

/** Runs a script in a fresh Node process (own environment, own module graph), returns its stdout. */
async function runIsolated(source: string, env: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cdn-accel-chain-'));
  try {
    const script = join(dir, 'script.mts');
    await writeFile(script, source.replaceAll('CORE/', `${core}`));
    const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true', ...env },
      timeout: 20_000,
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A loader hook that records every module resolved whose name contains credential-provider-node. It appends
// to a file synchronously, before the resolution returns: output printed from the hooks thread can be lost when
// the process exits, which would make the "never loaded" test pass for the wrong reason.
const WATCH = `
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { readFileSync, existsSync, rmSync } from 'node:fs';
const watchFile = tmpdir() + '/cdn-accel-watch-' + process.pid;
process.on('exit', () => {
  console.log(existsSync(watchFile) ? readFileSync(watchFile, 'utf8') : 'NOTHING LOADED');
  rmSync(watchFile, { force: true });
});
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
let watchFile;
export function initialize(data) { watchFile = data.watchFile; }
export async function resolve(specifier, context, next) {
  if (specifier.includes('credential-provider-node')) appendFileSync(watchFile, 'LOADED ' + specifier + ' ');
  return next(specifier, context);
}\`), { data: { watchFile } });
`;

describe('credentials/defaultCredentialChain', function () {
  this.timeout(30_000);

  it('reads the AWS environment variables through @aws-sdk/credential-provider-node', async () => {
    const out = await runIsolated(`
      import { createS3Presigner } from 'CORE/s3/presigner.ts';
      const presigner = createS3Presigner({ region: 'eu-west-1' });
      await presigner.ready();
      console.log(presigner.presignSync({ bucket: 'bucket-one', key: 'k' }));
      presigner.close();
    `, { AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token/from+env' });
    expect(out).to.contain('X-Amz-Credential=AKIDFROMENV%2F');
    expect(out).to.contain('X-Amz-Security-Token=token%2Ffrom%2Benv');
  });

  it('reads a named profile from the shared credentials file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cdn-accel-profile-'));
    const file = join(dir, 'credentials');
    await writeFile(file, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[media]\naws_access_key_id = AKIDMEDIA\naws_secret_access_key = s2\n');
    try {
      const out = await runIsolated(`
        import { createS3Presigner } from 'CORE/s3/presigner.ts';
        const presigner = createS3Presigner({ region: 'eu-west-1', profile: 'media' });
        console.log(await presigner.presign({ bucket: 'bucket-one', key: 'k' }));
      `, { AWS_SHARED_CREDENTIALS_FILE: file });
      expect(out).to.contain('X-Amz-Credential=AKIDMEDIA%2F');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is never loaded when static keys are given', async () => {
    const out = await runIsolated(`${WATCH}
      const { createS3Presigner } = await import('CORE/index.ts');
      const presigner = createS3Presigner({ region: 'eu-west-1', credentials: { accessKeyId: 'A', secretAccessKey: 'S' } });
      console.log(presigner.presignSync({ bucket: 'bucket-one', key: 'k' }).length > 0 ? 'SIGNED' : 'EMPTY');
    `, {});
    expect(out).to.contain('SIGNED');
    expect(out).to.contain('NOTHING LOADED');
  });

  it('(control) the watch sees it when the default chain is used', async () => {
    const out = await runIsolated(`${WATCH}
      const { createS3Presigner } = await import('CORE/index.ts');
      const presigner = createS3Presigner({ region: 'eu-west-1' });
      await presigner.ready();
      presigner.close();
    `, { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S' });
    expect(out).to.contain('LOADED');
  });

  it('falls through to EC2 instance metadata (IMDSv2, nock standing in) and clamps to its expiry', async () => {
    const out = await runIsolated(`
      import nock from '${nockPath}';
      import { createS3Presigner } from 'CORE/s3/presigner.ts';
      const expiration = new Date(Date.now() + 30 * 60_000).toISOString();
      const imds = nock('http://169.254.169.254');
      imds.put('/latest/api/token').matchHeader('x-aws-ec2-metadata-token-ttl-seconds', /\\d+/).reply(200, 'imds-token');
      imds.get('/latest/meta-data/iam/security-credentials/').matchHeader('x-aws-ec2-metadata-token', 'imds-token').reply(200, 'media-role');
      imds.get('/latest/meta-data/iam/security-credentials/media-role').matchHeader('x-aws-ec2-metadata-token', 'imds-token')
        .reply(200, { Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'ASIAFROMIMDS', SecretAccessKey: 'imds-secret', Token: 'imds-session', Expiration: expiration });
      nock.disableNetConnect();
      const presigner = createS3Presigner({ region: 'eu-west-1' });
      await presigner.ready();
      console.log(presigner.presignSync({ bucket: 'bucket-one', key: 'k', expiresIn: 604800 }));
      presigner.close();
    `, { AWS_EC2_METADATA_DISABLED: 'false' });
    const url = new URL(out.trim());
    expect(url.searchParams.get('X-Amz-Credential')).to.match(/^ASIAFROMIMDS\//);
    expect(url.searchParams.get('X-Amz-Security-Token')).to.equal('imds-session');
    // A week was asked for; the URL may not outlive the instance-role credentials (30 min, minus the 60 s margin).
    const expires = Number(url.searchParams.get('X-Amz-Expires'));
    expect(expires).to.be.within(28 * 60, 29 * 60);
  });
});
