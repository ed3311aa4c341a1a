// The balanslista as one self-contained HTML file: inline CSS, no script, no
// external resource, laid out to print on A4 landscape.
#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>

#include "report/balanslista.h"
#include "report/balanslista_internal.h"

namespace paragraf {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
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

// Escapes the five characters HTML gives a meaning to.

// Escaped, with each line break kept as <br>.
std::string EscapeLines(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (start > 0) out += "<br>";
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += EscapeHtml(line);
    start = end + 1;
  }
  return out;
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

void AppendItemRow(const BalanslistaItem& item, const Date& as_of, std::string* out) {
  auto it = std::back_inserter(*out);
  const bool overdue = IsOverdue(item, as_of);
  const bool old = IsOlderThanOneYear(item);
  std::string classes;
  if (overdue) classes = "overdue";
  if (old) classes += classes.empty() ? "old" : " old";
  if (classes.empty()) {
    fmt::format_to(it, "<tr id=\"{}\">", EscapeHtml(item.id));
  } else {
    fmt::format_to(it, "<tr id=\"{}\" class=\"{}\">", EscapeHtml(item.id), classes);
  }

  // Dnr, with the id to type in a note below it.
  *out += "<td>";
  for (size_t i = 0; i < item.case_numbers.size(); ++i) {
    if (i > 0) *out += "<br>";
    *out += EscapeHtml(item.case_numbers[i]);
  }
  fmt::format_to(it, "<div class=\"small\">{}</div></td>", EscapeHtml(item.id));

  fmt::format_to(it, "<td>{}</td>", EscapeLines(item.title));
  fmt::format_to(it, "<td>{}</td>", EscapeHtml(OriginText(item)));
  fmt::format_to(it, "<td>{}</td>", EscapeLines(item.assignee.value_or("")));
  fmt::format_to(it, "<td>{}</td>", EscapeLines(item.task));

  // Senast: the date, with the deadline as written below when it says more.
  const std::string due = DateText(item.due);
  *out += "<td>";
  if (!due.empty()) fmt::format_to(it, "<time datetime=\"{0}\">{0}</time>", due);
  if (!item.due_text.empty() && (due.empty() || item.due_text.find(due) == std::string::npos)) {
    fmt::format_to(it, "{}{}", due.empty() ? "" : "<div class=\"small\">",
                   EscapeLines(item.due_text));
    if (!due.empty()) *out += "</div>";
  }
  *out += "</td>";

  fmt::format_to(it, "<td>{}", EscapeHtml(StatusLabel(item.status)));
  if (overdue) *out += "<span class=\"mark overdue\">⚠ Försenad</span>";
  if (old) *out += "<span class=\"mark old\">⌛ Äldre än ett år</span>";
  *out += "</td>";

  fmt::format_to(it, "<td class=\"num\">{}</td>", item.age_days);

  *out += "<td>";
  if (!item.history.empty()) {
    *out += "<ul class=\"history\">";
    for (const std::string& event : item.history) {
      fmt::format_to(it, "<li>{}</li>", EscapeLines(event));
    }
    *out += "</ul>";
  }
  *out += "</td>";

  fmt::format_to(it, "<td>{}</td></tr>\n", EscapeLines(item.note.value_or("")));
}

void AppendGroup(const Group& group, const Date& as_of, std::string* out) {
  auto it = std::back_inserter(*out);
  fmt::format_to(it, "<section class=\"group\">\n<h2>{} ({})</h2>\n", EscapeHtml(group.label),
                 group.items.size());
  *out +=
      "<table>\n<thead><tr><th>Dnr</th><th>Ärende</th><th>Ursprung</th><th>Ansvarig</th>"
      "<th>Uppgift</th><th>Senast</th><th>Status</th><th class=\"num\">Ålder (dagar)</th>"
      "<th>Händelser sedan</th><th>Anteckning</th></tr></thead>\n<tbody>\n";
  for (const BalanslistaItem* item : group.items) AppendItemRow(*item, as_of, out);
  *out += "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string RenderHtml(const Balanslista& list, const std::vector<Group>& groups,
                       const Summary& summary) {
  const std::string as_of = DateText(list.as_of);
  const std::string body = BodyFilterText(list);
  std::string out;
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
