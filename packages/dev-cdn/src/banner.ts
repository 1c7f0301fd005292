/** Sent as `Server` on every response, so nobody mistakes the emulator for a CDN in a trace. */
export const DEV_CDN_SERVER_HEADER = 'cdn-accel-dev-cdn (DEVELOPMENT ONLY - not a CDN)';

/** The banner printed when the emulator starts listening: it must never end up serving production traffic. */
export function devCdnBanner(url: string, root: string): string {
  const lines = [
    '!!! cdn-accel dev-cdn: LOCAL CDN EMULATOR - FOR DEVELOPMENT ONLY !!!',
    '',
    `Serving ${root}`,
    `at ${url}`,
    '',
    'It checks CloudFront signed URLs/cookies and S3 presigned URLs the way AWS does, but it is',
    'not hardened, not fast and not a cache. Never expose it to the internet; use CloudFront or S3.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '#'.repeat(width + 4);
  return [rule, ...lines.map((line) => `# ${line.padEnd(width)} #`), rule, ''].join('\n');
}
