"""Serve a built site on a local port as a static host would (gzip, cache headers), and the
browser that the site tests and Lighthouse open it in."""

import contextlib
import functools
import gzip
import http.server
import io
import threading

CHROMIUM = "/usr/bin/chromium"  # Debian's; never a browser a tool downloads
# Chromium's own background traffic would hit this machine's closed network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".xml", ".txt", ".json")


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # fingerprinted or rarely changing assets: cache for a year; pages: revalidate
        static = "/_static/" in self.path
        self.send_header("Cache-Control", "public, max-age=31536000" if static else "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if path.endswith("/"):
            path += "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.endswith(COMPRESSIBLE)):
            return super().send_head()
        try:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=6)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(folder):
    """Yield the base URL of `folder` served on a free local port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
