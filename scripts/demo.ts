// `pnpm demo`: the Koa example in front of the local CDN emulator, with development keys generated on first
// run into .dev-keys/ (git-ignored) and a generated sample media folder. `pnpm demo --smoke` (or DEMO_SMOKE=1)
// starts everything on free ports, checks one download and the HLS cookies end to end, and exits: for CI.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig, type RunningExample } from '../examples/shared/src/index.js';
import { startKoaExample } from '../examples/koa/src/start.js';

const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false } }, strict: true });
const smoke = values.smoke || process.env.DEMO_SMOKE === '1';

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
}

async function request(url: string, jar: Map<string, string>, init: RequestInit = {}): Promise<Response> {
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } });
  cookiesOf(response, jar);
  return response;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`demo smoke check failed: ${what}`);
  process.stdout.write(`  ok  ${what}\n`);
}

/** What a user does: sign in, download a file through the signed redirect, load the video with cookies. */
async function smokeCheck(running: RunningExample, mediaDir: string): Promise<void> {
  const jar = new Map<string, string>();
  check((await request(`${running.appUrl}download/moby%20dick.pdf`, jar)).status === 403, 'a visitor who is not signed in gets 403');
  const login = await request(`${running.appUrl}login`, jar, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user=demo&password=demo' });
  check(login.status === 303 && jar.size === 1, 'signing in as demo/demo sets a session');
  const redirect = await request(`${running.appUrl}download/moby%20dick.pdf`, jar);
  const location = redirect.headers.get('location') ?? '';
  check(redirect.status === 302 && location.startsWith(running.cdnUrl) && location.includes('Signature='), 'the download answers 302 to a signed CDN URL');
  const file = await fetch(location);
  const bytes = Buffer.from(await file.arrayBuffer());
  check(file.status === 200 && bytes.equals(readFileSync(path.join(mediaDir, 'books', 'moby dick.pdf'))), 'the CDN serves the exact file');
  check((file.headers.get('content-disposition') ?? '').includes('moby dick.pdf'), 'the download keeps its file name');
  const playlist = await request(`${running.appUrl}watch/demo/index.m3u8`, jar);
  check(playlist.status === 302 && jar.has('CloudFront-Signature'), 'the video playlist sets CloudFront signed cookies');
  const segment = `${running.cdnUrl}videos/demo/segment0.ts`;
  check((await request(segment, jar)).status === 200 && (await fetch(segment)).status === 403, 'segments load with the cookies and not without');
}

const config = readConfig(smoke ? { ...process.env, PORT: process.env.PORT ?? '0', CDN_PORT: process.env.CDN_PORT ?? '0' } : process.env);
let running: RunningExample;
try {
  running = await startKoaExample(config, smoke ? undefined : console);
} catch (error) {
  if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
  process.stderr.write(`A port is already in use (${(error as Error).message}). Stop the other program, or choose ports: PORT=3001 CDN_PORT=9001 pnpm demo\n`);
  process.exit(1);
}

if (smoke) {
  try {
    process.stdout.write(`demo smoke: app ${running.appUrl}, CDN ${running.cdnUrl}\n`);
    await smokeCheck(running, config.mediaDir);
    process.stdout.write('demo smoke: all checks passed\n');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await running.close();
  }
} else {
  process.stdout.write(`
cdn-accel demo is running.

  Open ${running.appUrl} and sign in as demo / demo.
  Downloads are answered with X-Accel-Redirect and become signed URLs on ${running.cdnUrl}
  (the local CDN emulator, development only); the video uses CloudFront signed cookies.

  Development keys: ${config.devKeysDir} (generated on first run, never commit or upload them)
  Sample media:     ${config.mediaDir}
  Trace decisions:  NODE_DEBUG=cdn-accel* pnpm demo

Press Ctrl-C to stop.
`);
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: stopping the demo…\n`);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    running.close().then(
      () => process.stdout.write('stopped.\n'),
      (error: unknown) => {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
