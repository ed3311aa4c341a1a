// Store::FollowUps and Store::AddFollowUpAction: follow-ups as they stood on
// a day, from the parsed rows, the links and the secretariat's actions.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "store/keys.h"
#include "store/statements.h"
#include "store/store.h"

namespace paragraf {

using store_internal::Execute;
using store_internal::FoldKey;
using store_internal::Query;
using store_internal::Statement;
using store_internal::StatementCache;
using store_internal::Transaction;

namespace {

constexpr const char* kFollowUps = R"sql(
SELECT fu.id, fu.key, fu.kind, coalesce(fu.assignee, fu.inherited_assignee), fu.task, fu.due, coalesce(fu.due_text, ''), fu.text,
       d.date, p.number, coalesce(p.title, ''), coalesce(b.name, ''),
       coalesce(b.abbreviation, ''), coalesce(p.id, 0), fu.page, fu.line, coalesce(p.ordinal, -1),
       fu.ordinal, coalesce(fu.due_meeting, ''), d.body_id
  FROM followups fu
  JOIN documents d ON d.id = fu.document_id
  LEFT JOIN paragraphs p ON p.id = fu.paragraph_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE d.date IS NOT NULL AND d.date <= ?1
   AND (?2 IS NULL OR d.body_id = ?2)
   AND (?3 IS NULL OR fu.key = ?3)
)sql";

// The links of the same follow-ups as kFollowUps.
constexpr const char* kLinks = R"sql(
SELECT l.followup_id, l.kind, l.confidence, l.evidence,
       coalesce(b.abbreviation, b.name, ''), d.date, p.number, p.title, l.replaces, l.partial
  FROM followups fu
  JOIN documents dq ON dq.id = fu.document_id
  JOIN followup_links l ON l.followup_id = fu.id
  JOIN paragraphs p ON p.id = l.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE d.date <= ?1 AND dq.date <= ?1
   AND (?2 IS NULL OR dq.body_id = ?2)
   AND (?3 IS NULL OR fu.key = ?3)
 ORDER BY d.date, p.ordinal
)sql";

// The meetings of the bodies that have follow-ups due at a meeting ("till
// nämndens sammanträde i juni 2022", "till nästa sammanträde").
constexpr const char* kMeetingDates = R"sql(
SELECT m.body_id, m.date FROM documents m
 WHERE m.date IS NOT NULL AND m.kind IN ('protokoll', 'protokollsutdrag', 'kallelse')
   AND m.body_id IN (SELECT d.body_id FROM followups fu JOIN documents d ON d.id = fu.document_id
                      WHERE fu.due_meeting IS NOT NULL)
 ORDER BY m.date
)sql";

// The date of the meeting a follow-up is due at: the body's first meeting
// in the month of `due` ("month") or after `origin` ("next"); nullopt when
// the store holds no such meeting.
std::optional<Date> MeetingDue(const std::vector<Date>& meetings, const std::string& how,
                               const std::optional<Date>& due, const std::optional<Date>& origin) {
  for (const Date& m : meetings) {
    if (how == "month" && due && m.year() == due->year() && m.month() == due->month()) return m;
    if (how == "next" && origin && *origin < m) return m;
  }
  return std::nullopt;
}

constexpr const char* kActions = R"sql(
SELECT followup_key, action, value, note, ref, acted_on FROM followup_actions
 WHERE acted_on <= ?1 ORDER BY acted_on, id
)sql";

// `sql` with its body condition "(?2 IS NULL OR x.body_id = ?2)" made
// plain, so that SQLite can use the body's index when a body is given.
const char* ForBody(const char* sql, bool by_body) {
  static std::mutex mu;
  static std::map<std::pair<const char*, bool>, std::string> variants;
  std::lock_guard<std::mutex> lock(mu);
  auto [it, added] = variants.try_emplace({sql, by_body});
  if (added) {
    std::string text = sql;
    for (const char* alias : {"d", "dq"}) {
      const std::string condition = fmt::format("(?2 IS NULL OR {}.body_id = ?2)", alias);
      for (size_t at; (at = text.find(condition)) != std::string::npos;) {
        text.replace(at, condition.size(),
                     by_body ? fmt::format("{}.body_id = ?2", alias) : std::string("?2 IS NULL"));
      }
    }
    it->second = std::move(text);
  }
  return it->second.c_str();
}

// Up to this many paragraphs, their case numbers are looked up one by one;
// beyond, the case_numbers table is read in one pass.
constexpr size_t kCaseLookups = 2000;

