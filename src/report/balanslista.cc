// The balanslista's labels, order and summary, and its text renderers (CSV,
// Markdown, JSON). HTML is in balanslista_html.cc, XLSX in balanslista_xlsx.cc.
#include "report/balanslista.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "normalize/normalize.h"
#include "report/balanslista_internal.h"

namespace paragraf {

namespace {

struct Label {
  std::string_view code;
  std::string_view label;
};

constexpr std::array<Label, 9> kKindLabels{{
    {"uppdrag", "Uppdrag"},
    {"remiss", "Remiss"},
    {"aterremiss", "Återremiss"},
    {"bordlaggning", "Bordlagt"},
    {"rekommendation", "Rekommendation"},
    {"forlangning", "Förlängning"},
    {"motion", "Motion"},
    {"medborgarforslag", "Medborgarförslag"},
    {"aktivitet", "Aktivitet i handlingsplan"},
}};

// In the order a follow-up lives through them; the summary counts in this order.
constexpr std::array<Label, 5> kStatusLabels{{
    {"open", "Öppen"},
    {"overdue", "Försenad"},
    {"answered", "Besvarad"},
    {"closed", "Avslutad"},
    {"superseded", "Ersatt"},
}};

template <size_t N>
std::string LabelFrom(const std::array<Label, N>& table, std::string_view code) {
  for (const Label& entry : table) {
    if (entry.code == code) return std::string(entry.label);
  }
  return std::string(code);
}

}  // namespace

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "html") return ReportFormat::kHtml;
  if (name == "xlsx") return ReportFormat::kXlsx;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "md") return ReportFormat::kMarkdown;
  if (name == "json") return ReportFormat::kJson;
  return std::nullopt;
}

std::string KindLabel(std::string_view kind) { return LabelFrom(kKindLabels, kind); }

std::string StatusLabel(std::string_view status) { return LabelFrom(kStatusLabels, status); }

namespace report_internal {

namespace {

// A date as one number that orders as the date does (year, month, day).
int64_t DateOrder(const Date& date) {
  return (static_cast<int64_t>(static_cast<int>(date.year())) << 16) |
         (static_cast<int64_t>(static_cast<unsigned>(date.month())) << 8) |
         static_cast<unsigned>(date.day());
}

// What an item sorts by, copied out of it: the all-bodies list sorts tens of
// thousands of items, and comparing through the pointers missed the cache at
// nearly every comparison.
struct SortKey {
  int64_t due;  // DateOrder(); undated: after every date
  int64_t origin;
  uint64_t id_prefix;  // IdPrefix(id)
  std::string_view id;
  const BalanslistaItem* item;
};

// The first eight bytes of `id` as a big-endian number, zeros after its end:
// where two prefixes differ they order as the ids do, without reading the
// ids' text (items of twenty bodies share every date).
uint64_t IdPrefix(std::string_view id) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0U);
  }
  return prefix;
}

// Due date (undated last), then origin date, then id.
bool ComesBefore(const SortKey& a, const SortKey& b) {
  if (a.due != b.due) return a.due < b.due;
  if (a.origin != b.origin) return a.origin < b.origin;
  if (a.id_prefix != b.id_prefix) return a.id_prefix < b.id_prefix;
  return a.id < b.id;
}

void SortGroup(std::vector<const BalanslistaItem*>* items) {
  std::vector<SortKey> keys;
  keys.reserve(items->size());
  for (const BalanslistaItem* item : *items) {
    keys.push_back({item->due ? DateOrder(*item->due) : std::numeric_limits<int64_t>::max(),
                    DateOrder(item->origin_date), IdPrefix(item->id), item->id, item});
  }
  std::sort(keys.begin(), keys.end(), ComesBefore);
  for (size_t i = 0; i < keys.size(); ++i) (*items)[i] = keys[i].item;
}

}  // namespace

