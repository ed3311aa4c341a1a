// PDF layout: from Poppler's word boxes to the lines the parser reads.
//
// The steps, per page: normalise the words; group them into rows by their
// vertical centre; split rows into cells at wide gaps and dot leaders;
// then, across the document, mark rows that repeat at the same height near
// the top or bottom of many pages as furniture; then merge the rows of a
// table whose cells wrap; then emit lines with blank lines where the page
// has vertical space, and join words broken at line ends.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/edit_distance.h"
#include "layout/layout.h"
#include "normalize/normalize.h"

namespace paragraf {

namespace {

// Tuning, in multiples of the row's font size unless said otherwise.
constexpr float kCellGap = 1.8F;         // a gap this wide starts a new cell
constexpr float kSpaceGap = 0.12F;       // a gap this wide is a space even without has_space_after
constexpr float kBlankGap = 0.5F;        // vertical space this tall is a blank line
constexpr float kTableGap = 1.6F;        // a table goes on over gaps up to this
constexpr float kLoneRowGap = 1.0F;      // … but its first row stands alone over a gap this tall
constexpr float kHangingIndent = 24.0F;  // points: a wrapped entry's indent under its column
constexpr float kColumnSlack = 6.0F;     // points: cells of one column start (or end) this close
constexpr float kFurnitureZone = 0.16F;  // share of the page height at top and bottom
constexpr float kFurnitureSlack = 6.0F;  // points: furniture sits this close to its place
constexpr float kMarkWidth = 15.0F;      // points: a cell this narrow is a mark ("X", "1")
constexpr float kSmallPrint = 0.8F;      // type this much smaller than the body's, at the edge
constexpr float kRowPitchJump = 1.2F;    // a table row pitch this much above the least starts a row

struct Word {
  std::string text;
  float x0, y0, x1, y1, size;
  bool bold, italic, space_after;
};

struct Cell {
  float x0 = 0, x1 = 0;
  std::string text;
  std::vector<std::pair<size_t, size_t>> bold_spans;
  size_t bold_chars = 0, italic_chars = 0, chars = 0;
};

struct Row {
  int page = 0;
  float y0 = 0, y1 = 0, size = 0;
  std::vector<Cell> cells;
  bool furniture = false;
  std::string key;  // text with digits folded, for repetition
};

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A dot leader, whole or as the tail of a word: "……", ".........".
size_t LeaderTail(std::string_view s) {
  size_t dots = 0, bytes = 0;
  while (bytes < s.size()) {
    const size_t n = s.size() - bytes;
    if (s[n - 1] == '.' || s[n - 1] == '_') {
      ++dots;
      ++bytes;
    } else if (n >= 3 && s.substr(n - 3) == "\xE2\x80\xA6") {  // …
      dots += 3;
      bytes += 3;
    } else {
      break;
    }
  }
  return dots >= 3 ? bytes : 0;
}

std::vector<Word> NormalizeWords(const PdfPage& page) {
  std::vector<Word> words;
  words.reserve(page.words.size());
  for (const PdfWord& w : page.words) {
    // A box that is not finite (a damaged font matrix) has no place on the
    // page, and NaN would break the sorts by position.
    if (!std::isfinite(w.x0) || !std::isfinite(w.y0) || !std::isfinite(w.x1) ||
        !std::isfinite(w.y1) || !std::isfinite(w.font_size)) {
      continue;
    }
    std::string text = IsAscii(w.text) ? w.text : NormalizeText(w.text);
    std::string_view t = Trim(text);
    if (t.empty()) continue;
    const float size = w.font_size > 0 ? w.font_size : w.y1 - w.y0;
    words.push_back(
        {std::string(t), w.x0, w.y0, w.x1, w.y1, size, w.bold, w.italic, w.space_after});
  }
  return words;
}

void AppendWord(const Word& w, const Word* prev, Cell* cell) {
  if (cell->text.empty()) cell->x0 = w.x0;
  if (prev != nullptr && !cell->text.empty() &&
      (prev->space_after || w.x0 - prev->x1 > kSpaceGap * w.size)) {
    cell->text.push_back(' ');
  }
  const size_t begin = cell->text.size();
  cell->text += w.text;
  const size_t n = w.text.size();
  cell->chars += n;
  if (w.bold) {
    cell->bold_chars += n;
    if (!cell->bold_spans.empty() && cell->bold_spans.back().second + 1 >= begin) {
      cell->bold_spans.back().second = cell->text.size();
    } else {
      cell->bold_spans.emplace_back(begin, cell->text.size());
    }
  }
  if (w.italic) cell->italic_chars += n;
  cell->x1 = w.x1;
}

// Words of one visual row, left to right, into cells.
std::vector<Cell> CellsOf(std::vector<const Word*> words, float size) {
  std::sort(words.begin(), words.end(), [](const Word* a, const Word* b) { return a->x0 < b->x0; });
  std::vector<Cell> cells(1);
  const Word* prev = nullptr;
  bool leader = false;
  for (const Word* w : words) {
    std::string_view text = w->text;
    const size_t tail = LeaderTail(text);
    if (tail == text.size()) {  // the word is all leader
      leader = true;
      continue;
    }
    const bool gap = prev != nullptr && w->x0 - prev->x1 > kCellGap * size;
    if ((gap || leader) && !cells.back().text.empty()) cells.emplace_back();
    leader = false;
    if (tail > 0) {
      Word head = *w;
      head.text = std::string(Trim(text.substr(0, text.size() - tail)));
      AppendWord(head, prev, &cells.back());
      leader = true;
    } else {
      AppendWord(*w, prev, &cells.back());
    }
    prev = w;
  }
  if (cells.back().text.empty() && cells.size() > 1) cells.pop_back();
  return cells;
}

std::vector<Row> RowsOf(const PdfPage& page) {
  std::vector<Word> words = NormalizeWords(page);
  std::vector<const Word*> order;
  order.reserve(words.size());
  for (const Word& w : words) order.push_back(&w);
  auto centre = [](const Word* w) { return (w->y0 + w->y1) / 2; };
  std::stable_sort(order.begin(), order.end(),
                   [&](const Word* a, const Word* b) { return centre(a) < centre(b); });
  std::vector<Row> rows;
  std::vector<const Word*> current;
  float row_centre = 0, row_height = 0;
  auto flush = [&] {
    if (current.empty()) return;
    Row row;
    row.page = page.number;
    row.y0 = current.front()->y0;
    row.y1 = current.front()->y1;
    // The row's size: the size most of its text is set in.
    std::map<float, size_t> sizes;
    for (const Word* w : current) {
      row.y0 = std::min(row.y0, w->y0);
      row.y1 = std::max(row.y1, w->y1);
      sizes[std::round(w->size * 2) / 2] += w->text.size();
    }
    row.size = std::max_element(sizes.begin(), sizes.end(), [](const auto& a, const auto& b) {
                 return a.second < b.second;
               })->first;
    if (row.size <= 0) row.size = row.y1 - row.y0;
    row.cells = CellsOf(current, row.size);
    rows.push_back(std::move(row));
    current.clear();
  };
  for (const Word* w : order) {
    const float h = w->y1 - w->y0;
    if (!current.empty() && std::fabs(centre(w) - row_centre) > 0.45F * std::min(h, row_height)) {
      flush();
    }
    if (current.empty()) {
      row_centre = centre(w);
      row_height = h;
    }
    current.push_back(w);
  }
  flush();
  return rows;
}

std::string RowText(const Row& row) {
  std::string text;
  for (const Cell& c : row.cells) {
    if (c.text.empty()) continue;
    if (!text.empty()) text.push_back('\t');
    text += c.text;
  }
  return text;
}

// Running headers and footers: rows in the top or bottom band of the page
// whose text, digits aside, comes back at the same height on many pages.
// Small type at the very top or bottom of a page, set apart from the text:
// a letterhead footer or a page stamp, also on a document of one page.
void MarkSmallPrint(const std::vector<PdfPage>& pages, float body_size,
                    std::vector<std::vector<Row>>* rows) {
  if (body_size <= 0) return;
  for (size_t p = 0; p < rows->size(); ++p) {
    auto& page_rows = (*rows)[p];
    const float height = pages[p].height > 0 ? pages[p].height : 842.0F;
    // From the bottom edge up, then from the top edge down, while small.
    for (size_t k = page_rows.size(); k-- > 0;) {
      Row& row = page_rows[k];
      if (row.y0 < (1 - kFurnitureZone) * height || row.size > kSmallPrint * body_size) break;
      row.furniture = true;
    }
    for (Row& row : page_rows) {
      if (row.y1 > kFurnitureZone * height || row.size > kSmallPrint * body_size) break;
      row.furniture = true;
    }
  }
}

// RepeatKey without the words of fewer than four characters: OCR reads a
// page header's logo and signs differently on each page ("ÖR NYKARLEBY",
// "År NYKARLEBY"; "41 §", "418"), its words alike. Empty when nothing is
// left.
std::string TolerantRepeatKey(std::string_view text) {
  std::string kept;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    size_t chars = 0;  // code points
    for (char c : word) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    if (chars >= 4) {
      if (!kept.empty()) kept += ' ';
      kept += word;
    }
    start = end + 1;
  }
  return kept.empty() ? std::string() : RepeatKey(kept);
}

// OCR misreads a letter of a running header now and then ("Välfärdshämnden"
// for "Välfärdsnämnden"): keys a few letters apart are one key, the more
// common one.
template <typename Seen>
void MergeMisreadKeys(std::map<std::string, std::vector<Seen>>* seen) {
  std::vector<std::string> keys;
  for (const auto& [key, list] : *seen) keys.push_back(key);
  std::sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
    return (*seen)[a].size() > (*seen)[b].size();
  });
  for (size_t i = 0; i < keys.size(); ++i) {
    auto from = seen->find(keys[i]);
    if (from == seen->end()) continue;
    for (size_t j = 0; j < i; ++j) {
      auto into = seen->find(keys[j]);
      if (into == seen->end() || into->first.substr(0, 2) != from->first.substr(0, 2)) continue;
      const size_t limit = std::max<size_t>(2, into->first.size() / 8);
      if (EditDistance(into->first, from->first, limit) > limit) continue;
      into->second.insert(into->second.end(), from->second.begin(), from->second.end());
      seen->erase(from);
      break;
    }
  }
}

