"""No test can hang the run, and a test that overruns says where it was stuck.

- Every test has a deadline: pytest-timeout, `timeout` in [tool.pytest.ini_options]; every
  process and wait the tests start has its own, shorter one (`timeout=` on each call).
- Every Python process the tests start runs with PYTHONFAULTHANDLER=1, so SIGABRT makes it
  write the stack of each of its threads before it dies.
- A process the tests kill (`Popen.kill()`: `subprocess.run` past its timeout, a test giving up
  on a worker, `stop_process_group`) is first sent SIGABRT and given a moment to write that
  stack; what it wrote last is kept.
- When a test fails, its report gets a section per process it killed (its command, its last
  output and stacks), and, for a `subprocess.TimeoutExpired`, what the process wrote until then.

tests/conftest.py loads this module as a pytest plugin (harness.deadlines).
"""

import os
import select
import signal
import subprocess
import time

import pytest

os.environ["PYTHONFAULTHANDLER"] = "1"  # inherited by every process the tests start

GRACE = 3  # seconds a killed process gets to write its stacks
KEEP = 20_000  # characters kept of what a killed process wrote last
_killed = []  # (command, what it wrote last) of the processes the current test killed


def _read_rest(stream, deadline):
    """What is left in a pipe, without waiting past `deadline` (a grandchild may hold it open)."""
    chunks = []
    fd = stream.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _last_words(process):
    """What a process wrote to its pipes after it was asked for its stacks."""
    deadline = time.monotonic() + GRACE
    words = []
    for stream in (process.stdout, process.stderr):
        if stream is not None and not stream.closed:
            try:
                words.append(_read_rest(stream, deadline))
            except (OSError, ValueError):
                pass
    return "".join(words)


def kill_with_stacks(process):
    """Popen.kill for the tests: SIGABRT first (faulthandler writes every thread's stack), then
    SIGKILL; what the process wrote meanwhile is kept for the failing test's report."""
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGABRT)
        except ProcessLookupError:
            pass
        else:
            words = _last_words(process)
            try:
                process.wait(timeout=GRACE)
            except subprocess.TimeoutExpired:
                pass
            _killed.append((process.args, words))
    _kill(process)


_kill, subprocess.Popen.kill = subprocess.Popen.kill, kill_with_stacks


def stop_process_group(process, log=None):
    """Kill a process group whose leader overran its stop: its stacks go to its output (`log`,
    a file, is kept for the report)."""
    try:
        os.killpg(process.pid, signal.SIGABRT)
        process.wait(timeout=GRACE)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    if log is not None and os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as output:
            _killed.append((process.args, output.read()[-KEEP:]))


def _text(data):
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _killed.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        error = call.excinfo and call.excinfo.value
        if isinstance(error, subprocess.TimeoutExpired):
            report.sections.append((
                f"{error.cmd!r} overran its {error.timeout} s: what it wrote until then",
                f"stdout:\n{_text(error.stdout)[-KEEP:]}\nstderr:\n{_text(error.stderr)[-KEEP:]}",
            ))
        for command, words in _killed:
            report.sections.append((f"killed by the test: {command!r}; its last output and stacks", words[-KEEP:]))
    if call.when == "teardown":
        _killed.clear()
