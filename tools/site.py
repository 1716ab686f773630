"""Build the whole site as `nox -s docs` does, and what the tests and benchmarks need of it.

    python -m tools.site build                    every language in parallel, then the site root
    python -m tools.site build --language vi --output DIR    one language (Read the Docs)
    python -m tools.site serve [LANGUAGE] [sphinx-autobuild options]

Each language builds into <output>/<language>/ and writes nothing outside it; `assemble` then
writes the site root that ties the languages together: the language chooser (index.html), a
sitemap index, robots.txt, a 404 page and the `_headers` file of static hosts.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tools.guide import BUILD, GUIDE, LANGUAGES, LOCALE, ROOT, SOURCE_LANGUAGE, base_url_template, sphinx_args

HTML = BUILD / "html"
DOCTREES = BUILD / "doctrees"
ROOT_FILES = ROOT / "docs" / "_root"  # the site root's templates and files


def base_url(language, environ=os.environ):
    """Where a language lives on the web (tools.guide.base_url_template)."""
    return base_url_template(environ).format(language=language)


def start_build(language, out, doctrees, root=ROOT, builder="html"):
    """Start sphinx-build for one language; returns the process (stderr: the warnings)."""
    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", *sphinx_args(language, out, doctrees, root=root, builder=builder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def build(root, language, out):
    """Build one language of the project at `root` into out/html/<language>, its doctrees into
    out/doctrees/<language>; returns (exit code, warnings)."""
    process = start_build(language, out / "html" / language, out / "doctrees" / language, root=root)
    _, warnings = process.communicate(timeout=600)
    return process.returncode, warnings


def build_all(html=HTML, doctrees=DOCTREES, root=ROOT):
    """Every language in parallel, into html/<language>/, then, if every one built, the site
    root: the one way the whole site is built (`python -m tools.site build`, the site tests,
    the benchmarks). Returns ([the languages that failed], {language: its warnings})."""
    processes = {lang: start_build(lang, html / lang, doctrees / lang, root=root) for lang in LANGUAGES}
    with ThreadPoolExecutor(len(processes)) as pool:
        warnings = dict(zip(processes, pool.map(lambda p: p.communicate()[1], processes.values())))
    failed = [lang for lang, process in processes.items() if process.returncode]
    if not failed:
        assemble(html)
    return failed, warnings


def assemble(html):
    """Write the site root over the language folders already built in `html`."""
    environment = Environment(loader=FileSystemLoader(ROOT_FILES), autoescape=select_autoescape(["html", "xml"]),
                              keep_trailing_newline=True)
    languages = [{"code": code, "name": name, "url": base_url(code)} for code, name in GUIDE["languages"].items()]
    site = base_url("{language}").partition("{language}/")[0]
    context = {"languages": languages, "source": SOURCE_LANGUAGE, "site": site, "title": GUIDE["title"],
               "policy": page_policy(html / SOURCE_LANGUAGE / "index.html")}
    for name in ("index.html", "sitemap.xml", "robots.txt", "_headers"):
        (html / name).write_text(environment.get_template(name).render(context), encoding="utf-8")
    shutil.copyfile(ROOT_FILES / "choose-language.js", html / "choose-language.js")
    # The source language's 404 page links with absolute paths (/en/...): it works at the root.
    shutil.copyfile(html / SOURCE_LANGUAGE / "404.html", html / "404.html")


class _Policy(HTMLParser):
    policy = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.policy = attrs["content"]


def page_policy(page):
    """The Content-Security-Policy a built page declares (ext/hosting.py writes it)."""
    parser = _Policy()
    parser.feed(page.read_text(encoding="utf-8"))
    if parser.policy is None:
        raise ValueError(f"{page} declares no Content-Security-Policy")
    return parser.policy


def publishable(out):
    """Leave in a folder about to be published only what readers need: not the build's own
    state (.buildinfo) nor the themes' source maps."""
    for path in [*out.glob(".buildinfo*"), *out.rglob("*.map")]:
        path.unlink()
    sources = out / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def preview_options(options):
    """sphinx-autobuild's options with the address it serves at, and that address for the
    build (ext/preview_reload.py allows its reload script there, and only there); --port 0
    (a free port) becomes the free port, so that the build knows it."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--host", default="127.0.0.1")  # sphinx-autobuild's defaults
    parser.add_argument("--port", type=int, default=8000)
    address, rest = parser.parse_known_args(options)
    if address.port == 0:
        with socket.socket() as probe:
            probe.bind((address.host, 0))
            address.port = probe.getsockname()[1]
    url_host = f"{address.host}:{address.port}"
    return ["-D", f"guide_preview={url_host}", "--host", address.host, "--port", str(address.port), *rest]


def serve(language, options):
    """sphinx-autobuild on one language: rebuilt on every change of a page, snippet or catalog;
    it answers only requests addressed to it (tools/preview.py)."""
    out, doctrees = HTML / language, DOCTREES / language
    *options_before, source, target = sphinx_args(language, out, doctrees)
    watch = [arg for folder in ("snippets", "locale", "ext") for arg in ("--watch", str(ROOT / folder))]
    ignore = ["--ignore", str(BUILD), "--ignore", "*.mo", "--ignore", str(LOCALE / "*" / "LC_MESSAGES" / "*.js")]
    os.execvp(sys.executable, [sys.executable, "-m", "tools.preview", *options_before, *watch, *ignore,
                               *preview_options(options), source, target])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.site", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="build every language and the site root, or one language")
    build_parser.add_argument("--language", choices=LANGUAGES, help="only this language")
    build_parser.add_argument("--output", type=Path, help="with --language: the folder of that language's pages")
    serve_parser = commands.add_parser("serve", help="live preview of one language")
    serve_parser.add_argument("language", nargs="?", default=SOURCE_LANGUAGE, choices=LANGUAGES)
    args, rest = parser.parse_known_args(argv)
    if args.command == "serve":
        serve(args.language, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.language:
        out = args.output or HTML / args.language
        process = start_build(args.language, out, DOCTREES / args.language)
        _, warnings = process.communicate()
        sys.stderr.write(warnings)
        if args.output and process.returncode == 0:
            publishable(out)
        return process.returncode
    failed, warnings = build_all()
    for text in warnings.values():
        sys.stderr.write(text)
    if failed:
        print(f"the build failed for: {', '.join(failed)} (see the warnings above)", file=sys.stderr)
        return 1
    print(f"Site ready: {HTML / 'index.html'} (open it, or serve {HTML} as it is)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
