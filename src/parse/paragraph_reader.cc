#include "parse/paragraph_reader.h"

#include <algorithm>
#include <cstdlib>

#include "parse/matcher.h"

namespace paragraf {

namespace {

constexpr size_t kMaxTitleLines = 4;

// Appends a line to section text, keeping one blank line between blocks.
void AppendText(std::string* text, std::string_view line, bool* pending_blank) {
  if (!text->empty()) text->append(*pending_blank ? "\n\n" : "\n");
  text->append(line);
  *pending_blank = false;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out.append(sep);
    out.append(part);
  }
  return out;
}

}  // namespace

bool ParagraphReader::HeadingRow(const Line& line, std::string* heading,
                                 std::string* case_cell) const {
  std::vector<std::string> cells;
  for (const auto& c : line.cells) {
    if (!c.empty()) cells.push_back(c);
  }
  // "§ 1 | Val av justerare": the number set apart from its title by a tab
  // stop. Only in bold or larger type, which an agenda row is not.
  const bool heading_type = line.emphasized || line.heading_level > 0;
  if (cells.size() >= 2 && heading_type) {
    if (auto number = FirstMatch(grammar_.Group("paragraphs"), cells[0] + " " + cells[1]);
        number && cells[0].size() <= 6) {
      cells[0] += " " + cells[1];
      cells.erase(cells.begin() + 1);
      if (cells.size() == 1) {
        *heading = cells[0];
        return true;
      }
    }
  }
  if (cells.size() != 2) return false;
  std::vector<std::string> cases;
  AddCaseNumbers(cells[1], &cases);
  if (cases.empty()) return false;
  *heading = cells[0];
  *case_cell = cells[1];
  return true;
}

bool ParagraphReader::IsCaseLine(size_t i) const {
  const Line& line = lines_[i];
  if (line.blank() || line.is_table_row()) return false;
  return FirstMatch(grammar_.Group("case_lines"), line.text).has_value();
}

void ParagraphReader::AddCaseNumbers(std::string_view text, std::vector<std::string>* out) const {
  for (std::string& number : FindCaseNumbers(grammar_, text)) {
    if (std::find(out->begin(), out->end(), number) == out->end())
      out->push_back(std::move(number));
  }
}

std::vector<ParagraphReader::Start> ParagraphReader::FindStarts() const {
  std::vector<Start> starts;
  int last = -1;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& line = lines_[i];
    if (lines_.skip(i)) continue;
    // "§ 34 Val av justerare | Dnr KS 2024/4": a heading with its
    // diarienummer set to the right reads as a row of two cells.
    std::string heading = line.text;
    std::string case_cell;
    if (line.is_table_row() && !HeadingRow(line, &heading, &case_cell)) continue;
    auto m = FirstMatch(grammar_.Group("paragraphs"), heading);
    if (!m) continue;
    std::string digits = m->Group("number");
    if (digits.empty()) digits = m->Group("number_alt");
    if (digits.empty()) continue;
    const int number = std::atoi(digits.c_str());
    if (number <= last) continue;  // "§ 46" in running text, or a repeated heading
    last = number;
    Start start;
    start.line = i;
    start.number = number;
    start.title = std::string(TrimView(m->Group("title")));
    start.case_number = m->Group("case");
    if (start.case_number.empty() && !case_cell.empty()) {
      std::vector<std::string> cases;
      AddCaseNumbers(case_cell, &cases);
      if (!cases.empty()) start.case_number = cases.front();
    }
    size_t above = i;
    while (above > 0 && lines_.skip(above - 1)) --above;
    if (above > 0 && IsCaseLine(above - 1)) start.case_above = above - 1;
    starts.push_back(std::move(start));
  }
  return starts;
}

std::optional<ParagraphReader::Start> ParagraphReader::FindUnnumbered() const {
  // A report without § numbers: its title is the last line before the
  // first section heading ("HSN/442/2023 / Målbild för god och nära vård /
  // Ärendebeskrivning").
  size_t first_heading = lines_.size();
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_.heading(i) != nullptr && !lines_.furniture(i)) {
      first_heading = i;
      break;
    }
  }
  if (first_heading == lines_.size()) return std::nullopt;
  for (size_t i = first_heading; i-- > 0;) {
    if (lines_.skip(i)) continue;
    if (IsCaseLine(i) || lines_[i].is_table_row()) break;
    // A title set in larger type over several lines starts at its first.
    const int level = lines_[i].heading_level;
    while (level > 0 && i > 0 && !lines_.skip(i - 1) && !lines_[i - 1].is_table_row() &&
           lines_[i - 1].heading_level == level) {
      --i;
    }
    Start start;
    start.line = i;
    return start;
  }
  Start start;
  start.line = first_heading;
  return start;
}

