import { expect } from 'chai';
import { AccelError, configError, isAccelError, withinOption } from '../../../src/errors/accel-error.js';

describe('AccelError', () => {
  it('exposes 4xx messages and hides 5xx ones by default', () => {
    expect(new AccelError('ERR_ACCEL_UNMAPPED', 'x', { status: 404 }).expose).to.equal(true);
    expect(new AccelError('ERR_ACCEL_SIGNING_FAILED', 'x').expose).to.equal(false);
  });

  it('carries status under both names Koa and Express read', () => {
    const error = new AccelError('ERR_ACCEL_UNSAFE_PATH', 'x', { status: 404 });
    expect(error.status).to.equal(404);
    expect(error.statusCode).to.equal(404);
  });

  it('is recognised by code, not by class', () => {
    expect(isAccelError({ code: 'ERR_ACCEL_CONFIG' })).to.equal(true);
    expect(isAccelError(new Error('x'))).to.equal(false);
    expect(isAccelError({ code: 'ENOENT' })).to.equal(false);
  });

  it('names the field and the fix in config errors', () => {
    const error = configError('locations./a/.url', 'must be an https URL', 'Use https://….');
    expect(error.code).to.equal('ERR_ACCEL_CONFIG');
    expect(error.message).to.equal('locations./a/.url: must be an https URL. Use https://….');
  });

  it('ends a problem that is a sentence of its own with one period, not two', () => {
    expect(configError('privateKey', 'not a PEM. Provide an RSA key or { file }.', 'Check the key').message).to.equal('privateKey: not a PEM. Provide an RSA key or { file }. Check the key');
  });

  it('files a nested factory\'s error under the option that holds it, adding no second fix', () => {
    const inner = new AccelError('ERR_ACCEL_INVALID_KEY', 'privateKey: RSA-1024 is too weak. Provide an RSA-2048 key or { file }.');
    const outer = withinOption('cloudfront.', inner);
    expect(outer).to.include({ code: 'ERR_ACCEL_CONFIG', status: 500, expose: false, cause: inner });
    expect(outer.message).to.equal('cloudfront.privateKey: RSA-1024 is too weak. Provide an RSA-2048 key or { file }.');
  });
});
