// Store::FollowUps and Store::AddFollowUpAction: follow-ups as they stood on
// a day, from the parsed rows, the links and the secretariat's actions.
#include <fmt/format.h>

#include <algorithm>
#include <map>
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
SELECT fu.id, fu.key, fu.kind, fu.assignee, fu.task, fu.due, coalesce(fu.due_text, ''), fu.text,
       d.date, p.number, p.title, coalesce(b.name, ''), coalesce(b.abbreviation, ''), p.id,
       fu.page, fu.line
  FROM followups fu
  JOIN paragraphs p ON p.id = fu.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE d.date IS NOT NULL AND d.date <= ?1
   AND (?2 IS NULL OR b.name_key = ?2 OR b.abbreviation_key = ?2)
   AND (?3 IS NULL OR fu.key = ?3)
 ORDER BY b.name, d.date, p.ordinal, fu.ordinal
)sql";

constexpr const char* kLinks = R"sql(
SELECT l.followup_id, l.kind, l.confidence, l.evidence,
       coalesce(b.abbreviation, b.name, ''), d.date, p.number, p.title
  FROM followup_links l
  JOIN paragraphs p ON p.id = l.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE d.date <= ?1
 ORDER BY d.date, p.ordinal
)sql";

constexpr const char* kCaseNumbers = R"sql(
SELECT c.paragraph_id, c.case_number FROM case_numbers c
 WHERE c.paragraph_id IN (SELECT paragraph_id FROM followups)
 ORDER BY c.paragraph_id, c.ordinal
)sql";

constexpr const char* kActions = R"sql(
SELECT followup_key, action, value, note, ref, acted_on FROM followup_actions
 WHERE acted_on <= ?1 ORDER BY acted_on, id
)sql";

std::string ActionLabel(const std::string& action) {
  if (action == "close") return "avslutad";
  if (action == "reopen") return "återöppnad";
  if (action == "set_due") return "nytt datum";
  if (action == "assign") return "ny ansvarig";
  return action;
}

bool Wanted(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Result<std::vector<StoredFollowUp>> Store::FollowUps(const FollowUpQuery& query) {
  constexpr std::string_view kDoing = "listing follow-ups";
  if (!query.as_of.ok()) return Status::InvalidArgument("listing follow-ups needs a valid date");
  Transaction snapshot(db_);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  StatementCache cache(db_, std::string(kDoing));
  const std::string as_of = FormatIsoDate(query.as_of);

  std::vector<StoredFollowUp> all;
  std::vector<int64_t> ids, paragraph_ids;
  Status status = Query(
      cache, kFollowUps,
      [&](Statement& s) {
        s.BindText(1, as_of);
        if (query.body) {
          s.BindText(2, FoldKey(*query.body));
        } else {
          s.BindNull(2);
        }
        s.BindOptText(3, query.key);
      },
      [&](const Statement& s) {
        StoredFollowUp f;
        ids.push_back(s.ColumnInt64(0));
        f.key = s.ColumnText(1);
        f.followup.kind = s.ColumnText(2);
        f.followup.assignee = s.ColumnOptText(3);
        f.followup.task = s.ColumnText(4);
        f.followup.due = s.ColumnDate(5);
        f.followup.due_text = s.ColumnText(6);
        f.followup.text = s.ColumnText(7);
        f.origin_date = s.ColumnDate(8);
        f.paragraph = s.ColumnOptInt(9);
        f.title = s.ColumnText(10);
        f.body = s.ColumnText(11);
        f.body_abbreviation = s.ColumnText(12);
        paragraph_ids.push_back(s.ColumnInt64(13));
        f.followup.pos = {s.ColumnOptInt(14).value_or(0), s.ColumnOptInt(15).value_or(0)};
        all.push_back(std::move(f));
      });
  if (!status.ok()) return status;
  if (all.empty()) return all;

  std::unordered_map<int64_t, size_t> by_id;
  for (size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = i;
  status = Query(
      cache, kLinks, [&](Statement& s) { s.BindText(1, as_of); },
      [&](const Statement& s) {
        auto it = by_id.find(s.ColumnInt64(0));
        if (it == by_id.end()) return;
        FollowUpLink link;
        link.kind = s.ColumnText(1);
        link.confidence = s.ColumnDouble(2);
        link.evidence = s.ColumnText(3);
        link.body = s.ColumnText(4);
        link.date = s.ColumnDate(5);
        link.paragraph = s.ColumnOptInt(6);
        link.title = s.ColumnText(7);
        all[it->second].links.push_back(std::move(link));
      });
  if (!status.ok()) return status;

  std::unordered_map<int64_t, std::vector<std::string>> cases;
  status = Query(
      cache, kCaseNumbers, [](Statement&) {},
      [&](const Statement& s) { cases[s.ColumnInt64(0)].push_back(s.ColumnText(1)); });
  if (!status.ok()) return status;

  std::unordered_map<std::string, size_t> by_key;
  for (size_t i = 0; i < all.size(); ++i) {
    by_key[all[i].key] = i;
    auto c = cases.find(paragraph_ids[i]);
    if (c != cases.end()) all[i].case_numbers = c->second;
  }
  // The secretariat's actions, in the order they took effect.
  std::vector<std::optional<Date>> reopened(all.size());
  std::vector<bool> closed(all.size(), false);
  status = Query(
      cache, kActions, [&](Statement& s) { s.BindText(1, as_of); },
      [&](const Statement& s) {
        auto it = by_key.find(s.ColumnText(0));
        if (it == by_key.end()) return;
        StoredFollowUp& f = all[it->second];
        const std::string action = s.ColumnText(1);
        const std::optional<std::string> value = s.ColumnOptText(2);
        const std::optional<std::string> note = s.ColumnOptText(3);
        const std::optional<std::string> ref = s.ColumnOptText(4);
        const std::optional<Date> on = s.ColumnDate(5);
        if (action == "close") closed[it->second] = true;
        if (action == "reopen") {
          closed[it->second] = false;
          reopened[it->second] = on;
        }
        if (action == "set_due" && value) {
          f.followup.due = ParseIsoDate(*value);
          f.followup.due_text = *value;
        }
        if (action == "assign" && value) f.followup.assignee = *value;
        std::string line = fmt::format("{} {}", on ? FormatIsoDate(*on) : "?", ActionLabel(action));
        if (value) line += ": " + *value;
        if (note) line += (value ? " – " : ": ") + *note;
        if (ref) line += " (" + *ref + ")";
        f.actions.push_back(std::move(line));
        if (note) f.note = note;
      });
  if (!status.ok()) return status;

  std::vector<StoredFollowUp> out;
  const std::string assignee_key = query.assignee ? FoldKey(*query.assignee) : "";
  for (size_t i = 0; i < all.size(); ++i) {
    StoredFollowUp& f = all[i];
    bool answered = false, superseded = false;
    for (const FollowUpLink& link : f.links) {
      if (link.confidence < kFactConfidence) continue;
      // Answers from before a reopening no longer count.
      if (reopened[i] && link.date && *link.date <= *reopened[i]) continue;
      if (link.kind == "answers") answered = true;
      if (link.kind == "corrects") superseded = true;
    }
    if (closed[i]) {
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
    if (!Wanted(query.statuses, f.status) || !Wanted(query.kinds, f.followup.kind)) continue;
    if (!assignee_key.empty() &&
        FoldKey(f.followup.assignee.value_or("")).find(assignee_key) == std::string::npos) {
      continue;
    }
    out.push_back(std::move(f));
  }
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
