"""Lighthouse scores of representative pages, both languages, phone and desktop presets.

Run by `nox -s lighthouse`, which installs Lighthouse from npm into .nox/ and points it at
Debian's /usr/bin/chromium. The goal is 100 in all four categories everywhere; the script
exits non-zero when a score is below it.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.browser import CHROMIUM, CHROMIUM_FLAGS, serve
from tools.guide import LANGUAGES
from tools.site import build_all

PAGES = ["index.html", "fix-celery.html", "related-errors.html", "find-your-fix.html"]  # home, a fix, heaviest, finder
PRESETS = {"phone": [], "desktop": ["--preset=desktop"]}


def main(lighthouse):
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        failed, warnings = build_all(out / "html", out / "doctrees")
        if failed:
            sys.exit("".join(warnings[language] for language in failed))
        below = []
        print(f"{'page':<28} {'preset':<8} perf a11y best  seo")
        with serve(out / "html") as url:
            for language in LANGUAGES:
                for page in PAGES:
                    for preset, options in PRESETS.items():
                        report = out / "report.json"
                        chrome = " ".join(["--headless=new", *CHROMIUM_FLAGS])
                        subprocess.run(
                            [lighthouse, f"{url}/{language}/{page}", "--quiet", "--output=json",
                             f"--output-path={report}", f"--chrome-flags={chrome}", *options],
                            env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True,
                        )
                        categories = json.loads(report.read_text())["categories"]
                        scores = [round(categories[c]["score"] * 100) for c in
                                  ("performance", "accessibility", "best-practices", "seo")]
                        print(f"{language}/{page:<25} {preset:<8} " + " ".join(f"{s:>4}" for s in scores))
                        if min(scores) < 100:
                            below.append(f"{language}/{page} ({preset})")
    if below:
        sys.exit(f"below 100: {', '.join(below)}")


if __name__ == "__main__":
    main(sys.argv[1])