std::vector<Group> GroupItems(const Balanslista& list) {
  std::map<std::string, Group> by_kind;
  for (const BalanslistaItem& item : list.items) {
    Group& group = by_kind[item.kind];
    if (group.items.empty()) {
      group.kind = item.kind;
      group.label = KindLabel(item.kind);
    }
    group.items.push_back(&item);
  }
  std::vector<Group> groups;
  groups.reserve(by_kind.size());
  for (auto& [kind, group] : by_kind) {
    SortGroup(&group.items);
    groups.push_back(std::move(group));
  }
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    const int order = CompareSwedish(a.label, b.label);
    return order != 0 ? order < 0 : a.kind < b.kind;
  });
  return groups;
}

Summary Summarize(const Balanslista& list, const std::vector<Group>& groups) {
  Summary summary;
  std::map<std::string, int> statuses;
  for (const BalanslistaItem& item : list.items) {
    ++summary.total;
    if (IsOverdue(item, list.as_of)) ++summary.overdue;
    if (IsOlderThanOneYear(item)) ++summary.older_than_one_year;
    ++statuses[item.status];
  }
  for (const Label& known : kStatusLabels) {
    auto found = statuses.find(std::string(known.code));
    if (found == statuses.end()) continue;
    summary.by_status.push_back({found->first, std::string(known.label), found->second});
    statuses.erase(found);
  }
  for (const auto& [status, count] : statuses) {
    summary.by_status.push_back({status, StatusLabel(status), count});
  }
  for (const Group& group : groups) {
    summary.by_kind.push_back({group.kind, group.label, static_cast<int>(group.items.size())});
  }
  return summary;
}

bool IsOverdue(const BalanslistaItem& item, const Date& as_of) {
  if (item.status == "overdue") return true;
  return item.status == "open" && item.due.has_value() && *item.due < as_of;
}

bool IsOlderThanOneYear(const BalanslistaItem& item) { return item.age_days > 365; }

std::string MarkText(const BalanslistaItem& item, const Date& as_of) {
  std::string mark;
  if (IsOverdue(item, as_of)) mark = "Försenad";
  if (IsOlderThanOneYear(item)) mark += mark.empty() ? "Äldre än ett år" : ", äldre än ett år";
  return mark;
}

std::string DateText(const Date& date) { return date.ok() ? FormatIsoDate(date) : std::string(); }

std::string DateText(const std::optional<Date>& date) {
  return date.has_value() ? DateText(*date) : std::string();
}

std::string DueText(const BalanslistaItem& item) {
  std::string date = DateText(item.due);
  if (date.empty()) return item.due_text;
  if (item.due_text.empty() || item.due_text.find(date) != std::string::npos) return date;
  return fmt::format("{} ({})", date, item.due_text);
}

std::string OriginText(const BalanslistaItem& item) {
  std::string origin;
  SetOriginText(item, &origin);
  return origin;
}

void SetOriginText(const BalanslistaItem& item, std::string* origin) {
  *origin = item.body_abbreviation.empty() ? item.body : item.body_abbreviation;
  const std::string date = DateText(item.origin_date);
  if (!date.empty()) {
    if (!origin->empty()) origin->push_back(' ');
    *origin += date;
  }
  if (item.paragraph.has_value()) {
    if (!origin->empty()) origin->push_back(' ');
    *origin += "§ ";
    *origin += std::to_string(*item.paragraph);
  }
}

std::string BodyFilterText(const Balanslista& list) {
  return list.body.has_value() ? *list.body : std::string("Alla organ");
}

const std::vector<Column>& TableColumns() {
  static const std::vector<Column> columns = {
      {"Id", 24, false},           {"Typ", 16, false},         {"Status", 11, false},
      {"Organ", 24, true},         {"Sammanträde", 12, false}, {"§", 5, false},
      {"Dnr", 16, true},           {"Ärende", 36, true},       {"Ansvarig", 24, true},
      {"Uppgift", 48, true},       {"Senast", 12, false},      {"Tidsplan", 20, true},
      {"Ålder (dagar)", 9, false}, {"Markering", 18, true},    {"Händelser sedan", 48, true},
      {"Anteckning", 30, true},    {"Underlag", 48, true},
  };
  return columns;
}

namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

Cell TextCell(std::string text) {
  if (text.empty()) return std::monostate();
  return text;
}

Cell DateCell(const std::optional<Date>& date) {
  if (!date.has_value() || !date->ok()) return std::monostate();
  return *date;
}

}  // namespace

