import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, loadConfig } from '../../../src/config/load-config.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  let dir: string;
  const cloudfrontLocation = (extra: object = {}) => ({ type: 'cloudfront', url: 'https://d1.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey: { file: 'keys/cf.pem' }, expiresIn: 300, ...extra });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-accel-config-'));
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'cf.pem'), `${pem}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(config: unknown): string {
    writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify(config));
    return join(dir, 'cdn-accel.json');
  }

  it('builds CloudFront and S3 locations, reading { file } relative to the config file and { env }', async () => {
    write({
      upstream: 'http://127.0.0.1:8000',
      healthPath: '/healthz',
      locations: {
        '/protected/': cloudfrontLocation(),
        '/reports/': { type: 's3', bucket: 'acme-reports', region: 'eu-west-1', mode: 'stream', credentials: { accessKeyId: { env: 'KEY_ID' }, secretAccessKey: { env: 'SECRET' } } },
      },
    });
    const loaded = await loadConfig('cdn-accel.json', dir, { KEY_ID: 'AKIDEXAMPLE', SECRET: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
    expect(Object.keys(loaded.locations)).to.deep.equal(['/protected/', '/reports/']);
    expect(loaded.locations['/protected/']).to.include({ kind: 'cloudfront', mode: 'redirect', expiresIn: 300 });
    expect(loaded.locations['/reports/']).to.include({ kind: 's3', mode: 'stream' });
    expect(loaded.settings).to.deep.equal({ upstream: 'http://127.0.0.1:8000', healthPath: '/healthz' });
  });

  it('builds Cloud CDN, Cloud Storage, bunny.net and secure_link locations, their secrets from { file } and { env }', () => {
    writeFileSync(join(dir, 'keys', 'cdn-key.txt'), 'nZtRohdNF9m3cKM24IcK4w==\n');
    writeFileSync(join(dir, 'keys', 'sa.json'), readFileSync(new URL('../../../../core/test/vectors/gcs/test_service_account.not-a-test.json', import.meta.url)));
    const loaded = buildConfig({
      locations: {
        '/videos/': { type: 'google-cdn', url: 'https://media.example.com/videos/', keyName: 'key-2026', key: { file: 'keys/cdn-key.txt' }, mode: 'cookies', cookie: { domain: '.example.com' } },
        '/rotated/': { type: 'google-cdn', url: 'https://media.example.com/', keys: [{ keyName: 'key-2026', key: { env: 'CDN_KEY' } }, { keyName: 'key-2025', key: { file: 'keys/cdn-key.txt' } }] },
        '/reports/': { type: 'gcs', bucket: 'acme-reports', prefix: 'pdf/', serviceAccountKey: { file: 'keys/sa.json' } },
        '/hmac/': { type: 'gcs', bucket: 'acme-reports', hmacKey: { accessId: 'GOOG1EEXAMPLEACCESSID', secret: { env: 'HMAC_SECRET' } }, mode: 'stream' },
        '/media/': { type: 'bunny', url: 'https://myzone.b-cdn.net/', securityKey: { env: 'BUNNY_KEY' }, tokenIn: 'directory', scope: 'folder' },
        '/files/': { type: 'secure-link', url: 'https://files.example.com/p/', secureLinkMd5: '$secure_link_expires$uri$remote_addr $secret', secret: { env: 'LINK_SECRET' } },
      },
    }, dir, { CDN_KEY: 'nZtRohdNF9m3cKM24IcK4w', HMAC_SECRET: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ', BUNNY_KEY: 'f0e1d2c3-b4a5-4697-8877-665544332211', LINK_SECRET: 'kR4t-9dQ2_vLm7Zp0sYb3Nw8' });
    expect(loaded.locations['/videos/']).to.include({ kind: 'google-cdn', mode: 'cookies' });
    expect(loaded.locations['/rotated/']).to.include({ kind: 'google-cdn', mode: 'redirect' });
    expect(loaded.locations['/reports/']).to.include({ kind: 'gcs', origin: 'https://storage.googleapis.com', methodBound: true });
    expect(loaded.locations['/hmac/']).to.include({ kind: 'gcs', mode: 'stream' });
    expect(loaded.locations['/media/']).to.include({ kind: 'bunny', origin: 'https://myzone.b-cdn.net' });
    expect(loaded.locations['/files/']).to.include({ kind: 'secure-link', ip: 'client', ipv6: 'refuse' });
  });

  it('refuses inline secrets of the new providers and files their errors under the location, never showing a secret', () => {
    const inline: Array<[object, string]> = [
      [{ type: 'google-cdn', url: 'https://m.example.com/', keyName: 'k', key: 'nZtRohdNF9m3cKM24IcK4w==' }, 'locations["/p/"].key'],
      [{ type: 'google-cdn', url: 'https://m.example.com/', keys: [{ keyName: 'k', key: 'nZtRohdNF9m3cKM24IcK4w==' }] }, 'locations["/p/"].keys[0].key'],
      [{ type: 'gcs', bucket: 'b-1', serviceAccountKey: '{"private_key": "nZtRohdNF9m3cKM24IcK4w=="}' }, 'locations["/p/"].serviceAccountKey'],
      [{ type: 'gcs', bucket: 'b-1', hmacKey: { accessId: 'GOOG1E', secret: 'nZtRohdNF9m3cKM24IcK4w==' } }, 'locations["/p/"].hmacKey.secret'],
      [{ type: 'bunny', url: 'https://z.b-cdn.net/', securityKey: 'nZtRohdNF9m3cKM24IcK4w==' }, 'locations["/p/"].securityKey'],
      [{ type: 'secure-link', url: 'https://f.example.com/', secureLinkMd5: '$uri', secret: 'nZtRohdNF9m3cKM24IcK4w==' }, 'locations["/p/"].secret'],
    ];
    for (const [location, field] of inline) {
      const error = failure(() => buildConfig({ locations: { '/p/': location } }, dir, {}));
      expect(error.message.startsWith(`${field}: an inline value`), error.message).to.equal(true);
      expect(error.message).not.to.contain('nZtRohdNF9m3cKM24IcK4w');
    }
    const invalid: Array<[object, Record<string, string>, string]> = [
      [{ type: 'google-cdn', url: 'https://m.example.com/', keyName: 'k', key: { env: 'K' } }, { K: 'c2hvcnQta2V5' }, 'locations["/p/"].key: the key decodes to 9 bytes'],
      [{ type: 'google-cdn', url: 'https://M.example.com/', keyName: 'k', key: { env: 'K' } }, { K: 'nZtRohdNF9m3cKM24IcK4w' }, 'locations["/p/"].url: write the scheme and host in lower case'],
      [{ type: 'gcs', bucket: 'b-1', serviceAccountKey: { env: 'SA' } }, { SA: '{"type": "service_account", "private' }, 'locations["/p/"].serviceAccountKey: the service-account key is not valid JSON'],
      [{ type: 'gcs', bucket: 'b-1', serviceAccountKey: { env: 'SA' } }, { SA: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' }, 'locations["/p/"].serviceAccountKey: this looks like an HMAC key secret'],
      [{ type: 'gcs', bucket: 'b-1', serviceAccountKey: { env: 'SA' }, mode: 'cookies' }, { SA: '{}' }, "locations[\"/p/\"].mode: Cloud Storage has no 'cookies' mode; its modes are 'redirect' and 'stream'"],
      [{ type: 'bunny', url: 'https://z.b-cdn.net/', securityKey: { env: 'B' }, mode: 'cookies' }, { B: 'key' }, "locations[\"/p/\"].mode: bunny.net has no 'cookies' mode"],
      [{ type: 'bunny', url: 'ftp://z.b-cdn.net/', securityKey: { env: 'B' } }, { B: 'key' }, 'locations["/p/"].url: expected an absolute https:// URL'],
      [{ type: 'secure-link', url: 'https://f.example.com/', secureLinkMd5: '$secure_link_expires$uri$host $secret', secret: { env: 'S' } }, { S: 'kR4t-9dQ2_vLm7Zp0sYb3Nw8' }, 'locations["/p/"].secureLinkMd5: unknown variable "$host"'],
      [{ type: 'google-cdn', url: 'https://m.example.com/', keyName: 'k', key: { env: 'K' }, carryHeaders: true }, {}, 'locations["/p/"].carryHeaders: is not an option of a "google-cdn" location'],
    ];
    for (const [location, env, message] of invalid) {
      const error = failure(() => buildConfig({ locations: { '/p/': location } }, dir, env));
      expect(error.code).to.equal('ERR_ACCEL_CONFIG');
      expect(error.message, error.message).to.contain(message);
      for (const secret of Object.values(env)) if (secret.length > 5) expect(error.message).not.to.contain(secret);
    }
  });

  it('hands the engine options to createAccel as given', () => {
    const loaded = buildConfig({ locations: { '/p/': cloudfrontLocation() }, cache: false, redirectStatus: { safe: 307 }, batchSignatures: false }, dir, {});
    expect(loaded).to.include({ cache: false, batchSignatures: false });
    expect(loaded.redirectStatus).to.deep.equal({ safe: 307 });
  });

  it('gives an ip: "client" location ipv6: "refuse" unless the file says "unbound"', () => {
    const loaded = buildConfig({ locations: { '/bound/': cloudfrontLocation({ ip: 'client' }), '/open/': cloudfrontLocation({ ip: 'client', ipv6: 'unbound' }) } }, dir, {});
    expect(loaded.locations['/bound/']).to.include({ ip: 'client', ipv6: 'refuse' });
    expect(loaded.locations['/open/']).to.include({ ip: 'client', ipv6: 'unbound' });
  });

  it('names the field of an unreadable key file, relative to the config file', () => {
    const error = failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation({ privateKey: { file: 'missing.pem' } }) } }, dir, {}));
    expect(error.code).to.equal('ERR_ACCEL_CONFIG');
    expect(error.message).to.contain('locations["/p/"].privateKey').and.contain('missing.pem').and.contain('ENOENT');
  });

  it('names the field and the variable of a missing environment secret, never a secret value', () => {
    const error = failure(() =>
      buildConfig({ locations: { '/r/': { type: 's3', bucket: 'b-1', region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: { env: 'NOPE' } } } } }, dir, {}),
    );
    expect(error.message).to.contain('locations["/r/"].credentials.secretAccessKey').and.contain('NOPE');
    expect(error.message).not.to.contain('AKID');
  });

  it('refuses an inline secret, naming the field and the fix, never echoing the value', () => {
    const cases: Array<[object, string, string]> = [
      [cloudfrontLocation({ privateKey: pem }), 'locations["/p/"].privateKey', 'an inline PEM'],
      [cloudfrontLocation({ passphrase: 'hunter2' }), 'locations["/p/"].passphrase', 'an inline value'],
      [cloudfrontLocation({ passphrase: 123456 }), 'locations["/p/"].passphrase', 'got a number'],
      [cloudfrontLocation({ privateKey: { path: 'keys/cf.pem' } }), 'locations["/p/"].privateKey', 'got an object with "path"'],
      [{ type: 'cloudfront', url: 'https://d1.cloudfront.net/', keys: [{ keyPairId: 'K1', privateKey: { file: 'keys/cf.pem' } }, { keyPairId: 'K2', privateKey: pem }] }, 'locations["/p/"].keys[1].privateKey', 'an inline PEM'],
      [{ type: 's3', bucket: 'b-1', region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'wJalrXUtnFEMI' } }, 'locations["/p/"].credentials.secretAccessKey', 'an inline value'],
      [{ type: 's3', bucket: 'b-1', region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: { env: 'S' }, sessionToken: 'FwoGZX' } }, 'locations["/p/"].credentials.sessionToken', 'an inline value'],
    ];
    for (const [location, field, problem] of cases) {
      const error = failure(() => buildConfig({ locations: { '/p/': location } }, dir, { S: 'secret' }));
      expect(error.code).to.equal('ERR_ACCEL_CONFIG');
      expect(error.message.startsWith(`${field}: `), error.message).to.equal(true);
      expect(error.message).to.contain(problem).and.contain('{ "file": "').and.contain('{ "env": "');
      for (const secret of ['PRIVATE KEY', 'hunter2', '123456', 'wJalrXUtnFEMI', 'FwoGZX']) expect(error.message).not.to.contain(secret);
    }
  });

  it('says what the wrong value is, type included, under the field as the file names it', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ locations: { '/p/': cloudfrontLocation({ expiresIn: '300' }) } }, 'locations["/p/"].expiresIn: expected a whole number of seconds from 1 to 31449600, got the string "300". Use e.g. 300'],
      [{ locations: { '/p/': cloudfrontLocation({ ip: 'client', ipv6: 'allow' }) } }, `locations["/p/"].ipv6: expected one of 'refuse', 'unbound', got the string "allow". Use 'refuse' or 'unbound' ('refuse' is the default)`],
      [{ locations: { '/p/': cloudfrontLocation({ mode: 'cookies', cookie: { sameSite: 'lax' } }) } }, 'locations["/p/"].cookie.sameSite: expected "Strict", "Lax" or "None", got the string "lax"'],
      [{ locations: { '/r/': { type: 's3', bucket: 'b-1', region: 'eu-west-1', refreshBefore: '60' } } }, 'locations["/r/"].refreshBefore: expected a number of seconds ≥ 0, got the string "60". Pass seconds, e.g. 60'],
      [{ locations: { '/p/': { type: 'azure' } } }, 'locations["/p/"].type: expected "cloudfront", "s3", "google-cdn", "gcs", "bunny", "secure-link", "signed" or "files", got the string "azure"'],
      [{ locations: { '/p/': cloudfrontLocation() }, upstreamTimeout: -1 }, 'upstreamTimeout: expected a whole number of milliseconds ≥ 0, got the number -1. Give e.g. 60000, or 0 for no limit'],
      [{ locations: { '/p/': cloudfrontLocation() }, workers: '2' }, 'workers: expected a whole number ≥ 1 or "auto", got the string "2"'],
      [{ locations: { '/p/': cloudfrontLocation() }, accessLog: 'yes' }, 'accessLog: expected true or false, got the string "yes"'],
    ];
    for (const [config, message] of cases) expect(failure(() => buildConfig(config, dir, {})).message).to.contain(message);
  });

  it('names a key error once, under the key field, ending in one period', () => {
    writeFileSync(join(dir, 'keys', 'weak.pem'), generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'keys', 'public.pem'), generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }));
    for (const file of ['keys/weak.pem', 'keys/public.pem']) {
      const { message } = failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation({ privateKey: { file } }) } }, dir, {}));
      expect(message.startsWith('locations["/p/"].privateKey: '), message).to.equal(true);
      expect(message).not.to.match(/\.\./);
      expect(message.match(/Provide /g)).to.have.length(1);
    }
  });

  it('refuses a location without a known type', () => {
    const error = failure(() => buildConfig({ locations: { '/p/': { url: 'https://x/' } } }, dir, {}));
    expect(error.message).to.contain('locations["/p/"].type');
  });

  it('refuses a misspelt location field, listing the right ones', () => {
    const error = failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation({ expiresin: 60 }) } }, dir, {}));
    expect(error.message).to.contain('locations["/p/"].expiresin').and.contain('expiresIn');
  });

  it('files the core’s own validation errors under the location’s field', () => {
    const error = failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation({ url: 'ftp://nope' }) } }, dir, {}));
    expect(error.message).to.contain('locations["/p/"].url: expected an absolute https:// URL');
  });

  it('refuses unknown top-level fields, empty locations and wrong setting types', () => {
    expect(failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation() }, upstreem: 'x' }, dir, {})).message).to.contain('upstreem');
    expect(failure(() => buildConfig({ locations: {} }, dir, {})).message).to.contain('locations');
    expect(failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation() }, workers: 0 }, dir, {})).message).to.contain('workers');
    expect(failure(() => buildConfig({ locations: { '/p/': cloudfrontLocation() }, upstreamTimeout: '5s' }, dir, {})).message).to.contain('upstreamTimeout');
  });

  it('reports invalid JSON and a missing file with the path', async () => {
    writeFileSync(join(dir, 'bad.json'), '{ "locations": { }, }');
    const refusal = (path: string) => loadConfig(path, dir, {}).then(() => expect.fail('expected an error'), (error: Error) => error.message);
    expect(await refusal('bad.json')).to.contain('bad.json is not valid JSON');
    expect(await refusal('nope.json')).to.contain('nope.json').and.contain('ENOENT');
  });
});
