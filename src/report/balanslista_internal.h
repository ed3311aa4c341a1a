// What every balanslista renderer shares: the order of groups and items, the
// summary counts, which items stand out, and the one table of columns the
// tabular formats (CSV, XLSX) write. Internal to src/report/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "report/balanslista.h"

namespace paragraf::report_internal {

// The items of one kind, in report order. Points into the Balanslista it was
// made from, which must outlive it.
struct Group {
  std::string kind;   // "uppdrag"
  std::string label;  // "Uppdrag"
  std::vector<const BalanslistaItem*> items;
};

// Groups `list.items` by kind: groups in Swedish collation order of their
// labels; within a group by due date (undated last), then origin date, then id.
std::vector<Group> GroupItems(const Balanslista& list);

// A count under its code ("open", "uppdrag") and its Swedish label.
struct Count {
  std::string code;
  std::string label;
  int count = 0;
};

struct Summary {
  int total = 0;
  int overdue = 0;              // items IsOverdue() marks
  int older_than_one_year = 0;  // items IsOlderThanOneYear() marks
  // The five known statuses in their life order (open, overdue, answered,
  // closed, superseded) when present, then any other status by code.
  std::vector<Count> by_status;
  std::vector<Count> by_kind;  // in group order
};

Summary Summarize(const Balanslista& list, const std::vector<Group>& groups);

// True when the item's status is "overdue", or it is "open" with a due date
// before `as_of`.
bool IsOverdue(const BalanslistaItem& item, const Date& as_of);

// True when age_days > 365.
bool IsOlderThanOneYear(const BalanslistaItem& item);

// "Försenad", "Äldre än ett år", both joined by ", ", or "".
std::string MarkText(const BalanslistaItem& item, const Date& as_of);

// "2024-05-16", or "" for a date that is not valid.
std::string DateText(const Date& date);
std::string DateText(const std::optional<Date>& date);

// The due date, or the deadline as written when there is none:
// "2022-06-30", "Löpande", "2022-06-30 (till nämndens sammanträde i juni)"
// (the words are added when they do not already hold the date).
std::string DueText(const BalanslistaItem& item);

// "SVOM 2021-10-08 § 9": the abbreviation (the body when there is none), the
// meeting's date and the §.
std::string OriginText(const BalanslistaItem& item);
// The same into `origin`, whose storage is reused (a renderer writing many
// rows keeps one).
void SetOriginText(const BalanslistaItem& item, std::string* origin);

// "Alla organ" when the list has no body filter, else the filter.
std::string BodyFilterText(const Balanslista& list);

// One column of the tabular formats and what a cell of it holds.
using Cell = std::variant<std::monostate, std::string, int, Date>;

struct Column {
  std::string_view label;  // the Swedish header: "Ålder (dagar)"
  double width;            // in XLSX character widths
  bool wrap;               // long text: wrapped in XLSX
};

// The columns of the CSV and XLSX table, in order.
const std::vector<Column>& TableColumns();

// The cells of one item's row, one per TableColumns() entry. Several case
// numbers are joined by ", ", history entries by "\n".
std::vector<Cell> TableRow(const BalanslistaItem& item, const Date& as_of);

// The renderers (REQUIRES: `groups` and `summary` were made from `list`).
std::string RenderHtml(const Balanslista& list, const std::vector<Group>& groups,
                       const Summary& summary);
Result<std::string> RenderXlsx(const Balanslista& list, const std::vector<Group>& groups,
                               const Summary& summary);

}  // namespace paragraf::report_internal
