// The balanslista as one self-contained HTML file: inline CSS, no script, no
// external resource, laid out to print on A4 landscape.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <future>
#include <iterator>
#include <span>
#include <string>
#include <string_view>

#include "report/balanslista.h"
#include "report/balanslista_internal.h"

namespace paragraf {

namespace {

// The entity for each byte HTML gives a meaning to; empty for the others.
constexpr std::array<std::string_view, 256> kEntities = [] {
  std::array<std::string_view, 256> entities{};
  entities['&'] = "&amp;";
  entities['<'] = "&lt;";
  entities['>'] = "&gt;";
  entities['"'] = "&quot;";
  entities['\''] = "&#39;";
  return entities;
}();

// Appends `text` to `out` with & < > " and ' as entities, copying the runs
// between them whole.
void AppendEscaped(std::string_view text, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const std::string_view entity = kEntities[static_cast<unsigned char>(text[i])];
    if (entity.empty()) continue;
    out->append(text.data() + run, i - run);
    out->append(entity);
    run = i + 1;
  }
  out->append(text.data() + run, text.size() - run);
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(text, &out);
  return out;
}

}  // namespace paragraf

namespace paragraf::report_internal {

namespace {

constexpr std::string_view kStyle = R"css(
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt;
       color: #111; margin: 0 auto; max-width: 277mm; padding: 4mm; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p.meta { margin: 0 0 4mm; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; }
section.summary table { width: auto; display: inline-table; margin: 0 8mm 2mm 0; }
tr.overdue td { background: #fbe0e0; }
tr.overdue td:first-child { border-left: 2.5pt solid #b00020; }
tr.old td:first-child { border-left: 2.5pt solid #a86400; }
.mark { font-weight: bold; white-space: nowrap; }
td .mark { display: block; }
.mark.overdue { color: #b00020; }
.mark.old { color: #8a5200; }
.small { font-size: 7.5pt; color: #555; }
ul.history { margin: 0; padding-left: 3.5mm; }
@media print { body { max-width: none; padding: 0; } }
)css";

// Writes the rows of a table into a page through a pointer: room for a row
// is made once, before it (Reserve), and each piece is then copied without
// a check. The page is longer than what is written until Finish().
class RowWriter {
 public:
  explicit RowWriter(std::string* out) : out_(out), at_(out->size()) {}
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;
  ~RowWriter() { Finish(); }

  // Room for `n` more bytes; grown a quarter megabyte at a time, within the
  // capacity reserved for the page as a rule.
  void Reserve(size_t n) {
    Sync();
    if (out_->size() - at_ < n) out_->resize(at_ + std::max(n, kGrowth));
    p_ = out_->data() + at_;
    end_ = out_->data() + out_->size();
  }

  // Cuts the page to what was written.
  void Finish() {
    Sync();
    p_ = end_ = nullptr;
    out_->resize(at_);
  }

  // REQUIRES (for each of these): the room was reserved.
  template <size_t N>
  void Put(const char (&literal)[N]) {
    std::memcpy(p_, literal, N - 1);
    p_ += N - 1;
  }
  void Write(std::string_view text) {
    std::memcpy(p_, text.data(), text.size());
    p_ += text.size();
  }
  // At most six bytes per byte of `text`.
  void Escaped(std::string_view text) {
    char* p = p_;
    for (char c : text) {
      const std::string_view entity = kEntities[static_cast<unsigned char>(c)];
      if (entity.empty()) {
        *p++ = c;
      } else {
        std::memcpy(p, entity.data(), entity.size());
        p += entity.size();
      }
    }
    p_ = p;
  }
  // Escaped, with each line break kept as <br> (\r before it dropped).
  void EscapedLines(std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (start > 0) Put("<br>");
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      Escaped(line);
      start = end + 1;
    }
  }
  // "<td>", `text` as EscapedLines writes it, "</td>".
  void LinesCell(std::string_view text) {
    Put("<td>");
    EscapedLines(text);
    Put("</td>");
  }
  // At most 11 bytes.
  void Number(int number) { p_ = std::to_chars(p_, end_, number).ptr; }

 private:
  static constexpr size_t kGrowth = size_t{256} * 1024;

  void Sync() {
    if (p_ != nullptr) at_ = static_cast<size_t>(p_ - out_->data());
  }

  std::string* out_;
  size_t at_;  // written up to here, as of the last Reserve()
  char* p_ = nullptr;
  char* end_ = nullptr;
};

void AppendCountTable(std::string_view heading, const std::vector<Count>& counts,
                      std::string* out) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it,
                 "<table>\n<thead><tr><th>{}</th><th class=\"num\">Antal</th></tr></thead>\n"
                 "<tbody>\n",
                 EscapeHtml(heading));
  for (const Count& count : counts) {
    fmt::format_to(it, "<tr><td>{}</td><td class=\"num\">{}</td></tr>\n", EscapeHtml(count.label),
                   count.count);
  }
  *out += "</tbody>\n</table>\n";
}

void AppendSummary(const Summary& summary, std::string* out) {
  auto it = std::back_inserter(*out);
  *out += "<section class=\"summary\">\n<h2>Sammanfattning</h2>\n";
  fmt::format_to(it,
                 "<p>Totalt {} · <span class=\"mark overdue\">Försenade "
                 "{}</span> · <span class=\"mark old\">Äldre än ett år "
                 "{}</span></p>\n",
                 summary.total, summary.overdue, summary.older_than_one_year);
  AppendCountTable("Status", summary.by_status, out);
  AppendCountTable("Typ", summary.by_kind, out);
  *out += "</section>\n";
}

// The most bytes a row of `item` takes with `origin` as its origin: six
// per byte of text (the longest entity), and the markup around it.
size_t RowBound(const BalanslistaItem& item, std::string_view origin) {
  size_t text = 2 * item.id.size() + item.title.size() + origin.size() + item.task.size() +
                item.due_text.size() + item.status.size() + 16;
  if (item.assignee) text += item.assignee->size();
  if (item.note) text += item.note->size();
  for (const std::string& number : item.case_numbers) text += number.size() + 1;
  for (const std::string& event : item.history) text += event.size() + 2;
  return 6 * text + 1024;
}

// One row of a group's table, straight into the page: the all-bodies list
// has tens of thousands of rows. `origin` is storage kept from row to row.
void AppendItemRow(const BalanslistaItem& item, const Date& as_of, std::string* origin,
                   RowWriter* out) {
  const bool overdue = IsOverdue(item, as_of);
  const bool old = IsOlderThanOneYear(item);
  const std::string due = DateText(item.due);
  const std::string status = StatusLabel(item.status);
  SetOriginText(item, origin);
  out->Reserve(RowBound(item, *origin) + 6 * status.size());

  out->Put("<tr id=\"");
  out->Escaped(item.id);
  if (overdue && old) {
    out->Put("\" class=\"overdue old\">");
  } else if (overdue) {
    out->Put("\" class=\"overdue\">");
  } else if (old) {
    out->Put("\" class=\"old\">");
  } else {
    out->Put("\">");
  }

  // Dnr, with the id to type in a note below it.
  out->Put("<td>");
  for (size_t i = 0; i < item.case_numbers.size(); ++i) {
    if (i > 0) out->Put("<br>");
    out->Escaped(item.case_numbers[i]);
  }
  out->Put("<div class=\"small\">");
  out->Escaped(item.id);
  out->Put("</div></td>");

  out->LinesCell(item.title);
  out->Put("<td>");
  out->Escaped(*origin);
  out->Put("</td>");
  out->LinesCell(item.assignee ? std::string_view(*item.assignee) : std::string_view());
  out->LinesCell(item.task);

  // Senast: the date, with the deadline as written below when it says more.
  out->Put("<td>");
  if (!due.empty()) {
    out->Put("<time datetime=\"");
    out->Write(due);
    out->Put("\">");
    out->Write(due);
    out->Put("</time>");
  }
  if (!item.due_text.empty() && (due.empty() || item.due_text.find(due) == std::string::npos)) {
    if (!due.empty()) out->Put("<div class=\"small\">");
    out->EscapedLines(item.due_text);
    if (!due.empty()) out->Put("</div>");
  }
  out->Put("</td><td>");

  out->Escaped(status);
  if (overdue) out->Put("<span class=\"mark overdue\">⚠ Försenad</span>");
  if (old) out->Put("<span class=\"mark old\">⌛ Äldre än ett år</span>");
  out->Put("</td><td class=\"num\">");
  out->Number(item.age_days);
  out->Put("</td><td>");
  if (!item.history.empty()) {
    out->Put("<ul class=\"history\">");
    for (const std::string& event : item.history) {
      out->Put("<li>");
      out->EscapedLines(event);
      out->Put("</li>");
    }
    out->Put("</ul>");
  }
  out->Put("</td>");
  out->LinesCell(item.note ? std::string_view(*item.note) : std::string_view());
  out->Put("</tr>\n");
}

// A group with this many rows is written on two threads: the all-bodies
// list has groups of tens of thousands, and a row takes about 0.6 µs.
constexpr size_t kRowsWorthASecondThread = 4096;

void AppendRows(std::span<const BalanslistaItem* const> items, const Date& as_of,
                std::string* out) {
  RowWriter rows(out);
  std::string origin;
  for (const BalanslistaItem* item : items) AppendItemRow(*item, as_of, &origin, &rows);
}

void AppendGroup(const Group& group, const Date& as_of, std::string* out) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "<section class=\"group\">\n<h2>{} ({})</h2>\n", EscapeHtml(group.label),
                 group.items.size());
  *out +=
      "<table>\n<thead><tr><th>Dnr</th><th>Ärende</th><th>Ursprung</th><th>Ansvarig</th>"
      "<th>Uppgift</th><th>Senast</th><th>Status</th><th class=\"num\">Ålder (dagar)</th>"
      "<th>Händelser sedan</th><th>Anteckning</th></tr></thead>\n<tbody>\n";
  const std::span<const BalanslistaItem* const> items(group.items);
  if (items.size() < kRowsWorthASecondThread) {
    AppendRows(items, as_of, out);
  } else {
    // The second half on its own thread into its own page, appended after
    // the first: the rows do not depend on each other.
    const size_t half = items.size() / 2;
    std::future<std::string> second = std::async(std::launch::async, [&items, &as_of, half] {
      std::string rows;
      rows.reserve((items.size() - half) * 512);
      AppendRows(items.subspan(half), as_of, &rows);
      return rows;
    });
    AppendRows(items.first(half), as_of, out);
    *out += second.get();
  }
  *out += "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string RenderHtml(const Balanslista& list, const std::vector<Group>& groups,
                       const Summary& summary) {
  const std::string as_of = DateText(list.as_of);
  const std::string body = BodyFilterText(list);
  std::string out;
  // About half a kilobyte a row: grown once or twice instead of by doubling.
  out.reserve(8192 + list.items.size() * 512);
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<title>Balanslista – {} per {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                 EscapeHtml(body), as_of, kStyle);
  fmt::format_to(it,
                 "<header>\n<h1>Balanslista</h1>\n<p class=\"meta\">per <time "
                 "datetime=\"{0}\">{0}</time> · Organ: {1}</p>\n</header>\n",
                 as_of, EscapeHtml(body));
  AppendSummary(summary, &out);
  if (groups.empty()) out += "<p>Inga öppna ärenden.</p>\n";
  for (const Group& group : groups) AppendGroup(group, list.as_of, &out);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace paragraf::report_internal
