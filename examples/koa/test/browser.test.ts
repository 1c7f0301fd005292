/// <reference lib="dom" />
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { SAMPLE_MEDIA } from '@cdn-accel/dev-cdn';
import type { RunningExample } from '@cdn-accel/example-common';
import { testConfig } from '@cdn-accel/example-common/testing';
import { startKoaExample } from '../src/start.js';

// Debian's chromium (apt-get install -y chromium); no browser download. .ci/run installs it when missing.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DOWNLOAD_LIFETIME = 3;

describe('examples/koa in headless Chromium', function () {
  this.timeout(60_000);
  let running: RunningExample;
  let cleanup: () => void;
  let mediaDir: string;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`Chromium is missing at ${CHROMIUM}: CI must install it (apt-get install -y chromium)`);
      console.warn(`\n  !!! SKIPPING the browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
      this.skip();
    }
    const setup = testConfig({ DOWNLOAD_EXPIRES_IN: String(DOWNLOAD_LIFETIME) });
    cleanup = setup.cleanup;
    mediaDir = setup.config.mediaDir;
    running = await startKoaExample(setup.config);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
    await running?.close();
    cleanup?.();
  });

  /** A browser with a fresh --user-data-dir: no cookies, no cache. */
  async function freshBrowser(): Promise<BrowserContext> {
    const profile = mkdtempSync(path.join(tmpdir(), 'cdn-accel-chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, acceptDownloads: true });
    contexts.push(context);
    return context;
  }

  it('signs in, downloads through the signed redirect, plays the HLS playlist with cookies, and the URL expires', async () => {
    const context = await freshBrowser();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(running.appUrl);
    await page.fill('input[name=user]', 'demo');
    await page.fill('input[name=password]', 'demo');
    await Promise.all([page.waitForURL(running.appUrl), page.click('button[type=submit]')]);
    expect(await page.textContent('#user')).to.equal('demo');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.download >> nth=0')]);
    expect(download.suggestedFilename()).to.equal('moby dick.pdf');
    const saved = await download.path();
    expect(readFileSync(saved).equals(readFileSync(path.join(mediaDir, SAMPLE_MEDIA.books[0])))).to.equal(true);
    const signedUrl = download.url();
    expect(signedUrl.startsWith(`${running.cdnUrl}books/moby%20dick.pdf?`)).to.equal(true);
    expect(signedUrl).to.contain('Signature=').and.contain('Key-Pair-Id=');

    await page.goto(`${running.appUrl}video`);
    await page.click('#play');
    await page.waitForFunction(() => /^(done|segment|playlist|error)/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.textContent('#status')).to.match(/^done: 3 segments/);
    const segments = await page.$$eval('li.segment', (items) => items.map((item) => ({ status: (item as HTMLElement).dataset.status, bytes: Number((item as HTMLElement).dataset.bytes) })));
    expect(segments).to.deep.equal(SAMPLE_MEDIA.segments.map(() => ({ status: '200', bytes: 188 * 32 })));
    const cookieNames = (await context.cookies(running.cdnUrl)).map((cookie) => cookie.name);
    expect(cookieNames).to.include.members(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    // The same segment without the browser's cookies is refused: the cookies, not the URL, authorized it.
    const withoutCookies = await page.evaluate(async (url) => (await fetch(url, { credentials: 'omit' })).status, `${running.cdnUrl}videos/demo/segment0.ts`);
    expect(withoutCookies).to.equal(403);

    const expires = Number(new URL(signedUrl).searchParams.get('Expires'));
    expect(expires * 1000 - Date.now()).to.be.at.most((DOWNLOAD_LIFETIME + 1) * 1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expires * 1000 - Date.now()) + 1100));
    const late = await page.goto(signedUrl);
    expect(late?.status()).to.equal(403);
    expect(await late?.text()).to.contain('<Code>AccessDenied</Code>');
  });

  it('gives a browser that is not signed in nothing: no file, no playlist, no segment', async () => {
    const context = await freshBrowser();
    const page = context.pages()[0] ?? (await context.newPage());
    for (const route of ['download/moby%20dick.pdf', 'video', 'watch/demo/index.m3u8']) {
      const response = await page.goto(`${running.appUrl}${route}`);
      expect(response?.status(), route).to.equal(403);
    }
    const cdn = await page.goto(`${running.cdnUrl}videos/demo/segment0.ts`);
    expect(cdn?.status()).to.equal(403);
    expect(await cdn?.text()).to.contain('<Code>MissingKey</Code>');
    expect(await context.cookies(running.cdnUrl)).to.deep.equal([]);
  });

  it('stops handing out files after signing out', async () => {
    const context = await freshBrowser();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(running.appUrl);
    await page.fill('input[name=password]', 'demo');
    await Promise.all([page.waitForURL(running.appUrl), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(running.appUrl), page.click('form[action="/logout"] button')]);
    expect((await page.goto(`${running.appUrl}download/moby%20dick.pdf`))?.status()).to.equal(403);
  });
});
