#!/usr/bin/env python3
"""Search relevance of paragraf on corpus/search/relevance.json, against two baselines.

What it measures. Each of the 82 queries of the relevance set (README in
corpus/search/) is run with its filters by three systems over the same store:

- paragraf: `paragraf search QUERY [filters] --json --limit 10`, the Swedish
  analyzer of issue 6 (FTS5 table `search`, tokenizer paragraf_sv). Exit 4 (no
  hits) and exit 2 (query rejected) count as no hits.
- unicode61: an FTS5 table `temp.baseline(title, decision, motions, text)` with
  tokenize='unicode61 remove_diacritics 0', built in the same database (as a
  temporary table: the database is not changed) from the same stored text
  paragraf indexes (title; decision text; yrkanden with their authors; section
  headings and texts, then the case numbers), ranked by bm25(baseline, 10, 5,
  2, 1) and then newest meeting, like paragraf (--unicode61 'unicode61' scores
  FTS5's default, which also folds å, ä, ö). The query is written the way a
  careful user of plain FTS5 would: every word and "phrase" quoted, OR, NOT and
  prefix* kept; a query FTS5 rejects counts as no hits. --in restricts the
  match to one column ({decision}, {motions}, {title}).
- grep: case-insensitive substring search over each paragraph's text (the four
  columns joined, or the --in column). Every word or "phrase" must occur,
  `a OR b` needs either, `NOT a` excludes, `word*` is a plain substring. Ranked
  by the number of occurrences, then newest meeting.

The filters are the same SQL conditions for both baselines, mirroring paragraf:
--body matches bodies.name or bodies.abbreviation case-folded; --from/--to
compare documents.date (inclusive; an undated document is left out); --party
is a yrkande's or reservation's author party (case-insensitive); --person a
case-folded substring of a yrkande's or reservation's author name; --case
case_numbers.normalized (upper case, spaces removed).

How hits are matched. A hit matches a relevance id when it has the same §
number (both null for a tjänsteskrivelse) and comes from the id's file: the
hit's path basename is the basename of the id's `file` or of its
`same_text_in` (the PDF drawn from the same seed text, the "twin"). Body and
date are not compared when the id names a file, because body + date + § is
ambiguous (the two Välfärdsnämnden of 2022-09-15) and the store has no date
for seed-000 and for the PDF of seed-004. An id without a file would be
matched by body (name or abbreviation, case-folded), date and §. A paragraph
found twice (text and PDF twin) counts once, at its first rank.

Scores (README "Using it"). The top 10 hits are taken; hits that match an
`also_ok` id are dropped from the ranking; recall@10 = |relevant found| /
|relevant|; reciprocal rank = 1 / rank of the first relevant hit (0 when none).
Both are averaged over the queries (macro), overall and per category. False
hits count the `not_relevant` ids among the top 10.

Options: --by-query lists each query's paragraf recall, the rank of its first
relevant hit, what was missed (with paragraf's rank beyond 10, or "not in the
store"), the false hits and the hits ranked above the first relevant one.
--baseline FILE exits 1 when paragraf's recall@10 or MRR is below FILE's
({"recall@10": r, "mrr": m}); --write-baseline FILE writes the current ones
(rounded down to three decimals). --binary PATH picks the paragraf executable,
--db PATH scores an existing database instead of importing the corpus into a
temporary one.
"""

import argparse
import concurrent.futures
import json
import os
import re
import signal
import sqlite3
import sys
import tempfile
from collections import defaultdict

from scoring_common import (DEFAULT_BINARY, ROOT, ParagrafCli, check_baseline, fold,
                            write_baseline)

DEFAULT_RELEVANCE = os.path.join(ROOT, "corpus", "search", "relevance.json")
TOP = 10
DEEP = 100          # how far --by-query looks for a missed paragraph
METHODS = ["paragraf", "unicode61", "grep"]
# FTS5 tokenizer of the unicode61 baseline: å, ä, ö kept, like paragraf's
# analyzer, so that only stemming, compounds and identifiers differ. (FTS5's
# default, plain 'unicode61', folds them; --unicode61 'unicode61' scores that.)
UNICODE61 = "unicode61 remove_diacritics 0"
COLUMNS = ["title", "decision", "motions", "text"]
IN_COLUMN = {"beslut": "decision", "yrkanden": "motions", "rubrik": "title", "allt": None}
FILTER_OPTIONS = ["body", "from", "to", "in", "party", "person", "case"]


# ---------------------------------------------------------------- relevance ids

