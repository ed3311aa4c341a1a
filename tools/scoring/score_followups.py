#!/usr/bin/env python3
"""Follow-up accuracy of paragraf on the follow-up series (corpus/followups).

Imports corpus/documents and corpus/followups/documents into a fresh database
(or uses --db PATH), reads the program's follow-ups
(`paragraf followup list --as-of 2030-01-01 --status alla --json`) and its
balanslista on each date of the truth (`paragraf balanslista --as-of D
--format json`), and compares them with the hand-written truth in
corpus/followups/truth.json. Prints gold, found, right, precision, recall
and F1 per field, and the total (the sums over the fields), like tools/score.

Scope. The truth covers follow-ups whose origin is in seed-000, seed-001 or
corpus/followups/documents. A program follow-up counts only when its origin
meeting (body and date) is one of those documents' meetings, as the truth
dates them or as `paragraf parse` dates them (seed-000 has no date of its
own), so follow-ups of the other corpus documents are neither right nor
wrong.

Matching.
- Bodies are compared case-folded, by name or abbreviation: the pairs come
  from the program itself (`paragraf parse --json` of the scoped files and the
  balanslista's body/body_abbreviation), so "SVOM" matches "Sociala vård- och
  omsorgsgruppen". The municipality is not compared; origin date and § are
  unique in this corpus.
- An origin is (body, date, §); action-plan rows outside any § have § null.
- Follow-ups are matched one-to-one within the same origin and kind,
  preferring pairs whose assignees match, then equal due dates, then similar
  task text (greedy, best pair first).
- Assignees match when both are empty, or when one case-folded spelling
  contains the other. A truth assignee "A (B)" offers "A (B)", "A" and "B";
  "länets kommuner" is spelled "kommunerna" on both sides (README).

Fields.
- followup: matched pairs (origin + kind).
- followup_assignee: matched pairs whose assignees match.
- followup_due: matched pairs with the same due date (both null is equal).
- links: the truth's links (from = the later paragraph, to = the earlier one,
  kind) against the program's links that are facts (fact = true): a program
  link on a follow-up whose origin is X, pointing at paragraph Y with kind K,
  is the link Y -> X of kind K. Compared as (from, to, kind) sets. Truth
  links the follow-up list cannot show (to a decision outside the corpus, or
  to a paragraph without follow-ups) are left out and counted in a note.
- balanslista_<D>: per as-of date D in the truth, the open and overdue
  follow-ups that day, matched as above; right = matched with the assignee.

Options: --by-document lists, per origin document and §, the missed and extra
follow-ups, wrong assignees and dues, missed and extra links and balanslista
differences. --baseline FILE exits 1 when a field's F1 is below the committed
one ({field: f1}); --write-baseline FILE writes the current F1s (rounded down
to three decimals). --binary PATH picks the paragraf executable.
"""

import argparse
import difflib
import glob
import json
import os
import re
import signal
import sys
import tempfile
from collections import defaultdict

from scoring_common import (DEFAULT_BINARY, ROOT, ParagrafCli, check_baseline, fold,
                            write_baseline)

DEFAULT_TRUTH = os.path.join(ROOT, "corpus", "followups", "truth.json")
# Files (relative to corpus/) whose follow-ups the truth covers.
SCOPE_FILES = ["documents/seed-000-svom-protokollsutdrag.txt",
               "documents/seed-001-svom-kallelse-2021-10-08.txt"]
SCOPE_GLOB = "followups/documents/*.txt"
AS_OF_ALL = "2030-01-01"
# Assignee spellings the README declares equal, mapped to one spelling.
ASSIGNEE_SYNONYMS = [("länets kommuner", "kommunerna")]


# ---------------------------------------------------------------- scores

class FieldScore:
    """Counts of one field: gold items, items found, items right."""

    def __init__(self, gold=0, found=0, right=0):
        self.gold, self.found, self.right = gold, found, right

    def precision(self):
        return 1.0 if self.found == 0 else self.right / self.found

    def recall(self):
        return 1.0 if self.gold == 0 else self.right / self.gold

    def f1(self):
        p, r = self.precision(), self.recall()
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, other):
        self.gold += other.gold
        self.found += other.found
        self.right += other.right