size_t ParagraphReader::Read(Document* doc) const {
  std::vector<Start> starts = FindStarts();
  if (starts.empty()) {
    auto unnumbered = FindUnnumbered();
    if (!unnumbered) return lines_.size();
    Paragraph p = ReadParagraph(*unnumbered, lines_.size());
    // The case number of a report stands above its title.
    std::vector<std::string> cases;
    for (size_t i = 0; i < unnumbered->line; ++i) {
      if (IsCaseLine(i)) AddCaseNumbers(lines_[i].text, &cases);
      // A letterhead set as a table: "Tfn: 063-14 75 71 | HSN/442/2023".
      if (lines_[i].is_table_row() && !lines_.furniture(i)) {
        for (const auto& cell : lines_[i].cells) {
          if (!cell.empty() && FirstMatch(grammar_.Group("case_lines"), cell)) {
            AddCaseNumbers(cell, &cases);
          }
        }
      }
    }
    for (auto& c : p.case_numbers) {
      if (std::find(cases.begin(), cases.end(), c) == cases.end()) cases.push_back(c);
    }
    p.case_numbers = std::move(cases);
    doc->paragraphs.push_back(std::move(p));
    return unnumbered->line;
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t end = k + 1 == starts.size()                          ? lines_.size()
                       : starts[k + 1].case_above != std::string::npos ? starts[k + 1].case_above
                                                                       : starts[k + 1].line;
    doc->paragraphs.push_back(ReadParagraph(starts[k], end));
  }
  return starts.front().line;
}

size_t ParagraphReader::ReadTitle(size_t from, size_t end, Paragraph* p) const {
  std::vector<std::string> parts;
  if (!p->title.empty()) parts.push_back(p->title);
  size_t i = from;
  // Skip blank lines before a title that stands on lines of its own.
  if (parts.empty()) {
    while (i < end && lines_.skip(i)) ++i;
    if (i < end) p->pos.line = p->pos.line == 0 ? lines_[i].pos.line : p->pos.line;
  }
  while (i < end && parts.size() < kMaxTitleLines) {
    if (lines_.furniture(i)) {
      // A date alone on the line right under a title line ends the title
      // ("Protokoll vid Ledningsgruppen för Västsvenska Paketet" /
      // "2024-01-26"); elsewhere such a line is a running header's date.
      const Rule* date = grammar_.Find("furniture", "bare-date");
      if (!parts.empty() && date != nullptr && Matches(*date, lines_[i].text) && i > 0 &&
          !lines_[i - 1].blank() && !lines_.furniture(i - 1)) {
        parts.push_back(lines_[i].text);
        ++i;
        break;
      }
      ++i;
      continue;
    }
    const Line& line = lines_[i];
    if (line.blank()) {
      // A Markdown heading broken over two headings: "representation i organ" / "och utskott".
      size_t next = i;
      while (next < end && lines_.skip(next)) ++next;
      if (!parts.empty() && next < end && lines_[next].heading_level > 0 &&
          lines_.heading(next) == nullptr && StartsWithLower(lines_[next].text)) {
        i = next;
        continue;
      }
      break;
    }
    if (lines_.heading(i) != nullptr || line.is_table_row() || IsCaseLine(i)) break;
    if (!p->title.empty() && parts.size() == 1 && !StartsWithLower(line.text)) break;
    parts.push_back(line.text);
    ++i;
  }
  std::string title = Join(parts, " ");
  // A case number written at the end of the title line ("… Havsörnsgatan 101 Bun/2019:460 693").
  std::vector<std::string> cases;
  AddCaseNumbers(title, &cases);
  for (const auto& c : cases) {
    const size_t at = title.find(c);
    if (at != std::string::npos && at > 0) {
      title = std::string(TrimView(std::string_view(title).substr(0, at)));
      if (std::find(p->case_numbers.begin(), p->case_numbers.end(), c) == p->case_numbers.end()) {
        p->case_numbers.push_back(c);
      }
    }
  }
  p->title = std::move(title);
  return i;
}

size_t ParagraphReader::ReadCaseLines(size_t from, size_t end, Paragraph* p) const {
  size_t i = from;
  while (i < end) {
    if (lines_.skip(i)) {
      ++i;
      continue;
    }
    if (!IsCaseLine(i)) break;
    AddCaseNumbers(lines_[i].text, &p->case_numbers);
    ++i;
  }
  return i;
}

