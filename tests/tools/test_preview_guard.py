"""tools/preview.py: the preview (nox -s serve) answers only requests addressed to it, so a web
page the writer visits cannot reach it through DNS rebinding."""

import asyncio

import pytest

from tools.preview import OwnAddressOnly

PORT = 8000


def answer(kind, host, origin=None):
    """What the guarded preview sends back to one request: the app's answer, or a refusal."""
    headers = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else [])
    sent = []

    async def app(scope, receive, send):
        await send({"type": "the preview's answer"})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": f"{kind}.connect"}

    asyncio.run(OwnAddressOnly(app, PORT)({"type": kind, "headers": headers}, receive, send))
    return sent[0]


@pytest.mark.parametrize("kind", ["http", "websocket"])
@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("127.0.0.1:8000", None),
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("localhost:8000", "http://localhost:8000"),
        ("[::1]:8000", None),
    ],
)
def test_its_own_address_is_answered(kind, host, origin):
    assert answer(kind, host, origin) == {"type": "the preview's answer"}


@pytest.mark.parametrize("kind", ["http", "websocket"])
@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("rebound.evil.example:8000", None),  # a name that resolved to 127.0.0.1
        ("rebound.evil.example:8000", "http://rebound.evil.example:8000"),
        ("127.0.0.1:8000", "http://evil.example"),  # another site's page, through the real address
        ("127.0.0.1:8001", None),
        ("", None),
    ],
)
def test_any_other_host_or_origin_is_refused(kind, host, origin):
    refusal = answer(kind, host, origin)
    if kind == "http":
        assert refusal["type"] == "http.response.start" and refusal["status"] == 403
    else:
        assert refusal == {"type": "websocket.close", "code": 1008}  # before accepting: a 403


def test_lifespan_passes_through():
    sent = []

    async def app(scope, receive, send):
        sent.append(scope["type"])

    asyncio.run(OwnAddressOnly(app, PORT)({"type": "lifespan"}, None, None))
    assert sent == ["lifespan"]
