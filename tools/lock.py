"""The locks: the exact, hash-checked versions every environment of the project installs.

An environment is some dependency groups of pyproject.toml, plus, for the snippets' cells and
`site`, the pins of one Flask line ([tool.guide.flask]), on one Python. `uv pip compile`
resolves each once, for every platform (`--universal`) from its Python up, into
`locks/<environment>.txt`: a requirements file with a sha256 for every file it may install,
which uv and pip both read. nox installs only from these files (`--require-hashes`), Read the
Docs installs `locks/docs.txt`, and `nox -s newest` runs the same sessions on the newest
releases instead, to show what would move and what would break.

    python -m tools.lock            # resolve what changed in pyproject.toml, keep every other pin
    python -m tools.lock --upgrade  # every environment on the newest releases ([tool.guide.lock] aside)
    python -m tools.lock --check    # exit 1 if a lock does not match pyproject.toml

(`nox -s lock` runs the first two.) Each lock starts with the digest of what it was resolved
from, so `--check` and the lint session see a pyproject.toml edited without `nox -s lock`.

Flask's next version is not on PyPI: its cells lock everything but Flask, which installs from
the wheel whose sha256 [tool.guide.next] records (or, without the wheel, from the same commit
of Flask's repository, which is pinned by its commit and cannot be hash-checked).
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.guide import GUIDE, PYPROJECT, ROOT

LOCKS = ROOT / "locks"
NEXT = GUIDE["next"]
RELEASED_LINES = [line for line in GUIDE["flask"] if line != NEXT["flask"]]
# Kept out of every lock on purpose, each with its reason in pyproject.toml; `newest` drops them.
CONSTRAINTS = GUIDE["lock"]["constraints"]
COMPILE_COMMAND = "nox -s lock"
# How a lock is resolved; part of every lock's inputs digest, so a change here re-resolves them
# all. `--fork-strategy fewest`: one version of each package for every Python and platform the
# lock covers (not the newest per Python), so the versions tested are the versions installed.
RESOLUTION = ["--universal", "--fork-strategy", "fewest", "--generate-hashes"]


@dataclass(frozen=True)
class Environment:
    name: str  # locks/<name>.txt, and the nox session(s) that install it
    python: str  # the oldest Python it is resolved for (X.Y)
    groups: tuple[str, ...]  # dependency groups of pyproject.toml
    flask: str | None = None  # a Flask line whose pins it adds

    @property
    def lock(self):
        return LOCKS / f"{self.name}.txt"

    def group_options(self):
        """Its dependency groups, as uv's `--group` options."""
        return [f"--group={ROOT / 'pyproject.toml'}:{group}" for group in self.groups]

    def requirements(self, *, wheel=None):
        """The requirements besides the groups: the Flask line's pins, and Flask itself for the
        next version (its wheel, else its commit)."""
        if self.flask is None:
            return []
        pins = list(GUIDE["flask"][self.flask])
        if self.flask == NEXT["flask"]:
            pins.insert(0, f"flask[async] @ {next_flask_source(wheel)}")
        return pins


def cell_name(python, line):
    """The name of a cell of the matrix: flask3.1-py3.11."""
    return f"flask{line}-py{python}"


def environments():
    """{name: Environment} of every environment the noxfile creates."""
    main = GUIDE["python"]["main"]
    found = [
        Environment("docs", main, ("docs",)),
        Environment("serve", main, ("serve",)),
        Environment("translate", main, ("translate",)),
        Environment("check-catalogs", main, ("check-catalogs",)),  # no Flask, nothing compiled
        Environment("site", main, ("site-tests",), RELEASED_LINES[-1]),
        Environment("lint", main, ("lint",)),
        Environment("bench", main, ("bench",)),
        Environment("lock", main, ("lock",)),
        Environment("nox", main, ("nox",)),  # the README's commands install it into .venv/
        *(Environment(f"snippets-{cell_name(python, line)}", python, ("snippet-tests",), line)
          for python, line in GUIDE["matrix"]),
    ]
    return {environment.name: environment for environment in found}


def next_wheel():
    """The wheel of Flask's next version next to this repository, or None."""
    wheel = (ROOT / NEXT["wheel"]).resolve()
    return wheel if wheel.is_file() else None


def next_flask_source(wheel=None):
    """Where Flask's next version installs from: its wheel (checked against the sha256 that
    [tool.guide.next] records), else its commit."""
    wheel = wheel or next_wheel()
    if wheel is None:
        return NEXT["git"]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != NEXT["sha256"]:
        raise SystemExit(f"{wheel}: sha256 {digest}, but [tool.guide.next] sha256 is {NEXT['sha256']}")
    return wheel.as_uri()