void MarkFurniture(const LayoutOptions& options, const std::vector<PdfPage>& pages,
                   std::vector<std::vector<Row>>* rows) {
  // In a document with OCR pages, headers are compared by their longer
  // words only, on every page: the text-layer pages' headers must match the
  // OCR pages' too.
  const bool ocr =
      std::any_of(pages.begin(), pages.end(), [](const PdfPage& p) { return p.from_ocr; });
  int with_text = 0;
  for (const auto& page_rows : *rows) with_text += page_rows.empty() ? 0 : 1;
  if (with_text < 2) return;
  const int needed = with_text <= 3 ? 2 : std::max(3, static_cast<int>(std::ceil(0.2 * with_text)));
  struct Seen {
    int page;
    float y;
    Row* row;
  };
  std::map<std::string, std::vector<Seen>> seen;
  for (size_t p = 0; p < rows->size(); ++p) {
    const float height = pages[p].height > 0 ? pages[p].height : 842.0F;
    for (Row& row : (*rows)[p]) {
      const bool top = row.y1 <= kFurnitureZone * height;
      const bool bottom = row.y0 >= (1 - kFurnitureZone) * height;
      if (!top && !bottom) continue;
      const std::string text = RowText(row);
      if (options.never_furniture && options.never_furniture(text)) continue;
      std::string key = ocr ? TolerantRepeatKey(text) : std::string();
      if (key.empty()) key = RepeatKey(text);
      row.key = (top ? "T|" : "B|") + key;
      seen[row.key].push_back({row.page, row.y0, &row});
    }
  }
  if (ocr) MergeMisreadKeys(&seen);
  // Both passes sort a key's rows once instead of comparing every pair: a
  // footer of 2 000 pages is 2 000 rows of one key.
  for (auto& [key, list] : seen) {
    // A short run: an appendix or a besvärsanvisning at the end with its own
    // header, at exactly the same place on consecutive pages.
    std::sort(list.begin(), list.end(), [](const Seen& a, const Seen& b) {
      return a.page != b.page ? a.page < b.page : a.y < b.y;
    });
    for (size_t a = 0, next = 0; a < list.size(); ++a) {
      while (next < list.size() && list[next].page <= list[a].page) ++next;
      for (size_t b = next; b < list.size() && list[b].page == list[a].page + 1; ++b) {
        if (std::fabs(list[b].y - list[a].y) <= 1.0F) {
          list[a].row->furniture = true;
          list[b].row->furniture = true;
        }
      }
    }
    if (static_cast<int>(list.size()) < needed) continue;
    // The most common height, give or take the slack: each row is an anchor
    // whose neighbours (rows of the key within the slack of its height) are
    // furniture when they stand on `needed` pages or more. By height, the
    // neighbours are a window [lo, hi] that only moves down the list.
    std::sort(list.begin(), list.end(), [](const Seen& a, const Seen& b) { return a.y < b.y; });
    std::map<int, int> pages_in_window;          // page -> rows of it in [lo, hi)
    std::vector<int> marks(list.size() + 1, 0);  // +1 where a marked window starts, -1 after
    for (size_t anchor = 0, lo = 0, hi = 0; anchor < list.size(); ++anchor) {
      while (hi < list.size() && !(std::fabs(list[hi].y - list[anchor].y) > kFurnitureSlack)) {
        ++pages_in_window[list[hi].page];
        ++hi;
      }
      while (std::fabs(list[lo].y - list[anchor].y) > kFurnitureSlack) {
        auto it = pages_in_window.find(list[lo].page);
        if (--it->second == 0) pages_in_window.erase(it);
        ++lo;
      }
      if (static_cast<int>(pages_in_window.size()) >= needed) {
        ++marks[lo];
        --marks[hi];
      }
    }
    int open = 0;
    for (size_t k = 0; k < list.size(); ++k) {
      open += marks[k];
      if (open > 0) list[k].row->furniture = true;
    }
  }
}