bool Wanted(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string FollowUpActionLabel(const std::string& action) {
  if (action == "close") return "avslutad";
  if (action == "reopen") return "återöppnad";
  if (action == "set_due") return "nytt datum";
  if (action == "assign") return "ny ansvarig";
  return action;
}

Result<std::vector<StoredFollowUp>> Store::FollowUps(const FollowUpQuery& query) {
  constexpr std::string_view kDoing = "listing follow-ups";
  if (!query.as_of.ok()) return Status::InvalidArgument("listing follow-ups needs a valid date");
  Transaction snapshot(db_);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  StatementCache cache(db_, std::string(kDoing));
  const std::string as_of = FormatIsoDate(query.as_of);

  // The body by name or abbreviation; none known: nothing to list.
  std::optional<int64_t> body_id;
  if (query.body) {
    Status found = Query(
        cache, "SELECT id FROM bodies WHERE name_key = ?1 OR abbreviation_key = ?1 LIMIT 1",
        [&](Statement& s) { s.BindText(1, FoldKey(*query.body)); },
        [&](const Statement& s) { body_id = s.ColumnInt64(0); });
    if (!found.ok()) return found;
    if (!body_id) return std::vector<StoredFollowUp>{};
  }
  auto bind_filters = [&](Statement& s) {
    s.BindText(1, as_of);
    if (body_id) {
      s.BindInt(2, *body_id);
    } else {
      s.BindNull(2);
    }
    s.BindOptText(3, query.key);
  };

  // Links and actions first: they decide each follow-up's status, so rows
  // the query does not want are skipped before their text is copied.
  std::unordered_map<int64_t, std::vector<FollowUpLink>> links;
  Status status =
      Query(cache, ForBody(kLinks, body_id.has_value()), bind_filters, [&](const Statement& s) {
        FollowUpLink link;
        link.kind = s.ColumnText(1);
        link.confidence = s.ColumnDouble(2);
        link.evidence = s.ColumnText(3);
        link.body = s.ColumnText(4);
        link.date = s.ColumnDate(5);
        link.paragraph = s.ColumnOptInt(6);
        link.title = s.ColumnText(7);
        link.replaces = s.ColumnInt(8) != 0;
        link.partial = s.ColumnInt(9) != 0;
        links[s.ColumnInt64(0)].push_back(std::move(link));
      });
  if (!status.ok()) return status;

  struct ActionRow {
    std::string action;
    std::optional<std::string> value, note, ref;
    std::optional<Date> on;
  };
  std::unordered_map<std::string, std::vector<ActionRow>> actions;
  status = Query(
      cache, kActions, [&](Statement& s) { s.BindText(1, as_of); },
      [&](const Statement& s) {
        actions[s.ColumnText(0)].push_back({s.ColumnText(1), s.ColumnOptText(2), s.ColumnOptText(3),
                                            s.ColumnOptText(4), s.ColumnDate(5)});
      });
  if (!status.ok()) return status;

  std::unordered_map<int64_t, std::vector<Date>> meetings;
  status = Query(
      cache, kMeetingDates, [](Statement&) {},
      [&](const Statement& s) {
        if (std::optional<Date> date = s.ColumnDate(1)) meetings[s.ColumnInt64(0)].push_back(*date);
      });
  if (!status.ok()) return status;

  struct Row {
    StoredFollowUp followup;
    int64_t paragraph_id;
    std::pair<int, int> order;  // paragraph ordinal, follow-up ordinal
  };
  std::vector<Row> rows;
  const std::string assignee_key = query.assignee ? FoldKey(*query.assignee) : "";
  status =
      Query(cache, ForBody(kFollowUps, body_id.has_value()), bind_filters, [&](const Statement& s) {
        const std::string kind = s.ColumnText(2);
        if (!Wanted(query.kinds, kind)) return;
        StoredFollowUp f;
        f.followup.assignee = s.ColumnOptText(3);
        f.followup.due = s.ColumnDate(5);
        f.key = s.ColumnText(1);
        if (const std::string how = s.ColumnText(18); !how.empty()) {
          auto held = meetings.find(s.ColumnInt64(19));
          if (held != meetings.end()) {
            if (std::optional<Date> at =
                    MeetingDue(held->second, how, f.followup.due, s.ColumnDate(8))) {
              f.followup.due = at;
            }
          }
        }
        // The secretariat's actions, in the order they took effect.
        bool closed = false;
        std::optional<Date> reopened;
        if (!actions.empty()) {
          auto acted = actions.find(f.key);
          if (acted != actions.end()) {
            for (const ActionRow& a : acted->second) {
              if (a.action == "close") closed = true;
              if (a.action == "reopen") {
                closed = false;
                reopened = a.on;
              }
              if (a.action == "set_due" && a.value) {
                f.followup.due = ParseIsoDate(*a.value);
                f.followup.due_text = *a.value;
              }
              if (a.action == "assign" && a.value) f.followup.assignee = *a.value;
              std::string line = fmt::format("{} {}", a.on ? FormatIsoDate(*a.on) : "?",
                                             FollowUpActionLabel(a.action));
              if (a.value) line += ": " + *a.value;
              if (a.note) line += (a.value ? " – " : ": ") + *a.note;
              if (a.ref) line += " (" + *a.ref + ")";
              f.actions.push_back(std::move(line));
              if (a.note) f.note = a.note;
            }
          }
        }
        if (!assignee_key.empty() &&
            FoldKey(f.followup.assignee.value_or("")).find(assignee_key) == std::string::npos) {
          return;
        }
        bool answered = false, superseded = false;
        auto linked = links.find(s.ColumnInt64(0));
        if (linked != links.end()) {
          for (const FollowUpLink& link : linked->second) {
            if (link.confidence < kFactConfidence) continue;
            // Answers from before a reopening no longer count.
            if (reopened && link.date && *link.date <= *reopened) continue;
            if (link.kind == "answers" && !link.partial) answered = true;
            if (link.kind == "corrects" || (link.kind == "continues" && link.replaces)) {
              superseded = true;
            }
          }
        }
        if (closed) {
          f.status = "closed";
        } else if (superseded) {
          f.status = "superseded";
        } else if (answered) {
          f.status = "answered";
        } else if (f.followup.due && *f.followup.due < query.as_of) {
          f.status = "overdue";
        } else {
          f.status = "open";
        }
        if (!Wanted(query.statuses, f.status)) return;
        f.followup.kind = kind;
        f.followup.task = s.ColumnText(4);
        if (f.followup.due_text.empty()) f.followup.due_text = s.ColumnText(6);
        f.followup.text = s.ColumnText(7);
        f.origin_date = s.ColumnDate(8);
        f.paragraph = s.ColumnOptInt(9);
        f.title = s.ColumnText(10);
        f.body = s.ColumnText(11);
        f.body_abbreviation = s.ColumnText(12);
        f.followup.pos = {s.ColumnOptInt(14).value_or(0), s.ColumnOptInt(15).value_or(0)};
        if (linked != links.end()) f.links = std::move(linked->second);
        rows.push_back({std::move(f), s.ColumnInt64(13), {s.ColumnInt(16), s.ColumnInt(17)}});
      });
  if (!status.ok()) return status;
  if (rows.empty()) return std::vector<StoredFollowUp>{};

  // The diarienummer of the rows kept: looked up one paragraph at a time for
  // a few, read in one pass for many.
  std::unordered_map<int64_t, std::vector<std::string>> cases;
  for (const Row& row : rows) {
    if (row.paragraph_id != 0) cases.try_emplace(row.paragraph_id);
  }
  if (cases.size() <= kCaseLookups) {
    for (auto& [paragraph_id, numbers] : cases) {
      status = Query(
          cache, "SELECT case_number FROM case_numbers WHERE paragraph_id = ?1 ORDER BY ordinal",
          [&, id = paragraph_id](Statement& s) { s.BindInt(1, id); },
          [&, list = &numbers](const Statement& s) { list->push_back(s.ColumnText(0)); });
      if (!status.ok()) return status;
    }
  } else {
    status = Query(
        cache, "SELECT paragraph_id, case_number FROM case_numbers ORDER BY paragraph_id, ordinal",
        [](Statement&) {},
        [&](const Statement& s) {
          auto wanted = cases.find(s.ColumnInt64(0));
          if (wanted != cases.end()) wanted->second.push_back(s.ColumnText(1));
        });
    if (!status.ok()) return status;
  }
  for (Row& row : rows) {
    auto found = cases.find(row.paragraph_id);
    if (found != cases.end()) row.followup.case_numbers = found->second;
  }

  // By body, meeting date, §, ordinal (an index is sorted: rows are large).
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Row& x = rows[a];
    const Row& y = rows[b];
    if (x.followup.body != y.followup.body) return x.followup.body < y.followup.body;
    if (x.followup.origin_date != y.followup.origin_date) {
      return x.followup.origin_date < y.followup.origin_date;
    }
    return x.order < y.order;
  });
  std::vector<StoredFollowUp> out;
  out.reserve(rows.size());
  for (size_t i : order) out.push_back(std::move(rows[i].followup));
  return out;
}

