"""Ports, waiting, and the real servers the tests start: Redis, SMTP, gunicorn, uWSGI.

A server a snippet's reader starts (gunicorn, uWSGI, uvicorn) runs through Reader.start()
(tests/harness/reader.py); this module gives their command lines and what they wait on."""

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

DEADLINE = 10  # seconds; a server, a message or a thread that takes longer has hung


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout=30, interval=0.05, log=None):
    """Poll `condition()` until it returns something true, or fail after `timeout` seconds
    (with the text of `log`, a file a process writes, when given)."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() >= deadline:
            shown = f":\n{Path(log).read_text(encoding='utf-8', errors='replace')}" if log else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}{shown}")
        time.sleep(interval)
    return result


def answers(port):
    """True once an HTTP server on 127.0.0.1:port answers a request (any status)."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


# -- gunicorn and uWSGI, as a reader runs them ---------------------------------------------------

# uWSGI is installed where it builds (it is compiled from source); its version decides whether
# Python threads run without --enable-threads (they do from 2.0.27 on).
UWSGI = Path(sys.executable).with_name("uwsgi")
UWSGI_VERSION = (
    tuple(int(part) for part in subprocess.check_output([UWSGI, "--version"], text=True).split("."))
    if UWSGI.exists() else None
)


def gunicorn_command(*options, app="served:app"):
    """`gunicorn` as a reader runs it, on 127.0.0.1:{port} (the caller formats the port in)."""
    return [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:{port}", *options, app]


def uwsgi_command(*options, app="served:app", master=True):
    """`uwsgi` with a master (unless master is false) and two worker processes, on
    127.0.0.1:{port}, in this venv."""
    return [
        str(UWSGI), "--http-socket", "127.0.0.1:{port}", "--home", sys.prefix,
        *(["--master"] if master else []), "--processes", "2", *options, "--module", app,
    ]


# -- Redis ---------------------------------------------------------------------------------------

REDIS_SERVER = "/usr/bin/redis-server"  # Debian's redis-server; `nox -s tests` installs it


def _redis(port, command):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(command)
        return connection.recv(16)


@contextmanager
def start_redis(folder):
    """A redis-server on a free 127.0.0.1 port, writing nothing to disk, until the block ends:
    its URL, redis://127.0.0.1:<port>."""
    port = free_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + DEADLINE
    while True:
        try:
            if _redis(port, b"PING\r\n").startswith(b"+PONG"):
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise AssertionError(f"redis-server did not answer on port {port}")
        time.sleep(0.02)
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=DEADLINE)


def flush_redis(url):
    """Empty the Redis at redis://127.0.0.1:<port>."""
    assert _redis(int(url.rsplit(":", 1)[1]), b"FLUSHALL\r\n").startswith(b"+OK")


# -- SMTP ----------------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.changed:
            self.messages.append(envelope)
            self.changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count):
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.messages) >= count, DEADLINE), self.messages
        return self.messages


@contextmanager
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free 127.0.0.1 port until the block ends: (its Inbox,
    its port)."""
    from aiosmtpd.controller import Controller

    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()

