#!/usr/bin/env bash
# The PDF generator still draws the committed corpus PDFs byte for byte:
# the generated corpus can be rebuilt from its sources on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for stem in seed-002-drn-sodra-2024-05-16 valfardsnamnden-strandby-2022-09-15; do
  /usr/bin/python3 tools/pdfgen/pdfgen.py "corpus/pdf-src/$stem.pdfsrc" "$out/$stem.pdf"
  if ! cmp -s "$out/$stem.pdf" "corpus/documents/gen-$stem.pdf"; then
    echo "pdfgen: $stem.pdfsrc no longer draws corpus/documents/gen-$stem.pdf (run tools/gen-pdfs and tools/regen-snapshots)" >&2
    exit 1
  fi
done
echo "pdfgen: 2 sources draw their committed PDFs byte for byte"
