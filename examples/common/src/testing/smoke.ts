import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_MEDIA } from '@cdn-accel/dev-cdn';
import type { ExampleConfig } from '../config.js';
import type { RunningExample } from '../start.js';
import { CookieJar, login, send, testConfig } from './support.js';

export type StartForTest = (config: ExampleConfig) => Promise<RunningExample>;

/** An example started before the suite's tests and stopped after them; the fields are set once `before` ran. */
export interface ExampleUnderTest {
  running: RunningExample;
  config: ExampleConfig;
}

/** Starts the example for the enclosing `describe`, on free ports with throw-away keys and media (`overrides` are env vars). */
export function useExample(start: StartForTest, overrides: Record<string, string> = {}): ExampleUnderTest {
  const example = {} as ExampleUnderTest;
  let cleanup: (() => void) | undefined;
  before(async () => {
    const setup = testConfig(overrides);
    cleanup = setup.cleanup;
    example.config = setup.config;
    example.running = await start(setup.config);
  });
  after(async () => {
    await example.running?.close();
    cleanup?.();
  });
  return example;
}

/** The smoke test every example passes: what a visitor and a signed-in user get, against the local emulator. */
export function describeExampleSmoke(name: string, start: StartForTest): void {
  describe(`${name} (smoke, in front of the local emulator)`, () => {
    const example = useExample(start);

    it('refuses files and the video to a visitor who is not signed in (403 from the app)', async () => {
      const jar = new CookieJar();
      for (const route of ['download/moby%20dick.pdf', 'video', 'watch/demo/index.m3u8']) {
        const response = await send(jar, `${example.running.appUrl}${route}`);
        expect(response.status, route).to.equal(403);
        expect(response.headers.get('location')).to.equal(null);
        expect(response.headers.get('x-accel-redirect')).to.equal(null);
      }
    });

    it('refuses a wrong password', async () => {
      const jar = new CookieJar();
      const response = await login(jar, example.running.appUrl, 'wrong');
      expect(response.headers.get('location')).to.equal('/?failed=1');
      expect(jar.names()).to.deep.equal([]);
    });

    it('signs in, redirects a download to a signed CDN URL that serves the file with its name', async () => {
      const { appUrl, cdnUrl } = example.running;
      const jar = new CookieJar();
      expect((await login(jar, appUrl)).status).to.equal(303);
      const page = await (await send(jar, appUrl)).text();
      expect(page).to.contain('/download/moby%20dick.pdf');

      const redirect = await send(jar, `${appUrl}download/moby%20dick.pdf`);
      expect(redirect.status).to.equal(302);
      expect(redirect.headers.get('x-accel-redirect')).to.equal(null);
      const location = redirect.headers.get('location')!;
      expect(location.startsWith(`${cdnUrl}books/moby%20dick.pdf?`)).to.equal(true);
      expect(location).to.match(/Expires=\d+/).and.match(/Signature=/).and.match(/Key-Pair-Id=KDEV/);

      const file = await fetch(location);
      expect(file.status).to.equal(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(readFileSync(path.join(example.config.mediaDir, SAMPLE_MEDIA.books[0])))).to.equal(true);
      expect(file.headers.get('content-disposition')).to.contain('filename="moby dick.pdf"');
      expect((await fetch(location.replace(/Signature=[^&]+/, 'Signature=AAAA'))).status).to.equal(403);
    });

    it('authorizes the HLS playlist and its segments with signed cookies only', async () => {
      const { appUrl, cdnUrl } = example.running;
      const jar = new CookieJar();
      await login(jar, appUrl);
      const redirect = await send(jar, `${appUrl}watch/demo/index.m3u8`);
      expect(redirect.status).to.equal(302);
      expect(redirect.headers.get('location')).to.equal(`${cdnUrl}videos/demo/index.m3u8`);
      expect(jar.names()).to.include.members(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);

      const playlist = await send(jar, redirect.headers.get('location')!);
      expect(playlist.status).to.equal(200);
      const segments = (await playlist.text()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      expect(segments).to.have.length(3);
      for (const segment of segments) {
        const url = new URL(segment, `${cdnUrl}videos/demo/`).href;
        expect((await send(jar, url)).status, segment).to.equal(200);
        expect((await fetch(url)).status, `${segment} without cookies`).to.equal(403);
      }
      expect((await send(jar, `${cdnUrl}books/moby%20dick.pdf`)).status, 'cookies are scoped to the video folder').to.equal(403);
    });
  });
}
