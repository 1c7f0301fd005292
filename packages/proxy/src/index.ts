export { runCli } from './cli/main.js';
export type { CliIo, CliCommand } from './cli/command.js';
export { createAccelProxy } from './server/create-accel-proxy.js';
export type { AccelProxy } from './server/create-accel-proxy.js';
export type { AccelProxyEngine, AccelProxyOptions, ProxyServerOptions } from './server/options.js';
export type { AccessLogEntry, AccessLogger, AccessOutcome } from './server/access-log.js';