// True when `text` starts with a lowercase letter (ASCII or å, ä, ö, é …).
bool StartsLowercase(std::string_view text) {
  if (text.empty()) return false;
  const auto first = static_cast<unsigned char>(text[0]);
  if (first >= 'a' && first <= 'z') return true;
  return first == 0xC3 && text.size() > 1 && static_cast<unsigned char>(text[1]) >= 0xA0;
}

// A cell is in a column when it starts or ends where the column does, or,
// narrow as a vote mark "X" centred under "Avstår", sits inside it.
bool SameColumn(const Cell& cell, float x0, float x1) {
  const float centre = (cell.x0 + cell.x1) / 2;
  const bool mark = cell.x1 - cell.x0 <= kMarkWidth;
  const bool inside = mark && cell.x1 - cell.x0 < x1 - x0 && centre >= x0 && centre <= x1;
  return std::fabs(cell.x0 - x0) <= kColumnSlack || std::fabs(cell.x1 - x1) <= kColumnSlack ||
         inside;
}

// The column a cell belongs to, or -1. A cell that reaches into the next
// column is running text, not a cell of this table.
int ColumnOf(const Cell& cell, const std::vector<std::pair<float, float>>& columns) {
  for (size_t c = 0; c < columns.size(); ++c) {
    if (!SameColumn(cell, columns[c].first, columns[c].second)) continue;
    if (c + 1 < columns.size() && cell.x1 > columns[c + 1].first + kColumnSlack) return -1;
    return static_cast<int>(c);
  }
  // An entry's wrapped end, indented under it: "Lise Hjemgaard-Svensson
  // (M), 1:a" / "vice ordförande".
  if (!StartsLowercase(cell.text)) return -1;
  for (size_t c = 0; c < columns.size(); ++c) {
    const bool indented =
        cell.x0 > columns[c].first && cell.x0 <= columns[c].first + kHangingIndent;
    if (!indented) continue;
    if (c + 1 < columns.size() && cell.x1 > columns[c + 1].first + kColumnSlack) return -1;
    return static_cast<int>(c);
  }
  return -1;
}

