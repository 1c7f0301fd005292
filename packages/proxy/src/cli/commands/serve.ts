import cluster from 'node:cluster';
import { runPrimary, workerCount } from '../../cluster/run-primary.js';
import { createAccelBackend } from '../../backend/create-accel-backend.js';
import { nginxInternalBackendSnippet } from '../../backend/nginx-snippet.js';
import { loadConfig } from '../../config/load-config.js';
import type { LoadedConfig, ProxySettings } from '../../config/proxy-config.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags, wholeNumberFlag } from '../flags.js';
import { hostPort, serveUntilStopped } from '../serve-until-stopped.js';
import { parseListen, type ListenAddress } from '../listen-address.js';
import { loopbackWarning } from '../loopback-warning.js';
import { stderrLogger } from '../stderr-logger.js';
import { stopSignal } from '../stop-signal.js';
import { parseWorkers } from '../workers-flag.js';

const DEFAULT_LISTEN = '127.0.0.1:8081';

const usage = `Usage: cdn-accel serve --config <file> [options]

The backend of Nginx's internal locations: Nginx keeps serving the app and follows its X-Accel-Redirect
as before, and the internal location passes the request here instead of serving a file:
  location /protected/ { internal; …; proxy_pass http://127.0.0.1:8081; }
cdn-accel answers with the CloudFront or S3 signed redirect, signed cookies or streamed bytes for that
path, as the config's locations say. No upstream: Nginx talks to the app. Print the exact location
blocks with --nginx-snippet.

Options:
  --config <file>           JSON config with the locations (required); the same file as for cdn-accel proxy
  --listen <host:port>      Where to listen; a bare port means 127.0.0.1 (default ${DEFAULT_LISTEN}).
                            Keep it on loopback: whoever reaches this port gets any path signed
  --nginx-snippet           Print the Nginx location block of every configured location, then exit
  --trust-forwarded         The peer is a trusted Nginx: ip: 'client' locations bind to its X-Real-IP header
                            (default: to the TCP peer, which is Nginx's own address)
  --workers <n|auto>        Worker processes sharing the port; auto = one per core (default 1)
  --health-path <path>      Answer this path with 200 {"status":"ok"} (503 while stopping); off by default
  --access-log              One JSON line per request on stdout
  --stream-timeout <ms>     Silence from the CDN in stream mode before 504 / a cut body (default 30000)
  --shutdown-timeout <ms>   On SIGTERM/SIGINT, how long requests in flight may finish (default 10000)
  -h, --help                This help

What Nginx sends (the location blocks of --nginx-snippet set all of it):
  request target            the internal path and query, as the app's X-Accel-Redirect named them
  X-Real-IP                 $remote_addr, read with --trust-forwarded
  X-Accel-App-Content-Disposition, X-Accel-App-Cache-Control, X-Accel-App-Content-Type,
  X-Accel-App-X-Accel-Expires
                            the app's response headers of those names, saved with "set" before proxy_pass
  X-Accel-App-X-Accel-Redirect
                            set by the block of a named location (@files) to its name: the request target is
                            then the client's original URI, which that location serves
Config file: as for cdn-accel proxy (cdn-accel proxy --help); "upstream" and "upstreamTimeout" are not used.

Signals: SIGTERM or SIGINT stop accepting, let requests in flight finish (up to --shutdown-timeout), then exit 0.
Debug: NODE_DEBUG=cdn-accel:backend,cdn-accel:stream,cdn-accel:cluster
`;

const options = {
  config: { type: 'string' },
  listen: { type: 'string' },
  'nginx-snippet': { type: 'boolean' },
  'trust-forwarded': { type: 'boolean' },
  workers: { type: 'string' },
  'health-path': { type: 'string' },
  'access-log': { type: 'boolean' },
  'stream-timeout': { type: 'string' },
  'shutdown-timeout': { type: 'string' },
} as const;

type ServeSettings = Omit<ProxySettings, 'upstream' | 'upstreamTimeout'> & { listen: string };

