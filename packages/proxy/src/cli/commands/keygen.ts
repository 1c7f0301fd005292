import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags } from '../flags.js';

const usage = `Usage: cdn-accel keygen --type rsa|ecdsa --out DIR [--name NAME]

Writes a CloudFront signing key pair: NAME-private.pem (PKCS#8, mode 0600, keep it secret),
NAME-public.pem (SPKI, the key CloudFront verifies with) and NAME-public-key-config.json, the
input of \`aws cloudfront create-public-key --public-key-config file://DIR/NAME-public-key-config.json\`.
Existing files are never overwritten.

Options:
  --type rsa|ecdsa          RSA-2048 (every CloudFront tool) or ECDSA P-256 (faster, shorter URLs) (required)
  --out DIR                 folder to write to; created (mode 0700) if missing (required)
  --name NAME               file name prefix                                 [default: cloudfront]
  -h, --help                show this help
`;

function generate(type: string): { privatePem: string; publicPem: string } {
  const pair = type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/**
 * The CreatePublicKey input for the public key. CallerReference must differ per request; the Name shows in the
 * console, so it carries the date the key was made, which is what tells two keys apart during a rotation.
 */
function publicKeyConfig(name: string, type: string, publicPem: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${JSON.stringify({
    CallerReference: `cdn-accel-keygen-${nowMs}`,
    Name: `${name.replace(/[^A-Za-z0-9_-]/g, '-')}-${stamp}`,
    EncodedKey: publicPem,
    Comment: `cdn-accel keygen, ${type === 'rsa' ? 'RSA-2048' : 'ECDSA P-256'}`,
  }, null, 2)}\n`;
}

function alreadyExists(file: string): CliUsageError {
  return new CliUsageError(`${file} already exists; choose another --out or --name (keys are never overwritten)`);
}

function writeNew(file: string, content: string, mode: number): void {
  try {
    // SECURITY: 'wx' never replaces an existing key, and the mode is set at creation (no window of 0644).
    writeFileSync(file, content, { flag: 'wx', mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists(file);
    throw error;
  }
}

export const keygenCommand: CliCommand = {
  name: 'keygen',
  summary: 'write a new CloudFront key pair (private key 0600 + public key to upload)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags({ args, strict: true, allowPositionals: false, options: { type: { type: 'string' }, out: { type: 'string' }, name: { type: 'string', default: 'cloudfront' } } });
    if (values.type !== 'rsa' && values.type !== 'ecdsa') throw new CliUsageError(`--type must be rsa or ecdsa${values.type === undefined ? '' : `, got "${values.type}"`}`);
    if (values.out === undefined) throw new CliUsageError('--out is required');
    if (!/^[A-Za-z0-9._-]+$/.test(values.name)) throw new CliUsageError(`--name "${values.name}" may only contain letters, digits, ".", "_" and "-"`);
    const folder = path.resolve(io.cwd, values.out);
    const privateFile = path.join(folder, `${values.name}-private.pem`);
    const publicFile = path.join(folder, `${values.name}-public.pem`);
    const configFile = path.join(folder, `${values.name}-public-key-config.json`);
    // All three are checked first, so that a refusal leaves no half-written pair behind.
    const existing = [privateFile, publicFile, configFile].find((file) => existsSync(file));
    if (existing !== undefined) throw alreadyExists(existing);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const { privatePem, publicPem } = generate(values.type);
    writeNew(privateFile, privatePem, 0o600);
    writeNew(publicFile, publicPem, 0o644);
    writeNew(configFile, publicKeyConfig(values.name, values.type, publicPem, io.now()), 0o644);
    io.stdout([
      `private key: ${privateFile} (${values.type === 'rsa' ? 'RSA-2048' : 'ECDSA P-256'}, mode 0600)`,
      `public key:  ${publicFile}`,
      `upload it:   aws cloudfront create-public-key --public-key-config file://${configFile}`,
      '',
      'Then add the public key to the key group of your distribution, and sign with the ID CloudFront gives it:',
      `cdn-accel sign --key-pair-id <ID> --private-key ${privateFile} …`,
      '',
    ].join('\n'));
    return 0;
  },
};
