import type { Directive } from './parse.js';
import { line, type ReportLine } from './report.js';

export interface ListenResult {
  listen?: string;
  lines: ReportLine[];
}

/** `80` → `0.0.0.0:80` (Nginx's `listen 80` takes every IPv4 address); `[::]:80` and `127.0.0.1:8080` as they are. */
function address(value: string): string | undefined {
  if (value.startsWith('unix:')) return undefined;
  if (/^\d+$/.test(value)) return `0.0.0.0:${value}`;
  if (/^(?:\[[^\]]+\]|[^:]+):\d+$/.test(value)) return value.replace(/^\*:/, '0.0.0.0:');
  return /^[^:]+$/.test(value) ? `${value}:80` : undefined;
}

/** The `listen` of the server that holds the internal locations, and its certificate as the flags that replace it. */
export function serverListen(server: Directive): ListenResult {
  const block = server.block ?? [];
  const listens = block.filter((directive) => directive.name === 'listen');
  const lines: ReportLine[] = [];
  let chosen: string | undefined;
  let tls = false;
  for (const directive of listens) {
    const value = address(directive.args[0] ?? '');
    if (value === undefined) lines.push(line(directive, 'not translatable', 'cdn-accel listens on TCP: pass --listen host:port'));
    else if (chosen !== undefined) lines.push(line(directive, 'not translatable', `cdn-accel listens on one address (${chosen}): run a second instance for ${value}, or one listener for both`));
    else {
      chosen = value;
      tls = directive.args.includes('ssl');
      lines.push(line(directive, tls ? 'approximated' : 'translated', `"listen": "${value}"${tls ? '; TLS is given by flags: cdn-accel proxy --tls-cert and --tls-key (below)' : ''}`));
    }
  }
  for (const directive of block) {
    if (directive.name === 'ssl_certificate') lines.push(line(directive, 'approximated', `pass --tls-cert ${directive.args[0] ?? ''} (a config file has no TLS fields)`));
    if (directive.name === 'ssl_certificate_key') lines.push(line(directive, 'approximated', `pass --tls-key ${directive.args[0] ?? ''}`));
  }
  return chosen === undefined ? { lines } : { listen: chosen, lines };
}