# ---------------------------------------------------------------- program

class Paragraf(ParagrafCli):
    """The paragraf CLI, for follow-ups."""

    tool = "score-followups"

    def followups(self):
        return self.json("followup", "list", "--as-of", AS_OF_ALL, "--status", "alla", "--json")

    def balanslista(self, as_of):
        return self.json("balanslista", "--as-of", as_of, "--format", "json")["items"]

    def parse(self, path):
        return self.json("parse", "--json", path)


# ---------------------------------------------------------------- bodies

class Bodies:
    """Body names and abbreviations that name the same body (union-find)."""

    def __init__(self):
        self.parent = {}
        self.spellings = set()

    def _root(self, name):
        name = fold(name)
        self.parent.setdefault(name, name)
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def same(self, *names):
        names = [n for n in names if n]
        self.spellings.update(re.sub(r"\s+", " ", n).strip() for n in names)
        for other in names[1:]:
            a, b = self._root(names[0]), self._root(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)

    def key(self, name):
        if not name:
            return ""
        self.spellings.add(re.sub(r"\s+", " ", name).strip())
        return self._root(name)

    def rekey(self, mapping):
        """`mapping` {(key, ...): value} with its keys brought up to date."""
        return {(self._root(k[0]), *k[1:]): v for k, v in mapping.items()}

    def label(self, key):
        """The shortest spelling seen of the body whose key this is."""
        names = [n for n in self.spellings if self._root(n) == key]
        return min(names, key=lambda n: (len(n), n)) if names else key


# ---------------------------------------------------------------- records

def origin_key(bodies, body, date, paragraph):
    return (bodies.key(body), date, paragraph)


def origin_label(bodies, origin):
    body, date, paragraph = origin
    body = bodies.label(body)
    return f"{body} {date} § {paragraph}" if paragraph is not None else f"{body} {date} (outside any §)"


def truth_followup(bodies, item, files):
    o = item["origin"]
    key = origin_key(bodies, o["body"], o["date"], o.get("paragraph"))
    return {"id": item["id"], "origin": key, "kind": item["kind"], "assignee": item.get("assignee"),
            "due": item.get("due"), "task": item.get("task") or "",
            "file": o.get("file") or files.get(key[:2], "?")}


def program_followup(bodies, item, files):
    key = origin_key(bodies, item.get("body"), item.get("origin_date"), item.get("paragraph"))
    return {"id": item["id"], "origin": key, "kind": item["kind"], "assignee": item.get("assignee"),
            "due": item.get("due"), "task": item.get("task") or "",
            "file": files.get(key[:2], "?"), "links": item.get("links", [])}


def assignee_spellings(text):
    """The spellings a (truth or program) assignee may be matched by."""
    text = fold(text)
    for a, b in ASSIGNEE_SYNONYMS:
        text = text.replace(a, b)
    spellings = {text}
    inner = re.findall(r"\(([^)]*)\)", text)
    outer = re.sub(r"\([^)]*\)", " ", text)
    spellings.update(fold(s) for s in inner + [outer])
    return {s for s in spellings if s}


def assignee_match(a, b):
    """Both empty, or one spelling of one contains a spelling of the other."""
    sa, sb = assignee_spellings(a), assignee_spellings(b)
    if not sa or not sb:
        return not sa and not sb
    return any(x in y or y in x for x in sa for y in sb)


