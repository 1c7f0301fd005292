import type { Directive } from './parse.js';
import { line, type ReportLine } from './report.js';

/** Headers stream mode copies from the object's response (core's stream/response-headers.ts); the app's own win. */
const STREAMED_FROM_ORIGIN = new Set(['content-type', 'content-length', 'content-range', 'content-encoding', 'content-language', 'content-disposition', 'etag', 'last-modified', 'accept-ranges', 'cache-control', 'expires', 'vary']);
/** What Nginx keeps of the app's response on an X-Accel-Redirect (ngx_http_upstream.c), and cdn-accel with it. */
const KEPT_FROM_APP = new Set(['content-type', 'content-disposition', 'set-cookie', 'cache-control', 'expires', 'accept-ranges']);

/** Directives cdn-accel needs no setting for: it makes its own request to the target. */
const NOT_NEEDED: Record<string, string> = {
  proxy_set_header: 'cdn-accel sends its own request to the target (Host, no Authorization, no client headers but Range and conditionals)',
  proxy_ssl_server_name: 'cdn-accel always sends SNI',
  proxy_ssl_name: 'cdn-accel verifies the target\'s own host name',
  proxy_http_version: 'cdn-accel chooses the HTTP version itself',
  resolver: 'cdn-accel uses the system resolver',
  resolver_timeout: 'cdn-accel uses the system resolver',
  proxy_ignore_headers: 'X-Accel-* headers of the target are never acted on',
  proxy_buffering: 'stream mode passes bytes as they arrive',
  proxy_intercept_errors: 'an error from the target is answered by cdn-accel, not passed on',
  proxy_pass_request_body: 'cdn-accel never sends a body to the target',
  proxy_pass_request_headers: 'cdn-accel sends only what the target needs',
  set: 'its value is written into the directive that uses it',
  internal: 'the location is reached only through X-Accel-Redirect, as in Nginx',
};

/** `512k` → 524288: what `X-Accel-Limit-Rate` takes. */
function bytes(size: string): string {
  const match = /^(\d+)([kKmMgG]?)$/.exec(size);
  if (match === null) return size;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] as string).toLowerCase()] as number;
  return String(Number(match[1]) * unit);
}

function headerNote(directive: Directive, stream: boolean): ReportLine {
  const name = (directive.args[0] ?? '').toLowerCase();
  if (directive.name === 'proxy_hide_header') {
    if (!stream) return line(directive, 'translated', 'the object\'s response never reaches the client: it follows the signed URL itself');
    if (!STREAMED_FROM_ORIGIN.has(name)) return line(directive, 'translated', 'stream mode never passes this header of the target');
    return line(directive, 'approximated', `stream mode passes the target's ${directive.args[0]} unless the app sent its own, which wins`);
  }
  // A stream location's add_header is translated into "addHeaders" (stream-options.ts): here the CDN answers.
  const instead = KEPT_FROM_APP.has(name)
    ? `have the app send ${directive.args[0]}; cdn-accel keeps it as Nginx keeps it (carried into the signed URL where the target can)`
    : 'the CDN answers a "redirect" location, and cdn-accel adds no headers to it: set it in the CDN\'s response-headers policy (in mode "stream", "addHeaders" adds it)';
  return line(directive, 'not translatable', instead);
}

/** The report line of a directive of an internal location other than the one that says where the files are. */
export function directiveNote(directive: Directive, stream: boolean): ReportLine {
  const notNeeded = NOT_NEEDED[directive.name];
  if (notNeeded !== undefined) return line(directive, 'translated', `nothing to configure: ${notNeeded}`);
  // The nginx-aws-auth module's credentials: never copied, the way the config names every secret.
  if (/^aws_(?:access_key|secret_key|key_scope|signing_key|sign|s3_bucket|endpoint)$/.test(directive.name)) {
    return line(directive, 'approximated', 'Nginx signed its requests to S3 with these; cdn-accel presigns with the AWS credentials it finds (the default chain, e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "credentials"): give it those, not copied here');
  }
  switch (directive.name) {
    case 'add_header':
    case 'proxy_hide_header':
      return headerNote(directive, stream);
    case 'limit_rate':
      return line(directive, 'not translatable', `the CDN sends the bytes of a "redirect" location at its own pace: for a limit, use mode "stream" with "limitRate": ${bytes(directive.args[0] ?? '')} (bytes per second), or have the app send X-Accel-Limit-Rate there`);
    case 'limit_rate_after':
      return line(directive, 'not translatable', `the CDN sends the bytes of a "redirect" location: in mode "stream" this is "limitRateAfter": ${bytes(directive.args[0] ?? '')}`);
    case 'expires':
      return line(directive, 'not translatable', 'the CDN answers a "redirect" location: have the app send Cache-Control (and Expires), carried into the signed URL where the target can, or set it in the CDN (in mode "stream", "expires" sets them)');
    case 'proxy_cache':
    case 'proxy_cache_valid':
    case 'proxy_cache_key':
    case 'proxy_cache_bypass':
    case 'proxy_cache_lock':
    case 'slice':
      return line(directive, 'not translatable', 'cdn-accel keeps no copy of the bytes: let the CDN cache them (mode "redirect")');
    default:
      return line(directive, 'not translatable', 'no cdn-accel equivalent: keep it in a server in front of cdn-accel, or drop it');
  }
}
