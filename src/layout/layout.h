// Layout: turns normalised text into lines with their position and the
// structure the source shows (Markdown headings and bold, table cells, page
// breaks). Language-agnostic: what a line *means* is parse/'s business.
#pragma once

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

}  // namespace paragraf
