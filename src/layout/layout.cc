#include "layout/layout.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace paragraf {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80);
}

// Removes **bold** and __bold__ markers, recording where bold text ends up,
// and _italic_ / *italic* markers around words.
std::string StripEmphasis(std::string_view in, std::vector<std::pair<size_t, size_t>>* bold) {
  std::string out;
  out.reserve(in.size());
  size_t bold_start = std::string::npos;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if ((c == '*' || c == '_') && i + 1 < in.size() && in[i + 1] == c) {
      if (bold_start == std::string::npos) {
        bold_start = out.size();
      } else {
        if (out.size() > bold_start) bold->emplace_back(bold_start, out.size());
        bold_start = std::string::npos;
      }
      ++i;
      continue;
    }
    if (c == '*' || c == '_') {
      // A single marker counts only at a word edge: "_Beslutet_", not "a_b".
      const bool prev_word = i > 0 && IsWordChar(in[i - 1]);
      const bool next_word = i + 1 < in.size() && IsWordChar(in[i + 1]);
      if (!(prev_word && next_word)) continue;  // keep "gemensam_plan", drop "_Beslutet_"
    }
    out.push_back(c);
  }
  return out;
}

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s->find(from, pos)) != std::string::npos) {
    s->replace(pos, from.size(), to);
    pos += to.size();
  }
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return std::string(Trim(out));
}

bool IsPipeRule(std::string_view s) {
  // |---|---| or |:--|--:|
  if (s.empty() || s.front() != '|') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == '|' || c == '-' || c == ':' || c == ' '; });
}

