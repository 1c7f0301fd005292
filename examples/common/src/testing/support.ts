import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readConfig, type ExampleConfig } from '../config.js';

/** A config on free ports with throw-away keys and media, so tests never touch the developer's `.dev-keys/`. */
export function testConfig(overrides: Record<string, string> = {}): { config: ExampleConfig; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdn-accel-example-'));
  const config = readConfig({
    PORT: '0',
    CDN_PORT: '0',
    DEV_KEYS_DIR: path.join(dir, 'keys'),
    MEDIA_DIR: path.join(dir, 'media'),
    ...overrides,
  });
  return { config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Cookie jar for fetch: keeps `name=value` of every Set-Cookie (attributes ignored: all hosts are 127.0.0.1). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}

/** One request without following redirects, with the jar's cookies, storing what comes back. */
export async function send(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
  jar.store(response);
  return response;
}

export async function login(jar: CookieJar, appUrl: string, password = 'demo'): Promise<Response> {
  return send(jar, `${appUrl}login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `user=demo&password=${password}` });
}
