"""Build, preview, translate and test the guide. `nox -l` lists the sessions.

The languages and the output folder come from [tool.guide] in pyproject.toml, the dependencies
from its [dependency-groups].
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["docs", "tests"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
GUIDE = PYPROJECT["tool"]["guide"]
LANGUAGES = list(GUIDE["languages"])
SOURCE_LANGUAGE = LANGUAGES[0]
OUTPUT = ROOT / GUIDE["output"]
DOCTREES = OUTPUT.parent / "doctrees"
LOCALE = ROOT / "locale"
PYTHONS = GUIDE["python"]
FLASK_LINES = list(GUIDE["flask"])


def install(session, group):
    """Install a dependency group compiled to bytecode: uv leaves that to the first import, and
    with PYTHONDONTWRITEBYTECODE set (as on this project's machines) every sphinx-build compiled
    Sphinx anew, two thirds of a no-change rebuild; every test subprocess compiled Flask anew."""
    session.install(*nox.project.dependency_groups(PYPROJECT, group), env={"UV_COMPILE_BYTECODE": "1"})


def debian_packages(session, needed):
    """Install what is missing of {Debian package: file it provides}, where apt can."""
    missing = [package for package, path in needed.items() if not Path(path).exists()]
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.error(f"missing {', '.join(missing)}: install them with your system's packages")
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, external=True)


def gettext_tools(session):
    debian_packages(session, {"gettext": "/usr/bin/msgmerge"})


def spelling_tools(session):
    debian_packages(session, {"hunspell": "/usr/bin/hunspell", "hunspell-vi": "/usr/share/hunspell/vi_VN.dic"})


def redis_server(session):
    debian_packages(session, {"redis-server": "/usr/bin/redis-server"})


def browser(session):
    debian_packages(session, {"chromium": "/usr/bin/chromium"})


def sphinx_build(session, language):
    """One language into _build/html/<language>/, with the options of [tool.guide]."""
    session.run(
        "sphinx-build", *GUIDE["sphinx_options"], "-q",
        "-c", str(ROOT),
        "-D", f"language={language}",
        "-d", str(DOCTREES / language),
        str(ROOT / "docs"),
        str(OUTPUT / language),
        external=False,
    )


def chosen_language(session):
    language = session.posargs[0] if session.posargs else SOURCE_LANGUAGE
    if language not in LANGUAGES:
        session.error(f"unknown language {language!r}; choose one of: {', '.join(LANGUAGES)}")
    return language


@nox.session
def docs(session):
    """Build every language into _build/html/<language>/, in parallel, warnings as errors."""
    install(session, "docs")
    with ThreadPoolExecutor(max_workers=len(LANGUAGES)) as pool:
        builds = [pool.submit(sphinx_build, session, language) for language in LANGUAGES]
    failed = [language for language, build in zip(LANGUAGES, builds) if build.exception()]
    if failed:
        session.error(f"the build failed for: {', '.join(failed)} (see the warnings above)")
    session.log(f"Site ready: {OUTPUT / 'index.html'} (open it, or serve {OUTPUT} as it is)")


@nox.session
def serve(session):
    """Live preview of one language while you write or translate: nox -s serve -- vi [--port N]"""
    language = chosen_language(session)
    install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "-c", str(ROOT),
        "-D", f"language={language}",
        "-d", str(DOCTREES / language),
        "--watch", str(ROOT / "snippets"),
        "--watch", str(LOCALE),
        "--watch", str(ROOT / "ext"),
        "--ignore", str(OUTPUT.parent),
        "--ignore", "*.mo",
        *session.posargs[1:],  # e.g. --port 8001 --open-browser
        str(ROOT / "docs"),
        str(OUTPUT / language),
    )


@nox.session
def catalogs(session):
    """Refresh locale/<language>/ from the English pages; translations are never dropped."""
    install(session, "translate")
    gettext_tools(session)
    session.run("python", "tests/site/catalogs.py", "refresh")


@nox.session
def progress(session):
    """How much of each catalog is translated; fuzzy entries count as not done."""
    install(session, "translate")
    session.run("python", "tests/site/catalogs.py", "progress")


@nox.session(name="check-catalogs")
def check_catalogs(session):
    """The translators' checks: complete, msgfmt-clean, NFC, MyST markup, glossary, spelling."""
    install(session, "tests")  # the checks are tests: they run under the suite's conftests
    gettext_tools(session)
    spelling_tools(session)
    session.run("pytest", "-q", "tests/site/test_catalogs.py", *session.posargs)


def interpreter(version):
    """A Python of that version: on PATH, else one that pyenv installed; else the bare name,
    which nox reports as missing (a skip on your machine, a failure under CI)."""
    name = f"python{version}"
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"), "versions")
    found = [str(p) for p in sorted(pyenv.glob(f"{version}.*/bin/{name}"))]
    path = shutil.which(name)
    if path and "shims" not in Path(path).parts:  # a pyenv shim fails for inactive versions
        found.append(path)
    return found[-1] if found else version


def matrix():
    """(python, Flask line) of every run: each line on the main Python, plus both edges."""
    main, oldest, newest = (PYTHONS[k] for k in ("main", "oldest", "newest"))
    runs = [(main, line) for line in FLASK_LINES]
    return [(oldest, FLASK_LINES[0]), *runs, (newest, FLASK_LINES[-1])]


@nox.session
@nox.parametrize(
    "python,flask",
    [nox.param(interpreter(python), line, id=f"flask{line}-py{python}") for python, line in matrix()],
)
def tests(session, flask):
    """The test suite on every Flask line; the site and the catalogs once, on the newest."""
    whole = (session.python, flask) == (interpreter(PYTHONS["main"]), FLASK_LINES[-1])
    group = "tests" if whole else "snippet-tests"
    session.install(*nox.project.dependency_groups(PYPROJECT, group), *GUIDE["flask"][flask])
    redis_server(session)  # the tests start their own, on a free port
    options = ["-n", "auto", "--dist", "loadgroup", *session.posargs]
    if whole:
        gettext_tools(session)
        spelling_tools(session)
        browser(session)
        session.run("pytest", "--cov", "--cov-report", "term", "--snippet-usage", *options)
    else:
        session.run("pytest", "--ignore", "tests/site", *options)


@nox.session
def bench(session):
    """Build times per language and together, no-change rebuild, test suite, page budget."""
    install(session, "tests")
    gettext_tools(session)
    spelling_tools(session)
    browser(session)
    session.run("python", "benchmarks/bench.py")


@nox.session
def lighthouse(session):
    """Lighthouse scores, phone and desktop, both languages (needs Node.js and npm)."""
    install(session, "tests")
    browser(session)
    if shutil.which("npm") is None:
        session.error("Lighthouse needs Node.js and npm: install them (Debian: apt-get install npm)")
    prefix = Path(session.virtualenv.location, "npm")
    session.run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
                "lighthouse@12", external=True)
    session.run("python", "benchmarks/lighthouse.py", str(prefix / "node_modules/.bin/lighthouse"))


@nox.session(venv_backend="none")
def clean(session):
    """Remove build outputs and compiled catalogs."""
    shutil.rmtree(OUTPUT.parent, ignore_errors=True)
    for mo in LOCALE.rglob("*.mo"):
        mo.unlink()
