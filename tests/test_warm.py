"""The warm start (tests/harness/warm.py): a run started warm gives what the same run started in
a new interpreter gives: argv, import path, `__main__`, stdin, environment, exit status, stack
and traceback; a pytest session reports the same; a run past its timeout is killed with its
stacks."""

import os
import subprocess
import sys

import pytest

from harness import deadlines, warm

# What a reader's process would see of itself; its parent apart (a warm run's is the server's
# child that waits for it), which tells a warm run from a cold one.
PROBE = """\
import json, os, sys, traceback
import __main__

print(json.dumps({
    "argv": sys.argv, "path": sys.path[:3], "cwd": os.getcwd(), "name": __name__,
    "main": sorted(vars(__main__)), "file": getattr(__main__, "__file__", None),
    "stdin": sys.stdin.read(), "probe": os.environ.get("PROBE"),
    "bytecode": sys.dont_write_bytecode,
}))
print(os.getppid(), file=sys.stderr, flush=True)
traceback.print_stack()
if sys.argv[-1] == "fail":
    {}["missing"]
sys.exit(3)
"""


@pytest.fixture
def probe(tmp_path):
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    return tmp_path / "probe.py"


def cold(reader, argv, **options):
    """The same run as reader.run gives it, in a new interpreter."""
    return subprocess.run(argv, cwd=reader.folder, env=reader.environment(path=[reader.folder]),
                          capture_output=True, text=True, timeout=60, **options)


@pytest.mark.parametrize("form", ["file", "-c", "-m"])
@pytest.mark.parametrize("last", ["ends", "fail"])
def test_a_warm_run_gives_what_a_new_interpreter_gives(reader, probe, form, last):
    argv = {
        "file": [sys.executable, str(probe), "one", last],
        "-c": [sys.executable, "-c", PROBE, "one", last],
        "-m": [sys.executable, "-m", "probe", "one", last],
    }[form]
    warm_run = reader.run(argv, path=[reader.folder], input="typed\n")
    cold_run = cold(reader, argv, input="typed\n")
    warm_parent, *warm_errors = warm_run.stderr.splitlines()
    cold_parent, *cold_errors = cold_run.stderr.splitlines()
    assert int(cold_parent) == os.getpid() and int(warm_parent) != os.getpid()  # warm indeed
    assert (warm_run.returncode, warm_run.stdout, warm_errors) == (cold_run.returncode, cold_run.stdout, cold_errors)
    if last == "fail":
        assert warm_errors[-1] == "KeyError: 'missing'"


def test_a_warm_run_keeps_the_warning_filters_a_library_adds_when_imported(reader):
    """The server imports the libraries: their own warning filters (Flask-SQLAlchemy 2.5 shows its
    deprecations "always") must reach the run, as in a new interpreter."""
    code = "import warnings\n\nimport flask_sqlalchemy\n\nprint([f[0] for f in warnings.filters if f[0] == 'always'])\n"
    warm_run = reader.code(code)
    assert warm_run.stdout == cold(reader, [sys.executable, "-c", code]).stdout


def test_an_environment_that_changes_how_python_starts_runs_cold(reader, probe):
    environment = reader.environment(env={"PYTHONWARNINGS": "error"})
    assert not warm.allowed([sys.executable, str(probe)], environment)
    assert warm.allowed([sys.executable, str(probe)], reader.environment(env={"PYTHONDONTWRITEBYTECODE": "1"}))
    assert not warm.allowed([sys.executable, "-W", "error", str(probe)], reader.environment())
    assert not warm.allowed("python probe.py", reader.environment())  # a shell line


def test_a_warm_run_past_its_timeout_is_killed_with_its_stacks(reader):
    with pytest.raises(subprocess.TimeoutExpired) as overran:
        reader.code("import time\nprint('started', flush=True)\ntime.sleep(60)", timeout=2)
    assert overran.value.stdout == "started\n"
    [(command, words)] = deadlines._killed
    assert command[1:3] == ["-c", "import time\nprint('started', flush=True)\ntime.sleep(60)"]
    assert "Fatal Python error: Aborted" in words and 'File "<string>", line 3 in <module>' in words
    deadlines._killed.clear()  # killed on purpose: no report


def test_a_warm_pytest_session_reports_what_a_new_interpreter_reports(reader, tmp_path, monkeypatch):
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "test_probe.py").write_text(
        "import os\n\n\ndef test_sum():\n    print('parent', os.getppid())\n    assert 1 + 1 == 3\n", encoding="utf-8")
    warm_result = reader.pytest(folder, "-rA")
    monkeypatch.setattr("harness.reader.COLD", True)
    cold_result = reader.pytest(folder, "-rA")
    reports = []
    for result in (warm_result, cold_result):
        assert result.parseoutcomes() == {"failed": 1}
        assert ">       assert 1 + 1 == 3" in result.outlines and "E       assert (1 + 1) == 3" in result.outlines
        [parent] = [line.split()[1] for line in result.outlines if line.startswith("parent ")]
        reports.append(int(parent))
    assert reports[0] != os.getpid() and reports[1] == os.getpid()  # warm, then cold