// ColumnOf, or, for a cell that fits no column, the last column that starts
// left of it (else the first): a table's first row lays down the columns,
// but its own cells may overlap them (words drawn over each other, boxes
// without a size), and no text may be lost. REQUIRES: columns not empty.
size_t ColumnOrNearest(const Cell& cell, const std::vector<std::pair<float, float>>& columns) {
  if (const int col = ColumnOf(cell, columns); col >= 0) return static_cast<size_t>(col);
  size_t nearest = 0;
  for (size_t c = 1; c < columns.size(); ++c) {
    if (columns[c].first <= cell.x0) nearest = c;
  }
  return nearest;
}

// Appends `more` to a cell's text as the next line of it: a word broken at
// the line end joins (the Swedish rule in JoinBrokenWords decides).
void AppendCellLine(const LayoutOptions& options, std::string* text, const std::string& more) {
  if (text->empty()) {
    *text = more;
    return;
  }
  // The cell's own lines stay lines ("Per-Olof Stenmark, kommundirektör" /
  // "Maria Lind, kommunsekreterare"); a word broken between them is joined.
  const size_t last_line = text->rfind('\n');
  std::vector<Line> pair(2);
  pair[0].text = last_line == std::string::npos ? *text : text->substr(last_line + 1);
  pair[1].text = more;
  JoinBrokenWords(options, &pair);
  text->resize(last_line == std::string::npos ? 0 : last_line + 1);
  *text += pair[0].text;
  // A new capitalised line is a new entry of the cell; anything else wraps.
  if (pair.size() > 1 && !pair[1].text.empty()) {
    const auto first = static_cast<unsigned char>(pair[1].text[0]);
    const bool entry =
        (first >= 'A' && first <= 'Z') || (first == 0xC3 && pair[1].text.size() > 1 &&
                                           static_cast<unsigned char>(pair[1].text[1]) < 0xA0);
    *text += (entry ? "\n" : " ") + pair[1].text;
  }
}

