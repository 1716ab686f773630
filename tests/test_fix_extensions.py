"""Extensions in background work: Flask-Mail and Flask-Login in a thread.

Mail goes to a real SMTP server (aiosmtpd, on a free 127.0.0.1 port, started once for this
module); the tests read what it received.
"""

import _thread
import contextlib
import io
import socket
import threading

import pytest
from flask_mail import Message

from support import APP_CONTEXT_ERROR, assert_recorded, first_line

DEADLINE = 10  # seconds


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


@pytest.fixture(scope="module")
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp_server, monkeypatch):
    """The SMTP server's inbox, emptied; the snippets' app sends to it."""
    inbox, port = smtp_server
    inbox.messages.clear()
    monkeypatch.setenv("MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("MAIL_PORT", str(port))
    return inbox


class ThreadErrors(list):
    """The errors that escape threads, as threading.excepthook receives them."""

    def __init__(self, python_hook):
        super().__init__()
        self.python_hook = python_hook
        self.printed = []  # what Python's own hook would have printed
        self.arrived = threading.Event()

    def hook(self, args):
        with contextlib.redirect_stderr(io.StringIO()) as printed:
            self.python_hook(args)
        self.printed.append(printed.getvalue())
        self.append(args.exc_value)
        self.arrived.set()

    def wait(self):
        assert self.arrived.wait(DEADLINE), "no thread raised"


@pytest.fixture
def thread_errors(monkeypatch):
    """Errors of the threads a test starts; each thread is joined before the test ends, so that
    none is still talking to the SMTP server when the next test (or its shutdown) comes."""
    errors = ThreadErrors(_thread._excepthook)  # Python's own (threading.__excepthook__ from 3.10)
    before = set(threading.enumerate())
    monkeypatch.setattr(threading, "excepthook", errors.hook)
    yield errors
    for thread in set(threading.enumerate()) - before:
        thread.join(DEADLINE)
        assert not thread.is_alive(), f"{thread.name} still runs after {DEADLINE} s"


def make_app(module):
    from extensions_app import create_app

    return create_app(module.bp)


def test_mail_from_a_thread_without_a_context_fails(inbox, thread_errors):
    import mail_broken

    response = make_app(mail_broken).test_client().post("/welcome/ada@example.com")
    assert response.status_code == 202  # the view answered; the thread fails after
    thread_errors.wait()
    assert first_line(thread_errors[0]) == APP_CONTEXT_ERROR
    assert_recorded("mail", thread_errors.printed[0])
    assert inbox.messages == []


def test_mail_from_a_thread_with_the_app_is_received(inbox, thread_errors):
    import mail_fixed

    response = make_app(mail_fixed).test_client().post("/welcome/ada@example.com")
    assert response.status_code == 202
    [envelope] = inbox.wait_for(1)
    assert envelope.mail_from == "noreply@example.com"
    assert envelope.rcpt_tos == ["ada@example.com"]
    assert b"Subject: Welcome" in envelope.content
    assert thread_errors == []


def test_message_needs_the_app_only_for_its_default_sender(inbox):
    import extensions_app

    with pytest.raises(RuntimeError) as raised:
        Message("Welcome", recipients=["ada@example.com"])
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    message = Message("Welcome", sender="noreply@example.com", recipients=["ada@example.com"])
    # Sending always needs the app: its settings, and the app the message is built for.
    extensions_app.create_app()
    with pytest.raises(RuntimeError) as raised:
        extensions_app.mail.send(message)
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    assert inbox.messages == []


def logged_in_client(module):
    client = make_app(module).test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # what login_user() stores
    return client


def test_current_user_in_a_thread_is_none(inbox, thread_errors):
    import login_broken

    assert logged_in_client(login_broken).post("/report").status_code == 202
    thread_errors.wait()
    assert first_line(thread_errors[0]) == "AttributeError: 'NoneType' object has no attribute 'email'"
    assert_recorded("login", thread_errors.printed[0])
    assert inbox.messages == []


def test_user_read_in_the_view_reaches_the_thread(inbox, thread_errors):
    import login_fixed

    assert logged_in_client(login_fixed).post("/report").status_code == 202
    [envelope] = inbox.wait_for(1)
    assert envelope.rcpt_tos == ["ada@example.com"]
    assert b"Subject: Your report" in envelope.content
    assert thread_errors == []


def test_login_required_still_guards_the_view(inbox):
    import login_fixed

    assert make_app(login_fixed).test_client().post("/report").status_code == 401
