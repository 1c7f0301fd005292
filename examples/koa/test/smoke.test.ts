import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_MEDIA } from '@cdn-accel/proxy';
import { startKoaExample, type RunningExample } from '../src/start.js';
import { CookieJar, login, send, testConfig } from './support.js';

describe('examples/koa (smoke, in front of the local emulator)', () => {
  let running: RunningExample;
  let cleanup: () => void;
  let mediaDir: string;

  before(async () => {
    const setup = testConfig();
    cleanup = setup.cleanup;
    mediaDir = setup.config.mediaDir;
    running = await startKoaExample(setup.config);
  });
  after(async () => {
    await running.close();
    cleanup();
  });

  it('refuses files and the video to a visitor who is not signed in (403 from the app)', async () => {
    const jar = new CookieJar();
    for (const route of ['download/moby%20dick.pdf', 'video', 'watch/demo/index.m3u8']) {
      const response = await send(jar, `${running.appUrl}${route}`);
      expect(response.status, route).to.equal(403);
      expect(response.headers.get('location')).to.equal(null);
      expect(response.headers.get('x-accel-redirect')).to.equal(null);
    }
  });

  it('refuses a wrong password', async () => {
    const jar = new CookieJar();
    const response = await login(jar, running.appUrl, 'wrong');
    expect(response.headers.get('location')).to.equal('/?failed=1');
    expect(jar.names()).to.deep.equal([]);
  });

  it('signs in, redirects a download to a signed CDN URL that serves the file with its name', async () => {
    const jar = new CookieJar();
    expect((await login(jar, running.appUrl)).status).to.equal(303);
    const page = await (await send(jar, running.appUrl)).text();
    expect(page).to.contain('/download/moby%20dick.pdf');

    const redirect = await send(jar, `${running.appUrl}download/moby%20dick.pdf`);
    expect(redirect.status).to.equal(302);
    expect(redirect.headers.get('x-accel-redirect')).to.equal(null);
    const location = redirect.headers.get('location')!;
    expect(location.startsWith(`${running.cdnUrl}books/moby%20dick.pdf?`)).to.equal(true);
    expect(location).to.match(/Expires=\d+/).and.match(/Signature=/).and.match(/Key-Pair-Id=KDEV/);

    const file = await fetch(location);
    expect(file.status).to.equal(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(readFileSync(path.join(mediaDir, SAMPLE_MEDIA.books[0])))).to.equal(true);
    expect(file.headers.get('content-disposition')).to.contain('filename="moby dick.pdf"');
    expect((await fetch(location.replace(/Signature=[^&]+/, 'Signature=AAAA'))).status).to.equal(403);
  });

  it('authorizes the HLS playlist and its segments with signed cookies only', async () => {
    const jar = new CookieJar();
    await login(jar, running.appUrl);
    const redirect = await send(jar, `${running.appUrl}watch/demo/index.m3u8`);
    expect(redirect.status).to.equal(302);
    expect(redirect.headers.get('location')).to.equal(`${running.cdnUrl}videos/demo/index.m3u8`);
    expect(jar.names()).to.include.members(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);

    const playlist = await send(jar, redirect.headers.get('location')!);
    expect(playlist.status).to.equal(200);
    const segments = (await playlist.text()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(segments).to.have.length(3);
    for (const segment of segments) {
      const url = new URL(segment, `${running.cdnUrl}videos/demo/`).href;
      expect((await send(jar, url)).status, segment).to.equal(200);
      expect((await fetch(url)).status, `${segment} without cookies`).to.equal(403);
    }
    expect((await send(jar, `${running.cdnUrl}books/moby%20dick.pdf`)).status, 'cookies are scoped to the video folder').to.equal(403);
  });
});

describe('examples/koa with S3_BUCKET (presigned downloads from the emulator playing S3)', () => {
  let running: RunningExample;
  let cleanup: () => void;

  before(async () => {
    const setup = testConfig({ S3_BUCKET: 'example-bucket', S3_REGION: 'eu-west-1' });
    cleanup = setup.cleanup;
    running = await startKoaExample(setup.config);
  });
  after(async () => {
    await running.close();
    cleanup();
  });

  it('redirects a download to a path-style S3 presigned URL that keeps the file name', async () => {
    const jar = new CookieJar();
    await login(jar, running.appUrl);
    const redirect = await send(jar, `${running.appUrl}download/moby%20dick.pdf`);
    const location = redirect.headers.get('location')!;
    expect(location.startsWith(`${running.cdnUrl}example-bucket/books/moby%20dick.pdf?`)).to.equal(true);
    expect(location).to.contain('X-Amz-Signature=').and.contain('response-content-disposition=');
    const file = await fetch(location);
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-disposition')).to.contain('filename="moby dick.pdf"');
    expect((await fetch(location, { method: 'HEAD' })).status, 'a GET URL does not answer HEAD').to.equal(403);
  });
});