def match(gold, found):
    """One-to-one pairs of gold and found items with the same origin and kind.

    Returns (pairs, missed, extra); pairs are (gold, found)."""
    groups = defaultdict(lambda: ([], []))
    for g in gold:
        groups[(g["origin"], g["kind"])][0].append(g)
    for f in found:
        groups[(f["origin"], f["kind"])][1].append(f)
    pairs, missed, extra = [], [], []
    for gs, fs in groups.values():
        candidates = []
        for i, g in enumerate(gs):
            for j, f in enumerate(fs):
                task = difflib.SequenceMatcher(None, fold(g["task"]), fold(f["task"])).ratio()
                candidates.append((assignee_match(g["assignee"], f["assignee"]),
                                   g["due"] == f["due"], task, -i, -j, i, j))
        used_g, used_f = set(), set()
        for *_, i, j in sorted(candidates, reverse=True):
            if i not in used_g and j not in used_f:
                used_g.add(i)
                used_f.add(j)
                pairs.append((gs[i], fs[j]))
        missed += [g for i, g in enumerate(gs) if i not in used_g]
        extra += [f for j, f in enumerate(fs) if j not in used_f]
    return pairs, missed, extra


# ---------------------------------------------------------------- scope

def scope_meetings(bodies, truth, program):
    """{(body key, date): file} of the documents the truth covers.

    Also teaches `bodies` the abbreviations the parser gives."""
    files = {}
    paths = SCOPE_FILES + sorted(os.path.relpath(p, os.path.join(ROOT, "corpus"))
                                 for p in glob.glob(os.path.join(ROOT, "corpus", SCOPE_GLOB)))
    parsed = []
    for rel in paths:
        doc = program.parse(os.path.join("corpus", rel))
        body = doc.get("body") or {}
        bodies.same(body.get("name"), body.get("abbreviation"))
        parsed.append((body.get("name"), doc.get("date"), rel))
    for name, date, rel in parsed:
        files[(bodies.key(name), date)] = rel
    refs = []
    for f in truth["followups"]:
        refs.append(f["origin"])
        refs.append(f.get("closed_by") or {})
    for link in truth["links"]:
        refs += [link["from"], link["to"]]
    refs += [n.get("where", {}) for n in truth.get("not_followups", [])]
    for ref in refs:
        if ref.get("file") and ref.get("in_corpus", True):
            files.setdefault((bodies.key(ref["body"]), ref["date"]), ref["file"])
    return files


# ---------------------------------------------------------------- fields

def score_followups(pairs, missed, extra):
    """The three follow-up fields from the matching."""
    gold, found = len(pairs) + len(missed), len(pairs) + len(extra)
    return {
        "followup": FieldScore(gold, found, len(pairs)),
        "followup_assignee": FieldScore(
            gold, found, sum(assignee_match(g["assignee"], f["assignee"]) for g, f in pairs)),
        "followup_due": FieldScore(gold, found, sum(g["due"] == f["due"] for g, f in pairs)),
    }


def truth_links(bodies, truth):
    """(scorable {(from, to, kind): link}, skipped links)."""
    origins = {origin_key(bodies, f["origin"]["body"], f["origin"]["date"],
                          f["origin"].get("paragraph")) for f in truth["followups"]}
    scorable, skipped = {}, []
    for link in truth["links"]:
        fr, to = link["from"], link["to"]
        key = (origin_key(bodies, fr["body"], fr["date"], fr.get("paragraph")),
               origin_key(bodies, to["body"], to["date"], to.get("paragraph")), link["kind"])
        if to.get("in_corpus", True) and key[1] in origins:
            scorable[key] = link
        else:
            skipped.append(key)
    return scorable, skipped


def program_links(bodies, followups):
    """{(from, to, kind): evidence} of the program's links that are facts."""
    links = {}
    for f in followups:
        for link in f["links"]:
            if link.get("fact"):
                key = (origin_key(bodies, link.get("body"), link.get("date"), link.get("paragraph")),
                       f["origin"], link["kind"])
                links.setdefault(key, link.get("evidence") or "")
    return links


def score_links(bodies, truth, found):
    """(FieldScore, (missed keys, {extra key: evidence}), skipped truth links)."""
    gold_links, skipped = truth_links(bodies, truth)
    found_links = program_links(bodies, found)
    right = set(gold_links) & set(found_links)
    diff = ([k for k in gold_links if k not in found_links],
            {k: v for k, v in found_links.items() if k not in gold_links})
    return FieldScore(len(gold_links), len(found_links), len(right)), diff, skipped


