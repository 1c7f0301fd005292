import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { describeValue } from '../../../src/errors/describe-value.js';

describe('describeValue', () => {
  it('tells a string from the number it spells, and says what every other kind of value is', () => {
    expect(describeValue('300')).to.equal('the string "300"');
    expect(describeValue(300)).to.equal('the number 300');
    expect(describeValue(-1)).to.equal('the number -1');
    expect(describeValue(Number.NaN)).to.equal('the number NaN');
    expect(describeValue(true)).to.equal('the boolean true');
    expect(describeValue('')).to.equal('an empty string');
    expect(describeValue(undefined)).to.equal('nothing');
    expect(describeValue(null)).to.equal('null');
    expect(describeValue([1, 2])).to.equal('an array of 2');
    expect(describeValue([])).to.equal('an empty array');
    expect(describeValue({})).to.equal('an empty object');
    expect(describeValue({ fil: 'cf.pem' })).to.equal('an object with "fil"');
    expect(describeValue(() => 1)).to.equal('a function');
    expect(describeValue(Buffer.from('x'))).to.equal('a Buffer');
    expect(describeValue(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).to.equal('a PublicKeyObject');
  });

  it('shortens long strings and escapes control characters', () => {
    const shown = describeValue(`${'a'.repeat(100)}`);
    expect(shown.length).to.be.below(80);
    expect(shown.endsWith('…"')).to.equal(true);
    expect(describeValue('a\nb')).to.equal('the string "a\\nb"');
  });
});
