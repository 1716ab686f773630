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
