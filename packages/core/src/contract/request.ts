/** The neutral description of the client request that an adapter (or the proxy) hands to the engine. */
export interface AccelRequest {
  /** The client request's method, upper case (`GET`, `HEAD`, `POST`…). */
  method: string;
  /**
   * The client's address as the framework's trusted-proxy rules resolve it (Koa `ctx.ip` with `app.proxy`,
   * Express `req.ip` with `trust proxy`). Only read by locations with `ip: 'client'`. IPv4-mapped IPv6
   * (`::ffff:203.0.113.7`) is accepted as IPv4.
   */
  clientIp?: string;
  /** The client request's headers (lower-case names, as Node gives them). Read by stream mode (Range, If-*). */
  headers?: Record<string, string | string[] | undefined>;
  /**
   * The client request's target as it arrived, path and query, not yet decoded (`/download/42?v=2`): Node's
   * `req.url` before any router rewrote it (Express `req.originalUrl`, Koa `ctx.originalUrl`). Only read by
   * `@name` locations, which serve the original request as Nginx's named locations do; without it they answer 404.
   */
  url?: string;
}

/** Read access to the response headers the app set. `getHeader` must be case-insensitive (Node's is). */
export interface AccelResponseView {
  getHeader(name: string): string | string[] | number | undefined;
}
