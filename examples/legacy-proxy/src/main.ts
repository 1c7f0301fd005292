import { startLegacyExample } from './start.js';

// `pnpm --filter @cdn-accel/example-legacy-proxy start`: the Python app on :8000, the local CDN on :9000,
// and `cdn-accel proxy` on :8080 in front of the app, where Nginx used to be.
const running = await startLegacyExample({ verbose: true });
process.stdout.write(`
Legacy app behind cdn-accel proxy: ${running.proxyUrl}/
  curl -i ${running.proxyUrl}/download/moby%20dick.pdf                         → 403 from the app
  curl -i -H 'Cookie: session=let-me-in' ${running.proxyUrl}/download/moby%20dick.pdf   → 302 to a signed URL
  curl -H 'Cookie: session=let-me-in' ${running.proxyUrl}/stream/moby%20dick.pdf -o moby.pdf   → bytes via the proxy
Ctrl-C stops everything.
`);
const stop = (): void => {
  void running.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
