// The balanslista: every follow-up a body's decisions set in motion that is
// still open on a given day, as a secretariat reports it to its body (see
// ../shared DOMAIN.md, "Follow-ups and the balanslista"). This header is the
// report's data and its renderers; the store fills the data.
//
//   Balanslista list = ...;  // from Store::Balanslista(query)
//   Result<std::string> html = RenderBalanslista(list, ReportFormat::kHtml);
//
// Only this stage includes libxlsxwriter.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace paragraf {

// `text` for HTML: & < > " and ' as entities. The balanslista's HTML and the
// web pages escape every text from a document with it.
std::string EscapeHtml(std::string_view text);

// One follow-up as the report shows it.
struct BalanslistaItem {
  std::string id;    // stable and typable: "SVOM-2021-10-08-9-1" (body, date, §, ordinal)
  std::string kind;  // "uppdrag", "remiss", "aterremiss", "bordlaggning",
                     // "rekommendation", "forlangning", "motion",
                     // "medborgarforslag", "aktivitet" (a row of an action plan)
  // "open", "overdue", "answered", "closed" (by hand), "superseded".
  std::string status;
  std::string body;  // the body whose decision it comes from: "Sociala vård- och omsorgsgruppen"
  std::string body_abbreviation;  // "SVOM"; empty when none
  Date origin_date;               // the meeting's date
  std::optional<int> paragraph;   // its §
  std::string title;              // the paragraph's title
  std::vector<std::string> case_numbers;
  std::optional<std::string>
      assignee;             // who must do it: "förvaltningen", "Region Jämtland Härjedalen"
  std::string task;         // what: "ta fram en handlingsplan för …"
  std::optional<Date> due;  // when, resolved
  std::string due_text;     // as written: "senast 2022-06-30", "Löpande"; may be empty
  int age_days = 0;         // as_of minus origin_date
  std::string evidence;     // the sentence it was read from
  // What has happened since, oldest first: "2022-03-04 SVOM § 12
  // Återrapportering … (besvarar)", or a suggestion "(förslag: samma dnr)".
  std::vector<std::string> history;
  std::optional<std::string> note;  // the secretariat's note (close, set-due …)
};

struct Balanslista {
  Date as_of;                          // the day the list describes
  std::optional<std::string> body;     // the filter, as given; nullopt: all bodies
  std::vector<BalanslistaItem> items;  // already filtered; any order
};

enum class ReportFormat { kHtml, kXlsx, kCsv, kMarkdown, kJson };

// "html", "xlsx", "csv", "md", "json"; nullopt for anything else.
std::optional<ReportFormat> ParseReportFormat(std::string_view name);

// Swedish labels: "uppdrag" → "Uppdrag", "aterremiss" → "Återremiss",
// "bordlaggning" → "Bordlagt", "forlangning" → "Förlängning",
// "medborgarforslag" → "Medborgarförslag", "aktivitet" → "Aktivitet i
// handlingsplan"; status "open" → "Öppen", "overdue" → "Försenad",
// "answered" → "Besvarad", "closed" → "Avslutad", "superseded" → "Ersatt".
std::string KindLabel(std::string_view kind);
std::string StatusLabel(std::string_view status);

// The whole report as the bytes of a file in `format`:
//  - grouped by kind (groups in Swedish collation order of their labels),
//    each group sorted by due date (undated last), then origin date, then id;
//  - a summary first: the as-of date, the body filter, counts per status and
//    per kind;
//  - overdue items, and items older than one year (age_days > 365), stand
//    out (HTML: a class and a mark; XLSX: a cell format; MD/CSV: a column);
//    an item is overdue when its status is "overdue", or "open" with a due
//    date before as_of;
//  - dates as YYYY-MM-DD in text formats, real dates in XLSX.
// kHtml: one self-contained file (inline CSS, no script, no external
//   resource) that prints on A4; every text escaped.
// kXlsx: libxlsxwriter; one sheet "Balanslista", header row frozen,
//   autofilter over the table, dates as Excel dates; a second sheet
//   "Sammanfattning" with the counts.
// kCsv: UTF-8 with BOM, ';' separator, CRLF line ends, fields quoted as
//   RFC 4180 says; one header row; one row per item.
// kMarkdown: a heading per group and a pipe table.
// kJson: {"as_of", "body", "summary": {"by_status", "by_kind"}, "items": [...]}
//   with every field of BalanslistaItem, plus "kind_label", "status_label",
//   "overdue" and "older_than_one_year" per item and "total", "overdue" and
//   "older_than_one_year" in the summary; items in report order.
// Errors: IOError when libxlsxwriter fails (the message says why).
Result<std::string> RenderBalanslista(const Balanslista& list, ReportFormat format);

}  // namespace paragraf
