import { expect } from 'chai';
import { parsePolicy } from '../../../src/cloudfront/parse-policy.js';
import { customPolicyJson } from '../../../src/cloudfront/policy-json.js';

describe('parsePolicy', () => {
  it('reads what customPolicyJson writes', () => {
    const parsed = parsePolicy(customPolicyJson('https://d.example/v/*', 1767290400, 1767200000, '10.0.0.0/8'));
    expect(parsed).to.deep.include({ ok: true, policy: { resource: 'https://d.example/v/*', dateLessThan: 1767290400, dateGreaterThan: 1767200000, ipAddress: '10.0.0.0/8' } });
  });

  it('accepts a policy without Resource (it then applies to every URL)', () => {
    expect(parsePolicy('{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}')).to.deep.include({ ok: true });
  });

  it('SECURITY: refuses anything CloudFront would not read the same way', () => {
    const refused = [
      'nope',
      '[]',
      '{"Statement":[]}',
      '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}],"Extra":1}',
      '{"Statement":[{"Resource":"a","Condition":{"DateLessThan":{"AWS:EpochTime":1}}},{"Resource":"*","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}',
      '{"Statement":[{"Resource":"a","Effect":"Allow","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}',
      '{"Statement":[{"Resource":5,"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}',
      '{"Statement":[{"Resource":"a","Condition":{"DateLessThan":{"AWS:EpochTime":"1"}}}]}',
      '{"Statement":[{"Resource":"a","Condition":{"DateLessThan":{"AWS:EpochTime":1.5}}}]}',
      '{"Statement":[{"Resource":"a","Condition":{"DateLessThan":{"AWS:EpochTime":1,"x":2}}}]}',
      '{"Statement":[{"Resource":"a","Condition":{"DateGreaterThan":{"AWS:EpochTime":1}}}]}',
      '{"Statement":[{"Resource":"a","Condition":{"DateLessThan":{"AWS:EpochTime":1},"IpAddress":{"AWS:SourceIp":"::1/128"}}}]}',
      '{"Statement":[{"Resource":"a","Condition":{"DateLessThan":{"AWS:EpochTime":1},"NotIpAddress":{"AWS:SourceIp":"1.2.3.4/32"}}}]}',
    ];
    for (const json of refused) expect(parsePolicy(json), json).to.include({ ok: false });
  });
});
