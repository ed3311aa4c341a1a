#include "parse/line_index.h"

#include <map>

#include "parse/matcher.h"

namespace paragraf {

namespace {

// The section rule a line matches. Rules with "emphasis = required" read
// like ordinary sentences and count only on a line set in bold or larger
// type (a PDF or Markdown heading): typography helps, the grammar decides.
const Rule* HeadingRule(const Grammar& grammar, const Line& line) {
  if (line.blank() || line.is_table_row()) return nullptr;
  std::string_view text = line.text;
  if (text.size() > 120) {
    // A long line can still open with a heading and its colon: "Beslutet
    // expedieras till: Rektor Sanda högstadium, Rektor …".
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon > 60) return nullptr;
    text = text.substr(0, colon + 1);
  }
  const bool emphasized = line.emphasized || line.heading_level > 0;
  for (const Rule* rule : MatchingRules(grammar.Group("sections"), text)) {
    if (!emphasized && rule->Attr("emphasis") == "required") continue;
    return rule;
  }
  return nullptr;
}

// Running headers are short: longer repeated lines are content.
constexpr size_t kMaxRunningHeader = 60;

}  // namespace

LineIndex::LineIndex(const Grammar& grammar, const std::vector<Line>& lines) {
  SplitInlineHeadings(grammar, lines);
  headings_.resize(lines_.size());
  for (size_t i = 0; i < lines_.size(); ++i) headings_[i] = HeadingRule(grammar, lines_[i]);
  MarkFurniture(grammar);
}

void LineIndex::SplitInlineHeadings(const Grammar& grammar, const std::vector<Line>& lines) {
  for (const Line& line : lines) {
    bool split = false;
    size_t cut = 0;
    std::vector<Line> parts;
    for (const auto& [b, e] : line.bold_spans) {
      if (b == 0 && e >= line.text.size()) break;  // the whole line is bold
      const std::string span(TrimView(std::string_view(line.text).substr(b, e - b)));
      Line probe;
      probe.text = span;
      probe.emphasized = true;  // a bold run
      if (HeadingRule(grammar, probe) == nullptr) continue;
      auto push = [&](std::string_view text, bool emphasized) {
        text = TrimView(text);
        if (text.empty()) return;
        Line part;
        part.text = std::string(text);
        part.pos = line.pos;
        part.heading_level = emphasized ? std::max(line.heading_level, 1) : 0;
        part.emphasized = emphasized;
        parts.push_back(std::move(part));
      };
      push(std::string_view(line.text).substr(cut, b - cut), false);
      push(span, true);
      cut = e;
      split = true;
    }
    if (!split) {
      lines_.push_back(line);
      continue;
    }
    std::string_view rest = TrimView(std::string_view(line.text).substr(cut));
    // "− Redovisning godkänns": a dash after the heading opens a point.
    if (!rest.empty()) {
      Line part;
      part.text = std::string(rest);
      part.pos = line.pos;
      parts.push_back(std::move(part));
    }
    for (auto& part : parts) lines_.push_back(std::move(part));
  }
}

void LineIndex::MarkFurniture(const Grammar& grammar) {
  const auto& rules = grammar.Group("furniture");
  furniture_.assign(lines_.size(), false);
  std::map<std::string, int> counts;
  std::vector<std::string> keys(lines_.size());
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& line = lines_[i];
    if (line.blank()) continue;
    // Found by the PDF layout from position and repetition, or by the rules.
    if (line.furniture || FirstMatch(rules, line.text)) furniture_[i] = true;
    // A header row with a page stamp in a cell: "Region … | TJÄNSTESKRIVELSE | Sida 2 (2)".
    if (const Rule* stamp = grammar.Find("furniture", "page-of-pages");
        stamp != nullptr && line.is_table_row()) {
      for (const auto& cell : line.cells) {
        if (!cell.empty() && Matches(*stamp, cell)) furniture_[i] = true;
      }
      // Its second row: only the date and the diarienummer ("| 2020-03-06 | RS/195/2020").
      if (furniture_[i] && i + 1 < lines_.size() && lines_[i + 1].is_table_row()) {
        const Line& next = lines_[i + 1];
        const Rule* date = grammar.Find("furniture", "bare-date");
        bool header = date != nullptr;
        for (const auto& cell : next.cells) {
          if (cell.empty() || !header) continue;
          header = Matches(*date, cell) || !FindCaseNumbers(grammar, cell).empty();
        }
        if (header) furniture_[i + 1] = true;
      }
    }
    // Paragraph starts and case lines repeat by nature ("§ # Ärendenummer …"):
    // never running headers.
    if (line.text.size() <= kMaxRunningHeader && !line.is_table_row() &&
        !FirstMatch(grammar.Group("paragraphs"), line.text) &&
        !FirstMatch(grammar.Group("case_lines"), line.text)) {
      keys[i] = RepeatKey(line.text);
      ++counts[keys[i]];
    }
  }
  // Running headers: short lines repeated three times or more whose nearest
  // content neighbour (blank lines and section headings passed over) is
  // known furniture. Lines that read as content never qualify: bullets,
  // lines with party letters "(S)", lines ending like a sentence or a list
  // item. Two passes let a header block ("Kommunstyrelsen" above "Protokoll
  // nr 11") grow from its known part.
  auto reads_as_content = [](const std::string& text) {
    const char last = text.back();
    return text.rfind("- ", 0) == 0 || last == '.' || last == ',' || last == ':' || last == ';' ||
           text.find(" (") != std::string::npos;
  };
  auto neighbour_is_furniture = [&](size_t i, int step) {
    for (size_t j = i; step < 0 ? j-- > 0 : ++j < lines_.size();) {
      if (lines_[j].blank() || headings_[j] != nullptr) continue;
      return static_cast<bool>(furniture_[j]);
    }
    return false;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (furniture_[i] || keys[i].empty() || counts[keys[i]] < 3 || headings_[i] != nullptr ||
          reads_as_content(lines_[i].text)) {
        continue;
      }
      if (neighbour_is_furniture(i, -1) || neighbour_is_furniture(i, +1)) furniture_[i] = true;
    }
  }
}

}  // namespace paragraf
