import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Accel, AccelLogger } from '@cdn-accel/core';
import { buildAccel, settingsFromConfig } from './accel.js';
import { readConfig, type ExampleConfig } from './config.js';
import { startLocalCdn } from './local-cdn.js';

export interface RunningExample {
  /** The URL to open, e.g. `http://127.0.0.1:3000/`. */
  appUrl: string;
  /** The CDN the app signs for: the emulator's URL, or `CDN_URL`. */
  cdnUrl: string;
  /** True when the local emulator was started (no `CDN_URL`). */
  emulated: boolean;
  close(): Promise<void>;
}

/** The framework's part of an example: its app, with cdn-accel in front of the routes, as a Node request listener. */
export type CreateApp = (config: ExampleConfig, accel: Accel) => RequestListener;

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts an example: binds its port first (so the emulator can allow its origin), then the local CDN emulator
 * unless `CDN_URL` names a real distribution, then the app `createApp` builds.
 */
export async function startExample(createApp: CreateApp, config: ExampleConfig = readConfig(), logger?: AccelLogger): Promise<RunningExample> {
  const server = createServer();
  const address = await listen(server, config.host, config.port);
  const appUrl = `http://${config.host}:${address.port}/`;
  const real = settingsFromConfig(config);
  let local: Awaited<ReturnType<typeof startLocalCdn>> | undefined;
  try {
    local = real === undefined ? await startLocalCdn(config, appUrl.replace(/\/$/, ''), logger) : undefined;
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  const settings = real ?? local!.settings;
  server.on('request', createApp(config, buildAccel(config, settings, logger)));
  return {
    appUrl,
    cdnUrl: settings.cdnUrl,
    emulated: local !== undefined,
    async close() {
      await closeServer(server);
      await local?.cdn.close();
    },
  };
}