def score_balanslista(pairs, missed, extra):
    """One balanslista: matched on origin and kind, right with the assignee too."""
    right = sum(assignee_match(g["assignee"], f["assignee"]) for g, f in pairs)
    return FieldScore(len(pairs) + len(missed), len(pairs) + len(extra), right)


# ---------------------------------------------------------------- report

def print_table(scores):
    width = max(14, max(len(f) for f in scores) + 2)
    print(f"{'field':<{width}}{'gold':>7}{'found':>7}{'right':>8}{'P':>8}{'R':>8}{'F1':>8}")
    total = FieldScore()
    for field, s in scores.items():
        total.add(s)
        print(f"{field:<{width}}{s.gold:>7}{s.found:>7}{s.right:>8}"
              f"{s.precision():>8.3f}{s.recall():>8.3f}{s.f1():>8.3f}")
    print(f"{'total':<{width}}{total.gold:>7}{total.found:>7}{total.right:>8}"
          f"{total.precision():>8.3f}{total.recall():>8.3f}{total.f1():>8.3f}")


def describe(item):
    due = item["due"] or "-"
    return f"{item['id']} {item['kind']} [{item['assignee'] or '-'}] due {due}"


def print_by_document(bodies, files, fu, link_diff, balans_diffs):
    """Per origin document and §: what was missed, extra or wrong."""
    notes = defaultdict(list)          # (file, origin) -> lines
    counts = defaultdict(lambda: defaultdict(int))  # file -> what -> n
    pairs, missed, extra = fu

    def note(file, origin, what, line):
        notes[(os.path.basename(file), origin)].append(line)
        counts[os.path.basename(file)][what] += 1

    for g in missed:
        note(g["file"], g["origin"], "missed", f"missed   {describe(g)}")
    for f in extra:
        note(f["file"], f["origin"], "extra", f"extra    {describe(f)}")
    for g, f in pairs:
        if not assignee_match(g["assignee"], f["assignee"]):
            note(g["file"], g["origin"], "assignee",
                 f"assignee {g['id']}/{f['id']} {g['kind']}: "
                 f"truth [{g['assignee'] or '-'}], program [{f['assignee'] or '-'}]")
        if g["due"] != f["due"]:
            note(g["file"], g["origin"], "due",
                 f"due      {g['id']}/{f['id']} {g['kind']}: truth {g['due'] or '-'}, "
                 f"program {f['due'] or '-'}")
    link_missed, link_extra = link_diff
    for (fr, to, kind) in link_missed:
        note(files.get(fr[:2], "?"), fr, "link missed",
             f"link missed {kind} -> {origin_label(bodies, to)}")
    for (fr, to, kind), evidence in link_extra.items():
        note(files.get(fr[:2], "?"), fr, "link extra",
             f"link extra  {kind} -> {origin_label(bodies, to)}  ({evidence})")
    for as_of, (_, b_missed, b_extra, b_wrong) in balans_diffs.items():
        for g in b_missed:
            note(g["file"], g["origin"], "balanslista",
                 f"balanslista {as_of}: missing {describe(g)}")
        for f in b_extra:
            note(f["file"], f["origin"], "balanslista",
                 f"balanslista {as_of}: extra {describe(f)}")
        for g, f in b_wrong:
            note(g["file"], g["origin"], "balanslista",
                 f"balanslista {as_of}: {g['id']}/{f['id']} assignee truth "
                 f"[{g['assignee'] or '-'}], program [{f['assignee'] or '-'}]")

    order = ["missed", "extra", "assignee", "due", "link missed", "link extra", "balanslista"]

    def summary(file):
        return ", ".join(f"{counts[file][w]} {w}" for w in order if counts[file][w])

    print("by document, most problems first (follow-ups, then links, then balanslista rows)")
    for file in sorted(counts, key=lambda f: [-sum(counts[f].values()), f]):
        print(f"  {file:<50} {summary(file)}")
    print()
    print("details (links are listed under the later paragraph, the one that cites)")
    for file in sorted(counts):
        print(f"{file}: {summary(file)}")
        for (nfile, origin) in sorted((k for k in notes if k[0] == file),
                                      key=lambda k: (k[1][1] or "", k[1][2] is None,
                                                     k[1][2] or 0)):
            print(f"  {origin_label(bodies, origin)}")
            for line in notes[(nfile, origin)]:
                print(f"    {line}")
    if not counts:
        print("no differences")
    print()