class Ref:
    """One paragraph of the relevance set, and the rule that matches a hit to it."""

    def __init__(self, item):
        self.body, self.date, self.paragraph = item["body"], item.get("date"), item.get("paragraph")
        self.file = item.get("file")
        self.files = {os.path.basename(f) for f in (self.file, item.get("same_text_in")) if f}
        self.organisation = item.get("organisation")
        self.title = item.get("title") or ""

    def key(self):
        return (self.file or fold(self.body), self.date, self.paragraph)

    def matches(self, hit):
        if hit["paragraph"] != self.paragraph:
            return False
        if self.files:
            return hit["file"] in self.files
        return fold(self.body) in (fold(hit["body"]), fold(hit["abbreviation"])) and \
            hit["date"] == self.date

    def label(self):
        where = f"§ {self.paragraph}" if self.paragraph is not None else "(no §)"
        body = f"{self.body} ({self.organisation})" if self.organisation else self.body
        return f"{body} {self.date} {where}"


class Query:
    """One query of the relevance set: text, filters and the ids it is judged by."""

    def __init__(self, item):
        self.id, self.category, self.text = item["id"], item["category"], item["query"]
        self.filters = item.get("filters") or {}
        unknown = set(self.filters) - set(FILTER_OPTIONS)
        if unknown:
            sys.exit(f"score-search: {self.id}: unknown filter {sorted(unknown)}")
        self.relevant = [Ref(r) for r in item["relevant"]]
        self.also_ok = [Ref(r) for r in item.get("also_ok", [])]
        self.not_relevant = [Ref(r) for r in item.get("not_relevant", [])]

    def describe(self):
        opts = " ".join(f"--{k} {v!r}" if " " in str(v) else f"--{k} {v}"
                        for k, v in self.filters.items())
        return f"{self.text!r}" + (f" {opts}" if opts else "")


# ---------------------------------------------------------------- scoring one ranking

class Outcome:
    """A query's score for one method."""

    def __init__(self, query, hits, rejected=False):
        self.query, self.hits, self.rejected = query, hits[:TOP], rejected
        ranking, seen = [], set()
        for hit in self.hits:
            if any(r.matches(hit) for r in query.also_ok):
                continue
            ranking.append(hit)
        self.found = {}           # relevant key -> rank (after dropping also_ok)
        self.first = None
        for rank, hit in enumerate(ranking, 1):
            for ref in query.relevant:
                if ref.matches(hit) and ref.key() not in seen:
                    seen.add(ref.key())
                    self.found[ref.key()] = rank
                    if self.first is None:
                        self.first = rank
        self.ranking = ranking
        self.recall = len(self.found) / len(query.relevant)
        self.rr = 1.0 / self.first if self.first else 0.0
        self.false_hits = [r for r in query.not_relevant if any(r.matches(h) for h in self.hits)]
        self.missed = [r for r in query.relevant if r.key() not in self.found]


# ---------------------------------------------------------------- paragraf

class Paragraf(ParagrafCli):
    """The paragraf CLI, for searches."""

    tool = "score-search"

    def search(self, query, limit=TOP):
        """(hits, rejected): exit 4 is no hits, exit 2 a rejected query."""
        args = ["search", query.text, "--json", "--limit", str(limit)]
        for k, v in query.filters.items():
            args += [f"--{k}", str(v)]
        proc = self.run(*args, ok=(0, 2, 4))
        if proc.returncode == 2:
            return [], True
        hits = json.loads(proc.stdout) if proc.stdout.strip() else []
        return [hit_of(h["body"], h.get("abbreviation"), h.get("date"), h.get("paragraph"),
                       h.get("path"), h.get("title")) for h in hits], False


def hit_of(body, abbreviation, date, paragraph, path, title):
    return {"body": body or "", "abbreviation": abbreviation or "", "date": date,
            "paragraph": paragraph, "file": os.path.basename(path or ""), "title": title or ""}


# ---------------------------------------------------------------- the baselines

JOINS = """
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
"""

