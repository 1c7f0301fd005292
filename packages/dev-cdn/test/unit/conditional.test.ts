import { expect } from 'chai';
import { evaluateConditions } from '../../src/conditional.js';
import { validatorsFor } from '../../src/validators.js';

const validators = validatorsFor({ size: 10, mtime: new Date('2026-01-02T03:04:05.678Z') });
const before = 'Thu, 01 Jan 2026 00:00:00 GMT';
const after = 'Sat, 03 Jan 2026 00:00:00 GMT';

describe('dev-cdn evaluateConditions', () => {
  it('makes a strong ETag from size and mtime, and a whole-second Last-Modified', () => {
    expect(validators.etag).to.match(/^"[^"]+"$/);
    expect(validators.lastModified).to.equal('Fri, 02 Jan 2026 03:04:05 GMT');
  });

  it('proceeds without conditional headers', () => {
    expect(evaluateConditions({}, validators)).to.equal('proceed');
  });

  it('answers 304 for a matching If-None-Match or an If-Modified-Since at or after Last-Modified', () => {
    expect(evaluateConditions({ 'if-none-match': validators.etag }, validators)).to.equal('not-modified');
    expect(evaluateConditions({ 'if-none-match': `"x", ${validators.etag}` }, validators)).to.equal('not-modified');
    expect(evaluateConditions({ 'if-modified-since': validators.lastModified }, validators)).to.equal('not-modified');
    expect(evaluateConditions({ 'if-modified-since': before }, validators)).to.equal('proceed');
    expect(evaluateConditions({ 'if-none-match': '"other"' }, validators)).to.equal('proceed');
  });

  it('lets If-None-Match win over If-Modified-Since', () => {
    expect(evaluateConditions({ 'if-none-match': '"other"', 'if-modified-since': after }, validators)).to.equal('proceed');
  });

  it('answers 412 for a failed If-Match or If-Unmodified-Since', () => {
    expect(evaluateConditions({ 'if-match': '"other"' }, validators)).to.equal('precondition-failed');
    expect(evaluateConditions({ 'if-match': `W/${validators.etag}` }, validators)).to.equal('precondition-failed');
    expect(evaluateConditions({ 'if-match': validators.etag }, validators)).to.equal('proceed');
    expect(evaluateConditions({ 'if-match': '*' }, validators)).to.equal('proceed');
    expect(evaluateConditions({ 'if-unmodified-since': before }, validators)).to.equal('precondition-failed');
    expect(evaluateConditions({ 'if-unmodified-since': after }, validators)).to.equal('proceed');
  });
});
