import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinNegativeValues, wholeNumberFlag } from '../../../src/cli/flags.js';
import { runCli } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const options = { 'upstream-timeout': { type: 'string' }, 'access-log': { type: 'boolean' } } as const;

describe('command-line flags', () => {
  it('takes a negative number after a value flag as its value, and nothing else', () => {
    expect(joinNegativeValues(['--upstream-timeout', '-1'], options)).to.deep.equal(['--upstream-timeout=-1']);
    expect(joinNegativeValues(['--upstream-timeout', '-.5', '--access-log'], options)).to.deep.equal(['--upstream-timeout=-.5', '--access-log']);
    expect(joinNegativeValues(['--upstream-timeout', '--access-log'], options)).to.deep.equal(['--upstream-timeout', '--access-log']);
    expect(joinNegativeValues(['--access-log', '-1'], options)).to.deep.equal(['--access-log', '-1']);
    expect(joinNegativeValues(['--upstream-timeout=5', '-1'], options)).to.deep.equal(['--upstream-timeout=5', '-1']);
    expect(joinNegativeValues(['--', '--upstream-timeout', '-1'], options)).to.deep.equal(['--', '--upstream-timeout', '-1']);
  });

  it('reads a whole number, saying "must be ≥ n" for a negative one and naming the flag and an example', () => {
    const rule = { unit: 'milliseconds', example: '60000 (0 = no limit)' };
    expect(wholeNumberFlag('upstream-timeout', undefined, rule)).to.equal(undefined);
    expect(wholeNumberFlag('upstream-timeout', '0', rule)).to.equal(0);
    expect(() => wholeNumberFlag('upstream-timeout', '-1', rule)).to.throw('--upstream-timeout: must be ≥ 0, got -1. Give a whole number of milliseconds, e.g. 60000 (0 = no limit)');
    expect(() => wholeNumberFlag('upstream-timeout', '-0', rule)).to.throw('must be ≥ 0');
    expect(() => wholeNumberFlag('upstream-timeout', '5s', rule)).to.throw('--upstream-timeout: "5s" is not a whole number of milliseconds. Give');
    expect(() => wholeNumberFlag('upstream-timeout', '1.5', rule)).to.throw('is not a whole number');
    expect(() => wholeNumberFlag('expires-in', '0', { ...rule, min: 1 })).to.throw('--expires-in: must be ≥ 1, got 0');
  });

  describe('negative values on the command line', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'cdn-accel-flags-'));
      writeFileSync(join(dir, 'cf.pem'), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, 'cdn-accel.json'), JSON.stringify({ locations: { '/p/': { type: 'cloudfront', url: 'https://d1.cloudfront.net/', keyPairId: 'K', privateKey: { file: 'cf.pem' } } } }));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const cases: Array<[string[], string]> = [
      [['proxy', '--config', 'cdn-accel.json', '--upstream', 'http://127.0.0.1:1', '--upstream-timeout', '-1'], '--upstream-timeout: must be ≥ 0, got -1'],
      [['proxy', '--config', 'cdn-accel.json', '--upstream', 'http://127.0.0.1:1', '--stream-timeout', '-5'], '--stream-timeout: must be ≥ 0, got -5'],
      [['proxy', '--config', 'cdn-accel.json', '--upstream', 'http://127.0.0.1:1', '--shutdown-timeout', '-10'], '--shutdown-timeout: must be ≥ 0, got -10'],
      [['proxy', '--config', 'cdn-accel.json', '--upstream', 'http://127.0.0.1:1', '--workers', '-2'], '--workers: must be a whole number ≥ 1 or "auto", got "-2"'],
      [['proxy', '--config', 'cdn-accel.json', '--upstream', 'http://127.0.0.1:1', '--listen', '-1'], '--listen: "-1" is not host:port'],
      [['presign', '--bucket', 'b-1', '--key', 'k', '--region', 'eu-west-1', '--expires-in', '-5'], '--expires-in: must be ≥ 1, got -5'],
      [['sign-cookies', '--resource', 'https://d.example/*', '--key-pair-id', 'K', '--private-key', 'cf.pem', '--date-less-than', '2099-01-01', '--max-age', '-1'], '--max-age: must be ≥ 0, got -1'],
      [['sign', '--url', 'https://d.example/a', '--key-pair-id', 'K', '--private-key', 'cf.pem', '--date-less-than', '-5'], '--date-less-than: "-5" is not epoch seconds'],
    ];
    for (const [args, message] of cases) {
      it(`${args[0]} ${args.slice(-2).join(' ')}: ${message}`, async () => {
        // Static keys: the AWS default chain is not loaded by the presign case.
        const io = captureIo({ cwd: dir, env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' } });
        expect(await runCli(args, io)).to.equal(2);
        expect(io.err).to.contain(message).and.not.contain('ambiguous');
      });
    }
  });
});
