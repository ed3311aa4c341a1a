// The balanslista as one self-contained HTML file: inline CSS, no script, no
// external resource, laid out to print on A4 landscape.
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <iterator>
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

// Appends a string literal without measuring it at run time.
template <size_t N>
void Put(const char (&literal)[N], std::string* out) {
  out->append(literal, N - 1);
}

// Appends `text` escaped, with each line break kept as <br>.
void AppendEscapedLines(std::string_view text, std::string* out) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (start > 0) Put("<br>", out);
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    AppendEscaped(line, out);
    start = end + 1;
  }
}

// Appends "<td>", `text` as AppendEscapedLines writes it, "</td>".
void AppendLinesCell(std::string_view text, std::string* out) {
  Put("<td>", out);
  AppendEscapedLines(text, out);
  Put("</td>", out);
}

void AppendNumber(int number, std::string* out) {
  char digits[16];
  const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), number);
  out->append(digits, static_cast<size_t>(end - digits));
}

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

// One row of a group's table. Written piece by piece straight into `out`:
// the all-bodies list has tens of thousands of rows.
// `scratch` is storage kept from row to row.
void AppendItemRow(const BalanslistaItem& item, const Date& as_of, std::string* scratch,
                   std::string* out) {
  const bool overdue = IsOverdue(item, as_of);
  const bool old = IsOlderThanOneYear(item);
  Put("<tr id=\"", out);
  AppendEscaped(item.id, out);
  if (overdue && old) {
    Put("\" class=\"overdue old\">", out);
  } else if (overdue) {
    Put("\" class=\"overdue\">", out);
  } else if (old) {
    Put("\" class=\"old\">", out);
  } else {
    Put("\">", out);
  }

  // Dnr, with the id to type in a note below it.
  Put("<td>", out);
  for (size_t i = 0; i < item.case_numbers.size(); ++i) {
    if (i > 0) Put("<br>", out);
    AppendEscaped(item.case_numbers[i], out);
  }
  Put("<div class=\"small\">", out);
  AppendEscaped(item.id, out);
  Put("</div></td>", out);

  AppendLinesCell(item.title, out);
  Put("<td>", out);
  SetOriginText(item, scratch);
  AppendEscaped(*scratch, out);
  Put("</td>", out);
  AppendLinesCell(item.assignee ? std::string_view(*item.assignee) : std::string_view(), out);
  AppendLinesCell(item.task, out);

  // Senast: the date, with the deadline as written below when it says more.
  const std::string due = DateText(item.due);
  Put("<td>", out);
  if (!due.empty()) {
    Put("<time datetime=\"", out);
    *out += due;
    Put("\">", out);
    *out += due;
    Put("</time>", out);
  }
  if (!item.due_text.empty() && (due.empty() || item.due_text.find(due) == std::string::npos)) {
    if (!due.empty()) Put("<div class=\"small\">", out);
    AppendEscapedLines(item.due_text, out);
    if (!due.empty()) Put("</div>", out);
  }
  Put("</td><td>", out);

  AppendEscaped(StatusLabel(item.status), out);
  if (overdue) Put("<span class=\"mark overdue\">⚠ Försenad</span>", out);
  if (old) Put("<span class=\"mark old\">⌛ Äldre än ett år</span>", out);
  Put("</td><td class=\"num\">", out);
  AppendNumber(item.age_days, out);
  Put("</td><td>", out);
  if (!item.history.empty()) {
    Put("<ul class=\"history\">", out);
    for (const std::string& event : item.history) {
      Put("<li>", out);
      AppendEscapedLines(event, out);
      Put("</li>", out);
    }
    Put("</ul>", out);
  }
  Put("</td>", out);
  AppendLinesCell(item.note ? std::string_view(*item.note) : std::string_view(), out);
  Put("</tr>\n", out);
}

void AppendGroup(const Group& group, const Date& as_of, std::string* out) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "<section class=\"group\">\n<h2>{} ({})</h2>\n", EscapeHtml(group.label),
                 group.items.size());
  *out +=
      "<table>\n<thead><tr><th>Dnr</th><th>Ärende</th><th>Ursprung</th><th>Ansvarig</th>"
      "<th>Uppgift</th><th>Senast</th><th>Status</th><th class=\"num\">Ålder (dagar)</th>"
      "<th>Händelser sedan</th><th>Anteckning</th></tr></thead>\n<tbody>\n";
  std::string scratch;
  for (const BalanslistaItem* item : group.items) AppendItemRow(*item, as_of, &scratch, out);
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
