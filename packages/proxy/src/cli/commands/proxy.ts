import cluster from 'node:cluster';
import { runPrimary, workerCount } from '../../cluster/run-primary.js';
import { loadConfig } from '../../config/load-config.js';
import type { LoadedConfig, ProxySettings } from '../../config/proxy-config.js';
import { createAccelProxy, type AccelProxy } from '../../server/create-accel-proxy.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags, wholeNumberFlag } from '../flags.js';
import { parseListen } from '../listen-address.js';
import { hostPort, serveUntilStopped } from '../serve-until-stopped.js';
import { stderrLogger } from '../stderr-logger.js';
import { stopSignal } from '../stop-signal.js';
import { readTlsFiles, tlsFiles, type TlsFiles } from '../tls-files.js';
import { parseWorkers } from '../workers-flag.js';

const usage = `Usage: cdn-accel proxy --upstream <url> --config <file> [options]

Reverse proxy in front of an app in any language: answers the app's X-Accel-Redirect responses with
CloudFront or S3 signed redirects, signed cookies or streamed bytes, as the config's locations say;
everything else streams through unchanged.

Options:
  --upstream <url>          The app, e.g. http://127.0.0.1:8000 (or "upstream" in the config)
  --listen <host:port>      Where to listen; a bare port means 127.0.0.1 (default 127.0.0.1:8080)
  --config <file>           JSON config with the locations (required); see below
  --workers <n|auto>        Worker processes sharing the port; auto = one per core (default 1)
  --health-path <path>      Answer this path with 200 {"status":"ok"} (503 while stopping); off by default
  --access-log              One JSON line per request on stdout
  --trust-forwarded         A load balancer in front: append to its X-Forwarded-For, keep its -Proto/-Host
                            (default: the proxy is the edge and replaces what clients send)
  --upstream-timeout <ms>   Silence from the app before 504 / a cut body; 0 = none (default 60000)
  --stream-timeout <ms>     Silence from the CDN in stream mode before 504 / a cut body (default 30000)
  --shutdown-timeout <ms>   On SIGTERM/SIGINT, how long requests in flight may finish (default 10000)
  --tls-cert <file>         Serve HTTPS with this PEM certificate (chain): HTTP/2, and HTTP/1.1 for clients
                            without it; needs --tls-key. SIGHUP re-reads both files (certificate renewal)
  --tls-key <file>          The PEM private key of --tls-cert
  -h, --help                This help

Config file (flags override the same fields in it; relative paths resolve from the file's folder):
  {
    "$schema": "./node_modules/@cdn-accel/proxy/schema/cdn-accel.schema.json",
    "upstream": "http://127.0.0.1:8000",
    "locations": {
      "/protected/": { "type": "cloudfront", "url": "https://d1.cloudfront.net/media/",
                       "keyPairId": "K2JCJMDEHXQW5F", "privateKey": { "file": "cloudfront-private.pem" }, "expiresIn": 300 },
      "/reports/":   { "type": "s3", "bucket": "acme-reports", "region": "eu-west-1", "prefix": "pdf/",
                       "mode": "stream", "credentials": { "accessKeyId": { "env": "AWS_ACCESS_KEY_ID" },
                       "secretAccessKey": { "env": "AWS_SECRET_ACCESS_KEY" } } }
    }
  }
  "type" is cloudfront, s3, google-cdn, gcs, bunny, secure-link, signed or files; the other fields are the
  options of cloudfront(), s3(), googleCdn(), gcs(), bunny(), secureLink() and signed() in @cdn-accel/core, and
  of files() in @cdn-accel/files (npm install @cdn-accel/files: the proxy does not bring it). Secrets (privateKey,
  passphrase, secretAccessKey, sessionToken, key, serviceAccountKey, secret, securityKey) are only
  { "file": "path" } or { "env": "NAME" }, never inline; other fields may use them too. Other top-level fields: listen, workers, healthPath, accessLog,
  trustForwarded, upstreamTimeout, streamTimeout, shutdownTimeout, cache ({ max, window } or false),
  redirectStatus ({ safe, unsafe }), batchSignatures (true or false).

Signals: SIGTERM or SIGINT stop accepting, let requests in flight finish (up to --shutdown-timeout), then exit 0.
SIGHUP (with --tls-cert) serves new connections with the certificate and key read again from their files.
Debug: NODE_DEBUG=cdn-accel:proxy,cdn-accel:stream,cdn-accel:cluster
`;

const options = {
  upstream: { type: 'string' },
  listen: { type: 'string' },
  config: { type: 'string' },
  workers: { type: 'string' },
  'health-path': { type: 'string' },
  'access-log': { type: 'boolean' },
  'trust-forwarded': { type: 'boolean' },
  'upstream-timeout': { type: 'string' },
  'stream-timeout': { type: 'string' },
  'shutdown-timeout': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
} as const;