def inputs_digest(environment):
    """What a lock is resolved from, as one digest: its Python, its groups as pyproject.toml
    declares them, its Flask line's pins and the constraints."""
    groups = PYPROJECT["dependency-groups"]
    data = {
        "python": environment.python,
        "groups": {name: groups[name] for name in sorted(included(groups, environment.groups))},
        "flask": GUIDE["flask"].get(environment.flask) if environment.flask else None,
        "next": environment.flask == NEXT["flask"] and NEXT["sha256"],
        "constraints": CONSTRAINTS,
        "resolution": RESOLUTION,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def included(groups, names):
    """The names of `names` and every group they include, recursively."""
    found = set()
    for name in names:
        found.add(name)
        found |= included(groups, [entry["include-group"] for entry in groups[name] if isinstance(entry, dict)])
    return found


def recorded_digest(lock):
    """The inputs digest a lock file was written with, or None."""
    if not lock.is_file():
        return None
    match = re.match(r"# inputs: sha256:([0-9a-f]{64})\n", lock.read_text(encoding="utf-8"))
    return match and match.group(1)


def uv():
    """The uv of this environment (the lock session installs it), else the one on PATH."""
    try:
        from uv import find_uv_bin
        return find_uv_bin()
    except ImportError:
        return "uv"


def without_next_flask(text):
    """A compiled lock less its `flask @ <wheel>` entry: the path is this machine's, so Flask's
    next version installs apart from the lock, checked against [tool.guide.next] sha256."""
    return re.sub(r"^flask @ \S+(?: \\\n(?:    .*\\\n)*    .*)?\n(?:    # .*\n)*", "", text, flags=re.MULTILINE)


def compile_lock(environment, *, upgrade=False):
    """Resolve one environment into its lock file."""
    LOCKS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        requirements = scratch / "requirements.in"
        requirements.write_text("".join(f"{line}\n" for line in environment.requirements()), encoding="utf-8")
        constraints = scratch / "constraints.txt"
        constraints.write_text("".join(f"{line}\n" for line in CONSTRAINTS), encoding="utf-8")
        out = scratch / "lock.txt"
        if environment.lock.is_file():  # uv keeps the pins of the file it rewrites
            out.write_text(environment.lock.read_text(encoding="utf-8"), encoding="utf-8")
        command = [
            uv(), "pip", "compile", "--quiet", *RESOLUTION,
            "--python-version", environment.python,
            "--custom-compile-command", COMPILE_COMMAND,
            "--constraints", str(constraints),
            *environment.group_options(),
            *(["--upgrade"] if upgrade else []),
            "--output-file", str(out),
            str(requirements),
        ]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"{environment.name}: uv pip compile failed:\n{result.stderr}")
        text = out.read_text(encoding="utf-8")
    if environment.flask == NEXT["flask"]:
        text = without_next_flask(text)
    # the temporary input's path, as uv names it under `# via`
    text = re.sub(r"-r \S*requirements\.in", "[tool.guide.flask]", text)
    text = re.sub(r"--constraints? \S*constraints\.txt|-c \S*constraints\.txt", "[tool.guide.lock]", text)
    environment.lock.write_text(f"# inputs: sha256:{inputs_digest(environment)}\n{text}", encoding="utf-8")


def pins(lock):
    """{normalised name: {versions}} of a lock file: a universal lock may pin a package to one
    version for some Pythons or platforms and to another for the rest (`; python_full_version ...`)."""
    found: dict[str, set[str]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if match:
            found.setdefault(normalise(match.group(1)), set()).add(match.group(2))
    return found


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def stale():
    """Names of the environments whose lock is missing or was resolved from other inputs."""
    return [name for name, environment in environments().items()
            if recorded_digest(environment.lock) != inputs_digest(environment)]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.lock", description=__doc__.split("\n\n")[0])
    parser.add_argument("--upgrade", action="store_true", help="resolve every lock anew on the newest releases")
    parser.add_argument("--check", action="store_true", help="exit 1 if a lock does not match pyproject.toml")
    parser.add_argument("names", nargs="*", help="only these environments")
    options = parser.parse_args(argv)
    chosen = options.names or list(environments())
    if options.check:
        out_of_date = [name for name in stale() if name in chosen]
        if out_of_date:
            print(f"out of date with pyproject.toml: {', '.join(out_of_date)}: run `nox -s lock`", file=sys.stderr)
            return 1
        return 0
    every = environments()
    wanted = [every[name] for name in chosen]
    if not options.upgrade:  # only what changed: the others are already right
        wanted = [environment for environment in wanted if environment.name in stale()]
    for environment in wanted:
        print(f"locking {environment.name} (Python {environment.python}+)", flush=True)
        compile_lock(environment, upgrade=options.upgrade)
    known = {environment.lock for environment in every.values()}
    for extra in sorted(set(LOCKS.glob("*.txt")) - known):
        print(f"removing {extra.relative_to(ROOT)}: no environment uses it")
        extra.unlink()
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
