// `pnpm demo`: the Koa example in front of the local CDN emulator, with development keys generated on first
// run into .dev-keys/ (git-ignored) and a generated sample media folder. `pnpm demo --provider <name>` has the
// emulator play google-cdn, gcs, bunny or secure-link instead of CloudFront, the same app signing for it.
// `pnpm demo --smoke` (or DEMO_SMOKE=1) starts everything on free ports, checks one download and the video end to
// end, and exits: for CI.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PROVIDERS, readConfig, type DemoProvider, type RunningExample } from '../examples/common/src/index.js';
import { startKoaExample } from '../examples/koa/src/start.js';

const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, provider: { type: 'string', default: 'cloudfront' } }, strict: true });
const smoke = values.smoke || process.env.DEMO_SMOKE === '1';
if (!(DEMO_PROVIDERS as readonly string[]).includes(values.provider)) {
  process.stderr.write(`--provider: expected one of ${DEMO_PROVIDERS.join(', ')}, got "${values.provider}"\n`);
  process.exit(2);
}
const provider = values.provider as DemoProvider;

/** What the demo shows of each provider: how a signed URL looks, whether the file name survives, how the video opens. */
interface ProviderProfile {
  name: string;
  signature: RegExp;
  /** The location carries Content-Disposition into the object response (CloudFront's and Cloud Storage's response-*). */
  keepsFileName: boolean;
  /** A cookie for the video's folder, a directory token in its URL, or one signature per object (the playlist only). */
  video: { cookie: string } | 'directory-token' | 'per-object';
}

const PROFILES: Record<DemoProvider, ProviderProfile> = {
  cloudfront: { name: 'CloudFront', signature: /[?&]Signature=/, keepsFileName: true, video: { cookie: 'CloudFront-Signature' } },
  'google-cdn': { name: 'Google Cloud CDN', signature: /[?&]Signature=[\w-]+=$/, keepsFileName: false, video: { cookie: 'Cloud-CDN-Cookie' } },
  gcs: { name: 'Cloud Storage', signature: /[?&]X-Goog-Signature=[0-9a-f]+$/, keepsFileName: true, video: 'per-object' },
  bunny: { name: 'bunny.net', signature: /[?&]token=HS256-/, keepsFileName: false, video: 'directory-token' },
  'secure-link': { name: 'Nginx secure_link', signature: /[?&]md5=[\w-]+&expires=\d+$/, keepsFileName: false, video: 'per-object' },
};
const profile = PROFILES[provider];

function videoDescription(): string {
  if (typeof profile.video === 'object') return `the video uses ${profile.name} signed cookies (${profile.video.cookie}) for its folder`;
  if (profile.video === 'directory-token') return 'the video uses a bunny.net directory token for its folder: the playlist\'s relative segment URLs keep it';
  return `${profile.name} signs one object per URL: the video's playlist opens, its segments are refused (use cookies or folder tokens for HLS)`;
}

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

/** What a user does: sign in, download a file through the signed redirect, load the video. */
async function smokeCheck(running: RunningExample, mediaDir: string): Promise<void> {
  const jar = new Map<string, string>();
  check((await request(`${running.appUrl}download/moby%20dick.pdf`, jar)).status === 403, 'a visitor who is not signed in gets 403');
  const login = await request(`${running.appUrl}login`, jar, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user=demo&password=demo' });
  check(login.status === 303 && jar.size === 1, 'signing in as demo/demo sets a session');
  const redirect = await request(`${running.appUrl}download/moby%20dick.pdf`, jar);
  const location = redirect.headers.get('location') ?? '';
  check(redirect.status === 302 && location.startsWith(running.cdnUrl) && profile.signature.test(location), `the download answers 302 to a signed ${profile.name} URL`);
  const file = await fetch(location);
  const bytes = Buffer.from(await file.arrayBuffer());
  check(file.status === 200 && bytes.equals(readFileSync(path.join(mediaDir, 'books', 'moby dick.pdf'))), 'the CDN serves the exact file');
  if (profile.keepsFileName) check((file.headers.get('content-disposition') ?? '').includes('moby dick.pdf'), 'the download keeps its file name');
  const playlist = await request(`${running.appUrl}watch/demo/index.m3u8`, jar);
  const playlistUrl = playlist.headers.get('location') ?? '';
  if (typeof profile.video === 'object') {
    const { cookie } = profile.video;
    check(playlist.status === 302 && jar.has(cookie), `the video playlist sets ${profile.name} signed cookies`);
    const segment = `${running.cdnUrl}videos/demo/segment0.ts`;
    check((await request(segment, jar)).status === 200 && (await fetch(segment)).status === 403, 'segments load with the cookies and not without');
  } else if (profile.video === 'directory-token') {
    check(playlist.status === 302 && playlistUrl.includes('/bcdn_token='), 'the video playlist redirects to a directory token for its folder');
    const segment = new URL('segment0.ts', playlistUrl).href;
    check((await fetch(segment)).status === 200 && (await fetch(`${running.cdnUrl}videos/demo/segment0.ts`)).status === 403, 'segments load under the token directory and not without it');
  } else {
    check(playlist.status === 302 && profile.signature.test(playlistUrl) && (await fetch(playlistUrl)).status === 200, 'the video playlist redirects to a signed URL of its own');
    check((await fetch(new URL('segment0.ts', playlistUrl).href)).status === 403, 'its segments, each needing a signature of its own, are refused');
  }
}

const env = { ...process.env, CDN_PROVIDER: provider };
const config = readConfig(smoke ? { ...env, PORT: process.env.PORT ?? '0', CDN_PORT: process.env.CDN_PORT ?? '0' } : env);
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
    process.stdout.write(`demo smoke: app ${running.appUrl}, CDN ${running.cdnUrl} (${profile.name})\n`);
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
  Downloads are answered with X-Accel-Redirect and become signed ${profile.name} URLs on ${running.cdnUrl}
  (the local CDN emulator playing ${profile.name}, development only);
  ${videoDescription()}.
  Other providers: pnpm demo --provider ${DEMO_PROVIDERS.filter((name) => name !== provider).join('|')}

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