Line TextLine(const Row& row, const Cell& cell, float body_size) {
  Line line;
  line.pos.page = row.page;
  line.text = cell.text;
  line.furniture = row.furniture;
  line.bold_spans = cell.bold_spans;
  if (cell.chars > 0 && (cell.bold_chars == cell.chars || cell.italic_chars == cell.chars)) {
    line.emphasized = true;
  }
  if (body_size > 0 && row.size >= 1.3F * body_size) {
    line.heading_level = 1;
  } else if (body_size > 0 && row.size >= 1.1F * body_size) {
    line.heading_level = 2;
  }
  if (line.text == "-") line.text.clear();
  return line;
}

Line TableLine(const Row& first, const std::vector<std::string>& cells) {
  Line line;
  line.pos.page = first.page;
  line.furniture = first.furniture;
  line.cells = cells;
  for (const auto& c : cells) {
    if (c.empty()) continue;
    if (!line.text.empty()) line.text.push_back('\t');
    line.text += c;
  }
  std::replace(line.text.begin(), line.text.end(), '\n', ' ');
  return line;
}

// The size most of the document's text is set in.
float BodySize(const std::vector<std::vector<Row>>& rows) {
  std::map<float, size_t> sizes;
  for (const auto& page_rows : rows) {
    for (const Row& row : page_rows) {
      for (const Cell& c : row.cells) sizes[row.size] += c.chars;
    }
  }
  if (sizes.empty()) return 0;
  return std::max_element(sizes.begin(), sizes.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

// Emits one page's rows as lines: tables merged, blank lines for space.
void EmitPage(const LayoutOptions& options, const std::vector<Row>& rows, float body_size,
              std::vector<Line>* out) {
  const Row* prev = nullptr;
  int line_no = 0;
  auto push = [&](Line line) {
    line.pos.line = ++line_no;
    out->push_back(std::move(line));
  };
  auto gap_before = [&](const Row& row) { return prev == nullptr ? 0.0F : row.y0 - prev->y1; };
  std::vector<std::pair<float, float>> last_columns;
  for (size_t i = 0; i < rows.size();) {
    const Row& row = rows[i];
    if (prev != nullptr && gap_before(row) > kBlankGap * prev->size && !prev->furniture &&
        !row.furniture) {
      Line blank;
      blank.pos.page = row.page;
      push(std::move(blank));
    }
    if (row.cells.size() < 2 || row.furniture) {
      if (row.cells.size() < 2) {
        if (!row.furniture) last_columns.clear();  // running text ends a table
        push(TextLine(row, row.cells.front(), body_size));
      } else {
        std::vector<std::string> cells;
        for (const Cell& c : row.cells) cells.push_back(c.text);
        push(TableLine(row, cells));
      }
      prev = &row;
      ++i;
      continue;
    }
    // A table: this row and the rows after it whose cells sit in its columns.
    // A table that goes on after a gap (a group of a voting list) keeps the
    // columns it had, so that "X" stays under "Avstår".
    std::vector<std::pair<float, float>> columns;
    for (const Cell& c : row.cells) columns.emplace_back(c.x0, c.x1);
    if (!last_columns.empty() && last_columns.size() > columns.size() &&
        std::all_of(row.cells.begin(), row.cells.end(),
                    [&](const Cell& c) { return ColumnOf(c, last_columns) >= 0; })) {
      columns = last_columns;
    }
    size_t end = i + 1;
    while (end < rows.size()) {
      const Row& next = rows[end];
      const Row& last = rows[end - 1];
      if (next.furniture || next.y0 - last.y1 > kTableGap * last.size) break;
      // A lone row set off by space ("Protokoll | 5/2022" over the cover
      // table) is no header of what follows.
      if (end == i + 1 && next.y0 - last.y1 > kLoneRowGap * last.size) break;
      bool fits = true;
      for (const Cell& c : next.cells) fits = fits && ColumnOf(c, columns) >= 0;
      if (!fits) break;
      if (next.cells.size() == 1 && ColumnOf(next.cells.front(), columns) == 0 &&
          (next.y0 - last.y1 > kBlankGap * last.size ||
           std::fabs(next.size - row.size) > 0.05F * row.size)) {
        // Text at the left margin after space, or in another type size (a
        // "Beslut" heading under "§ 34 Val av justerare | KS 2024/4"): the
        // table has ended.
        break;
      }
      ++end;
    }
    // Rows of a table whose cells wrap: a wider pitch starts a new row.
    float least = 0, most = 0;
    for (size_t k = i + 1; k < end; ++k) {
      const float pitch = rows[k].y0 - rows[k - 1].y0;
      least = k == i + 1 ? pitch : std::min(least, pitch);
      most = std::max(most, pitch);
    }
    const bool wraps = end - i > 2 && most > kRowPitchJump * least;
    size_t k = i;
    size_t last_line = out->size();  // the table's previous line in `out`
    size_t last_start = i;           // and its first row
    std::vector<std::string> last_cells;
    while (k < end) {
      std::vector<std::string> cells(columns.size());
      size_t stop = k + 1;
      if (wraps) {
        while (stop < end && rows[stop].y0 - rows[stop - 1].y0 <= kRowPitchJump * least) ++stop;
      }
      for (size_t r = k; r < stop; ++r) {
        for (const Cell& c : rows[r].cells) {
          AppendCellLine(options, &cells[ColumnOrNearest(c, columns)], c.text);
        }
      }
      // An entry's wrapped tail in lowercase ("ordförande" under "Gustav
      // Ring (M), 1:e vice") goes on in the row above, whatever else this
      // row holds.
      // A row of lowercase captions under names ("ordförande |
      // protokollförare" under the signers) is a row of its own.
      const auto filled = std::count_if(cells.begin(), cells.end(),
                                        [](const std::string& c) { return !c.empty(); });
      const auto lowercase = std::count_if(cells.begin(), cells.end(),
                                           [](const std::string& c) { return StartsLowercase(c); });
      const bool captions = filled >= 2 && lowercase == filled;
      bool tail = false;
      if (last_line < out->size() && !captions) {
        for (size_t c = 0; c < cells.size() && c < last_cells.size(); ++c) {
          if (cells[c].empty() || last_cells[c].empty() || !StartsLowercase(cells[c])) continue;
          AppendCellLine(options, &last_cells[c], cells[c]);
          cells[c].clear();
          tail = true;
        }
      }
      if (tail) {
        const Line rebuilt = TableLine(rows[last_start], last_cells);
        (*out)[last_line].cells = rebuilt.cells;
        (*out)[last_line].text = rebuilt.text;
        if (std::all_of(cells.begin(), cells.end(),
                        [](const std::string& c) { return c.empty(); })) {
          k = stop;
          continue;
        }
      }
      last_line = out->size();
      last_start = k;
      last_cells = cells;
      Line line = TableLine(rows[k], cells);
      size_t bold = 0, chars = 0;
      for (size_t r = k; r < stop; ++r) {
        for (const Cell& c : rows[r].cells) {
          bold += c.bold_chars;
          chars += c.chars;
        }
      }
      line.emphasized = chars > 0 && bold == chars;
      push(std::move(line));
      k = stop;
    }
    last_columns = columns;
    prev = &rows[end - 1];
    i = end;
  }
}

}  // namespace

TextLayout LayoutPdf(const std::vector<PdfPage>& pages, const LayoutOptions& options) {
  std::vector<std::vector<Row>> rows;
  rows.reserve(pages.size());
  for (const PdfPage& page : pages) rows.push_back(RowsOf(page));
  MarkFurniture(options, pages, &rows);
  const float body_size = BodySize(rows);
  MarkSmallPrint(pages, body_size, &rows);
  TextLayout layout;
  layout.pages = static_cast<int>(pages.size());
  for (const auto& page_rows : rows) {
    std::vector<Line> lines;
    EmitPage(options, page_rows, body_size, &lines);
    for (auto& line : lines) layout.lines.push_back(std::move(line));
  }
  // Across page breaks too: the running header between the halves is furniture.
  JoinBrokenWords(options, &layout.lines);
  return layout;
}

}  // namespace paragraf