# The filters as paragraf applies them (src/store/search.cc), with case folding
# done by Python functions (sfold, supper) because SQLite's lower() is ASCII only.
FILTERS = """
       (:body IS NULL OR sfold(b.name) = :body OR sfold(b.abbreviation) = :body)
   AND (:from IS NULL OR d.date >= :from)
   AND (:to IS NULL OR d.date <= :to)
   AND (:case IS NULL OR EXISTS (SELECT 1 FROM case_numbers c
                                  WHERE c.paragraph_id = p.id AND c.normalized = :case))
   AND (:party IS NULL
        OR EXISTS (SELECT 1 FROM motions m JOIN motion_authors a ON a.motion_id = m.id
                    WHERE m.paragraph_id = p.id AND supper(a.party) = :party)
        OR EXISTS (SELECT 1 FROM reservations r
                     JOIN reservation_authors a ON a.reservation_id = r.id
                    WHERE r.paragraph_id = p.id AND supper(a.party) = :party))
   AND (:person IS NULL
        OR EXISTS (SELECT 1 FROM motions m JOIN motion_authors a ON a.motion_id = m.id
                    WHERE m.paragraph_id = p.id AND instr(sfold(a.name), :person) > 0)
        OR EXISTS (SELECT 1 FROM reservations r
                     JOIN reservation_authors a ON a.reservation_id = r.id
                    WHERE r.paragraph_id = p.id AND instr(sfold(a.name), :person) > 0))
"""

HIT_COLUMNS = "p.id, b.name, b.abbreviation, d.date, p.number, d.path, p.title"


def filter_params(filters):
    def opt(name, f):
        v = filters.get(name)
        return f(v) if v else None
    return {"body": opt("body", fold), "from": opt("from", str), "to": opt("to", str),
            "case": opt("case", lambda v: re.sub(r"\s+", "", v).upper()),
            "party": opt("party", lambda v: v.strip().upper()),
            "person": opt("person", fold)}


class Baselines:
    """FTS5 unicode61 and grep over the stored paragraphs, with paragraf's filters."""

    def __init__(self, db, tokenize=UNICODE61):
        self.con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.con.create_function("sfold", 1, lambda s: fold(s) if s is not None else None,
                                 deterministic=True)
        self.con.create_function("supper", 1, lambda s: s.strip().upper() if s else None,
                                 deterministic=True)
        self.texts = self._texts()
        quoted = "'" + tokenize.replace("'", "''") + "'"
        self.con.execute("CREATE VIRTUAL TABLE temp.baseline USING fts5(title, decision, motions,"
                         f" text, tokenize={quoted})")
        self.con.executemany("INSERT INTO temp.baseline(rowid, title, decision, motions, text)"
                             " VALUES (?, ?, ?, ?, ?)",
                             [(pid, *cols) for pid, cols in self.texts.items()])

    def _texts(self):
        """{paragraph id: (title, decision, motions, text)} as paragraf indexes them."""
        con = self.con
        texts = {pid: [title, "", "", ""]
                 for pid, title in con.execute("SELECT id, title FROM paragraphs")}
        for pid, text in con.execute("SELECT paragraph_id, text FROM decisions"):
            texts[pid][1] = text
        authors = defaultdict(str)
        for mid, name, party in con.execute(
                "SELECT motion_id, name, party FROM motion_authors ORDER BY motion_id, ordinal"):
            authors[mid] += name + (f" ({party})" if party else "") + " "
        for mid, pid, text in con.execute(
                "SELECT id, paragraph_id, text FROM motions ORDER BY paragraph_id, ordinal"):
            texts[pid][2] += authors[mid] + text + "\n"
        for pid, heading, text in con.execute(
                "SELECT paragraph_id, heading, text FROM sections ORDER BY paragraph_id, ordinal"):
            texts[pid][3] += (heading + "\n" if heading else "") + text + "\n"
        for pid, case in con.execute("SELECT paragraph_id, case_number FROM case_numbers"
                                     " ORDER BY paragraph_id, ordinal"):
            texts[pid][3] += case + "\n"
        return {pid: tuple(cols) for pid, cols in texts.items()}

    @staticmethod
    def _hit(row):
        return hit_of(*row[1:7])

    def unicode61(self, query):
        """(hits, rejected)."""
        match = fts5_query(query.text)
        column = IN_COLUMN.get(query.filters.get("in", "allt"))
        if match is None:
            return [], True
        if column:
            match = f"{{{column}}} : ({match})"
        sql = (f"SELECT {HIT_COLUMNS}, bm25(baseline, 10.0, 5.0, 2.0, 1.0) AS score"
               f"  FROM baseline JOIN paragraphs p ON p.id = baseline.rowid {JOINS}"
               f" WHERE baseline MATCH :match AND {FILTERS}"
               " ORDER BY score, d.date DESC LIMIT :limit")
        try:
            rows = self.con.execute(sql, dict(filter_params(query.filters), match=match,
                                              limit=TOP)).fetchall()
        except sqlite3.Error:
            return [], True
        return [self._hit(r) for r in rows], False

    def grep(self, query):
        """(hits, rejected); rejected when the query has no positive term."""
        groups, excluded = grep_terms(query.text)
        if not groups:
            return [], True
        column = IN_COLUMN.get(query.filters.get("in", "allt"))
        rows = self.con.execute(f"SELECT {HIT_COLUMNS} FROM paragraphs p {JOINS} WHERE {FILTERS}",
                                filter_params(query.filters)).fetchall()
        scored = []
        for row in rows:
            cols = self.texts[row[0]]
            text = (cols[COLUMNS.index(column)] if column else "\n".join(cols)).casefold()
            if any(t in text for t in excluded):
                continue
            counts = [[text.count(t) for t in group] for group in groups]
            if not all(any(c) for c in counts):
                continue
            scored.append((-sum(map(sum, counts)), row[3] or "", row))
        # most occurrences first, then newest meeting, then store order
        scored.sort(key=lambda s: (s[0], _desc(s[1]), s[2][0]))
        return [self._hit(s[2]) for s in scored[:TOP]], False


