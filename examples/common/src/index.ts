export { buildAccel, settingsFromConfig, type CdnSettings } from './accel.js';
export { BOOKS, VIDEO, findBook, internalBookPath } from './catalog.js';
export { readConfig, type ExampleConfig } from './config.js';
export { DEMO_PROVIDERS, generateProviderKeys, type DemoProvider, type ProviderKeys } from './provider-keys.js';
export { startLocalCdn, type LocalCdn } from './local-cdn.js';
export { filesPage, forbiddenPage, loginPage, videoPage } from './pages.js';
export { runUntilStopped } from './run.js';
export { SESSION_COOKIE, createSessions, credentialsMatch, type Sessions } from './sessions.js';
export { startExample, type CreateApp, type RunningExample } from './start.js';