std::vector<std::string> SplitCells(std::string_view row, char sep) {
  std::vector<std::string> cells;
  if (sep == '|') {
    if (!row.empty() && row.front() == '|') row.remove_prefix(1);
    if (!row.empty() && row.back() == '|') row.remove_suffix(1);
  }
  size_t start = 0;
  while (true) {
    size_t end = row.find(sep, start);
    std::string cell(Trim(row.substr(start, end == std::string_view::npos ? end : end - start)));
    ReplaceAll(&cell, "<br>", "\n");
    std::vector<std::pair<size_t, size_t>> ignored;
    cells.push_back(CollapseSpaces(StripEmphasis(cell, &ignored)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return cells;
}

void LayoutLine(std::string_view raw, bool markdown, Line* line) {
  std::string_view s = Trim(raw);
  if (markdown) {
    while (!s.empty() && s.front() == '>') s = Trim(s.substr(1));  // block quote
    int level = 0;
    while (level < static_cast<int>(s.size()) && s[static_cast<size_t>(level)] == '#') ++level;
    if (level > 0 && level <= 6 && static_cast<size_t>(level) < s.size() &&
        s[static_cast<size_t>(level)] == ' ') {
      line->heading_level = level;
      s = Trim(s.substr(static_cast<size_t>(level)));
    }
  }
  std::string_view table = s;
  if (table.substr(0, 2) == "- " && Trim(table.substr(2)).substr(0, 1) == "|") {
    table = Trim(table.substr(2));  // "- | a | b |": a table behind a list marker
  }
  if (!table.empty() && table.front() == '|' && table.size() > 1 && table.back() == '|') {
    if (IsPipeRule(table)) return;  // the rule under a table header: nothing to keep
    line->cells = SplitCells(table, '|');
    std::string joined;
    for (const auto& cell : line->cells) {
      if (cell.empty()) continue;
      if (!joined.empty()) joined.push_back('\t');
      joined += cell;
    }
    ReplaceAll(&joined, "\n", " ");
    line->text = joined;
    return;
  }
  if (s.find('\t') != std::string_view::npos) {
    line->cells = SplitCells(s, '\t');
  }
  std::string text = StripEmphasis(s, &line->bold_spans);
  ReplaceAll(&text, "<br>", " ");
  // Keep tabs in table rows; elsewhere they are just spaces.
  if (line->cells.empty()) std::replace(text.begin(), text.end(), '\t', ' ');
  // Collapsing spaces would shift bold spans; only trim.
  std::string_view trimmed = Trim(text);
  const size_t lead = static_cast<size_t>(trimmed.data() - text.data());
  for (auto& [b, e] : line->bold_spans) {
    b = b >= lead ? b - lead : 0;
    e = std::min(e >= lead ? e - lead : 0, trimmed.size());
  }
  line->text = std::string(trimmed);
  if (line->text == "-" || line->text == "*") line->text.clear();  // an empty list item
  if (!line->bold_spans.empty() && line->bold_spans.front().first == 0 &&
      line->bold_spans.front().second >= line->text.size()) {
    line->emphasized = true;
  }
  const bool all_emphasis = s.size() >= 2 && ((s.front() == '_' && s.back() == '_') ||
                                              (s.front() == '*' && s.back() == '*'));
  if (all_emphasis) line->emphasized = true;
}

// "| 13. | Mötetider SVOM 2022": a table row that does not close on its line.
bool IsOpenPipeRow(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (s.substr(0, 2) == "- ") s = Trim(s.substr(2));
  return s.size() > 1 && s.front() == '|' && s.back() != '|' &&
         std::count(s.begin(), s.end(), '|') >= 2;
}

// Whether `text` holds `number` as a token of its own ("Sida 3", "3 (12)").
bool HasNumber(std::string_view text, int number) {
  const std::string digits = std::to_string(number);
  for (size_t at = text.find(digits); at != std::string_view::npos;
       at = text.find(digits, at + 1)) {
    const bool before = at == 0 || !std::isdigit(static_cast<unsigned char>(text[at - 1]));
    const size_t end = at + digits.size();
    const bool after = end == text.size() || !std::isdigit(static_cast<unsigned char>(text[end]));
    if (before && after) return true;
  }
  return false;
}

// A text with pages (form feeds, as pdftotext writes them): the first or
// last line of a page is its running header or footer when it comes back on
// at least half the pages: with the page's own number ("… Sida 2", "… Sida
// 3") on two pages or more, or word for word (not a sentence) on three or
// more.
void MarkRepeatedPageEdges(TextLayout* layout) {
  std::map<int, std::pair<size_t, size_t>> spans;  // page -> first, last line
  for (size_t i = 0; i < layout->lines.size(); ++i) {
    const int page = layout->lines[i].pos.page;
    auto [it, added] = spans.try_emplace(page, i, i);
    if (!added) it->second.second = i;
  }
  struct Edge {
    size_t line;
    std::string key;
  };
  std::vector<Edge> edges;
  std::map<std::string, std::set<int>> numbered, verbatim;
  for (const auto& [page, span] : spans) {
    for (const bool first : {true, false}) {
      size_t i = first ? span.first : span.second;
      while (layout->lines[i].blank() && i != (first ? span.second : span.first)) {
        i = first ? i + 1 : i - 1;
      }
      const Line& line = layout->lines[i];
      if (line.blank()) continue;
      const std::string_view text = Trim(line.text);
      const std::string key = std::string(first ? "h:" : "f:") + RepeatKey(text);
      edges.push_back({i, key});
      if (HasNumber(text, page)) numbered[key].insert(page);
      // A sentence (ending in a full stop) is no header, however often a
      // page ends with "Informationen läggs till handlingarna."
      if (text.size() > 1 && text.back() != '.') {
        verbatim[std::string(first ? "h:" : "f:") + std::string(text)].insert(page);
      }
    }
  }
  const size_t half = static_cast<size_t>(layout->pages + 1) / 2;
  for (const Edge& e : edges) {
    const std::string_view text = Trim(layout->lines[e.line].text);
    const std::string same = e.key.substr(0, 2) + std::string(text);
    if (numbered[e.key].size() >= std::max<size_t>(2, half) ||
        verbatim[same].size() >= std::max<size_t>(3, half)) {
      layout->lines[e.line].furniture = true;
    }
  }
}

}  // namespace

TextLayout LayoutText(std::string_view text, SourceFormat format) {
  TextLayout layout;
  const bool markdown = format == SourceFormat::kMarkdown;
  const bool paged = format == SourceFormat::kPdf || text.find('\f') != std::string_view::npos;
  int page = paged ? 1 : 0;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    ++line_no;
    const int first_line = line_no;
    // A pipe-table row whose cell holds line breaks goes on until a line
    // ends with '|': "| 13. | Mötetider SVOM 2022" … "2 december. | Tom Silverklo 15:30 |".
    std::string joined;
    if (IsOpenPipeRow(raw)) {
      joined = std::string(Trim(raw));
      size_t next = end;
      int extra = 0;
      while (next < text.size() && extra < 20) {
        const size_t next_end = std::min(text.find('\n', next + 1), text.size());
        std::string_view more = Trim(text.substr(next + 1, next_end - next - 1));
        joined += "<br>";
        joined += more;
        ++extra;
        next = next_end;
        if (!more.empty() && more.back() == '|') break;
      }
      if (!joined.empty() && joined.back() == '|') {
        raw = joined;
        end = next;
        line_no += extra;
      }
    }
    // A form feed starts a new page, possibly in the middle of a line.
    size_t ff;
    while ((ff = raw.find('\f')) != std::string_view::npos) {
      if (ff > 0) {
        Line line;
        line.pos = {page, line_no};
        LayoutLine(raw.substr(0, ff), markdown, &line);
        layout.lines.push_back(std::move(line));
      }
      raw.remove_prefix(ff + 1);
      ++page;
    }
    Line line;
    line.pos = {page, first_line};
    LayoutLine(raw, markdown, &line);
    layout.lines.push_back(std::move(line));
    if (end == text.size()) break;
    pos = end + 1;
  }
  layout.pages = paged ? page : 0;
  if (format != SourceFormat::kPdf && layout.pages >= 2) MarkRepeatedPageEdges(&layout);
  return layout;
}

}  // namespace paragraf

