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
- A backstop for what pytest-timeout's SIGALRM cannot stop (a wait in C that does not return to
  Python, or a teardown that hangs after the alarm has fired once): BACKSTOP seconds past a
  test's deadline, faulthandler's watchdog thread writes every thread's stack to the test run's
  stderr and ends the process, so pytest-xdist reports the test that crashed its worker and the
  run goes on without it.

tests/conftest.py loads this module as a pytest plugin (harness.deadlines).
"""

import faulthandler
import os
import select
import signal
import subprocess
import sys
import time

import pytest

os.environ["PYTHONFAULTHANDLER"] = "1"  # inherited by every process the tests start

GRACE = 3  # seconds a killed process gets to write its stacks
# seconds past a test's deadline before its process is ended with its stacks (the harness's own
# test shortens it)
BACKSTOP = float(os.environ.get("HARNESS_BACKSTOP", "30"))
KEEP = 20_000  # characters kept of what a killed process wrote last
_killed = []  # (command, what it wrote last) of the processes the current test killed
_stderr_key = pytest.StashKey[int]()  # a copy of the run's stderr, for the backstop
_backstop_key = pytest.StashKey[float]()  # when the current test's backstop ends it


def _read_rest(fd, deadline):
    """What is left in a pipe, without waiting past `deadline` (a grandchild may hold it open)."""
    chunks = []
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
                words.append(_read_rest(stream.fileno(), deadline))
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


def kill_pid_with_stacks(pid, command, fds):
    """The same for a run the tests did not start as their child (a warm run,
    tests/harness/warm.py): its pid, and the pipes of its output."""
    try:
        os.kill(pid, signal.SIGABRT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + GRACE
    words = "".join(_read_rest(fd, deadline) for fd in fds)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _killed.append((command, words))


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


def pytest_configure(config):
    """Where the backstop writes: the stderr of the run (output capture is off while pytest
    configures, and fd 2 is the real one)."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):  # pytest-xdist's workers replace sys.stderr
        fd = sys.__stderr__.fileno()
    config.stash[_stderr_key] = os.dup(fd)


def pytest_unconfigure(config):
    os.close(config.stash[_stderr_key])


def _deadline(item):
    """The test's pytest-timeout deadline in seconds (its `timeout` mark, --timeout, or the ini's)."""
    mark = item.get_closest_marker("timeout")
    if mark and mark.args:
        return float(mark.args[0])
    try:
        return float(item.config.getoption("timeout", None) or item.config.getini("timeout") or 0)
    except ValueError:  # no pytest-timeout here
        return 0.0


def _arm(item, seconds):
    faulthandler.dump_traceback_later(max(seconds, 0.1), exit=True, file=item.config.stash[_stderr_key])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    deadline = _deadline(item)
    if deadline > 0:
        item.stash[_backstop_key] = time.monotonic() + deadline + BACKSTOP
        _arm(item, deadline + BACKSTOP)
    try:
        yield
    finally:
        if deadline > 0:
            faulthandler.cancel_dump_traceback_later()


@pytest.hookimpl(hookwrapper=True)
def pytest_exception_interact(node, call, report):
    """pytest's faulthandler plugin stops the watchdog when a test fails (for the debugger): the
    backstop goes on for the rest of the test, its teardown above all."""
    yield
    if _backstop_key in node.stash:
        _arm(node, node.stash[_backstop_key] - time.monotonic())


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
