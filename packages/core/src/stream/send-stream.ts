import type { Readable } from 'node:stream';
import type { StreamDecision } from '../contract/decision.js';
import { removeResponseHeaders, type RemovableHeaders } from '../header/remove-response-headers.js';
import { setResponseHeaders, type SettableHeaders } from '../header/set-response-headers.js';
import type { StreamResponse } from '../contract/stream-source.js';
import { fetchStream, type FetchStreamOptions } from './fetch-stream.js';
import { withAlwaysHeaders } from './location-headers.js';

/** The response a stream answer goes to: Node's `ServerResponse` and `Http2ServerResponse` are. */
export interface StreamAnswerResponse extends RemovableHeaders, SettableHeaders {
  readonly writableFinished: boolean;
  readonly socket?: { setNoDelay(noDelay?: boolean): unknown } | null;
  writeHead(status: number): unknown;
  write(chunk: Buffer): boolean;
  end(): unknown;
  flushHeaders(): void;
  destroy(error?: Error): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** The response methods a stream answer is written through. */
export interface ResponseWriter<R> {
  writeHead(this: R, status: number): unknown;
  write(this: R, chunk: Buffer): unknown;
  end(this: R): unknown;
}

/** Options of `sendStreamAnswer`. */
export interface SendStreamOptions<R> extends Omit<FetchStreamOptions, 'signal'> {
  /**
   * The methods to write with, for an adapter that holds its response (Express): the methods below its hold.
   * @default the response's own
   */
  writer?: ResponseWriter<R>;
  /** Object headers (lower case) left off the client's response. */
  omitHeaders?: ReadonlySet<string>;
}

/** The decision's bytes: its target's own source where it has one (`files()`), else the signed URL fetched over HTTP. */
function openSource(decision: StreamDecision, options: Omit<FetchStreamOptions, 'signal'>, signal: AbortSignal): Promise<StreamResponse> {
  if (decision.source === undefined) return fetchStream(decision, { ...options, signal });
  return decision.source.open(decision, options.now === undefined ? { signal } : { signal, now: options.now });
}

/**
 * Fetches a stream decision's signed URL for one client response, or opens its target's own source (`files()`)
 * when the decision names one. The fetch is aborted if the client goes away
 * first; once the object comes, the two live and die together: the client going away destroys the body, and a
 * body that fails destroys the response (a cut body, never a wrong one). Rejects, before anything is written,
 * with the origin's (or the source's) `AccelError`, carrying the location's `always` headers in `headers`.
 */
export async function openStreamAnswer(decision: StreamDecision, res: StreamAnswerResponse, options: Omit<FetchStreamOptions, 'signal'> = {}): Promise<StreamResponse> {
  const controller = new AbortController();
  const abort = (): void => {
    if (!res.writableFinished) controller.abort();
  };
  res.once('close', abort);
  let answer: StreamResponse;
  try {
    answer = await openSource(decision, options, controller.signal);
  } catch (error) {
    res.off('close', abort);
    throw withAlwaysHeaders(error, decision);
  }
  const body = answer.body;
  if (body !== null) {
    res.once('close', () => body.destroy());
    // With its error, so that HTTP/2 resets the stream instead of ending it as if the body were whole.
    body.once('error', (error) => res.destroy(error));
  }
  return answer;
}

/**
 * Stream mode, answered on `res`: the object fetched from the signed URL, with its headers and the decision's
 * overrides (the app's Content-Disposition, Set-Cookie…) in place of every header set so far, flushed at once
 * under `X-Accel-Buffering: no`, then its body with back-pressure. Resolves once the answer is under way;
 * rejects as `openStreamAnswer` does.
 */
export async function sendStreamAnswer<R extends StreamAnswerResponse>(decision: StreamDecision, res: R, options: SendStreamOptions<R> = {}): Promise<void> {
  const { writer = res as ResponseWriter<R>, omitHeaders, ...fetchOptions } = options;
  const answer = await openStreamAnswer(decision, res, fetchOptions);
  // The decision's overrides already carry the app's Set-Cookie: start from no header at all.
  removeResponseHeaders(res, undefined);
  setResponseHeaders(res, omitHeaders === undefined ? answer.headers : answer.headers.filter(([name]) => !omitHeaders.has(name.toLowerCase())));
  writer.writeHead.call(res, answer.status);
  if (!answer.buffering) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  if (answer.body === null) writer.end.call(res);
  else pipeBody(answer.body, res, writer);
}

function pipeBody<R extends StreamAnswerResponse>(body: Readable, res: R, writer: ResponseWriter<R>): void {
  res.on('drain', () => body.resume());
  body.on('data', (chunk: Buffer) => {
    if (writer.write.call(res, chunk) === false) body.pause();
  });
  body.once('end', () => writer.end.call(res));
}
