"""The README's first command as a newcomer runs it: on a fresh clone, with the system's Python,
which refuses `pip install` (PEP 668), an empty HOME and only /usr/bin:/bin on PATH."""

import os
import subprocess

import pytest

from harness.project import GUIDE, LANGUAGES, ROOT
from tools.readme import command  # .ci/run reads the commands the same way

pytestmark = [pytest.mark.site, pytest.mark.xdist_group("readme")]

SYSTEM_PYTHON = "/usr/bin/python3"

# Run by the system Python: why it is not the Python this test is about, or nothing. pip reads
# the PEP 668 marker where this looks; venv needs ensurepip, which Debian ships apart (its venv
# looks for ensurepip/__main__.py, as this does).
PROBE = """
import importlib.util, os, sysconfig
if not os.path.isfile(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")):
    print("it lets pip install into it (no PEP 668 marker)")
elif importlib.util.find_spec("ensurepip.__main__") is None:
    print("it has no venv module able to install pip (Debian: python3-venv)")
"""

# The machine's way out to PyPI (a proxy, a CA bundle that uv must trust), not Python setup:
# kept, while everything else of the environment goes.
NETWORK = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
           "SSL_CERT_FILE", "SSL_CERT_DIR"]


def unsuitable_system_python():
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"there is no {SYSTEM_PYTHON}"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", PROBE], capture_output=True, text=True, check=True)
    return probe.stdout.strip()


def test_the_build_command_works_with_a_system_python_that_refuses_pip(tmp_path):
    if reason := unsuitable_system_python():
        pytest.skip(f"{SYSTEM_PYTHON}: {reason}")
    clone, home = tmp_path / "clone", tmp_path / "home"  # .venv, .nox and _build land in clone
    home.mkdir()
    # what a newcomer gets: the committed state, so an edit to README counts once committed
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    environment.update({name: os.environ[name] for name in NETWORK if name in os.environ})

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command("build the site", clone / "README.md")],
        cwd=clone, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=900,
    )

    assert run.returncode == 0, run.stdout[-5000:]
    for language in LANGUAGES:
        assert (clone / GUIDE["output"] / language / "index.html").is_file()


def console_lines(path):
    """Every line of the ```console blocks of a Markdown file."""
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line == "```console"
        elif inside and line.strip():
            lines.append(line)
    return lines


def test_every_other_command_runs_as_written_after_the_two_commands():
    """After the two commands nox is in .venv/bin/, not on PATH: a command written `nox ...`
    fails as pasted."""
    two = {command("build the site"), command("run the whole test suite")}
    others = [line for line in console_lines(ROOT / "README.md") if line not in two]
    assert others and [line for line in others if not line.startswith(".venv/bin/")] == []
