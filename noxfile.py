"""Build, preview, translate and test the guide. `nox -l` lists the sessions.

The languages come from [tool.guide] in pyproject.toml, the dependencies from its
[dependency-groups]. What the sessions run lives in tools/ (`python -m tools.site build`...), so
the same commands work without nox.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import suppress
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent))
from tools import lock as locks  # noqa: E402  (the project's own tools, beside this file)
from tools.guide import GUIDE, ROOT, TRANSLATIONS  # noqa: E402

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["docs", "tests"]

MAIN_PYTHON = GUIDE["python"]["main"]
# What the built-site checks need from Debian: {package: a file it provides}.
SITE_PACKAGES = {
    "gettext": "/usr/bin/msgmerge",
    "hunspell": "/usr/bin/hunspell",
    # each translated language's dictionary ([tool.guide] dictionaries)
    **{f"hunspell-{language}": f"/usr/share/hunspell/{GUIDE['dictionaries'][language]}.dic"
       for language in TRANSLATIONS},
    "chromium": "/usr/bin/chromium",
}
SNIPPET_PACKAGES = {"redis-server": "/usr/bin/redis-server"}
# Set by `nox -s newest` for the sessions it runs: install the newest releases, not the locks.
NEWEST = os.environ.get("GUIDE_NEWEST") == "1"


def install(session, name):
    """Install environment `name` of tools/lock.py: its lock, every file hash-checked, compiled
    to bytecode (uv leaves that to the first import, which with PYTHONDONTWRITEBYTECODE set, as
    on this project's machines, each sphinx-build and test subprocess would then do again).
    Under `nox -s newest`, the newest releases instead, and what moved from the lock."""
    environment = locks.environments()[name]
    # sessions that run at once build the same sdists (uWSGI...): one builds, the others wait
    # for uv's cache lock and reuse its wheel; on a loaded machine a build outlasts uv's 300 s
    env = {"UV_COMPILE_BYTECODE": "1", "UV_LOCK_TIMEOUT": "3600"}
    if NEWEST:
        session.install("--upgrade", *environment.group_options(), *environment.requirements(), env=env)
        report_moved(session, environment)
        return
    # the lock is complete (every dependency pinned), and next-version cells leave Flask out of it
    session.install("--require-hashes", "--no-deps", "-r", str(environment.lock), env=env)
    if environment.flask == locks.NEXT["flask"]:  # Flask's next version: not on PyPI, not in the lock
        session.install("--no-deps", f"flask[async] @ {locks.next_flask_source()}", env=env)


def report_moved(session, environment):
    """Print `moved: <package> <locked> -> <installed>` for every package the newest releases
    change from the lock (`nox -s newest` collects these lines)."""
    listing = session.run(
        "python", "-c",
        "import importlib.metadata as m\n"
        "for d in m.distributions(): print(d.metadata['Name'], d.version)",
        silent=True,
    )
    locked = locks.pins(environment.lock)
    for name, version in sorted(line.split() for line in listing.splitlines() if line.strip()):
        before = locked.get(locks.normalise(name), set())
        if version not in before:
            print(f"moved: {name} {' or '.join(sorted(before)) or '(not locked)'} -> {version}", flush=True)


def debian_packages(session, needed):
    """Install what is missing of {Debian package: file it provides}, where apt can."""
    missing = [package for package, path in needed.items() if not Path(path).exists()]
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.error(f"missing {', '.join(missing)}: install them with your system's packages")
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, external=True)


@nox.session
def docs(session):
    """Build every language into _build/html/<language>/, in parallel, warnings as errors, then
    the site root (_build/html/index.html)."""
    install(session, "docs")
    session.run("python", "-m", "tools.site", "build")


@nox.session
def serve(session):
    """Live preview of one language while you write or translate: nox -s serve -- vi [--port N]"""
    install(session, "serve")
    session.run("python", "-m", "tools.site", "serve", *session.posargs)


@nox.session
def catalogs(session):
    """Refresh locale/<language>/ from the English pages; translations are never dropped.
    `nox -s catalogs -- templates` writes only the English templates (_build/gettext/)."""
    install(session, "translate")
    debian_packages(session, {"gettext": SITE_PACKAGES["gettext"]})
    session.run("python", "-m", "tools.catalogs", *(session.posargs or ["refresh"]))


@nox.session
def progress(session):
    """How much of each catalog is translated; fuzzy entries count as not done."""
    install(session, "translate")
    session.run("python", "-m", "tools.catalogs", "progress")


@nox.session(name="check-catalogs")
def check_catalogs(session):
    """The translators' checks: complete, msgfmt-clean, NFC, MyST markup, glossary, spelling.
    Only what they need is installed (no Flask, nothing compiled), and tests/conftest.py, which
    imports Flask for the page tests, is left out (--confcutdir)."""
    install(session, "check-catalogs")
    debian_packages(session, {k: v for k, v in SITE_PACKAGES.items() if k != "chromium"})
    session.run("pytest", "-q", "--confcutdir", "tests/site", "tests/site/test_catalogs.py", *session.posargs)


def release(path):
    """(3, 9, 18) for .../versions/3.9.18/bin/python3.9: newest last, where text puts 3.9.9 last."""
    return [int(number) for number in re.findall(r"\d+", path.parent.parent.name)]


def interpreter(version):
    """A Python of that version: on PATH, else the newest that pyenv installed ($PYENV_ROOT,
    else ~/.pyenv); else the bare version, which nox finds among uv's Pythons or has uv
    download, and otherwise reports as missing (a skip on your machine, a failure under CI).
    Other usual places (/usr/local/bin, Homebrew, deadsnakes) are on PATH already."""
    name = f"python{version}"
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"), "versions")
    installed = pyenv.glob(f"{version}.*/bin/{name}")
    found = [str(p) for p in sorted(installed, key=release)]
    path = shutil.which(name)
    if path and "shims" not in Path(path).parts:  # a pyenv shim fails for inactive versions
        found.append(path)
    return found[-1] if found else version


def matrix():
    """(python, Flask line) of every run: the cells of [tool.guide] matrix, as the pages state them."""
    return [tuple(cell) for cell in GUIDE["matrix"]]


def cell_id(python, line):
    return locks.cell_name(python, line)


@nox.session(tags=["tests"])
@nox.parametrize(
    "python,flask,cell",
    [nox.param(interpreter(python), line, cell_id(python, line), id=cell_id(python, line))
     for python, line in matrix()],
)
def snippets(session, flask, cell):
    """Every page's snippets and claims on one cell of the matrix (tests/test_<page>.py); on the
    main Python and the newest released line, when it runs every test (no arguments after
    `--`), also the coverage of every snippet and the snippet-usage check."""
    install(session, f"snippets-{cell}")
    debian_packages(session, SNIPPET_PACKAGES)  # the tests start their own Redis
    options = ["-n", "auto", "--dist", "loadgroup", "--ignore", "tests/site", "--ignore", "tests/ext",
               "--ignore", "tests/tools", *session.posargs]
    if cell == cell_id(MAIN_PYTHON, locks.RELEASED_LINES[-1]) and not session.posargs:  # every test, or no coverage
        options = ["--cov", "--cov-report", "term", "--snippet-usage", *options]
    session.run("pytest", *options)


@nox.session(python=interpreter(MAIN_PYTHON), tags=["tests"])
def site(session):
    """The extensions on small projects (tests/ext/), the tools (tests/tools/), then the whole
    site built as `nox -s docs` builds it and checked: guards, catalogs, translation workflow,
    browser, accessibility; the snippets the browser tests run need Flask, the newest released
    line's. `nox -s site -- tests/site/test_x.py` runs those modules alone."""
    install(session, "site")
    debian_packages(session, SITE_PACKAGES)
    chosen = any(arg.startswith("tests/") for arg in session.posargs)  # `-- tests/site/test_x.py`: those alone
    paths = [] if chosen else ["tests/ext", "tests/site", "tests/tools"]
    session.run("pytest", "-n", "auto", "--dist", "loadgroup", *paths, *session.posargs)


@nox.session(tags=["tests"])
def lint(session):
    """ruff on the project's Python (extensions, tools, tests, snippets, noxfile, conf.py); mypy
    on the extensions and tools ([tool.mypy]); the locks and the hosted CI workflow up to date
    with pyproject.toml and the sessions; actionlint on that workflow."""
    install(session, "lint")
    session.run("ruff", "check", *session.posargs)
    session.run("mypy")
    session.run("python", "-m", "tools.lock", "--check")
    listing = Path(session.create_tmp(), "sessions.json")
    listing.write_text(tests_listing(), encoding="utf-8")
    session.run("python", "-m", "tools.workflow", "check", str(listing))
    session.run("actionlint", str(ROOT / ".github" / "workflows" / "tests.yml"))


@nox.session(venv_backend="none")
def workflow(session):
    """Write the hosted CI workflow (.github/workflows/tests.yml) from the sessions nox lists."""
    listing = Path(session.create_tmp(), "sessions.json")
    listing.write_text(tests_listing(), encoding="utf-8")
    session.run(sys.executable, "-m", "tools.workflow", "write", str(listing))


# How many sessions `nox -s tests` runs at once: their tests mostly wait (servers, workers,
# schedulers, browsers), so more sessions than cores keep the cores busy.
SESSIONS_AT_ONCE = int(os.environ.get("GUIDE_SESSIONS_AT_ONCE", (os.cpu_count() or 1) + 1))


# No session may run longer than this (a backstop: every test has its own deadline too).
SESSION_DEADLINE = 45 * 60


def run_session(name, *, newest=False, args=(), reuse=False):
    """Run one session in a nox of its own, its output in .nox/logs/<name>.log (for `newest`,
    in an environment of its own on the newest releases: .nox-newest/, .nox-newest/logs/);
    reuse: in the environment it has, brought to the lock, not made anew (`nox -s changed`);
    (name, exit code, seconds, core-minutes: user + sys of the session's whole process tree, log)."""
    envdir = ROOT / (".nox-newest" if newest else ".nox")
    logs = envdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.log"
    environment = {**os.environ, "GUIDE_NEWEST": "1" if newest else "0"}
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "nox", "--noxfile", str(ROOT / "noxfile.py"), "--envdir", str(envdir),
             "--no-color", *(["--reuse-venv=yes"] if reuse else []), "-s", name, *(["--", *args] if args else [])],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=environment, start_new_session=True,
        )
        while True:  # os.wait4: the exit status and the resources of the session's process tree
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > SESSION_DEADLINE:
                out.write(f"\n{name}: stopped after {SESSION_DEADLINE} s; the stacks of its Python processes:\n")
                out.flush()
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGABRT)  # pytest and the tests' processes write their stacks
                    time.sleep(5)
                    os.killpg(process.pid, signal.SIGKILL)
                _, _, usage = os.wait4(process.pid, 0)
                code = -9
                break
            time.sleep(0.2)
        process.returncode = code
    return name, code, time.perf_counter() - start, (usage.ru_utime + usage.ru_stime) / 60, log


