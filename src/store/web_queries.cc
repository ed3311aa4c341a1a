// What the web app reads beyond the command line's queries: a read-only
// connection, documents and paragraphs by id, a paragraph's follow-up trail
// and the parties of a set of paragraphs (for search facets).
#include <fmt/format.h>
#include <sqlite3.h>

#include <system_error>
#include <utility>

#include "store/schema.h"
#include "store/search_index.h"
#include "store/sqlite_util.h"
#include "store/statements.h"
#include "store/store.h"

namespace paragraf {

using store_internal::Exec;
using store_internal::Query;
using store_internal::SqliteStatus;
using store_internal::Statement;
using store_internal::StatementCache;
using store_internal::Transaction;

namespace {

// As Open's: how long a read waits for a writer's lock before Busy.
constexpr int kReadBusyTimeoutMs = 5000;

std::optional<Body> BodyOf(const Statement& s, int index) {
  if (s.IsNull(index)) return std::nullopt;
  Body body;
  body.name = s.ColumnText(index);
  body.abbreviation = s.ColumnOptText(index + 1);
  return body;
}

constexpr const char* kDocument = R"sql(
SELECT d.id, d.path, d.sha256, d.kind, b.name, b.abbreviation, d.date,
       (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id)
  FROM documents d LEFT JOIN bodies b ON b.id = d.body_id
 WHERE d.id = ?1
)sql";

constexpr const char* kParagraphRows = R"sql(
SELECT id, document_id, ordinal, number, title, coalesce(page, 0)
  FROM paragraphs WHERE document_id = ?1 ORDER BY ordinal
)sql";

constexpr const char* kParagraphRow = R"sql(
SELECT id, document_id, ordinal, number, title, coalesce(page, 0)
  FROM paragraphs WHERE id = ?1
)sql";

// Follow-ups of the paragraph, each with the later paragraphs linked to it.
constexpr const char* kStarted = R"sql(
SELECT fu.key, fu.kind, fu.task, coalesce(l.kind, ''), coalesce(l.confidence, 0),
       coalesce(l.evidence, ''), coalesce(p.id, 0), coalesce(b.abbreviation, b.name, ''), d.date,
       p.number, coalesce(p.title, '')
  FROM followups fu
  LEFT JOIN followup_links l ON l.followup_id = fu.id
  LEFT JOIN paragraphs p ON p.id = l.paragraph_id
  LEFT JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE fu.paragraph_id = ?1
 ORDER BY fu.ordinal, d.date, p.ordinal
)sql";

// Earlier follow-ups linked to the paragraph, with the paragraph each
// comes from.
constexpr const char* kAnswers = R"sql(
SELECT fu.key, fu.kind, fu.task, l.kind, l.confidence, l.evidence, coalesce(p.id, 0),
       coalesce(b.abbreviation, b.name, ''), d.date, p.number, coalesce(p.title, '')
  FROM followup_links l
  JOIN followups fu ON fu.id = l.followup_id
  JOIN documents d ON d.id = fu.document_id
  LEFT JOIN paragraphs p ON p.id = fu.paragraph_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE l.paragraph_id = ?1
 ORDER BY d.date, p.ordinal, fu.ordinal
)sql";

constexpr const char* kPlaces = "SELECT key, document_id, coalesce(paragraph_id, 0) FROM followups";

constexpr const char* kParties = R"sql(
WITH wanted(id) AS (SELECT value FROM json_each(?1))
SELECT m.paragraph_id, upper(a.party) FROM motions m
  JOIN motion_authors a ON a.motion_id = m.id
 WHERE m.paragraph_id IN wanted AND a.party IS NOT NULL AND a.party <> ''
UNION
SELECT r.paragraph_id, upper(a.party) FROM reservations r
  JOIN reservation_authors a ON a.reservation_id = r.id
 WHERE r.paragraph_id IN wanted AND a.party IS NOT NULL AND a.party <> ''
UNION
SELECT j.paragraph_id, upper(j.party) FROM conflicts j
 WHERE j.paragraph_id IN wanted AND j.party IS NOT NULL AND j.party <> ''
)sql";

ParagraphRow RowOf(const Statement& s) {
  ParagraphRow row;
  row.id = s.ColumnInt64(0);
  row.document_id = s.ColumnInt64(1);
  row.ordinal = s.ColumnInt(2);
  row.number = s.ColumnOptInt(3);
  row.title = s.ColumnText(4);
  row.page = s.ColumnInt(5);
  return row;
}

