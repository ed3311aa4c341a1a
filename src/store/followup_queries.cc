// Store::FollowUps and Store::AddFollowUpAction: follow-ups as they stood on
// a day, from the parsed rows, the links and the secretariat's actions.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <tuple>
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

// What FollowUps() reads of a follow-up, in the order it reads it; both
// queries of follow-ups give these columns.
#define PARAGRAF_FOLLOWUP_COLUMNS                                                          \
  "SELECT fu.id, fu.key, fu.kind, coalesce(fu.assignee, fu.inherited_assignee), fu.task, " \
  "fu.due, coalesce(fu.due_text, ''), fu.text, fu.document_id, p.number, "                 \
  "coalesce(p.title, ''), coalesce(p.id, 0), fu.page, fu.line, coalesce(p.ordinal, -1), "  \
  "fu.ordinal, coalesce(fu.due_meeting, '')"

// The follow-ups of a body, or the one with a key: through their documents,
// by the body's index. Rows come by document (date, then id), then by id.
constexpr const char* kFollowUps = PARAGRAF_FOLLOWUP_COLUMNS R"sql(
  FROM followups fu
  JOIN documents d ON d.id = fu.document_id
  LEFT JOIN paragraphs p ON p.id = fu.paragraph_id
 WHERE d.date IS NOT NULL AND d.date <= ?1
   AND (?2 IS NULL OR d.body_id = ?2)
   AND (?3 IS NULL OR fu.key = ?3)
)sql";

// kFollowUps for every body: the table in its own order, ids ?1 to ?2,
// each row's document found among kDocuments' in memory. Joining every row
// to its document in SQL cost a look-up in the documents table (large
// rows: the JSON) or in followups per row.
constexpr const char* kAllFollowUps = PARAGRAF_FOLLOWUP_COLUMNS R"sql(
  FROM followups fu
  LEFT JOIN paragraphs p ON p.id = fu.paragraph_id
 WHERE fu.id BETWEEN ?1 AND ?2
)sql";

// What a follow-up or link takes from its document, for every document
// dated on or before ?1, in (date, path, id) order: the order in which
// SQLite gave kFollowUps' rows for every body when it joined the documents.
#define PARAGRAF_DOCUMENT_COLUMNS                                       \
  "SELECT d.id, d.date, coalesce(d.body_id, 0), coalesce(b.name, ''), " \
  "coalesce(b.abbreviation, ''), coalesce(b.abbreviation, b.name, '') " \
  "FROM documents d LEFT JOIN bodies b ON b.id = d.body_id"

constexpr const char* kDocuments = PARAGRAF_DOCUMENT_COLUMNS R"sql(
 WHERE d.date IS NOT NULL AND d.date <= ?1
 ORDER BY d.date, d.path, d.id
)sql";

// kDocuments for one document.
constexpr const char* kDocument = PARAGRAF_DOCUMENT_COLUMNS R"sql(
 WHERE d.id = ?1
)sql";

#undef PARAGRAF_FOLLOWUP_COLUMNS
#undef PARAGRAF_DOCUMENT_COLUMNS

// The links of the same follow-ups as kFollowUps, oldest first.
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
 ORDER BY d.date, p.ordinal, l.paragraph_id
)sql";

// kLinks for every body: the links of follow-ups ?1 to ?2, in the table's
// own order (by follow-up), each one's document found among kDocuments'
// (none: dated after the as-of date, skipped) and the links of each
// follow-up put in kLinks' order in memory. Links of follow-ups the list
// leaves out are never looked at.
constexpr const char* kAllLinks = R"sql(
SELECT l.followup_id, l.kind, l.confidence, l.evidence, p.document_id, p.number, p.title,
       l.replaces, l.partial, p.ordinal, l.paragraph_id
  FROM followup_links l
  JOIN paragraphs p ON p.id = l.paragraph_id
 WHERE l.followup_id BETWEEN ?1 AND ?2
 ORDER BY l.followup_id, l.paragraph_id
)sql";