/** Flags over config-file settings. */
function mergeSettings(args: string[], config: LoadedConfig): ServeSettings {
  const { values } = parseFlags({ args, options, strict: true, allowPositionals: false });
  const { upstream: _upstream, upstreamTimeout: _upstreamTimeout, ...fromFile } = config.settings;
  const flags: ProxySettings = {};
  if (values.listen !== undefined) flags.listen = values.listen;
  const workers = parseWorkers(values.workers);
  if (workers !== undefined) flags.workers = workers;
  if (values['health-path'] !== undefined) flags.healthPath = values['health-path'];
  if (values['access-log'] === true) flags.accessLog = true;
  if (values['trust-forwarded'] === true) flags.trustForwarded = true;
  const streamTimeout = wholeNumberFlag('stream-timeout', values['stream-timeout'], { unit: 'milliseconds', example: '30000 (0 = no limit)' });
  if (streamTimeout !== undefined) flags.streamTimeout = streamTimeout;
  const shutdownTimeout = wholeNumberFlag('shutdown-timeout', values['shutdown-timeout'], { unit: 'milliseconds', example: '10000' });
  if (shutdownTimeout !== undefined) flags.shutdownTimeout = shutdownTimeout;
  const merged = { ...fromFile, ...flags };
  return { ...merged, listen: merged.listen ?? DEFAULT_LISTEN };
}

function snippets(config: LoadedConfig, listen: ListenAddress): string {
  return Object.keys(config.locations).map((prefix) => nginxInternalBackendSnippet(prefix, listen)).join('\n');
}

async function serve(settings: ServeSettings, config: LoadedConfig, io: CliIo): Promise<number> {
  const { settings: _fileSettings, ...engine } = config;
  const backend = createAccelBackend({
    ...engine,
    healthPath: settings.healthPath ?? false,
    accessLog: settings.accessLog === true ? (entry) => io.stdout(`${JSON.stringify(entry)}\n`) : false,
    trustForwarded: settings.trustForwarded ?? false,
    ...(settings.streamTimeout === undefined ? {} : { streamTimeout: settings.streamTimeout }),
    ...(settings.shutdownTimeout === undefined ? {} : { shutdownTimeout: settings.shutdownTimeout }),
    logger: stderrLogger(io),
  });
  return serveUntilStopped('serve', backend, settings.listen, stopSignal(), io, (address) => `http://${hostPort(address)} for Nginx's internal locations ${Object.keys(config.locations).join(', ')}`);
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags({ args, options, strict: true, allowPositionals: false });
  if (values.config === undefined) throw new CliUsageError('--config is required: it holds the locations');
  const config = await loadConfig(values.config, io.cwd, io.env);
  const settings = mergeSettings(args, config);
  const listen = parseListen(settings.listen);
  if (values['nginx-snippet'] === true) {
    io.stdout(snippets(config, listen));
    return 0;
  }
  if (cluster.isPrimary) {
    if (config.settings.upstream !== undefined) io.stderr('cdn-accel serve: "upstream" in the config is not used: Nginx talks to the app, and sends cdn-accel its internal requests\n');
    // SECURITY: the backend signs whatever path it is asked for and trusts the headers it gets; only Nginx may reach it.
    const warning = loopbackWarning(settings.listen, listen.host, settings.trustForwarded === true);
    if (warning !== undefined) io.stderr(`cdn-accel serve: ${warning}\n`);
  }
  const workers = workerCount(settings.workers ?? 1);
  if (workers > 1 && cluster.isPrimary) {
    io.stderr(`cdn-accel serve: starting ${workers} workers on ${settings.listen}\n`);
    return runPrimary({ workers, shutdownTimeout: settings.shutdownTimeout ?? 10_000, report: (line) => io.stderr(`${line}\n`), stopSignal: stopSignal(), command: 'serve' });
  }
  return serve(settings, config, io);
}

/** `cdn-accel serve`: the backend of Nginx's internal locations, with no upstream of its own. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Backend of Nginx internal locations: answers the X-Accel-Redirect path with a signed redirect or stream',
  usage,
  run,
};