const TIMEOUT_EXAMPLES = { 'upstream-timeout': '60000 (0 = no limit)', 'stream-timeout': '30000 (0 = no limit)', 'shutdown-timeout': '10000' };

/** Flags over config-file settings. */
function mergeSettings(args: string[], config: LoadedConfig): Required<Pick<ProxySettings, 'upstream' | 'listen'>> & ProxySettings {
  const { values } = parseFlags({ args, options, strict: true, allowPositionals: false });
  const flags: ProxySettings = {};
  if (values.upstream !== undefined) flags.upstream = values.upstream;
  if (values.listen !== undefined) flags.listen = values.listen;
  const workers = parseWorkers(values.workers);
  if (workers !== undefined) flags.workers = workers;
  if (values['health-path'] !== undefined) flags.healthPath = values['health-path'];
  if (values['access-log'] === true) flags.accessLog = true;
  if (values['trust-forwarded'] === true) flags.trustForwarded = true;
  for (const [flag, key] of [['upstream-timeout', 'upstreamTimeout'], ['stream-timeout', 'streamTimeout'], ['shutdown-timeout', 'shutdownTimeout']] as const) {
    const value = wholeNumberFlag(flag, values[flag], { unit: 'milliseconds', example: TIMEOUT_EXAMPLES[flag] });
    if (value !== undefined) flags[key] = value;
  }
  const merged = { ...config.settings, ...flags };
  if (merged.upstream === undefined) throw new CliUsageError('--upstream is required (or "upstream" in the config file)');
  return { ...merged, upstream: merged.upstream, listen: merged.listen ?? '127.0.0.1:8080' };
}

/** Re-reads the certificate and key on SIGHUP; a file that cannot be used keeps the current pair. */
function reloadTlsOnHangup(proxy: AccelProxy, files: TlsFiles, who: string, io: CliIo): void {
  process.on('SIGHUP', () => {
    try {
      proxy.setTls(readTlsFiles(files));
      io.stderr(`cdn-accel proxy (${who}): SIGHUP, certificate and key reloaded\n`);
    } catch (error) {
      io.stderr(`cdn-accel proxy (${who}): SIGHUP, keeping the current certificate: ${(error as Error).message}\n`);
    }
  });
}

async function serve(settings: ReturnType<typeof mergeSettings>, config: LoadedConfig, tls: TlsFiles | undefined, io: CliIo): Promise<number> {
  const logger = stderrLogger(io);
  // The config's locations and engine options (cache, redirectStatus, batchSignatures): the proxy builds the engine.
  const { settings: _fileSettings, ...engine } = config;
  const proxy: AccelProxy = createAccelProxy({
    ...engine,
    upstream: settings.upstream,
    healthPath: settings.healthPath ?? false,
    accessLog: settings.accessLog === true ? (entry) => io.stdout(`${JSON.stringify(entry)}\n`) : false,
    trustForwarded: settings.trustForwarded ?? false,
    ...(settings.upstreamTimeout === undefined ? {} : { upstreamTimeout: settings.upstreamTimeout }),
    ...(settings.streamTimeout === undefined ? {} : { streamTimeout: settings.streamTimeout }),
    ...(settings.shutdownTimeout === undefined ? {} : { shutdownTimeout: settings.shutdownTimeout }),
    ...(tls === undefined ? {} : { tls: readTlsFiles(tls) }),
    logger,
  });
  return serveUntilStopped('proxy', proxy, settings.listen, stopSignal(), io, (address, who) => {
    if (tls !== undefined) reloadTlsOnHangup(proxy, tls, who, io);
    return `${tls === undefined ? 'http' : 'https'}://${hostPort(address)} → ${settings.upstream}`;
  });
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags({ args, options, strict: true, allowPositionals: false });
  if (values.config === undefined) throw new CliUsageError('--config is required: it holds the locations');
  const config = await loadConfig(values.config, io.cwd, io.env);
  const settings = mergeSettings(args, config);
  const tls = tlsFiles(values['tls-cert'], values['tls-key'], io.cwd);
  // Read once before any worker starts, so that a missing or unusable file fails the command, not each worker.
  if (tls !== undefined) readTlsFiles(tls);
  parseListen(settings.listen);
  const workers = workerCount(settings.workers ?? 1);
  if (workers > 1 && cluster.isPrimary) {
    io.stderr(`cdn-accel proxy: starting ${workers} workers on ${settings.listen} → ${settings.upstream}\n`);
    return runPrimary({ workers, shutdownTimeout: settings.shutdownTimeout ?? 10_000, report: (line) => io.stderr(`${line}\n`), stopSignal: stopSignal(), forwardHangup: tls !== undefined });
  }
  return serve(settings, config, tls, io);
}

/** `cdn-accel proxy`: the standalone X-Accel reverse proxy. */
export const proxyCommand: CliCommand = {
  name: 'proxy',
  summary: 'Reverse proxy that turns an app\'s X-Accel-Redirect into CloudFront/S3 redirects or streams',
  usage,
  run,
};