namespace paragraf {

namespace {

bool IsLetterStart(std::string_view s, bool* lower) {
  if (s.empty()) return false;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) {
    *lower = std::islower(c) != 0;
    return std::isalpha(c) != 0;
  }
  // Latin-1 supplement letters in UTF-8: C3 80-BF; lowercase from C3 A0.
  if (c == 0xC3 && s.size() > 1) {
    const auto d = static_cast<unsigned char>(s[1]);
    *lower = d >= 0xA0;
    return d != 0x97 && d != 0xB7;  // × and ÷ are no letters
  }
  return false;
}

// The last character before the final '-' of `word`: a letter, and whether
// it is a capital or digit (then the hyphen belongs to the word: "EU-", "e-").
bool EndsWithBreakableHyphen(std::string_view word, bool* keep_hyphen) {
  if (word.size() < 2 || word.back() != '-') return false;
  std::string_view stem = word.substr(0, word.size() - 1);
  const auto last = static_cast<unsigned char>(stem.back());
  // Find the start of the last UTF-8 character.
  size_t start = stem.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(stem[start]) & 0xC0) == 0x80) --start;
  bool lower = false;
  const bool digit = last >= '0' && last <= '9';
  if (!digit && !IsLetterStart(stem.substr(start), &lower)) return false;
  // "e-", "EU-", "covid19-": the hyphen is part of the word.
  size_t letters = 0;
  for (size_t i = 0; i < stem.size(); ++i) {
    if ((static_cast<unsigned char>(stem[i]) & 0xC0) != 0x80) ++letters;
  }
  *keep_hyphen = digit || !lower || letters == 1;
  return true;
}

}  // namespace

std::string RepeatKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (key.empty() || key.back() != '#') key.push_back('#');
    } else {
      key.push_back(c);
    }
  }
  return key;
}

void JoinBrokenWords(const LayoutOptions& options, std::vector<Line>* lines) {
  std::vector<bool> drop(lines->size(), false);
  for (size_t i = 0; i < lines->size(); ++i) {
    Line& line = (*lines)[i];
    if (drop[i] || line.blank() || line.is_table_row() || line.furniture) continue;
    const std::string& a = line.text;
    const size_t space = a.rfind(' ');
    const std::string_view last_word =
        std::string_view(a).substr(space == std::string::npos ? 0 : space + 1);
    bool keep_hyphen = false;
    if (!EndsWithBreakableHyphen(last_word, &keep_hyphen)) continue;
    size_t j = i + 1;
    while (j < lines->size() && (*lines)[j].furniture) ++j;
    if (j >= lines->size()) continue;
    Line& next = (*lines)[j];
    if (next.blank() || next.is_table_row() || next.heading_level != line.heading_level) continue;
    const std::string& b = next.text;
    const size_t word_end = std::min(b.find(' '), b.size());
    const std::string_view first_word = std::string_view(b).substr(0, word_end);
    bool lower = false;
    if (!IsLetterStart(first_word, &lower) || !lower) continue;
    if (options.keeps_hanging_hyphen && options.keeps_hanging_hyphen(first_word)) continue;
    std::string joined = a.substr(0, a.size() - 1);
    if (keep_hyphen) joined.push_back('-');
    joined.append(first_word);
    line.text = std::move(joined);
    size_t rest = word_end;
    while (rest < b.size() && b[rest] == ' ') ++rest;
    for (auto& [begin, end] : next.bold_spans) {
      begin = begin > rest ? begin - rest : 0;
      end = end > rest ? end - rest : 0;
    }
    next.bold_spans.erase(std::remove_if(next.bold_spans.begin(), next.bold_spans.end(),
                                         [](const auto& s) { return s.first >= s.second; }),
                          next.bold_spans.end());
    next.text.erase(0, rest);
    if (next.text.empty()) drop[j] = true;
  }
  size_t out = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    if (drop[i]) continue;
    if (out != i) (*lines)[out] = std::move((*lines)[i]);
    ++out;
  }
  lines->resize(out);
}

}  // namespace paragraf
