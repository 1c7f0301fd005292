import type { DevCdnRefusal } from './xml-error.js';

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 403: 'Forbidden', 410: 'Gone' };

/**
 * Nginx's own error page for `return 403;` / `return 410;` (ngx_http_special_response.c: CRLF line ends, the
 * `nginx` signature line), what a secure_link location answers.
 */
export function nginxRefusal(status: 400 | 403 | 410): DevCdnRefusal {
  const title = `${status} ${REASONS[status]}`;
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, code: title, message: title, body: { contentType: 'text/html', text } };
}

/**
 * A 403 of a CDN that documents the status of a refused token but not its body (Cloud CDN: "a 403 Forbidden
 * response is served"; bunny.net: "a 403 page is returned"): a short text.
 */
export function forbiddenRefusal(): DevCdnRefusal {
  return { status: 403, code: 'Forbidden', message: 'Forbidden', body: { contentType: 'text/plain; charset=utf-8', text: '403 Forbidden\n' } };
}
