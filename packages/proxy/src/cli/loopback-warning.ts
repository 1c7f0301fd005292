/** Whether `host` is only reachable from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The warning for a backend that listens beyond loopback, or undefined on loopback. The backend signs whatever
 * path it is asked for, and with `trust` believes the X-Real-IP it is sent.
 */
export function loopbackWarning(listen: string, host: string, trust: boolean): string | undefined {
  if (isLoopback(host)) return undefined;
  return `warning: listening on ${listen}, not on loopback. Whoever reaches this port gets any path under the locations signed${trust ? ', bound to the IP address of their choice' : ''}. Let only Nginx reach it, or listen on 127.0.0.1`;
}
