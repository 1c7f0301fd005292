import { expect } from 'chai';
import { createCredentialSource } from '../../../src/credentials/credential-source.js';
import { silentLogger } from '../../../src/runtime/logger.js';

const base = { now: Date.now, logger: silentLogger, refreshBeforeMs: 300_000 };

describe('credentials/createCredentialSource', () => {
  it('static keys are usable synchronously, at once', () => {
    const source = createCredentialSource({ ...base, credentials: { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' } });
    expect(source.current()).to.deep.include({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' });
  });

  it('static keys are copied: later mutation by the caller does not change what is signed', () => {
    const credentials = { accessKeyId: 'A', secretAccessKey: 'S' };
    const source = createCredentialSource({ ...base, credentials });
    credentials.accessKeyId = 'CHANGED';
    expect(source.current()?.accessKeyId).to.equal('A');
  });

  it('static keys that have expired are not current', () => {
    const source = createCredentialSource({ ...base, now: () => 2000, credentials: { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(1000) } });
    expect(source.current()).to.equal(undefined);
  });

  it('refuses empty static keys at startup with ERR_ACCEL_CONFIG naming the option', () => {
    expect(() => createCredentialSource({ ...base, credentials: { accessKeyId: '', secretAccessKey: 'S' } }))
      .to.throw(/credentials/).with.property('code', 'ERR_ACCEL_CONFIG');
  });

  it('uses a provider function', async () => {
    const source = createCredentialSource({ ...base, credentials: async () => ({ accessKeyId: 'P', secretAccessKey: 'S' }) });
    await source.ready();
    expect(source.current()?.accessKeyId).to.equal('P');
    source.close();
  });
});
