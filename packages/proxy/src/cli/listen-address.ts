import { CliUsageError } from './command.js';

/** A parsed `--listen` value. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses `8080`, `:8080`, `0.0.0.0:8080` or `[::1]:8080`; a missing host means 127.0.0.1. */
export function parseListen(value: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? /^()()(\d+)$/.exec(value);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliUsageError(`--listen: "${value}" is not host:port (e.g. 127.0.0.1:8080)`);
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '127.0.0.1' : host, port };
}
