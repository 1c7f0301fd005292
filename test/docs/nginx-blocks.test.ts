import { expect } from 'chai';
import { nginxInternalBackendSnippet } from '@cdn-accel/proxy';
import { codeBlocks, where } from './markdown-blocks.js';

describe('the Nginx block in docs/nginx-internal-backend.md', () => {
  it('is the one `cdn-accel serve --nginx-snippet` prints for /protected/ on 127.0.0.1:8081', () => {
    const blocks = codeBlocks('docs/nginx-internal-backend.md').filter((block) => block.lang === 'nginx' && block.text.startsWith('location /protected/ {\n    internal;'));
    expect(blocks).to.have.length(1);
    const [block] = blocks;
    expect(block!.text.trimEnd(), where(block!)).to.equal(nginxInternalBackendSnippet('/protected/', '127.0.0.1:8081').trimEnd());
  });
});
