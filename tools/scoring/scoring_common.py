"""What the Python scorers (score_followups.py, score_search.py) share: the
paths, running the paragraf CLI on one database, importing the corpus, text
folding, and the committed baseline of scores a run may not fall below."""
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_BINARY = os.path.join(ROOT, "build", "src", "cli", "paragraf")
IMPORT_DIRS = ["corpus/documents", "corpus/followups/documents"]


def fold(text):
    """Case-folded, whitespace-collapsed text; '' for None."""
    return re.sub(r"\s+", " ", (text or "").casefold()).strip()


class ParagrafCli:
    """Runs the paragraf CLI on one database; `tool` names the scorer in messages."""

    tool = "score"

    def __init__(self, binary, db):
        self.binary, self.db = binary, db

    def run(self, *args, ok=(0,)):
        env = dict(os.environ, PARAGRAF_DB=self.db)
        proc = subprocess.run([self.binary, *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=1800)
        if proc.returncode not in ok:
            sys.exit(f"{self.tool}: paragraf {' '.join(args)} failed "
                     f"(exit {proc.returncode}):\n{proc.stderr.strip()}")
        return proc

    def json(self, *args):
        return json.loads(self.run(*args).stdout)

    def import_corpus(self):
        # Exit 1: some file failed and the rest was imported; scored anyway,
        # with the message shown.
        proc = self.run("import", *IMPORT_DIRS, ok=(0, 1))
        if proc.returncode == 1:
            print(f"{self.tool}: import reported failures:\n{proc.stderr.strip()}",
                  file=sys.stderr)


def check_baseline(values, path, tool, describe, ok_message):
    """0 when every committed value is reached; 1 (with a line per miss) otherwise.
    `values` maps a name to this run's number; `describe(name)` labels it."""
    try:
        with open(path, encoding="utf-8") as f:
            committed = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{tool}: no usable baseline {path}: {e}", file=sys.stderr)
        return 1
    below = 0
    for name, want in committed.items():
        got = values.get(name, 0.0)
        if got + 1e-9 < want:
            print(f"below baseline: {describe(name)} {got:.3f} < {want:.3f}")
            below += 1
    if below:
        return 1
    print(f"{ok_message} ({path})")
    return 0


def write_baseline(values, path):
    """Writes `values`, rounded down to three decimals as tools/score does."""
    base = {name: math.floor(v * 1000 + 1e-9) / 1000 for name, v in values.items()}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(base, f, indent=2)
        f.write("\n")
    print(f"baseline written to {path}")
