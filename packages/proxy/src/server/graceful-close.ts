import type { Server } from 'node:http';

/**
 * Stops accepting connections, lets requests in flight finish, closes keep-alive connections as they
 * fall idle, and after `timeoutMs` cuts whatever is left. Resolves once the server is closed.
 */
export function gracefulClose(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      server.closeAllConnections();
      resolve();
      return;
    }
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
