"""sphinx-autobuild for `nox -s serve`, answering only requests addressed to it.

The preview listens on 127.0.0.1, but a web page the writer visits can still reach it through
DNS rebinding: the page's own host name is made to resolve to 127.0.0.1, and the browser then
sends the page's requests, and opens its WebSocket, to the preview, with that name as Host and
the page's origin as Origin. So every HTTP request and WebSocket connection is refused (403)
unless its Host is the preview's own address, an IP address or `localhost` with the preview's
port (a rebound name is neither), and its Origin, when the browser sends one, is a page of that
same address.

    python -m tools.preview [sphinx-autobuild's arguments]
"""

import ipaddress
import sys

REFUSED = b"This preview answers only requests to its own address (http://127.0.0.1:<port>/).\n"


def own_address(host, port):
    """Whether a Host header names this server: an IP address or localhost, with its port."""
    name, _, given_port = host.rpartition(":")
    if given_port != str(port):
        return False
    name = name.lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class OwnAddressOnly:
    """ASGI middleware: refuse what is not addressed to this server (see the module's docstring)."""

    def __init__(self, app, port):
        self.app, self.port = app, port

    def allowed(self, scope):
        headers = {name.lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        host = headers.get(b"host", "")
        origin = headers.get(b"origin")
        return own_address(host, self.port) and (origin is None or origin.lower() == f"http://{host.lower()}")

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and not self.allowed(scope):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})  # before accepting: a 403
            else:
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": REFUSED})
            return
        await self.app(scope, receive, send)


def main(argv):
    from sphinx_autobuild import __main__ as autobuild

    create_app = autobuild._create_app

    def guarded_app(watch_dirs, ignore_handler, builder, out_dir, url_host):
        port = int(url_host.rpartition(":")[2])
        return OwnAddressOnly(create_app(watch_dirs, ignore_handler, builder, out_dir, url_host), port)

    autobuild._create_app = guarded_app
    autobuild.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
