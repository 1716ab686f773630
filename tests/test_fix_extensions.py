"""Extensions in background work: Flask-Mail and Flask-Login in a thread.

Mail goes to a real SMTP server (aiosmtpd, on a free 127.0.0.1 port, started once for this
module); the tests read what it received.
"""

import pytest
from flask_mail import Message

from harness import servers
from harness.apps import threads_joined
from harness.flask_lines import APP_CONTEXT_ERROR, first_line
from harness.recordings import assert_recorded


@pytest.fixture(scope="module")
def smtp_server():
    with servers.smtp_server() as (inbox, port):
        yield inbox, port


@pytest.fixture
def inbox(smtp_server, monkeypatch):
    """The SMTP server's inbox, emptied; the snippets' app sends to it."""
    inbox, port = smtp_server
    inbox.messages.clear()
    monkeypatch.setenv("MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("MAIL_PORT", str(port))
    return inbox


@pytest.fixture(autouse=True)
def every_thread_joined():
    """Each thread a test starts is joined before the test ends (and before thread_errors lets
    go of threading.excepthook), so that none is still talking to the SMTP server when the next
    test (or its shutdown) comes."""
    with threads_joined():
        yield


def make_app(module):
    from extensions_app import create_app

    return create_app(module.bp)


def test_mail_from_a_thread_without_a_context_fails(reader, inbox, thread_errors):
    mail_broken = reader.load("mail_broken")

    response = make_app(mail_broken).test_client().post("/welcome/ada@example.com")
    assert response.status_code == 202  # the view answered; the thread fails after
    assert first_line(thread_errors.first().exc_value) == APP_CONTEXT_ERROR
    assert_recorded("mail", thread_errors.printed[0])
    assert inbox.messages == []


def test_mail_from_a_thread_with_the_app_is_received(reader, inbox, thread_errors):
    mail_fixed = reader.load("mail_fixed")

    response = make_app(mail_fixed).test_client().post("/welcome/ada@example.com")
    assert response.status_code == 202
    [envelope] = inbox.wait_for(1)
    assert envelope.mail_from == "noreply@example.com"
    assert envelope.rcpt_tos == ["ada@example.com"]
    assert b"Subject: Welcome" in envelope.content
    assert thread_errors == []


def test_message_needs_the_app_only_for_its_default_sender(reader, inbox):
    extensions_app = reader.load("extensions_app")

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


def test_current_user_in_a_thread_is_none(reader, inbox, thread_errors):
    login_broken = reader.load("login_broken")

    assert logged_in_client(login_broken).post("/report").status_code == 202
    assert first_line(thread_errors.first().exc_value) == "AttributeError: 'NoneType' object has no attribute 'email'"
    assert_recorded("login", thread_errors.printed[0])
    assert inbox.messages == []


def test_user_read_in_the_view_reaches_the_thread(reader, inbox, thread_errors):
    login_fixed = reader.load("login_fixed")

    assert logged_in_client(login_fixed).post("/report").status_code == 202
    [envelope] = inbox.wait_for(1)
    assert envelope.rcpt_tos == ["ada@example.com"]
    assert b"Subject: Your report" in envelope.content
    assert thread_errors == []


def test_login_required_still_guards_the_view(reader, inbox):
    login_fixed = reader.load("login_fixed")

    assert make_app(login_fixed).test_client().post("/report").status_code == 401