std::vector<Cell> TableRow(const BalanslistaItem& item, const Date& as_of) {
  std::vector<Cell> row;
  row.reserve(TableColumns().size());
  row.push_back(TextCell(item.id));
  row.push_back(TextCell(KindLabel(item.kind)));
  row.push_back(TextCell(StatusLabel(item.status)));
  row.push_back(TextCell(item.body.empty() ? item.body_abbreviation : item.body));
  row.push_back(DateCell(item.origin_date));
  row.push_back(item.paragraph.has_value() ? Cell(*item.paragraph) : Cell());
  row.push_back(TextCell(Join(item.case_numbers, ", ")));
  row.push_back(TextCell(item.title));
  row.push_back(TextCell(item.assignee.value_or("")));
  row.push_back(TextCell(item.task));
  row.push_back(DateCell(item.due));
  row.push_back(TextCell(item.due_text));
  row.push_back(item.age_days);
  row.push_back(TextCell(MarkText(item, as_of)));
  row.push_back(TextCell(Join(item.history, "\n")));
  row.push_back(TextCell(item.note.value_or("")));
  row.push_back(TextCell(item.evidence));
  return row;
}

namespace {

// ---- CSV -------------------------------------------------------------------

// RFC 4180: a field holding the separator, a quote or a line break is
// quoted, its quotes doubled.
void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(";\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string CellText(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* number = std::get_if<int>(&cell)) return std::to_string(*number);
  if (const auto* date = std::get_if<Date>(&cell)) return DateText(*date);
  return std::string();
}

std::string RenderCsv(const Balanslista& list, const std::vector<Group>& groups) {
  std::string out = "\xEF\xBB\xBF";
  const auto append_row = [&out](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out.push_back(';');
      AppendCsvField(fields[i], &out);
    }
    out += "\r\n";
  };
  std::vector<std::string> fields;
  for (const Column& column : TableColumns()) fields.emplace_back(column.label);
  append_row(fields);
  for (const Group& group : groups) {
    for (const BalanslistaItem* item : group.items) {
      fields.clear();
      for (const Cell& cell : TableRow(*item, list.as_of)) fields.push_back(CellText(cell));
      append_row(fields);
    }
  }
  return out;
}

// ---- Markdown --------------------------------------------------------------

// A table cell: '|' and '\' are escaped, '<' and '>' written as entities so
// no text becomes markup, line breaks become spaces.
std::string MarkdownCell(std::string_view text) {
  std::string cell;
  cell.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|':
        cell += "\\|";
        break;
      case '\\':
        cell += "\\\\";
        break;
      case '<':
        cell += "&lt;";
        break;
      case '>':
        cell += "&gt;";
        break;
      case '\r':
        break;
      case '\n':
        cell += ' ';
        break;
      default:
        cell.push_back(c);
    }
  }
  return cell;
}

std::string RenderMarkdown(const Balanslista& list, const std::vector<Group>& groups,
                           const Summary& summary) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# Balanslista per {}\n\n", DateText(list.as_of));
  fmt::format_to(it, "- Organ: {}\n", MarkdownCell(BodyFilterText(list)));
  fmt::format_to(it, "- Totalt: {}\n- Försenade: {}\n- Äldre än ett år: {}\n\n", summary.total,
                 summary.overdue, summary.older_than_one_year);
  out += "| Status | Antal |\n| --- | ---: |\n";
  for (const Count& count : summary.by_status) {
    fmt::format_to(it, "| {} | {} |\n", MarkdownCell(count.label), count.count);
  }
  out += "\n| Typ | Antal |\n| --- | ---: |\n";
  for (const Count& count : summary.by_kind) {
    fmt::format_to(it, "| {} | {} |\n", MarkdownCell(count.label), count.count);
  }
  if (groups.empty()) out += "\nInga öppna ärenden.\n";
  for (const Group& group : groups) {
    fmt::format_to(it, "\n## {}\n\n", MarkdownCell(group.label));
    out +=
        "| Dnr | Ärende | Ursprung | Ansvarig | Uppgift | Senast | Status | Ålder (dagar) | "
        "Markering | Händelser sedan | Anteckning | Id |\n"
        "| --- | --- | --- | --- | --- | --- | --- | ---: | --- | --- | --- | --- |\n";
    for (const BalanslistaItem* item : group.items) {
      std::vector<std::string> history;
      history.reserve(item->history.size());
      for (const std::string& event : item->history) history.push_back(MarkdownCell(event));
      fmt::format_to(it, "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                     MarkdownCell(Join(item->case_numbers, ", ")), MarkdownCell(item->title),
                     MarkdownCell(OriginText(*item)), MarkdownCell(item->assignee.value_or("")),
                     MarkdownCell(item->task), MarkdownCell(DueText(*item)),
                     MarkdownCell(StatusLabel(item->status)), item->age_days,
                     MarkdownCell(MarkText(*item, list.as_of)), Join(history, "<br>"),
                     MarkdownCell(item->note.value_or("")), MarkdownCell(item->id));
    }
  }
  return out;
}

