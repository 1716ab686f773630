"""The hosted CI workflow (.github/workflows/tests.yml), made from the sessions nox lists.

One job per session that `nox -s tests` runs (the sessions tagged `tests`: `nox -l --json -t
tests`), plus `docs`, each on a runner of its own, so the matrix is spread over machines; a
weekly job runs `nox -s newest`. Every job runs `.ci/run <session>`: the README's first steps,
then that session, from the same locks as `.ci/run` on one machine. Nothing here repeats the
matrix: it comes from [tool.guide] through the noxfile.

    python -m tools.workflow write LISTING   # LISTING: the output of `nox -l --json -t tests`
    python -m tools.workflow check LISTING   # exit 1 if the committed workflow differs

`nox -s workflow` writes it; `nox -s lint` checks it and runs actionlint on it.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"
# Debian, as root, as on the project's machines: the sessions install gettext, hunspell-vi,
# Chromium and redis-server from apt themselves, and find the other Pythons through uv.
CONTAINER = "python:3.11-bookworm"

HEADER = """\
# Made by `nox -s workflow` from the sessions of noxfile.py (tools/workflow.py): do not edit.
# One job per session of `nox -s tests`, plus the site's build; each runs `.ci/run <session>`,
# the README's commands for that session alone, from the project's locks (locks/).
name: tests
on:
  push:
    branches: [main]
  pull_request:
  schedule:
    - cron: "23 4 * * 1"  # Mondays: the newest releases (nox -s newest), not the locks
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: tests-${{ github.ref }}
  cancel-in-progress: true
jobs:
"""


def job_id(session):
    """A job id GitHub accepts: snippets(flask3.1-py3.11) -> snippets-flask3_1-py3_11."""
    return re.sub(r"[^A-Za-z0-9_-]", "", session.replace("(", "-").replace(".", "_"))


def job(session, *, when):
    return (
        f"  {job_id(session)}:\n"
        f"    name: {json.dumps(session)}\n"
        f"    if: {when}\n"
        f"    runs-on: ubuntu-24.04\n"
        f"    container: {CONTAINER}\n"
        f"    timeout-minutes: 60\n"
        f"    steps:\n"
        f"      - uses: actions/checkout@v5\n"
        f"      - run: bash .ci/run {json.dumps(session)}\n"
    )


def sessions(listing):
    """The session names of `nox -l --json -t tests` output."""
    return [entry["session"] for entry in json.loads(listing)]


def render(listing):
    tested = "github.event_name != 'schedule'"
    jobs = [job("docs", when=tested), *(job(name, when=tested) for name in sessions(listing)),
            job("newest", when="github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'")]
    return HEADER + "\n".join(jobs)


def main(argv):
    if len(argv) != 2 or argv[0] not in ("write", "check"):
        sys.exit(__doc__)
    expected = render(Path(argv[1]).read_text(encoding="utf-8"))
    if argv[0] == "write":
        WORKFLOW.parent.mkdir(parents=True, exist_ok=True)
        WORKFLOW.write_text(expected, encoding="utf-8")
        return 0
    if not WORKFLOW.is_file() or WORKFLOW.read_text(encoding="utf-8") != expected:
        print(f"{WORKFLOW.relative_to(ROOT)} does not match the sessions nox lists: run `nox -s workflow`",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