def tests_listing():
    """`nox -l --json -t tests`: the sessions `nox -s tests` runs, as nox lists them (the hosted
    workflow has a job for each)."""
    return subprocess.run(
        [sys.executable, "-m", "nox", "--noxfile", str(ROOT / "noxfile.py"), "-l", "--json", "-t", "tests"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout


def run_all(session, runs, *, newest=False, reuse=False):
    """Run [(session name, pytest arguments)] SESSIONS_AT_ONCE at a time, in the order given,
    each logged with its time and core-minutes as it ends; [(name, exit code, log)]."""
    results = []
    with ThreadPoolExecutor(SESSIONS_AT_ONCE) as pool:
        futures = [pool.submit(run_session, name, newest=newest, args=args, reuse=reuse) for name, args in runs]
        for future in as_completed(futures):
            name, code, seconds, cores, log = future.result()
            session.log(f"{name}: {'passed' if code == 0 else 'FAILED'} in {seconds:.0f} s, "
                        f"{cores:.1f} core-minutes ({log.relative_to(ROOT)})")
            results.append((name, code, log, cores))
    session.log(f"all {len(results)} sessions: {sum(r[3] for r in results):.1f} core-minutes")
    return [(name, code, log) for name, code, log, _ in results]


def fail_with_logs(session, results):
    """Show the whole log of every session that failed, and fail."""
    failed = [(name, log) for name, code, log in results if code]
    for name, log in failed:
        print(f"\n===== {name} ({log.relative_to(ROOT)}) =====\n{log.read_text(encoding='utf-8')}", flush=True)
    if failed:
        session.error(f"failed: {', '.join(name for name, _ in failed)}")


def run_sessions(session, *, newest=False):
    """Run the sessions tagged `tests` (the built-site checks, the snippet matrix, the lint; not
    the lint for `newest`), the longest first; [(name, exit code, log)]."""
    names = [entry["session"] for entry in json.loads(tests_listing())]
    names = sorted(names, key=lambda name: name != "site")  # the longest first
    if newest:
        names.remove("lint")
    debian_packages(session, {**SITE_PACKAGES, **SNIPPET_PACKAGES})  # once: apt takes one at a time
    return run_all(session, [(name, []) for name in names], newest=newest)


@nox.session(venv_backend="none")
def tests(session):
    """Everything, as CI runs it, from the locks: the built-site checks, the snippet matrix and
    the lint, SESSIONS_AT_ONCE sessions at a time (GUIDE_SESSIONS_AT_ONCE sets it); each
    session's output goes to .nox/logs/<session>.log and is shown when it fails."""
    fail_with_logs(session, run_sessions(session))


@nox.session(venv_backend="none")
def newest(session):
    """The same sessions as `nox -s tests` (lint aside) on the newest releases of everything,
    not the locks, in .nox-newest/: per session, what moved from the lock and what broke. Not
    part of `nox -s tests`: drift is looked at on purpose (a scheduled CI job runs it), and a
    lock is moved by `nox -s lock -- --upgrade` once it passes."""
    results = run_sessions(session, newest=True)
    print("\n===== newest releases: what moved from the locks, what broke =====", flush=True)
    for name, code, log in sorted(results):
        text = log.read_text(encoding="utf-8")
        moved = sorted(set(re.findall(r"^moved: (.+)$", text, flags=re.MULTILINE)))
        broke = re.findall(r"^(?:FAILED|ERROR) (.+)$", text, flags=re.MULTILINE)
        print(f"\n{name}: {'passed' if code == 0 else 'FAILED'} ({log.relative_to(ROOT)})")
        print("  moved: " + ("; ".join(moved) if moved else "nothing"))
        if code and not broke:  # the session failed before its tests: say where
            broke = re.findall(r"^(?:error: .+|\s*cause: .+|nox > Command .+ failed.*)$", text, flags=re.MULTILINE)[:4]
        for line in broke or ([] if code == 0 else ["(see the log)"]):
            print(f"  broke: {line.strip()}")
    if any(code for _, code, _ in results):
        session.error("something breaks on the newest releases: see above; the locks keep main as it is")


@nox.session(venv_backend="none")
def changed(session):
    """Only what your edit can affect, on every cell (tools/changed.py): a page or its snippets,
    its tests on every cell and the built site's checks; a catalog, the built site's checks;
    anything else, everything. Compared with main, uncommitted changes included:
    `nox -s changed`, or `nox -s changed -- <branch or commit>`."""
    from tools import changed as changes

    base = session.posargs[0] if session.posargs else "main"
    files = changes.changed_files(ROOT, base)
    found = changes.plan(files, ROOT)
    session.log(f"{len(files)} files changed since {base}" + (
        f"; everything runs, for {', '.join(found.everything[:5])}" if found.everything else ""))
    if found.everything:
        return tests(session)
    runs = found.runs([f"snippets({cell_id(*cell)})" for cell in matrix()])
    # the environments as they are, brought to the locks (an edit of a lock runs everything, anew)
    fail_with_logs(session, run_all(session, runs, reuse=True))


@nox.session
def lock(session):
    """Resolve every environment's lock (locks/<environment>.txt) anew from pyproject.toml:
    `nox -s lock` for what its inputs changed, `nox -s lock -- --upgrade` for the newest
    releases of everything ([tool.guide.lock] constraints aside)."""
    install(session, "lock")
    session.run("python", "-m", "tools.lock", *session.posargs)


@nox.session
def bench(session):
    """Every speed figure beside its goal: builds, no-change rebuild beside a bare Sphinx, page
    budget, the serve loop in Chromium, `nox -s tests` on a fresh clone in core-minutes and
    `nox -s changed` after a one-page edit there (`-- --no-tests` leaves those two out)."""
    install(session, "bench")
    debian_packages(session, {"chromium": SITE_PACKAGES["chromium"]})
    session.run("python", "-m", "benchmarks.bench", *session.posargs)


@nox.session
def lighthouse(session):
    """Lighthouse scores, phone and desktop, both languages (needs Node.js and npm)."""
    install(session, "site")
    debian_packages(session, {"chromium": SITE_PACKAGES["chromium"]})
    if shutil.which("npm") is None:
        session.error("Lighthouse needs Node.js and npm: install them (Debian: apt-get install npm)")
    prefix = Path(session.virtualenv.location, "npm")
    session.run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
                "lighthouse@12", external=True)
    session.run("python", "-m", "benchmarks.lighthouse", str(prefix / "node_modules/.bin/lighthouse"))


@nox.session(venv_backend="none")
def clean(session):
    """Remove build outputs and compiled catalogs."""
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    for compiled in [*ROOT.glob("locale/*/LC_MESSAGES/*.mo"), *ROOT.glob("locale/*/LC_MESSAGES/sphinx.js")]:
        compiled.unlink()
