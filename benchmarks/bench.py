"""The figures `nox -s bench` prints: build times, no-change rebuild, test suite, page budget.

Goals (README): both languages together in at most 1.5x the English-only build, a
no-change rebuild under 1 s, the heaviest page at most 60 KB gzip in at most 20 requests.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.guide import LANGUAGES, ROOT
from tools.site import start_build
from tools.weight import page_weight

REBUILDS = 7  # a rebuild takes under a second: one run alone says more about the machine


def build(language, out):
    return start_build(language, out / "html" / language, out / "doctrees" / language)


def timed(*processes):
    start = time.perf_counter()
    for process in processes:
        _, errors = process.communicate()
        if process.returncode:
            sys.exit(f"build failed:\n{errors}")
    return time.perf_counter() - start


def main():
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        rows = []
        for language in LANGUAGES:
            rows.append((f"clean build, {language}", timed(build(language, out / language))))
        together = timed(*(build(language, out / "all") for language in LANGUAGES))
        rows.append(("clean build, all languages in parallel", together))
        for language in LANGUAGES:
            rebuilds = [timed(build(language, out / "all")) for _ in range(REBUILDS)]
            spread = f"median of {REBUILDS}, {min(rebuilds):.2f} to {max(rebuilds):.2f} s"
            rows.append((f"no-change rebuild, {language} ({spread})", statistics.median(rebuilds)))
        site = out / "all" / "html"
        heaviest = max((page_weight(p, site), p.relative_to(site).as_posix()) for p in site.rglob("*.html"))

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "auto", "--dist", "loadgroup", "-p", "no:cacheprovider"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    rows.append(("test suite (pytest -n auto, this Python and Flask)", time.perf_counter() - start))

    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        goal = "   (goal: under 1 s)" if name.startswith("no-change") else ""
        print(f"{name:<{width}}  {seconds:6.2f} s{goal}")
    english = rows[0][1]
    print(f"{'all languages / English alone':<{width}}  {together / english:6.2f} x   (goal: at most 1.5 x)")
    (size, requests), page = heaviest
    print(f"{'heaviest page':<{width}}  {size / 1024:6.1f} KB gzip, {requests} requests: {page}"
          "   (goal: at most 60 KB, 20 requests)")


if __name__ == "__main__":
    main()
