import { expect } from 'chai';
import fc from 'fast-check';
import { cannedPolicyJson, customPolicyJson } from '../../../src/cloudfront/policy-json.js';

describe('policy JSON', () => {
  it('is compact JSON in the AWS key order, equal to JSON.stringify of the same object', () => {
    fc.assert(fc.property(
      fc.webUrl().filter((url) => !/["\\]/.test(url)),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
      fc.option(fc.ipV4().map((ip) => `${ip}/32`), { nil: undefined }),
      (resource, dateLessThan, dateGreaterThan, cidr) => {
        const condition: Record<string, unknown> = { DateLessThan: { 'AWS:EpochTime': dateLessThan } };
        if (dateGreaterThan !== undefined) condition.DateGreaterThan = { 'AWS:EpochTime': dateGreaterThan };
        if (cidr !== undefined) condition.IpAddress = { 'AWS:SourceIp': cidr };
        expect(customPolicyJson(resource, dateLessThan, dateGreaterThan, cidr)).to.equal(JSON.stringify({ Statement: [{ Resource: resource, Condition: condition }] }));
        expect(cannedPolicyJson(resource, dateLessThan)).to.equal(JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': dateLessThan } } }] }));
      },
    ));
  });
});