# ---------------------------------------------------------------- main

def score(program, truth, by_document):
    """{field: FieldScore}; prints the by-document differences when asked."""
    bodies = Bodies()
    files = scope_meetings(bodies, truth, program)
    all_items = program.followups()
    balanslistor = {as_of: program.balanslista(as_of) for as_of in sorted(truth["balanslista"])}
    for items in balanslistor.values():
        for item in items:
            bodies.same(item.get("body"), item.get("body_abbreviation"))
    files = bodies.rekey(files)  # the balanslista may have joined bodies

    def in_scope(item):
        return item["origin"][:2] in files

    gold = [truth_followup(bodies, f, files) for f in truth["followups"]]
    found = [x for x in (program_followup(bodies, f, files) for f in all_items) if in_scope(x)]
    fu = match(gold, found)
    scores = score_followups(*fu)

    scores["links"], link_diff, skipped = score_links(bodies, truth, found)

    balans_diffs = {}
    for as_of, items in sorted(truth["balanslista"].items()):
        b_gold = [truth_followup(bodies, dict(i, task=""), files) for i in items]
        b_found = [x for x in (program_followup(bodies, i, files)
                               for i in balanslistor[as_of]) if in_scope(x)]
        pairs, missed, extra = match(b_gold, b_found)
        scores[f"balanslista_{as_of}"] = score_balanslista(pairs, missed, extra)
        wrong = [(g, f) for g, f in pairs if not assignee_match(g["assignee"], f["assignee"])]
        balans_diffs[as_of] = (pairs, missed, extra, wrong)

    if by_document:
        print_by_document(bodies, files, fu, link_diff, balans_diffs)
    print(f"{len(gold)} follow-ups in the truth, {len(found)} of the program's "
          f"{len(all_items)} in scope; {len(skipped)} truth links not scorable through "
          f"the follow-up list (to a decision outside the corpus or without follow-ups)")
    return scores


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=DEFAULT_BINARY, help="the paragraf executable")
    ap.add_argument("--db", help="score this database instead of importing into a temporary one")
    ap.add_argument("--truth", default=DEFAULT_TRUTH, help="the truth file")
    ap.add_argument("--by-document", action="store_true", help="list the differences per document")
    ap.add_argument("--baseline", metavar="FILE", help="fail when a field's F1 is below FILE's")
    ap.add_argument("--write-baseline", metavar="FILE", help="write the F1s to FILE")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"score-followups: no paragraf executable at {binary}")
    with open(args.truth, encoding="utf-8") as f:
        truth = json.load(f)

    with tempfile.TemporaryDirectory(prefix="score-followups-") as tmp:
        if args.db:
            program = Paragraf(binary, os.path.abspath(args.db))
        else:
            program = Paragraf(binary, os.path.join(tmp, "paragraf.db"))
            program.import_corpus()
        scores = score(program, truth, args.by_document)

    print_table(scores)
    status = 0
    if args.write_baseline:
        write_baseline({field: f.f1() for field, f in scores.items()}, args.write_baseline)
    if args.baseline:
        status = check_baseline({field: f.f1() for field, f in scores.items()}, args.baseline,
                                "score-followups", lambda field: f"{field} F1",
                                "every field at or above its baseline")
    return status


if __name__ == "__main__":
    sys.exit(main())