// The meetings of a body, for its follow-ups due at a meeting ("till
// nämndens sammanträde i juni 2022", "till nästa sammanträde"). Read when
// the first such follow-up of the body comes: most bodies have none.
constexpr const char* kMeetingDates = R"sql(
SELECT m.date FROM documents m
 WHERE m.body_id = ?1 AND m.date IS NOT NULL
   AND m.kind IN ('protokoll', 'protokollsutdrag', 'kallelse')
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

// kMeetingDates for every body at once, by body.
constexpr const char* kAllMeetingDates = R"sql(
SELECT m.body_id, m.date FROM documents m
 WHERE m.body_id IS NOT NULL AND m.date IS NOT NULL
   AND m.kind IN ('protokoll', 'protokollsutdrag', 'kallelse')
 ORDER BY m.body_id, m.date
)sql";

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

bool Wanted(const std::vector<std::string>& list, std::string_view value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// A date as one number that orders as the date does; nullopt first.
int64_t DateOrder(const std::optional<Date>& date) {
  if (!date) return std::numeric_limits<int64_t>::min();
  return (static_cast<int64_t>(static_cast<int>(date->year())) << 16) |
         (static_cast<int64_t>(static_cast<unsigned>(date->month())) << 8) |
         static_cast<unsigned>(date->day());
}

}  // namespace

std::string FollowUpActionLabel(const std::string& action) {
  if (action == "close") return "avslutad";
  if (action == "reopen") return "återöppnad";
  if (action == "set_due") return "nytt datum";
  if (action == "assign") return "ny ansvarig";
  return action;
}

