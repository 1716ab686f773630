"""tests/harness/deadlines.py: a test whose process overruns fails with that process's output and the
stack where it was stuck, and a test that overruns its own deadline fails instead of hanging."""

from pathlib import Path

import pytest

TESTS = Path(__file__).parent

STUCK = """
import subprocess, sys, textwrap

CHILD = textwrap.dedent('''
    import time
    print("started", flush=True)
    def wait_for_ever():
        time.sleep(600)
    wait_for_ever()
''')

def test_stuck():
    subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=2)
"""


@pytest.fixture
def harness_pytester(pytester, monkeypatch):
    """A pytest run of its own that loads tests/harness/deadlines.py."""
    monkeypatch.setenv("PYTHONPATH", str(TESTS))
    return pytester


def test_an_overrun_shows_the_output_and_the_stack(harness_pytester):
    harness_pytester.makeconftest('pytest_plugins = ["harness.deadlines"]')
    harness_pytester.makepyfile(test_stuck=STUCK)
    result = harness_pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "overran its 2 s: what it wrote until then" in output
    assert "started" in output
    # the child's stack, written by faulthandler when it was killed
    assert "in wait_for_ever" in output
    assert "Fatal Python error: Aborted" in output


def test_a_test_past_its_deadline_fails(harness_pytester):
    harness_pytester.makeconftest('pytest_plugins = ["harness.deadlines"]')
    harness_pytester.makepyfile(test_slow="import time\n\ndef test_slow():\n    time.sleep(600)\n")
    result = harness_pytester.runpytest_subprocess("-p", "no:cacheprovider", "--timeout", "2")
    result.assert_outcomes(failed=1)
    assert "Timeout (>2.0s)" in result.stdout.str()


HANGS_AFTER_THE_ALARM = """
import threading

import pytest

@pytest.fixture
def stuck_at_teardown():
    yield
    threading.Event().wait()  # the alarm has fired already: nothing interrupts this

def test_slow(stuck_at_teardown):
    threading.Event().wait()

def test_after():
    pass
"""


def test_a_teardown_that_hangs_after_the_deadline_ends_with_its_stacks(harness_pytester, monkeypatch):
    monkeypatch.setenv("HARNESS_BACKSTOP", "2")
    harness_pytester.makeconftest('pytest_plugins = ["harness.deadlines"]')
    harness_pytester.makepyfile(test_stuck=HANGS_AFTER_THE_ALARM)
    result = harness_pytester.runpytest_subprocess("-p", "no:cacheprovider", "--timeout", "1", timeout=60)
    assert result.ret != 0
    output = result.stdout.str() + result.stderr.str()
    assert "Timeout (0:00:" in output  # faulthandler's watchdog, 1 s + the backstop's 2 after the start
    assert "line 8 in stuck_at_teardown" in output  # where it was stuck
    assert "passed" not in output  # the process ended there: test_after never ran
