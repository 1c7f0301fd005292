#!/usr/bin/env python3
"""A legacy app that knows nothing of CloudFront: it checks who asks, then answers the way it always
answered Nginx, with `X-Accel-Redirect: /protected/...`. `cdn-accel proxy` in front of it does the rest.

Standard library only. Usage: python3 app.py [--port 8000] (port 0 picks a free one; the chosen
port is printed as "listening on http://127.0.0.1:<port>").
"""
import argparse
import hmac
import os
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = os.environ.get("DEMO_TOKEN", "let-me-in")
PAGE = """<!doctype html><title>legacy app</title>
<h1>A Python app behind cdn-accel proxy</h1>
<p>Downloads need the session cookie <code>session={token}</code> (or <code>Authorization: Bearer {token}</code>).</p>
<ul>
<li><a href="/download/moby%20dick.pdf">/download/moby dick.pdf</a> - redirected to a signed CDN URL</li>
<li><a href="/stream/moby%20dick.pdf">/stream/moby dick.pdf</a> - streamed by the proxy, the CDN URL stays hidden</li>
</ul>
"""


def authorized(headers):
    """A stand-in for the app's real session check."""
    cookies = dict(
        part.strip().split("=", 1) for part in headers.get("Cookie", "").split(";") if "=" in part
    )
    bearer = headers.get("Authorization", "")
    bearer = bearer[7:] if bearer.startswith("Bearer ") else ""
    return hmac.compare_digest(cookies.get("session", ""), TOKEN) or hmac.compare_digest(bearer, TOKEN)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "legacy-app"

    def send_text(self, status, text, extra=()):
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8" if text.startswith("<!doctype") else "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def accel(self, internal_prefix, name):
        """What the app sent to Nginx: the internal path, a file name, and no body (like django-sendfile2)."""
        self.send_response(200)
        self.send_header("X-Accel-Redirect", internal_prefix + "books/" + urllib.parse.quote(name))
        self.send_header("Content-Disposition", "attachment; filename=\"%s\"" % name.replace('"', ""))
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/":
            return self.send_text(200, PAGE.format(token=TOKEN))
        for route, internal_prefix in (("/download/", "/protected/"), ("/stream/", "/streamed/")):
            if path.startswith(route):
                if not authorized(self.headers):
                    return self.send_text(403, "Sign in first.\n")
                name = urllib.parse.unquote(path[len(route):])
                if name == "" or "/" in name or name.startswith("."):
                    return self.send_text(404, "No such file.\n")
                return self.accel(internal_prefix, name)
        if path == "/whoami":
            forwarded = self.headers.get("X-Forwarded-For", "")
            return self.send_text(200, "forwarded-for=%s accel=%s\n" % (forwarded, self.headers.get("X-Accel-Redirect", "")))
        return self.send_text(404, "Not found.\n")

    do_HEAD = do_GET

    def log_message(self, format, *args):
        sys.stderr.write("legacy-app: %s\n" % (format % args))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print("listening on http://%s:%d" % (args.host, server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