TrailStep StepOf(const Statement& s) {
  TrailStep step;
  step.followup_key = s.ColumnText(0);
  step.followup_kind = s.ColumnText(1);
  step.task = s.ColumnText(2);
  step.link_kind = s.ColumnText(3);
  step.confidence = s.ColumnDouble(4);
  step.evidence = s.ColumnText(5);
  step.paragraph_id = s.ColumnInt64(6);
  step.body = s.ColumnText(7);
  step.date = s.ColumnDate(8);
  step.number = s.ColumnOptInt(9);
  step.title = s.ColumnText(10);
  return step;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::OpenReadOnly(const std::filesystem::path& path) {
  if (path.empty()) return Status::InvalidArgument("no database file given");
  const std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(
        fmt::format("{}: no such database; import documents into it first", file));
  }
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return SqliteStatus(rc, file, detail, "opening the database for reading");
  }
  std::unique_ptr<Store> store(new Store(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kReadBusyTimeoutMs);
  if (Status status = Exec(db, "PRAGMA query_only = 1", "opening the database for reading");
      !status.ok()) {
    return status;
  }
  int64_t version = 0;
  int64_t application = 0;
  {
    StatementCache cache(db, "reading the schema version");
    Status status = Query(
        cache, "PRAGMA user_version", [](Statement&) {},
        [&](const Statement& s) { version = s.ColumnInt64(0); });
    if (!status.ok()) return status;
    status = Query(
        cache, "PRAGMA application_id", [](Statement&) {},
        [&](const Statement& s) { application = s.ColumnInt64(0); });
    if (!status.ok()) return status;
  }
  if (application != store_internal::kApplicationId) {
    return Status::InvalidInput(fmt::format("{}: not a paragraf database", file));
  }
  if (version != SchemaVersion()) {
    return Status::Unsupported(fmt::format(
        "{}: schema version {}, this paragraf reads version {}; open it once for writing "
        "(paragraf import or paragraf serve) to migrate it, or upgrade paragraf",
        file, version, SchemaVersion()));
  }
  if (Status status = store_internal::RegisterSwedishTokenizer(db); !status.ok()) return status;
  return store;
}

Result<std::optional<StoredDocument>> Store::FindDocument(int64_t document_id) {
  StatementCache cache(db_, "reading a document");
  std::optional<StoredDocument> found;
  Status status = Query(
      cache, kDocument, [&](Statement& s) { s.BindInt(1, document_id); },
      [&](const Statement& s) {
        StoredDocument d;
        d.id = s.ColumnInt64(0);
        d.path = s.ColumnText(1);
        d.sha256 = s.ColumnText(2);
        d.kind = s.ColumnText(3);
        d.body = BodyOf(s, 4);
        d.date = s.ColumnDate(6);
        d.paragraphs = s.ColumnInt(7);
        found = std::move(d);
      });
  if (!status.ok()) return status;
  return found;
}

Result<std::optional<int64_t>> Store::FindDocumentBySha256(const std::string& sha256) {
  StatementCache cache(db_, "finding a document by its SHA-256");
  std::optional<int64_t> found;
  Status status = Query(
      cache, "SELECT id FROM documents WHERE sha256 = ?1",
      [&](Statement& s) { s.BindText(1, sha256); },
      [&](const Statement& s) { found = s.ColumnInt64(0); });
  if (!status.ok()) return status;
  return found;
}

Result<std::vector<ParagraphRow>> Store::DocumentParagraphs(int64_t document_id) {
  StatementCache cache(db_, "listing a document's paragraphs");
  std::vector<ParagraphRow> rows;
  Status status = Query(
      cache, kParagraphRows, [&](Statement& s) { s.BindInt(1, document_id); },
      [&](const Statement& s) { rows.push_back(RowOf(s)); });
  if (!status.ok()) return status;
  return rows;
}

Result<std::optional<ParagraphRow>> Store::FindParagraphRow(int64_t paragraph_id) {
  StatementCache cache(db_, "reading a paragraph");
  std::optional<ParagraphRow> found;
  Status status = Query(
      cache, kParagraphRow, [&](Statement& s) { s.BindInt(1, paragraph_id); },
      [&](const Statement& s) { found = RowOf(s); });
  if (!status.ok()) return status;
  return found;
}

Result<FollowUpTrail> Store::FollowUpTrailOf(int64_t paragraph_id) {
  constexpr std::string_view kDoing = "reading a paragraph's follow-ups";
  Transaction snapshot(db_);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  StatementCache cache(db_, std::string(kDoing));
  FollowUpTrail trail;
  auto bind = [&](Statement& s) { s.BindInt(1, paragraph_id); };
  Status status =
      Query(cache, kStarted, bind, [&](const Statement& s) { trail.started.push_back(StepOf(s)); });
  if (!status.ok()) return status;
  status =
      Query(cache, kAnswers, bind, [&](const Statement& s) { trail.answers.push_back(StepOf(s)); });
  if (!status.ok()) return status;
  if (Status committed = snapshot.Commit(kDoing); !committed.ok()) return committed;
  return trail;
}

Result<std::map<std::string, FollowUpPlace>> Store::FollowUpPlaces() {
  StatementCache cache(db_, "listing where follow-ups come from");
  std::map<std::string, FollowUpPlace> places;
  Status status = Query(
      cache, kPlaces, [](Statement&) {},
      [&](const Statement& s) {
        places[s.ColumnText(0)] = FollowUpPlace{s.ColumnInt64(1), s.ColumnInt64(2)};
      });
  if (!status.ok()) return status;
  return places;
}

Result<std::vector<std::pair<int64_t, std::string>>> Store::ParagraphParties(
    const std::vector<int64_t>& paragraph_ids) {
  std::vector<std::pair<int64_t, std::string>> parties;
  if (paragraph_ids.empty()) return parties;
  std::string ids = "[";
  for (size_t i = 0; i < paragraph_ids.size(); ++i) {
    ids += fmt::format("{}{}", i ? "," : "", paragraph_ids[i]);
  }
  ids += "]";
  StatementCache cache(db_, "reading the parties of paragraphs");
  Status status = Query(
      cache, kParties, [&](Statement& s) { s.BindText(1, ids); },
      [&](const Statement& s) { parties.emplace_back(s.ColumnInt64(0), s.ColumnText(1)); });
  if (!status.ok()) return status;
  return parties;
}

}  // namespace paragraf
