"""The README's commands, exactly as a reader copies them, for CI and the tests to run.

A command is the one line of a ```console block in README.md whose comment starts with a marker:

    python3 tools/readme.py "build the site"    # prints that line, comment included
"""

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def command(marker, readme=README):
    """The console line of `readme` marked `# <marker>`; there must be exactly one."""
    found, in_console = [], False
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_console = line == "```console"  # an opening ```console fence; any other fence closes
        elif in_console and f"# {marker}" in line:
            found.append(line)
    if len(found) != 1:
        raise LookupError(f"{readme.name} has {len(found)} console lines marked '# {marker}', not one")
    return found[0]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python3 {sys.argv[0]} MARKER   (e.g. \"build the site\")")
    try:
        print(command(sys.argv[1]))
    except LookupError as error:
        sys.exit(str(error))
