// Layout: turns normalised text into lines with their position and the
// structure the source shows (Markdown headings and bold, table cells, page
// breaks). Language-agnostic: what a line *means* is parse/'s business.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "extract/source.h"

namespace paragraf {

struct Line {
  std::string text;         // markup removed, trimmed; table rows: cells joined by '\t'
  SourcePos pos;            // page (0 when unknown) and 1-based line in the source
  int heading_level = 0;    // Markdown '#' count; 0 for ordinary lines
  bool emphasized = false;  // the whole line was bold or italic in the source
  // Byte ranges [begin, end) of bold text inside `text` (Markdown **…**).
  std::vector<std::pair<size_t, size_t>> bold_spans;
  std::vector<std::string> cells;  // table rows (pipe or tab tables); empty otherwise
  // PDF only: found by position and repetition to be a running header or
  // footer (page furniture). The parser skips such lines.
  bool furniture = false;

  bool blank() const { return text.empty(); }
  bool is_table_row() const { return !cells.empty(); }
};

struct TextLayout {
  std::vector<Line> lines;  // every source line, blank ones included
  int pages = 0;            // number of '\f'-separated pages; 0 when there are none
};

// Splits normalised UTF-8 text into lines. '\f' starts a new page. Markdown
// markup (#, **, _, >, pipe tables, <br>) is removed for kMarkdown and for
// text that uses it; tab-separated rows become cells.
TextLayout LayoutText(std::string_view text, SourceFormat format);

// What layout needs to know of the language.
struct LayoutOptions {
  // True when a word that starts a line keeps the hyphen that ends the line
  // before as a hanging hyphen ("hälso-" + "och sjukvård"); otherwise the
  // two halves of a broken word are joined ("sjukvårds-" + "nämnden").
  // Unset: every broken word is joined.
  std::function<bool(std::string_view next_word)> keeps_hanging_hyphen;
  // True for a line that is content even when it repeats at the top of
  // pages like a running header: "§ 12 …" or a diarienummer line, which
  // differ from page to page only in their digits. Unset: none.
  std::function<bool(std::string_view line)> never_furniture;
};

// Lays out the words of PDF pages (extract/'s PdfPage): rows from word
// boxes, cells where a row has column gaps (cover tables, two-column
// attendance, action-plan tables; dot leaders dropped), rows of a table
// whose cells wrap merged into one, blank lines where the text has vertical
// space, running headers and footers marked as furniture, headings from
// larger or bold type, and words broken at line ends joined. Word text is
// normalised here (NormalizeText) since PDF text never passes as one string.
TextLayout LayoutPdf(const std::vector<PdfPage>& pages, const LayoutOptions& options);

// `text` with each run of digits folded to one '#', so that lines that
// differ only in page numbers, § numbers and dates compare equal:
// "Sida 3 (12)" and "Sida 4 (12)" both give "Sida # (#)".
std::string RepeatKey(std::string_view text);

// Joins words broken at line ends between consecutive text lines of one
// page: "sjukvårds-" / "nämnden" becomes "sjukvårdsnämnden" on the first
// line; "e-" / "tjänst" keeps its hyphen; a hanging hyphen stays.
void JoinBrokenWords(const LayoutOptions& options, std::vector<Line>* lines);

}  // namespace paragraf