namespace {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

// Every body: lists of at least this many follow-ups are read on two
// connections, half each. Measured on the bench's 100 000 (the list of
// 63 820 open ones, median of 7 runs): 155-161 ms to read on one, 115-123
// ms on two.
constexpr size_t kRowsWorthASecondReader = 8192;

// A second connection to `db`'s file, in a read transaction that sees what
// `db`'s sees, for reading half of a long list on another thread. Both
// snapshots are taken while a third connection holds the write lock for a
// moment, so no commit can come between them (Debian's SQLite has no
// sqlite3_snapshot_open). nullptr when the lock is not free at once (an
// import is writing), the database is in memory or a connection cannot be
// opened: the list is then read on `db` alone, with the same result.
// REQUIRES: `db` is in a read transaction that has read nothing yet; its
// snapshot is taken here either way.
Connection OpenSameSnapshot(sqlite3* db) {
  const char* file = sqlite3_db_filename(db, "main");
  if (file == nullptr || *file == '\0') return nullptr;
  auto open = [file](int flags) {
    sqlite3* opened = nullptr;
    if (sqlite3_open_v2(file, &opened, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(opened);
      return Connection();
    }
    return Connection(opened);
  };
  auto run = [](sqlite3* on, const char* sql) {
    return sqlite3_exec(on, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  };
  // Reading the schema starts a read transaction's snapshot.
  constexpr const char* kTouch = "SELECT count(*) FROM sqlite_schema";
  Connection lock = open(SQLITE_OPEN_READWRITE);
  Connection partner = open(SQLITE_OPEN_READONLY);
  // No busy timeout on `lock`: a writer at work means one connection.
  if (!lock || !partner || !run(partner.get(), store_internal::kReadingPragmas) ||
      !run(lock.get(), "BEGIN IMMEDIATE")) {
    return nullptr;
  }
  const bool same = run(db, kTouch) && run(partner.get(), "BEGIN") && run(partner.get(), kTouch);
  run(lock.get(), "ROLLBACK");
  return same ? std::move(partner) : nullptr;
}

// Where FollowUps() puts a follow-up among those of its body and origin
// date.
struct Place {
  size_t document;  // the rank of its document: kDocuments' order for every body
  int paragraph;    // the paragraph's ordinal
  int ordinal;      // the follow-up's
};

// Store::FollowUps' follow-ups in the order they are read, each handed to
// `take` with its place and a bound on how many there are in all (0: none
// known).
using TakePlaced = std::function<void(StoredFollowUp&&, const Place&, size_t at_most)>;

Status ReadFollowUps(sqlite3* db, const FollowUpQuery& query, const TakePlaced& take) {
  constexpr std::string_view kDoing = "listing follow-ups";
  if (!query.as_of.ok()) return Status::InvalidArgument("listing follow-ups needs a valid date");
  Transaction snapshot(db);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  // Every body: perhaps a second reader, before `db` reads anything.
  Connection partner;
  if (!query.body && !query.key) partner = OpenSameSnapshot(db);
  StatementCache cache(db, std::string(kDoing));
  const std::string as_of = FormatIsoDate(query.as_of);

  // The body by name or abbreviation; none known: nothing to list.
  std::optional<int64_t> body_id;
  if (query.body) {
    Status found = Query(
        cache, "SELECT id FROM bodies WHERE name_key = ?1 OR abbreviation_key = ?1 LIMIT 1",
        [&](Statement& s) { s.BindText(1, FoldKey(*query.body)); },
        [&](const Statement& s) { body_id = s.ColumnInt64(0); });
    if (!found.ok()) return found;
    if (!body_id) return Status::OK();
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

  // Every body: the documents read once, up front; otherwise each when its
  // first follow-up comes.
  const bool every_body = !body_id && !query.key;
  struct Doc {
    std::string date;  // as stored: links sort by it as text, as SQL did
    std::optional<Date> day;
    int64_t body_id = 0;  // 0: none
    std::string body, abbreviation;
    std::string link_body;  // the abbreviation, else the name
    size_t rank = 0;        // in kDocuments' order (every body only)
  };
  std::unordered_map<int64_t, Doc> docs;
  auto read_doc = [&](const Statement& s) {
    Doc& doc = docs[s.ColumnInt64(0)];
    doc.date = s.ColumnText(1);
    doc.day = s.ColumnDate(1);
    doc.body_id = s.ColumnInt64(2);
    doc.body = s.ColumnText(3);
    doc.abbreviation = s.ColumnText(4);
    doc.link_body = s.ColumnText(5);
    doc.rank = docs.size();
  };
  Status status = Status::OK();
  if (every_body) {
    status = Query(
        cache, kDocuments, [&](Statement& s) { s.BindText(1, as_of); }, read_doc);
    if (!status.ok()) return status;
  }
  auto find_doc = [&](int64_t id) -> Result<const Doc*> {
    auto known = docs.find(id);
    if (known != docs.end()) return &known->second;
    if (every_body) return nullptr;  // dated after as_of, or undated
    Status read = Query(
        cache, kDocument, [&](Statement& s) { s.BindInt(1, id); }, read_doc);
    if (!read.ok()) return read;
    known = docs.find(id);
    return known != docs.end() ? &known->second : nullptr;
  };

  // Links and actions first: they decide each follow-up's status, so rows
  // the query does not want are skipped before their text is copied.
  // By follow-up id; each follow-up's oldest first.
  struct LinkRow {
    int64_t followup_id = 0;
    const Doc* doc = nullptr;  // every body only
    int ordinal = 0;           // the paragraph's; every body only
    int64_t paragraph_id = 0;  // every body only
    FollowUpLink link;
  };
  // Every body: the links of follow-ups `first` to `last`, read through
  // `from` when the rows are (only reading what is shared: a second reader
  // may call this).
  auto read_all_links = [&](StatementCache& from, int64_t first,
                            int64_t last) -> Result<std::vector<LinkRow>> {
    std::vector<LinkRow> links;
    Status read = Query(
        from, kAllLinks, [&](Statement& s) { s.BindInt(1, first).BindInt(2, last); },
        [&](const Statement& s) {
          auto doc = docs.find(s.ColumnInt64(4));
          if (doc == docs.end()) return;
          LinkRow& row = links.emplace_back();
          row.followup_id = s.ColumnInt64(0);
          row.doc = &doc->second;
          row.ordinal = s.ColumnInt(9);
          row.paragraph_id = s.ColumnInt64(10);
          FollowUpLink& link = row.link;
          link.kind = s.ColumnText(1);
          link.confidence = s.ColumnDouble(2);
          link.evidence = s.ColumnText(3);
          link.body = doc->second.link_body;
          link.date = doc->second.day;
          link.paragraph = s.ColumnOptInt(5);
          link.title = s.ColumnText(6);
          link.replaces = s.ColumnInt(7) != 0;
          link.partial = s.ColumnInt(8) != 0;
        });
    if (!read.ok()) return read;
    // Each follow-up's links as kLinks orders them: by date (as text), the
    // paragraph's ordinal, its id. Mostly so already.
    const auto before = [](const LinkRow& x, const LinkRow& y) {
      if (x.followup_id != y.followup_id) return x.followup_id < y.followup_id;
      if (x.doc != y.doc && x.doc->date != y.doc->date) return x.doc->date < y.doc->date;
      return std::pair(x.ordinal, x.paragraph_id) < std::pair(y.ordinal, y.paragraph_id);
    };
    if (!std::is_sorted(links.begin(), links.end(), before)) {
      std::sort(links.begin(), links.end(), before);
    }
    return links;
  };
  std::vector<LinkRow> body_links;  // one body or key
  if (!every_body) {
    status =
        Query(cache, ForBody(kLinks, body_id.has_value()), bind_filters, [&](const Statement& s) {
          LinkRow& row = body_links.emplace_back();
          row.followup_id = s.ColumnInt64(0);
          FollowUpLink& link = row.link;
          link.kind = s.ColumnText(1);
          link.confidence = s.ColumnDouble(2);
          link.evidence = s.ColumnText(3);
          link.body = s.ColumnText(4);
          link.date = s.ColumnDate(5);
          link.paragraph = s.ColumnOptInt(6);
          link.title = s.ColumnText(7);
          link.replaces = s.ColumnInt(8) != 0;
          link.partial = s.ColumnInt(9) != 0;
        });
    if (!status.ok()) return status;
    std::stable_sort(body_links.begin(), body_links.end(), [](const LinkRow& x, const LinkRow& y) {
      return x.followup_id < y.followup_id;
    });
  }

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

  // Meetings by body id. Every body: all read now, so that reading the
  // rows only looks them up (two threads may); otherwise each body's when
  // first needed.
  std::unordered_map<int64_t, std::vector<Date>> meetings;
  if (every_body) {
    for (const auto& [id, doc] : docs) meetings.try_emplace(doc.body_id);
    status = Query(
        cache, kAllMeetingDates, [](Statement&) {},
        [&](const Statement& s) {
          if (std::optional<Date> date = s.ColumnDate(1)) {
            meetings[s.ColumnInt64(0)].push_back(*date);
          }
        });
    if (!status.ok()) return status;
  }
  auto meetings_of = [&](int64_t body) -> Result<const std::vector<Date>*> {
    if (auto held = meetings.find(body); held != meetings.end()) return &held->second;
    std::vector<Date>& list = meetings[body];
    Status read = Query(
        cache, kMeetingDates, [&](Statement& s) { s.BindInt(1, body); },
        [&](const Statement& s) {
          if (std::optional<Date> date = s.ColumnDate(0)) list.push_back(*date);
        });
    if (!read.ok()) return read;
    return &list;
  };

  // Every body: a bound on how many follow-ups there are, and the
  // diarienummer of every paragraph, read in one pass, by paragraph id, then
  // ordinal (reading them through the (paragraph_id, ordinal) index looked up
  // every row in the table). Otherwise each paragraph's are looked up when
  // its first follow-up is kept.
  size_t at_most = 0;
  struct CaseRow {
    int64_t paragraph_id;
    int ordinal;
    std::string number;
  };
  std::vector<CaseRow> cases;
  if (every_body) {
    status = Query(
        cache, "SELECT count(*) FROM followups", [](Statement&) {},
        [&](const Statement& s) { at_most = static_cast<size_t>(s.ColumnInt64(0)); });
    if (!status.ok()) return status;
  }
  auto read_cases = [&]() -> Status {
    Status read = Query(
        cache, "SELECT paragraph_id, ordinal, case_number FROM case_numbers", [](Statement&) {},
        [&](const Statement& s) {
          cases.push_back({s.ColumnInt64(0), s.ColumnInt(1), s.ColumnText(2)});
        });
    if (!read.ok()) return read;
    const auto before = [](const CaseRow& x, const CaseRow& y) {
      return std::pair(x.paragraph_id, x.ordinal) < std::pair(y.paragraph_id, y.ordinal);
    };
    if (!std::is_sorted(cases.begin(), cases.end(), before)) {
      std::stable_sort(cases.begin(), cases.end(), before);
    }
    return Status::OK();
  };
  // The diarienummer of a paragraph: for every body from `cases`; otherwise
  // looked up, the last paragraph's kept, since its follow-ups come together.
  int64_t cases_of = -1;
  std::vector<std::string> last_cases;
  auto case_numbers = [&](int64_t paragraph_id) -> Result<std::vector<std::string>> {
    std::vector<std::string> numbers;
    if (paragraph_id == 0) return numbers;
    if (every_body) {
      auto number = std::lower_bound(
          cases.begin(), cases.end(), paragraph_id,
          [](const CaseRow& c, int64_t wanted) { return c.paragraph_id < wanted; });
      for (; number != cases.end() && number->paragraph_id == paragraph_id; ++number) {
        numbers.push_back(number->number);
      }
      return numbers;
    }
    if (paragraph_id != cases_of) {
      Status read = Query(
          cache, "SELECT case_number FROM case_numbers WHERE paragraph_id = ?1 ORDER BY ordinal",
          [&](Statement& s) { s.BindInt(1, paragraph_id); },
          [&](const Statement& s) { numbers.push_back(s.ColumnText(0)); });
      if (!read.ok()) return read;
      cases_of = paragraph_id;
      last_cases = std::move(numbers);
    }
    return last_cases;
  };
  const std::string assignee_key = query.assignee ? FoldKey(*query.assignee) : "";
  // The rows through `rows` (its own state; what it shares it only reads
  // when every body is listed, as the two readers then do), each one kept
  // handed to `keep`.
  auto read_rows = [&](StatementCache& rows, const char* sql,
                       const std::function<void(Statement&)>& bind, std::vector<LinkRow>& links,
                       const TakePlaced& keep) -> Status {
    Status doc_error = Status::OK();
    int64_t last_document_id = -1;
    const Doc* last_doc = nullptr;
    auto next_link = links.begin();  // after the last follow-up's links
    Status read = Query(rows, sql, bind, [&](const Statement& s) {
      // Rows come by document as a rule: the last one is looked up once.
      if (const int64_t document_id = s.ColumnInt64(8); document_id != last_document_id) {
        Result<const Doc*> in = find_doc(document_id);
        if (!in.ok()) {
          doc_error = in.status();
          return;
        }
        last_document_id = document_id;
        last_doc = *in;
      }
      if (last_doc == nullptr) return;
      const Doc& doc = *last_doc;
      const std::string_view kind = s.ColumnView(2);
      if (!Wanted(query.kinds, kind)) return;
      StoredFollowUp f;
      f.followup.assignee = s.ColumnOptText(3);
      f.followup.due = s.ColumnDate(5);
      const std::string_view key = s.ColumnView(1);
      if (const std::string_view how = s.ColumnView(16); !how.empty()) {
        Result<const std::vector<Date>*> held = meetings_of(doc.body_id);
        if (!held.ok()) {
          doc_error = held.status();
          return;
        }
        if (std::optional<Date> at =
                MeetingDue(**held, std::string(how), f.followup.due, doc.day)) {
          f.followup.due = at;
        }
      }
      // The secretariat's actions, in the order they took effect.
      bool closed = false;
      std::optional<Date> reopened;
      if (!actions.empty()) {
        auto acted = actions.find(std::string(key));
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
      const int64_t id = s.ColumnInt64(0);
      // Its links: where the last follow-up's ended, when rows come by id
      // (every body) and that is where they start, else found by halving.
      auto first = next_link;
      if (!((first == links.end() || first->followup_id >= id) &&
            (first == links.begin() || std::prev(first)->followup_id < id))) {
        first = std::lower_bound(
            links.begin(), links.end(), id,
            [](const LinkRow& row, int64_t followup_id) { return row.followup_id < followup_id; });
      }
      auto last = first;
      while (last != links.end() && last->followup_id == id) ++last;
      next_link = last;
      {
        for (auto row = first; row != last; ++row) {
          const FollowUpLink& link = row->link;
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
      Result<std::vector<std::string>> numbers = case_numbers(s.ColumnInt64(11));
      if (!numbers.ok()) {
        doc_error = numbers.status();
        return;
      }
      f.case_numbers = std::move(*numbers);
      f.key = key;
      f.followup.kind = kind;
      f.followup.task = s.ColumnText(4);
      if (f.followup.due_text.empty()) f.followup.due_text = s.ColumnText(6);
      f.followup.text = s.ColumnText(7);
      f.origin_date = doc.day;
      f.paragraph = s.ColumnOptInt(9);
      f.title = s.ColumnText(10);
      f.body = doc.body;
      f.body_abbreviation = doc.abbreviation;
      f.followup.pos = {s.ColumnOptInt(12).value_or(0), s.ColumnOptInt(13).value_or(0)};
      f.links.reserve(static_cast<size_t>(last - first));
      for (auto row = first; row != last; ++row) f.links.push_back(std::move(row->link));
      keep(std::move(f), Place{doc.rank, s.ColumnInt(14), s.ColumnInt(15)}, at_most);
    });
    return read.ok() ? doc_error : read;
  };
  if (!every_body) {
    return read_rows(cache, ForBody(kFollowUps, body_id.has_value()), bind_filters, body_links,
                     take);
  }
  auto between = [](int64_t first, int64_t last) {
    return [first, last](Statement& s) { s.BindInt(1, first).BindInt(2, last); };
  };
  int64_t first_id = 0, last_id = -1;
  status = Query(
      cache,
      "SELECT coalesce((SELECT min(id) FROM followups), 0), "
      "coalesce((SELECT max(id) FROM followups), -1)",
      [](Statement&) {},
      [&](const Statement& s) {
        first_id = s.ColumnInt64(0);
        last_id = s.ColumnInt64(1);
      });
  if (!status.ok()) return status;
  if (!partner || at_most < kRowsWorthASecondReader) {
    if (Status read = read_cases(); !read.ok()) return read;
    Result<std::vector<LinkRow>> all = read_all_links(cache, first_id, last_id);
    if (!all.ok()) return all.status();
    return read_rows(cache, kAllFollowUps, between(first_id, last_id), *all, take);
  }
  // Two readers, each with the links of its half: the partner's half kept
  // until the first is taken, so that `take` sees the rows in the table's
  // order either way. Its rows wait for the diarienummer, read here
  // meanwhile.
  const int64_t middle = first_id + (last_id - first_id) / 2;
  struct Kept {
    StoredFollowUp followup;
    Place place;
  };
  std::promise<bool> cases_read;
  std::future<Result<std::vector<Kept>>> second = std::async(
      std::launch::async,
      [&, cases_ready = cases_read.get_future()]() mutable -> Result<std::vector<Kept>> {
        StatementCache rows(partner.get(), std::string(kDoing));
        Result<std::vector<LinkRow>> half = read_all_links(rows, middle + 1, last_id);
        if (!cases_ready.get()) return std::vector<Kept>();  // the first reader failed
        if (!half.ok()) return half.status();
        std::vector<Kept> kept;
        kept.reserve(at_most / 2 + 1);
        Status read = read_rows(rows, kAllFollowUps, between(middle + 1, last_id), *half,
                                [&](StoredFollowUp&& followup, const Place& place, size_t) {
                                  kept.push_back({std::move(followup), place});
                                });
        if (!read.ok()) return read;
        return kept;
      });
  Status first_half = read_cases();
  cases_read.set_value(first_half.ok());
  if (first_half.ok()) {
    Result<std::vector<LinkRow>> half = read_all_links(cache, first_id, middle);
    first_half = half.ok() ? read_rows(cache, kAllFollowUps, between(first_id, middle), *half, take)
                           : half.status();
  }
  Result<std::vector<Kept>> second_half = second.get();
  if (!first_half.ok()) return first_half;
  if (!second_half.ok()) return second_half.status();
  for (Kept& row : *second_half) take(std::move(row.followup), row.place, at_most);
  return Status::OK();
}

}  // namespace

Result<std::vector<StoredFollowUp>> Store::FollowUps(const FollowUpQuery& query) {
  // Kept as they are read, then put in order: by body, origin date, §,
  // ordinal, then as the documents and the rows came.
  std::vector<StoredFollowUp> found;
  struct Order {
    int64_t body;    // a slot in body_names until ranked, then the rank
    int64_t origin;  // DateOrder(origin_date)
    Place place;
    size_t index;  // in found
  };
  std::vector<Order> order;
  std::unordered_map<std::string, int64_t> slot_of_name;
  std::vector<const std::string*> body_names;  // by slot
  Status status =
      ReadFollowUps(db_, query, [&](StoredFollowUp&& followup, const Place& place, size_t at_most) {
        if (found.empty()) {
          // At most every row: the vector is never moved as it grows, and
          // pages it does not fill are never touched.
          found.reserve(at_most);
          order.reserve(at_most);
        }
        auto [slot, added] = slot_of_name.try_emplace(followup.body, body_names.size());
        if (added) body_names.push_back(&slot->first);
        order.push_back({slot->second, DateOrder(followup.origin_date), place, found.size()});
        found.push_back(std::move(followup));
      });
  if (!status.ok()) return status;
  std::vector<size_t> slots(body_names.size());
  for (size_t i = 0; i < slots.size(); ++i) slots[i] = i;
  std::sort(slots.begin(), slots.end(),
            [&](size_t a, size_t b) { return *body_names[a] < *body_names[b]; });
  std::vector<int64_t> rank(body_names.size());
  for (size_t i = 0; i < slots.size(); ++i) rank[slots[i]] = static_cast<int64_t>(i);
  for (Order& row : order) row.body = rank[static_cast<size_t>(row.body)];
  std::sort(order.begin(), order.end(), [](const Order& x, const Order& y) {
    return std::tuple(x.body, x.origin, x.place.paragraph, x.place.ordinal, x.place.document,
                      x.index) < std::tuple(y.body, y.origin, y.place.paragraph, y.place.ordinal,
                                            y.place.document, y.index);
  });
  std::vector<StoredFollowUp> out;
  out.reserve(order.size());
  for (const Order& row : order) out.push_back(std::move(found[row.index]));
  return out;
}

Status Store::ForEachFollowUp(const FollowUpQuery& query,
                              const std::function<void(StoredFollowUp&&, size_t at_most)>& take) {
  return ReadFollowUps(db_, query, [&](StoredFollowUp&& followup, const Place&, size_t at_most) {
    take(std::move(followup), at_most);
  });
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
