import { expect } from 'chai';
import { renderXmlError } from '../../src/xml-error.js';

describe('dev-cdn renderXmlError', () => {
  it('writes the CloudFront/S3 error document', () => {
    expect(renderXmlError({ status: 403, code: 'MissingKey', message: 'Missing Key-Pair-Id query parameter or cookie value' })).to.equal(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>',
    );
  });

  it('adds S3 detail elements and escapes markup', () => {
    const xml = renderXmlError({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: [['Key', 'a<b>&"c\'']] });
    expect(xml).to.contain('<Key>a&lt;b&gt;&amp;&quot;c&apos;</Key></Error>');
  });
});