def _desc(date):
    """A sort key putting later ISO dates first (undated last)."""
    return tuple(-ord(c) for c in date) if date else (1,)


def query_tokens(text):
    """[(kind, value)]: kind is 'phrase', 'word', 'prefix', 'OR', 'NOT' or 'AND'."""
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end
            tokens.append(("phrase", text[i + 1:end]))
            i = end + 1
        else:
            m = re.compile(r'[^\s"]+').match(text, i)
            word = m.group(0)
            i = m.end()
            if word in ("OR", "NOT", "AND"):
                tokens.append((word, word))
            elif word.endswith("*") and word.rstrip("*"):
                tokens.append(("prefix", word.rstrip("*")))
            else:
                tokens.append(("word", word))
    return tokens


def fts5_query(text):
    """The query as a careful user of plain FTS5 writes it, or None if empty."""
    parts = []
    for kind, value in query_tokens(text):
        if kind in ("OR", "NOT", "AND"):
            parts.append(kind)
        else:
            quoted = '"' + value.replace('"', '""') + '"'
            parts.append(quoted + ("*" if kind == "prefix" else ""))
    return " ".join(parts) if parts else None


def grep_terms(text):
    """([[term, ...] a group of alternatives, ...], [excluded term, ...]), case-folded."""
    groups, excluded, pending = [], [], None
    for kind, value in query_tokens(text):
        if kind in ("OR", "NOT", "AND"):
            pending = kind
            continue
        term = value.casefold()
        if not term.strip():
            pending = None
            continue
        if pending == "NOT":
            excluded.append(term)
        elif pending == "OR" and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending = None
    return groups, excluded


# ---------------------------------------------------------------- report

def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def summary(outcomes):
    return {"recall@10": mean([o.recall for o in outcomes]),
            "mrr": mean([o.rr for o in outcomes])}


def print_table(queries, results):
    print(f"{'method':<12}{'queries':>8}{'recall@10':>11}{'MRR':>8}{'complete':>10}"
          f"{'false hits':>12}{'rejected':>10}")
    for m in METHODS:
        outs = results[m]
        s = summary(outs)
        complete = sum(o.recall == 1.0 for o in outs)
        false = sum(len(o.false_hits) for o in outs)
        rejected = sum(o.rejected for o in outs)
        print(f"{m:<12}{len(outs):>8}{s['recall@10']:>11.3f}{s['mrr']:>8.3f}{complete:>10}"
              f"{false:>12}{rejected:>10}")
    print(f"(complete: queries with every relevant paragraph in the top {TOP}; false hits: "
          f"not_relevant paragraphs in the top {TOP}, of "
          f"{sum(len(q.not_relevant) for q in queries)})")
    print()
    cats = list(dict.fromkeys(q.category for q in queries))
    print(f"{'recall@10 by category':<22}{'n':>4}" + "".join(f"{m:>11}" for m in METHODS)
          + f"{'MRR paragraf':>14}")
    for cat in cats:
        idx = [i for i, q in enumerate(queries) if q.category == cat]
        row = "".join(f"{mean([results[m][i].recall for i in idx]):>11.3f}" for m in METHODS)
        print(f"{cat:<22}{len(idx):>4}{row}{mean([results['paragraf'][i].rr for i in idx]):>14.3f}")


def hit_label(hit):
    body = hit["abbreviation"] or hit["body"]
    where = f"§ {hit['paragraph']}" if hit["paragraph"] is not None else "(no §)"
    return f"{body} {hit['date']} {where} {hit['file']}"


