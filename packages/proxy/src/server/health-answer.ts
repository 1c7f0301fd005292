import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers the health path: 200 `{"status":"ok"}`, or 503 `{"status":"closing"}` once shutdown has begun. */
export function answerHealth(req: IncomingMessage, res: ServerResponse, closing: boolean): void {
  const body = closing ? '{"status":"closing"}\n' : '{"status":"ok"}\n';
  res.writeHead(closing ? 503 : 200, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