Status Store::AddFollowUpAction(const FollowUpAction& action) {
  if (!action.acted_on.ok()) return Status::InvalidArgument("an action needs a valid date");
  if (action.action == "set_due" && (!action.value || !ParseIsoDate(*action.value))) {
    return Status::InvalidArgument("set-due needs a date YYYY-MM-DD");
  }
  if (action.action == "assign" && (!action.value || action.value->empty())) {
    return Status::InvalidArgument("assign needs the new assignee");
  }
  const std::string doing =
      fmt::format("recording '{}' on follow-up {}", action.action, action.key);
  Transaction transaction(db_);
  if (Status status = transaction.BeginWrite(doing); !status.ok()) return status;
  StatementCache cache(db_, doing);
  bool known = false;
  Status status = Query(
      cache, "SELECT 1 FROM followups WHERE key = ?1 LIMIT 1",
      [&](Statement& s) { s.BindText(1, action.key); }, [&](const Statement&) { known = true; });
  if (!status.ok()) return status;
  if (!known) {
    return Status::NotFound(
        fmt::format("no follow-up {} (paragraf followup list shows the keys)", action.key));
  }
  status = Execute(cache,
                   "INSERT INTO followup_actions (followup_key, action, value, note, ref, "
                   "acted_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   [&](Statement& s) {
                     s.BindText(1, action.key).BindText(2, action.action);
                     s.BindOptText(3, action.value).BindOptText(4, action.note);
                     s.BindOptText(5, action.ref).BindText(6, FormatIsoDate(action.acted_on));
                   });
  if (!status.ok()) return status;
  return transaction.Commit(doing);
}

}  // namespace paragraf