// ---- JSON ------------------------------------------------------------------

using Json = nlohmann::ordered_json;

Json DateJson(const std::optional<Date>& date) {
  const std::string text = DateText(date);
  return text.empty() ? Json(nullptr) : Json(text);
}

Json ItemJson(const BalanslistaItem& item, const Date& as_of) {
  Json json;
  json["id"] = item.id;
  json["kind"] = item.kind;
  json["kind_label"] = KindLabel(item.kind);
  json["status"] = item.status;
  json["status_label"] = StatusLabel(item.status);
  json["body"] = item.body;
  json["body_abbreviation"] = item.body_abbreviation;
  json["origin_date"] = DateJson(item.origin_date);
  json["paragraph"] = item.paragraph.has_value() ? Json(*item.paragraph) : Json(nullptr);
  json["title"] = item.title;
  json["case_numbers"] = item.case_numbers;
  json["assignee"] = item.assignee.has_value() ? Json(*item.assignee) : Json(nullptr);
  json["task"] = item.task;
  json["due"] = DateJson(item.due);
  json["due_text"] = item.due_text;
  json["age_days"] = item.age_days;
  json["overdue"] = IsOverdue(item, as_of);
  json["older_than_one_year"] = IsOlderThanOneYear(item);
  json["evidence"] = item.evidence;
  json["history"] = item.history;
  json["note"] = item.note.has_value() ? Json(*item.note) : Json(nullptr);
  return json;
}

std::string RenderJson(const Balanslista& list, const std::vector<Group>& groups,
                       const Summary& summary) {
  Json json;
  json["as_of"] = DateJson(list.as_of);
  json["body"] = list.body.has_value() ? Json(*list.body) : Json(nullptr);
  Json& counts = json["summary"];
  counts["total"] = summary.total;
  counts["overdue"] = summary.overdue;
  counts["older_than_one_year"] = summary.older_than_one_year;
  counts["by_status"] = Json::object();
  for (const Count& count : summary.by_status) counts["by_status"][count.code] = count.count;
  counts["by_kind"] = Json::object();
  for (const Count& count : summary.by_kind) counts["by_kind"][count.code] = count.count;
  json["items"] = Json::array();
  for (const Group& group : groups) {
    for (const BalanslistaItem* item : group.items) {
      json["items"].push_back(ItemJson(*item, list.as_of));
    }
  }
  // Invalid UTF-8 in a document text becomes U+FFFD instead of throwing.
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

}  // namespace report_internal

Result<std::string> RenderBalanslista(const Balanslista& list, ReportFormat format) {
  const std::vector<report_internal::Group> groups = report_internal::GroupItems(list);
  const report_internal::Summary summary = report_internal::Summarize(list, groups);
  switch (format) {
    case ReportFormat::kHtml:
      return report_internal::RenderHtml(list, groups, summary);
    case ReportFormat::kXlsx:
      return report_internal::RenderXlsx(list, groups, summary);
    case ReportFormat::kCsv:
      return report_internal::RenderCsv(list, groups);
    case ReportFormat::kMarkdown:
      return report_internal::RenderMarkdown(list, groups, summary);
    case ReportFormat::kJson:
      return report_internal::RenderJson(list, groups, summary);
  }
  return Status::InvalidArgument("unknown balanslista report format");
}

}  // namespace paragraf