size_t ParagraphReader::ReadSections(size_t from, size_t end, Paragraph* p) const {
  bool pending_blank = false;
  auto open = [&](SectionKind kind, std::string heading, const Line& line) {
    Section s;
    s.kind = kind;
    s.heading = std::move(heading);
    s.pos = line.pos;
    p->sections.push_back(std::move(s));
    pending_blank = false;
  };
  for (size_t i = from; i < end; ++i) {
    if (lines_.furniture(i)) continue;
    const Line& line = lines_[i];
    if (line.blank()) {
      pending_blank = true;
      continue;
    }
    if (const Rule* rule = lines_.heading(i)) {
      const auto kind = SectionKindFromString(rule->Attr("kind")).value_or(SectionKind::kOvrigt);
      std::string heading = line.text;
      std::string inline_text;
      // "Beslutet expedieras till: Skolinspektionen"
      if (const size_t colon = heading.find(':');
          colon != std::string::npos && colon + 1 < heading.size()) {
        inline_text = std::string(TrimView(std::string_view(heading).substr(colon + 1)));
        heading.resize(colon + 1);
      }
      open(kind, heading, line);
      if (!inline_text.empty()) p->sections.back().text = inline_text;
      if (rule->Attr("ends_paragraph") == "yes") return i + 1;
      continue;
    }
    if (line.heading_level > 0 && !line.is_table_row()) {
      open(SectionKind::kOvrigt, line.text, line);
      continue;
    }
    if (p->sections.empty()) open(SectionKind::kOvrigt, "", line);
    if (line.is_table_row()) {
      // Cells keep their columns ("Bengt Eriksson (KD)\t\tX": a Nej in a
      // vote list): empty cells stay, only trailing ones go.
      size_t last = line.cells.size();
      while (last > 0 && line.cells[last - 1].empty()) --last;
      std::string row;
      for (size_t c = 0; c < last; ++c) {
        if (c > 0) row.push_back('\t');
        for (char ch : line.cells[c]) row.push_back(ch == '\n' ? ' ' : ch);
      }
      AppendText(&p->sections.back().text, row, &pending_blank);
      continue;
    }
    AppendText(&p->sections.back().text, line.text, &pending_blank);
  }
  return end;
}

void ParagraphReader::ReadDecision(size_t from, size_t end, Paragraph* p) const {
  const Section* source = nullptr;
  for (const Section& s : p->sections) {
    if (s.kind == SectionKind::kBeslut && !s.text.empty()) source = &s;
  }
  if (source == nullptr && !p->number) {
    // A report without § numbers proposes rather than decides.
    for (const Section& s : p->sections) {
      if (s.kind == SectionKind::kForslag && !s.text.empty()) source = &s;
    }
  }
  bool immediate = false;
  for (size_t i = from; i < end; ++i) {
    if (!lines_.skip(i) && FirstMatch(grammar_.Group("justering"), lines_[i].text)) {
      immediate = true;
    }
  }
  if (source == nullptr) return;
  Decision d;
  d.text = source->text;
  d.pos = source->pos;
  d.immediately_adjusted = immediate;
  // Points: numbered items ("1. …") with what follows them; without
  // numbers, the bullets ("- …").
  std::vector<std::string> numbered, bullets;
  size_t pos = 0;
  const std::string& text = d.text;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line = TrimView(std::string_view(text).substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) {
      if (nl == text.size()) break;
      continue;
    }
    size_t digits = 0;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) {
      ++digits;
    }
    if (digits > 0 && digits <= 2 && digits + 1 < line.size() &&
        (line[digits] == '.' || line[digits] == ')') && line[digits + 1] == ' ') {
      numbered.emplace_back(TrimView(line.substr(digits + 1)));
    } else if (line.substr(0, 2) == "- ") {
      if (!numbered.empty()) {
        numbered.back().append("\n").append(line);
      }
      std::string_view item = TrimView(line.substr(2));
      if (!item.empty()) bullets.emplace_back(item);
    } else if (!numbered.empty()) {
      numbered.back().append("\n").append(line);
    } else if (!bullets.empty() && StartsWithLower(line)) {
      bullets.back().append(" ").append(line);
    }
    if (nl == text.size()) break;
  }
  d.points = numbered.empty() ? bullets : numbered;
  p->decision = std::move(d);
}

Paragraph ParagraphReader::ReadParagraph(const Start& start, size_t end) const {
  Paragraph p;
  p.number = start.number;
  p.title = start.title;
  p.pos = lines_[start.line].pos;
  if (start.case_above != std::string::npos) {
    AddCaseNumbers(lines_[start.case_above].text, &p.case_numbers);
  }
  if (!start.case_number.empty()) p.case_numbers.push_back(start.case_number);
  size_t i = start.number ? start.line + 1 : start.line;
  if (!start.number) p.title.clear();
  i = ReadTitle(i, end, &p);
  i = ReadCaseLines(i, end, &p);
  const size_t content_end = ReadSections(i, end, &p);
  ReadDecision(start.line, content_end, &p);
  return p;
}

}  // namespace paragraf
