import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProxyTlsOptions } from '../server/listener.js';
import { CliUsageError } from './command.js';

/** Where the proxy's certificate and key are read from, and re-read on SIGHUP. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** `--tls-cert` and `--tls-key`, which go together; paths resolve from `cwd`. */
export function tlsFiles(cert: string | undefined, key: string | undefined, cwd: string): TlsFiles | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) {
    throw new CliUsageError(`--${cert === undefined ? 'tls-cert' : 'tls-key'} is missing: --tls-cert and --tls-key go together. Give both PEM files, e.g. --tls-cert cert.pem --tls-key key.pem`);
  }
  return { cert: resolve(cwd, cert), key: resolve(cwd, key) };
}

/** Reads the PEM files now (at startup, and again on each SIGHUP). */
export function readTlsFiles(files: TlsFiles): ProxyTlsOptions {
  const read = (flag: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new CliUsageError(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give a readable PEM file`);
    }
  };
  return { cert: read('--tls-cert', files.cert), key: read('--tls-key', files.key) };
}