def in_store(con, ref):
    """Whether the store holds the id's paragraph at all."""
    if not ref.files:
        return True
    rows = con.execute("SELECT d.path FROM paragraphs p JOIN documents d ON d.id = p.document_id"
                       " WHERE p.number IS ?", (ref.paragraph,)).fetchall()
    return any(os.path.basename(path) in ref.files for (path,) in rows)


def print_by_query(queries, results, deep, con):
    print(f"by query, paragraf, worst first: recall@{TOP}, rank of the first relevant hit, "
          "what was missed (paragraf's rank beyond the top 10, or why not found)")
    order = sorted(range(len(queries)), key=lambda i: (results["paragraf"][i].recall,
                                                       results["paragraf"][i].rr, queries[i].id))
    for i in order:
        q, o = queries[i], results["paragraf"][i]
        first = o.first if o.first else "-"
        base = "  ".join(f"{m} {results[m][i].recall:.2f}" for m in METHODS[1:])
        print(f"{q.id} [{q.category}] {q.describe()}")
        print(f"    recall {o.recall:.2f} ({len(o.found)}/{len(q.relevant)}), first relevant at "
              f"{first}{', query rejected' if o.rejected else ''}; {base}")
        for ref in o.missed:
            deeper = next((r for r, h in enumerate(deep.get(q.id, []), 1) if ref.matches(h)), None)
            if deeper:
                why = f"rank {deeper}"
            elif not in_store(con, ref):
                why = "not in the store"
            else:
                why = f"not in the first {DEEP} hits"
            print(f"    missed  {ref.label()}  {ref.title[:60]}  ({why})")
        for ref in o.false_hits:
            print(f"    false   {ref.label()}  {ref.title[:60]}")
        if o.first and o.first > 1:
            for hit in o.ranking[:o.first - 1]:
                print(f"    above   {hit_label(hit)}  {hit['title'][:60]}")
        if not o.hits and not o.rejected:
            print("    no hits")
    print()


# ---------------------------------------------------------------- main

def score(program, db, queries, by_query, tokenize=UNICODE61):
    """{method: [Outcome per query]}; prints the by-query details when asked."""
    workers = max(2, os.cpu_count() or 2)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        runs = list(pool.map(program.search, queries))
    results = {"paragraf": [Outcome(q, *r) for q, r in zip(queries, runs)]}
    baselines = Baselines(db, tokenize)
    results["unicode61"] = [Outcome(q, *baselines.unicode61(q)) for q in queries]
    results["grep"] = [Outcome(q, *baselines.grep(q)) for q in queries]
    if by_query:
        missing = [q for q, o in zip(queries, results["paragraf"]) if o.missed and not o.rejected]
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            deep = dict(zip([q.id for q in missing],
                            pool.map(lambda q: program.search(q, DEEP)[0], missing)))
        print_by_query(queries, results, deep, baselines.con)
    return results


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=DEFAULT_BINARY, help="the paragraf executable")
    ap.add_argument("--db", help="score this database instead of importing into a temporary one")
    ap.add_argument("--relevance", default=DEFAULT_RELEVANCE, help="the relevance set")
    ap.add_argument("--unicode61", default=UNICODE61, metavar="TOKENIZE",
                    help=f"the baseline's FTS5 tokenize option (default '{UNICODE61}')")
    ap.add_argument("--by-query", action="store_true", help="list each query's result")
    ap.add_argument("--baseline", metavar="FILE",
                    help="fail when paragraf's recall@10 or MRR is below FILE's")
    ap.add_argument("--write-baseline", metavar="FILE", help="write paragraf's numbers to FILE")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"score-search: no paragraf executable at {binary}")
    with open(args.relevance, encoding="utf-8") as f:
        queries = [Query(q) for q in json.load(f)["queries"]]

    with tempfile.TemporaryDirectory(prefix="score-search-") as tmp:
        if args.db:
            db = os.path.abspath(args.db)
            if not os.path.exists(db):
                sys.exit(f"score-search: no database at {db}")
            program = Paragraf(binary, db)
        else:
            db = os.path.join(tmp, "paragraf.db")
            program = Paragraf(binary, db)
            program.import_corpus()
        results = score(program, db, queries, args.by_query, args.unicode61)

    print_table(queries, results)
    scores = summary(results["paragraf"])
    status = 0
    if args.write_baseline:
        write_baseline(scores, args.write_baseline)
    if args.baseline:
        status = check_baseline(scores, args.baseline, "score-search",
                                lambda name: f"paragraf {name}",
                                "paragraf's recall@10 and MRR at or above the baseline")
    return status


if __name__ == "__main__":
    sys.exit(main())
