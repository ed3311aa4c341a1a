#!/usr/bin/env bash
# Seed corpora for the fuzz targets, made from what the repository already
# holds (nothing is copied into git): make-seeds.sh OUT_DIR writes
# OUT_DIR/<target>/ for text_parser, grammar_loader, pdf_import,
# search_query and web_request. Idempotent; run from anywhere.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?usage: make-seeds.sh OUT_DIR}"
mkdir -p "$out"/{text_parser,grammar_loader,pdf_import,search_query,web_request}

# Text and Markdown protocols (the target's first byte picks .txt or .md).
for f in "$root"/corpus/documents/*.txt "$root"/corpus/documents/*.md \
         "$root"/corpus/followups/documents/*.txt "$root"/corpus/web/*.txt; do
  cp "$f" "$out/text_parser/$(basename "$f")"
done
# The grammar's own rule files.
for f in "$root"/grammars/sv/*.rules; do cp "$f" "$out/grammar_loader/"; done
# PDFs up to 100 kB: the generated corpus and the bad-input fixtures.
for f in "$root"/corpus/documents/*.pdf "$root"/tests/data/pdf/*.pdf; do
  if [ "$(stat -c %s "$f")" -le 100000 ]; then cp "$f" "$out/pdf_import/"; fi
done
# The queries of the search relevance set, one file each.
/usr/bin/python3 - "$root/corpus/search/relevance.json" "$out/search_query" <<'PY'
import json, sys
for q in json.load(open(sys.argv[1], encoding="utf-8"))["queries"]:
    with open(f"{sys.argv[2]}/{q['id']}", "w", encoding="utf-8") as f:
        f.write(q["query"])
PY
# Requests to every page and API route, in the format of
# WebRequestHandler: "METHOD TARGET", headers, a blank line, a form body.
n=0
while IFS= read -r request; do
  [ -z "$request" ] && continue
  n=$((n + 1))
  printf '%b' "$request" > "$out/web_request/request-$(printf %02d $n)"
done < "$root/tests/fuzz/web-requests.txt"
echo "make-seeds: $(find "$out" -type f | wc -l) seeds in $out"
