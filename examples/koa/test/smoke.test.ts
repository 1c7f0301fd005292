import { expect } from 'chai';
import { CookieJar, describeExampleSmoke, login, send, useExample } from '@cdn-accel/example-common/testing';
import { startKoaExample } from '../src/start.js';

describeExampleSmoke('examples/koa', startKoaExample);

describe('examples/koa with S3_BUCKET (presigned downloads from the emulator playing S3)', () => {
  const example = useExample(startKoaExample, { S3_BUCKET: 'example-bucket', S3_REGION: 'eu-west-1' });

  it('redirects a download to a path-style S3 presigned URL that keeps the file name', async () => {
    const jar = new CookieJar();
    await login(jar, example.running.appUrl);
    const redirect = await send(jar, `${example.running.appUrl}download/moby%20dick.pdf`);
    const location = redirect.headers.get('location')!;
    expect(location.startsWith(`${example.running.cdnUrl}example-bucket/books/moby%20dick.pdf?`)).to.equal(true);
    expect(location).to.contain('X-Amz-Signature=').and.contain('response-content-disposition=');
    const file = await fetch(location);
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-disposition')).to.contain('filename="moby dick.pdf"');
    expect((await fetch(location, { method: 'HEAD' })).status, 'a GET URL does not answer HEAD').to.equal(403);
  });
});
