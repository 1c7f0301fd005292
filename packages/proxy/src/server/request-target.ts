const ABSOLUTE_FORM = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/**
 * The request target in origin-form (`/path?query`). A client may send the absolute-form
 * (`GET http://host/path`, RFC 9112 §3.2.2): the app gets its path, as behind Nginx, never another host's URL.
 */
export function originForm(url: string): string {
  if (url.startsWith('/')) return url;
  const scheme = ABSOLUTE_FORM.exec(url);
  if (scheme === null) return url;
  const rest = url.slice(scheme[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
