#include "store/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/document_json.h"
#include "store/followups.h"
#include "store/keys.h"
#include "store/schema.h"
#include "store/search_index.h"
#include "store/sqlite_util.h"
#include "store/statements.h"

namespace paragraf {

namespace {

using store_internal::ActivityKey;
using store_internal::DatabaseFile;
using store_internal::DateByCitations;
using store_internal::DocumentFollowUpKey;
using store_internal::Exec;
using store_internal::Execute;
using store_internal::FoldKey;
using store_internal::FollowUpKey;
using store_internal::FollowUpKeyPrefix;
using store_internal::IdentityKey;
using store_internal::Insert;
using store_internal::LinkFollowUps;
using store_internal::NormalizeCaseNumber;
using store_internal::Query;
using store_internal::SqliteStatus;
using store_internal::Statement;
using store_internal::StatementCache;
using store_internal::Transaction;

// How long a statement waits for another connection's lock before Busy.
constexpr int kBusyTimeoutMs = 5000;

// Binds a source position to `index` (page) and `index + 1` (line); 0, the
// model's "unknown", is stored as NULL.
void BindPos(Statement& stmt, int index, const SourcePos& pos) {
  if (pos.page > 0) {
    stmt.BindInt(index, pos.page);
  } else {
    stmt.BindNull(index);
  }
  if (pos.line > 0) {
    stmt.BindInt(index + 1, pos.line);
  } else {
    stmt.BindNull(index + 1);
  }
}

SourcePos ColumnPos(const Statement& stmt, int index) {
  return SourcePos{stmt.ColumnOptInt(index).value_or(0), stmt.ColumnOptInt(index + 1).value_or(0)};
}

// Reads the one integer a PRAGMA or query returns.
Result<int64_t> PragmaInt(sqlite3* db, const char* sql, std::string_view doing) {
  Result<Statement> stmt = Statement::Prepare(db, sql, doing);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnInt64(0) : 0;
}

// --- Opening -----------------------------------------------------------------

// Checks that `db` is empty or a paragraf database this version can read.
Status CheckDatabase(sqlite3* db) {
  constexpr std::string_view kDoing = "reading the schema version";
  const std::string file = DatabaseFile(db);
  // One snapshot, so a paragraf creating the schema right now is seen either
  // before or after, never half-way.
  Transaction read(db);
  if (Status status = read.BeginRead(kDoing); !status.ok()) return status;
  Result<int64_t> version = PragmaInt(db, "PRAGMA user_version", kDoing);
  if (!version.ok()) return version.status();
  Result<int64_t> application = PragmaInt(db, "PRAGMA application_id", kDoing);
  if (!application.ok()) return application.status();
  Result<int64_t> objects = PragmaInt(db, "SELECT count(*) FROM sqlite_schema", kDoing);
  if (!objects.ok()) return objects.status();
  if (Status status = read.Commit(kDoing); !status.ok()) return status;

  if (*application != 0 && *application != store_internal::kApplicationId) {
    return Status::InvalidInput(fmt::format(
        "{}: a SQLite database of another program (application_id {:#x}), not a paragraf "
        "database; give another file name",
        file, *application));
  }
  if (*version > Store::SchemaVersion()) {
    return Status::Unsupported(fmt::format(
        "{}: database written by a newer paragraf (schema version {}; this paragraf reads up "
        "to {}); upgrade paragraf to use it, or give another file name",
        file, *version, Store::SchemaVersion()));
  }
  if (*version == 0 && *objects > 0) {
    return Status::InvalidInput(fmt::format(
        "{}: a SQLite database that paragraf did not create (it has tables but no paragraf "
        "schema version); give another file name",
        file));
  }
  return Status::OK();
}

// Applies the migrations the database has not had, each in its own
// transaction together with its PRAGMA user_version.
Status Migrate(sqlite3* db) {
  const auto migrations = store_internal::Migrations();
  for (size_t i = 0; i < migrations.size(); ++i) {
    const int64_t target = static_cast<int64_t>(i) + 1;
    const std::string doing = fmt::format("migrating the schema to version {}", target);
    Transaction write(db);
    if (Status status = write.BeginWrite(doing); !status.ok()) return status;
    // Read again under the write lock: another paragraf may have migrated
    // since CheckDatabase.
    Result<int64_t> version = PragmaInt(db, "PRAGMA user_version", doing);
    if (!version.ok()) return version.status();
    if (*version >= target) continue;
    if (Status status = Exec(db, migrations[i], doing); !status.ok()) return status;
    // The version is our own constant, not a value from outside.
    const std::string set_version =
        fmt::format("PRAGMA user_version = {}; PRAGMA application_id = {};", target,
                    store_internal::kApplicationId);
    if (Status status = Exec(db, set_version.c_str(), doing); !status.ok()) return status;
    if (Status status = write.Commit(doing); !status.ok()) return status;
  }
  return Status::OK();
}

// Sets the connection up and brings the schema up to date.
Status Configure(sqlite3* db) {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  if (Status status = Exec(db, "PRAGMA foreign_keys = ON", "enabling foreign keys"); !status.ok()) {
    return status;
  }
  if (Status status = CheckDatabase(db); !status.ok()) return status;
  if (Status status = store_internal::RegisterSwedishTokenizer(db); !status.ok()) return status;
  // Returns the resulting mode ("memory" for an in-memory database, or the
  // old mode where the file system cannot do WAL); either is usable.
  if (Status status = Exec(db, "PRAGMA journal_mode = WAL", "switching to WAL mode");
      !status.ok()) {
    return status;
  }
  // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a killed
  // process still loses nothing it committed (the WAL is in the file
  // system); only a power cut may lose the last commits, never the file's
  // consistency. A re-run import redoes them. (Measured: 19 corpus texts
  // imported in 1.8 s with FULL, most of it waiting for fsync.)
  if (Status status = Exec(db, "PRAGMA synchronous = NORMAL", "setting the sync level");
      !status.ok()) {
    return status;
  }
  // Reads map the file instead of copying each page (up to 1 GiB), and the
  // page cache holds 64 MiB: a balanslista over a region's archive reads
  // most of the follow-up tables (measured by tools/bench).
  if (Status status = Exec(db, store_internal::kReadingPragmas, "sizing the page cache");
      !status.ok()) {
    return status;
  }
  return Migrate(db);
}

// --- Import ------------------------------------------------------------------

constexpr const char* kFindSha256 = "SELECT id FROM documents WHERE sha256 = ?1";
constexpr const char* kFindSuperseded = "SELECT 1 FROM superseded WHERE sha256 = ?1";
constexpr const char* kSupersede =
    "INSERT OR REPLACE INTO superseded (sha256, identity, path) "
    "SELECT sha256, identity, path FROM documents WHERE id = ?1";
constexpr const char* kFindIdentity = "SELECT id FROM documents WHERE identity = ?1";
constexpr const char* kDeleteDocument = "DELETE FROM documents WHERE id = ?1";
constexpr const char* kDeleteOrphanBodies =
    "DELETE FROM bodies WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.body_id = bodies.id)";
constexpr const char* kFindBody = "SELECT id, abbreviation FROM bodies WHERE name = ?1";
constexpr const char* kInsertBody =
    "INSERT INTO bodies (name, name_key, abbreviation, abbreviation_key) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kUpdateBodyAbbreviation =
    "UPDATE bodies SET abbreviation = ?2, abbreviation_key = ?3 WHERE id = ?1";
constexpr const char* kInsertDocument =
    "INSERT INTO documents (sha256, identity, path, format, kind, body_id, date, pages, json, "
    "organisation) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kInsertMeeting =
    "INSERT INTO meetings (document_id, date, start_time, end_time, place, chair, secretary, "
    "justering_date, anslag_posted, anslag_removed, appeal_deadline) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kInsertJusterare =
    "INSERT INTO justerare (meeting_id, ordinal, name) VALUES (?1, ?2, ?3)";
constexpr const char* kInsertAttendee =
    "INSERT INTO attendees (meeting_id, ordinal, name, party, role, replaces, paragraphs, title, "
    "page, line, present) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kInsertAgendaItem =
    "INSERT INTO agenda_items (document_id, ordinal, number, title, time, starts_on_page, page, "
    "line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kInsertAgendaPresenter =
    "INSERT INTO agenda_presenters (agenda_item_id, ordinal, name) VALUES (?1, ?2, ?3)";
constexpr const char* kInsertParagraph =
    "INSERT INTO paragraphs (document_id, ordinal, number, title, page, line, decided_on) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kInsertCaseNumber =
    "INSERT INTO case_numbers (paragraph_id, ordinal, case_number, normalized) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kInsertSection =
    "INSERT INTO sections (paragraph_id, ordinal, kind, heading, text, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kInsertMotion =
    "INSERT INTO motions (paragraph_id, ordinal, kind, text, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kInsertMotionAuthor =
    "INSERT INTO motion_authors (motion_id, ordinal, name, party) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kInsertProposition =
    "INSERT INTO propositions (paragraph_id, ordinal, method, text, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kInsertVote =
    "INSERT INTO votes (paragraph_id, ordinal, yes_count, no_count, abstain_count, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kInsertNamedVote =
    "INSERT INTO named_votes (vote_id, ordinal, name, party, vote) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kInsertReservation =
    "INSERT INTO reservations (paragraph_id, ordinal, text, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kInsertReservationAuthor =
    "INSERT INTO reservation_authors (reservation_id, ordinal, name, party) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kInsertConflict =
    "INSERT INTO conflicts (paragraph_id, ordinal, name, party) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kInsertDecision =
    "INSERT INTO decisions (paragraph_id, text, immediately_adjusted, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kInsertDecisionPoint =
    "INSERT INTO decision_points (decision_id, ordinal, text) VALUES (?1, ?2, ?3)";
constexpr const char* kInsertFollowUp =
    "INSERT INTO followups (paragraph_id, ordinal, kind, assignee, task, due, text, page, line, "
    "due_text, key, document_id, task_key, due_meeting, task_words, outcome) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
// The search index reads a paragraph's text from the view search_source
// (migration 7): added once the paragraph's rows are in, removed with the
// same values before they go.
constexpr const char* kInsertSearch =
    "INSERT INTO search (rowid, title, decision, motions, text) "
    "SELECT id, title, decision, motions, text FROM search_source WHERE id = ?1";
constexpr const char* kDeleteSearch =
    "INSERT INTO search (search, rowid, title, decision, motions, text) "
    "SELECT 'delete', id, title, decision, motions, text FROM search_source "
    "WHERE id IN (SELECT id FROM paragraphs WHERE document_id = ?1)";
constexpr const char* kInsertCue =
    "INSERT INTO cues (paragraph_id, kind, text, key) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kInsertReference =
    "INSERT INTO refs (paragraph_id, ordinal, kind, text, body, date, paragraph_number, "
    "case_number, case_number_normalized, page, line) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kInsertPage =
    "INSERT INTO pages (document_id, page, words, checked, unknown, lost_ligatures, quality, "
    "source, ocr_confidence, ocr_quality) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kInsertWarning =
    "INSERT INTO warnings (document_id, ordinal, page, line, message) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

// The id of the single row `sql` returns for `key`, or nullopt when none.
Result<std::optional<int64_t>> FindId(StatementCache& cache, const char* sql,
                                      const std::string& key) {
  std::optional<int64_t> id;
  Status status = Query(
      cache, sql, [&](Statement& s) { s.BindText(1, key); },
      [&](const Statement& s) { id = s.ColumnInt64(0); });
  if (!status.ok()) return status;
  return id;
}

// The id of the bodies row for `body`, created when missing; nullopt when
// the document names no body. A known abbreviation is kept up to date.
Result<std::optional<int64_t>> PutBody(StatementCache& cache, const std::optional<Body>& body) {
  if (!body) return std::optional<int64_t>();
  std::optional<int64_t> id;
  std::optional<std::string> abbreviation;
  Status status = Query(
      cache, kFindBody, [&](Statement& s) { s.BindText(1, body->name); },
      [&](const Statement& s) {
        id = s.ColumnInt64(0);
        abbreviation = s.ColumnOptText(1);
      });
  if (!status.ok()) return status;
  std::optional<std::string> abbreviation_key;
  if (body->abbreviation) abbreviation_key = FoldKey(*body->abbreviation);
  if (!id) {
    Result<int64_t> inserted = Insert(cache, kInsertBody, [&](Statement& s) {
      s.BindText(1, body->name).BindText(2, FoldKey(body->name));
      s.BindOptText(3, body->abbreviation).BindOptText(4, abbreviation_key);
    });
    if (!inserted.ok()) return inserted.status();
    return std::optional<int64_t>(*inserted);
  }
  if (body->abbreviation && body->abbreviation != abbreviation) {
    Status updated = Execute(cache, kUpdateBodyAbbreviation, [&](Statement& s) {
      s.BindInt(1, *id).BindOptText(2, body->abbreviation).BindOptText(3, abbreviation_key);
    });
    if (!updated.ok()) return updated;
  }
  return id;
}

bool HasMeetingData(const Meeting& m) {
  return m.date || m.start || m.end || m.place || !m.attendance.empty() || m.chair || m.secretary ||
         !m.justerare.empty() || m.justering_date || m.anslag.posted || m.anslag.removed ||
         m.appeal_deadline;
}

Status PutMeeting(StatementCache& cache, int64_t document_id, const Meeting& m) {
  if (!HasMeetingData(m)) return Status::OK();
  Result<int64_t> meeting_id = Insert(cache, kInsertMeeting, [&](Statement& s) {
    s.BindInt(1, document_id).BindOptDate(2, m.date).BindOptText(3, m.start);
    s.BindOptText(4, m.end).BindOptText(5, m.place).BindOptText(6, m.chair);
    s.BindOptText(7, m.secretary).BindOptDate(8, m.justering_date);
    s.BindOptDate(9, m.anslag.posted).BindOptDate(10, m.anslag.removed);
    s.BindOptDate(11, m.appeal_deadline);
  });
  if (!meeting_id.ok()) return meeting_id.status();
  for (size_t i = 0; i < m.justerare.size(); ++i) {
    Result<int64_t> row = Insert(cache, kInsertJusterare, [&](Statement& s) {
      s.BindInt(1, *meeting_id).BindInt(2, static_cast<int64_t>(i)).BindText(3, m.justerare[i]);
    });
    if (!row.ok()) return row.status();
  }
  for (size_t i = 0; i < m.attendance.size(); ++i) {
    const Attendee& a = m.attendance[i];
    Result<int64_t> row = Insert(cache, kInsertAttendee, [&](Statement& s) {
      s.BindInt(1, *meeting_id).BindInt(2, static_cast<int64_t>(i)).BindText(3, a.name);
      s.BindOptText(4, a.party).BindText(5, a.role).BindOptText(6, a.replaces);
      s.BindOptText(7, a.paragraphs).BindOptText(8, a.title);
      BindPos(s, 9, a.pos);
      s.BindInt(11, a.present ? 1 : 0);
    });
    if (!row.ok()) return row.status();
  }
  return Status::OK();
}

Status PutAgenda(StatementCache& cache, int64_t document_id,
                 const std::vector<AgendaItem>& agenda) {
  for (size_t i = 0; i < agenda.size(); ++i) {
    const AgendaItem& item = agenda[i];
    Result<int64_t> item_id = Insert(cache, kInsertAgendaItem, [&](Statement& s) {
      s.BindInt(1, document_id).BindInt(2, static_cast<int64_t>(i)).BindOptInt(3, item.number);
      s.BindText(4, item.title).BindOptText(5, item.time).BindOptInt(6, item.page);
      BindPos(s, 7, item.pos);
    });
    if (!item_id.ok()) return item_id.status();
    for (size_t k = 0; k < item.presenters.size(); ++k) {
      Result<int64_t> row = Insert(cache, kInsertAgendaPresenter, [&](Statement& s) {
        s.BindInt(1, *item_id).BindInt(2, static_cast<int64_t>(k));
        s.BindText(3, item.presenters[k]);
      });
      if (!row.ok()) return row.status();
    }
  }
  return Status::OK();
}

// Inserts the people in `people` as children of row `parent_id` with `sql`
// (parent, ordinal, name, party).
Status PutPeople(StatementCache& cache, const char* sql, int64_t parent_id,
                 const std::vector<PersonRef>& people) {
  for (size_t i = 0; i < people.size(); ++i) {
    Result<int64_t> row = Insert(cache, sql, [&](Statement& s) {
      s.BindInt(1, parent_id).BindInt(2, static_cast<int64_t>(i)).BindText(3, people[i].name);
      s.BindOptText(4, people[i].party);
    });
    if (!row.ok()) return row.status();
  }
  return Status::OK();
}

Status PutDecision(StatementCache& cache, int64_t paragraph_id, const Decision& decision) {
  Result<int64_t> decision_id = Insert(cache, kInsertDecision, [&](Statement& s) {
    s.BindInt(1, paragraph_id).BindText(2, decision.text);
    s.BindInt(3, decision.immediately_adjusted ? 1 : 0);
    BindPos(s, 4, decision.pos);
  });
  if (!decision_id.ok()) return decision_id.status();
  for (size_t i = 0; i < decision.points.size(); ++i) {
    Result<int64_t> row = Insert(cache, kInsertDecisionPoint, [&](Statement& s) {
      s.BindInt(1, *decision_id).BindInt(2, static_cast<int64_t>(i));
      s.BindText(3, decision.points[i]);
    });
    if (!row.ok()) return row.status();
  }
  return Status::OK();
}

// One follow-up of a paragraph, or of the document when `paragraph_id` is
// empty (an action plan outside any §). An action-plan row keeps its
// activity's key, by which a later report that quotes it finds it.
Status PutFollowUp(StatementCache& cache, int64_t document_id,
                   const std::optional<int64_t>& paragraph_id, size_t ordinal,
                   const FollowUp& followup, const std::string& key) {
  std::optional<std::string> task_key;
  if (followup.kind == "aktivitet") task_key = ActivityKey(followup.task);
  Result<int64_t> row = Insert(cache, kInsertFollowUp, [&](Statement& s) {
    if (paragraph_id) {
      s.BindInt(1, *paragraph_id);
    } else {
      s.BindNull(1);
    }
    s.BindInt(2, static_cast<int64_t>(ordinal)).BindText(3, followup.kind);
    s.BindOptText(4, followup.assignee).BindText(5, followup.task);
    s.BindOptDate(6, followup.due).BindText(7, followup.text);
    BindPos(s, 8, followup.pos);
    s.BindTextOrNull(10, followup.due_text);
    s.BindText(11, key).BindInt(12, document_id).BindOptText(13, task_key);
    s.BindTextOrNull(14, followup.due_meeting).BindTextOrNull(15, followup.task_words);
    s.BindTextOrNull(16, followup.outcome);
  });
  return row.status();
}

Status PutParagraph(StatementCache& cache, int64_t document_id, size_t ordinal, const Paragraph& p,
                    const std::string& key_prefix) {
  Result<int64_t> id = Insert(cache, kInsertParagraph, [&](Statement& s) {
    s.BindInt(1, document_id).BindInt(2, static_cast<int64_t>(ordinal));
    s.BindOptInt(3, p.number).BindText(4, p.title);
    BindPos(s, 5, p.pos);
    s.BindOptDate(7, p.decided_on);
  });
  if (!id.ok()) return id.status();
  const int64_t paragraph_id = *id;
  auto ordinal_of = [](size_t i) { return static_cast<int64_t>(i); };

  for (size_t i = 0; i < p.case_numbers.size(); ++i) {
    Result<int64_t> row = Insert(cache, kInsertCaseNumber, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i)).BindText(3, p.case_numbers[i]);
      s.BindText(4, NormalizeCaseNumber(p.case_numbers[i]));
    });
    if (!row.ok()) return row.status();
  }
  for (size_t i = 0; i < p.sections.size(); ++i) {
    const Section& section = p.sections[i];
    Result<int64_t> row = Insert(cache, kInsertSection, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i)).BindText(3, ToString(section.kind));
      s.BindText(4, section.heading).BindText(5, section.text);
      BindPos(s, 6, section.pos);
    });
    if (!row.ok()) return row.status();
  }
  for (size_t i = 0; i < p.motions.size(); ++i) {
    const Motion& motion = p.motions[i];
    Result<int64_t> motion_id = Insert(cache, kInsertMotion, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i)).BindText(3, ToString(motion.kind));
      s.BindText(4, motion.text);
      BindPos(s, 5, motion.pos);
    });
    if (!motion_id.ok()) return motion_id.status();
    Status status = PutPeople(cache, kInsertMotionAuthor, *motion_id, motion.by);
    if (!status.ok()) return status;
  }
  for (size_t i = 0; i < p.propositions.size(); ++i) {
    const Proposition& proposition = p.propositions[i];
    Result<int64_t> row = Insert(cache, kInsertProposition, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i));
      s.BindText(3, ToString(proposition.method)).BindText(4, proposition.text);
      BindPos(s, 5, proposition.pos);
    });
    if (!row.ok()) return row.status();
  }
  for (size_t i = 0; i < p.votes.size(); ++i) {
    const Vote& vote = p.votes[i];
    Result<int64_t> vote_id = Insert(cache, kInsertVote, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i)).BindOptInt(3, vote.yes);
      s.BindOptInt(4, vote.no).BindOptInt(5, vote.abstain);
      BindPos(s, 6, vote.pos);
    });
    if (!vote_id.ok()) return vote_id.status();
    for (size_t k = 0; k < vote.named.size(); ++k) {
      const NamedVote& named = vote.named[k];
      Result<int64_t> row = Insert(cache, kInsertNamedVote, [&](Statement& s) {
        s.BindInt(1, *vote_id).BindInt(2, ordinal_of(k)).BindText(3, named.name);
        s.BindOptText(4, named.party).BindText(5, named.vote);
      });
      if (!row.ok()) return row.status();
    }
  }
  for (size_t i = 0; i < p.reservations.size(); ++i) {
    const Reservation& reservation = p.reservations[i];
    Result<int64_t> reservation_id = Insert(cache, kInsertReservation, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i)).BindText(3, reservation.text);
      BindPos(s, 4, reservation.pos);
    });
    if (!reservation_id.ok()) return reservation_id.status();
    Status status = PutPeople(cache, kInsertReservationAuthor, *reservation_id, reservation.by);
    if (!status.ok()) return status;
  }
  if (Status status = PutPeople(cache, kInsertConflict, paragraph_id, p.conflicts); !status.ok()) {
    return status;
  }
  if (p.decision) {
    if (Status status = PutDecision(cache, paragraph_id, *p.decision); !status.ok()) {
      return status;
    }
  }
  for (size_t i = 0; i < p.followups.size(); ++i) {
    Status status = PutFollowUp(cache, document_id, paragraph_id, i, p.followups[i],
                                FollowUpKey(key_prefix, p.number, ordinal, i));
    if (!status.ok()) return status;
  }
  if (Status indexed =
          Execute(cache, kInsertSearch, [&](Statement& s) { s.BindInt(1, paragraph_id); });
      !indexed.ok()) {
    return indexed;
  }
  for (const LinkCue& cue : p.cues) {
    // An activity quoted in a report is found again by its row's key.
    std::optional<std::string> key;
    if (cue.kind.rfind("activity_", 0) == 0) key = ActivityKey(cue.text);
    Result<int64_t> row = Insert(cache, kInsertCue, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindText(2, cue.kind).BindText(3, cue.text);
      s.BindOptText(4, key);
    });
    if (!row.ok()) return row.status();
  }
  for (size_t i = 0; i < p.references.size(); ++i) {
    const Reference& ref = p.references[i];
    std::optional<std::string> normalized;
    if (ref.case_number) normalized = NormalizeCaseNumber(*ref.case_number);
    Result<int64_t> row = Insert(cache, kInsertReference, [&](Statement& s) {
      s.BindInt(1, paragraph_id).BindInt(2, ordinal_of(i)).BindText(3, ref.kind);
      s.BindText(4, ref.text).BindOptText(5, ref.body).BindOptDate(6, ref.date);
      s.BindOptInt(7, ref.paragraph).BindOptText(8, ref.case_number);
      s.BindOptText(9, normalized);
      BindPos(s, 10, ref.pos);
    });
    if (!row.ok()) return row.status();
  }
  return Status::OK();
}

// Writes every row read from `document`. REQUIRES: inside a write transaction.
Status PutDocument(StatementCache& cache, const Document& document, const std::string& identity) {
  Result<std::optional<int64_t>> body_id = PutBody(cache, document.body);
  if (!body_id.ok()) return body_id.status();
  // Replace invalid UTF-8 rather than throw: the text layer of a PDF is not
  // ours to vouch for.
  const std::string json =
      ToJson(document).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  Result<int64_t> document_id = Insert(cache, kInsertDocument, [&](Statement& s) {
    s.BindText(1, document.source.sha256).BindText(2, identity).BindText(3, document.source.path);
    s.BindText(4, document.source.format).BindText(5, ToString(document.kind));
    if (*body_id) {
      s.BindInt(6, **body_id);
    } else {
      s.BindNull(6);
    }
    s.BindOptDate(7, document.date).BindInt(8, document.source.pages).BindText(9, json);
    s.BindOptText(10, document.organisation);
  });
  if (!document_id.ok()) return document_id.status();

  if (Status status = PutMeeting(cache, *document_id, document.meeting); !status.ok()) {
    return status;
  }
  if (Status status = PutAgenda(cache, *document_id, document.agenda); !status.ok()) {
    return status;
  }
  const std::string key_prefix = FollowUpKeyPrefix(document);
  for (size_t i = 0; i < document.paragraphs.size(); ++i) {
    Status status = PutParagraph(cache, *document_id, i, document.paragraphs[i], key_prefix);
    if (!status.ok()) return status;
  }
  // Follow-ups outside any § (an action plan in a kallelse's underlag).
  for (size_t i = 0; i < document.followups.size(); ++i) {
    Status status = PutFollowUp(cache, *document_id, std::nullopt, i, document.followups[i],
                                DocumentFollowUpKey(key_prefix, i));
    if (!status.ok()) return status;
  }
  std::vector<int64_t> dated;
  if (Status status = DateByCitations(cache, *document_id, &dated); !status.ok()) return status;
  if (Status status = LinkFollowUps(cache, *document_id); !status.ok()) return status;
  // A protocol dated by this document's citations has follow-ups and
  // answers of its own to link now.
  for (int64_t id : dated) {
    if (id == *document_id) continue;
    if (Status status = LinkFollowUps(cache, id); !status.ok()) return status;
  }
  for (const PageText& page : document.pages) {
    Result<int64_t> row = Insert(cache, kInsertPage, [&](Statement& s) {
      s.BindInt(1, *document_id).BindInt(2, page.page).BindInt(3, page.words);
      s.BindInt(4, page.checked).BindInt(5, page.unknown).BindInt(6, page.lost_ligatures);
      s.BindText(7, page.quality).BindText(8, page.source);
      if (page.source == "ocr") {
        s.BindDouble(9, page.ocr_confidence).BindText(10, page.ocr_quality);
      }
    });
    if (!row.ok()) return row.status();
  }
  for (size_t i = 0; i < document.warnings.size(); ++i) {
    const Warning& warning = document.warnings[i];
    Result<int64_t> row = Insert(cache, kInsertWarning, [&](Statement& s) {
      s.BindInt(1, *document_id).BindInt(2, static_cast<int64_t>(i));
      BindPos(s, 3, warning.pos);
      s.BindText(5, warning.message);
    });
    if (!row.ok()) return row.status();
  }
  return Status::OK();
}

// --- Queries -----------------------------------------------------------------

constexpr const char* kFindParagraphs = R"sql(
SELECT p.id, d.id, d.path, d.kind, b.name, b.abbreviation, d.date, p.number, p.title,
       p.page, p.line
  FROM paragraphs p
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE (?1 IS NULL OR b.name = ?1 OR b.abbreviation = ?1
        OR b.name_key = ?2 OR b.abbreviation_key = ?2)
   AND (?3 IS NULL OR d.date = ?3 OR p.decided_on = ?3)
   AND (?4 IS NULL OR p.number = ?4)
   AND (?5 IS NULL OR p.id IN (SELECT c.paragraph_id FROM case_numbers c
                                WHERE c.normalized = ?5
                                   OR (c.normalized > ?5 || ':' AND c.normalized < ?5 || ';')))
 ORDER BY d.date, b.name, p.number, d.path, p.ordinal
)sql";

// The paragraphs whose references cite body ?1/?2, date ?3, § ?4. A
// reference naming no body ("beslutet den 26 februari 2021, § 9") cites a
// decision of its own paragraph's body.
constexpr const char* kCitingParagraphs = R"sql(
SELECT DISTINCT p.id, d.id, d.path, d.kind, b.name, b.abbreviation, d.date, p.number, p.title,
       p.page, p.line
  FROM refs r
  JOIN paragraphs p ON p.id = r.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE r.kind = 'beslut' AND r.date = ?3 AND r.paragraph_number = ?4
   AND (?1 IS NULL
        OR (r.body IS NULL AND (b.name_key = ?2 OR b.abbreviation_key = ?2))
        OR paragraf_fold(r.body) = ?2
        OR EXISTS (SELECT 1 FROM bodies c
                    WHERE (c.name_key = ?2 OR c.abbreviation_key = ?2)
                      AND (c.name_key = paragraf_fold(r.body)
                           OR c.abbreviation_key = paragraf_fold(r.body))))
   AND ?5 IS NULL
 ORDER BY d.date, b.name, p.number, d.path, p.ordinal
)sql";
constexpr const char* kParagraphCaseNumbers =
    "SELECT case_number FROM case_numbers WHERE paragraph_id = ?1 ORDER BY ordinal";
constexpr const char* kParagraphSections =
    "SELECT kind, heading, text, page, line FROM sections WHERE paragraph_id = ?1 "
    "ORDER BY ordinal";
constexpr const char* kParagraphDecision =
    "SELECT id, text, immediately_adjusted, page, line FROM decisions WHERE paragraph_id = ?1";
constexpr const char* kDecisionPoints =
    "SELECT text FROM decision_points WHERE decision_id = ?1 ORDER BY ordinal";

std::optional<Body> ColumnBody(const Statement& stmt, int index) {
  if (stmt.IsNull(index)) return std::nullopt;
  return Body{stmt.ColumnText(index), stmt.ColumnOptText(index + 1)};
}

// Fills case numbers, sections and the decision of `found` from its rows.
Status FillParagraph(StatementCache& cache, StoredParagraph& found) {
  Paragraph& p = found.paragraph;
  auto bind_id = [&](Statement& s) { s.BindInt(1, found.id); };
  Status status = Query(cache, kParagraphCaseNumbers, bind_id,
                        [&](const Statement& s) { p.case_numbers.push_back(s.ColumnText(0)); });
  if (!status.ok()) return status;
  status = Query(cache, kParagraphSections, bind_id, [&](const Statement& s) {
    Section section;
    section.kind = SectionKindFromString(s.ColumnText(0)).value_or(SectionKind::kOvrigt);
    section.heading = s.ColumnText(1);
    section.text = s.ColumnText(2);
    section.pos = ColumnPos(s, 3);
    p.sections.push_back(std::move(section));
  });
  if (!status.ok()) return status;
  int64_t decision_id = 0;
  status = Query(cache, kParagraphDecision, bind_id, [&](const Statement& s) {
    decision_id = s.ColumnInt64(0);
    Decision decision;
    decision.text = s.ColumnText(1);
    decision.immediately_adjusted = s.ColumnInt(2) != 0;
    decision.pos = ColumnPos(s, 3);
    p.decision = std::move(decision);
  });
  if (!status.ok() || !p.decision) return status;
  return Query(
      cache, kDecisionPoints, [&](Statement& s) { s.BindInt(1, decision_id); },
      [&](const Statement& s) { p.decision->points.push_back(s.ColumnText(0)); });
}

// Finds the bodies row `body` names (by name or abbreviation, exact or
// folded). Returns the keys notes may be filed under for it: the folded
// text as given, plus the folded name and abbreviation of the row found.
Result<std::vector<std::string>> NoteKeys(StatementCache& cache, const std::string& body,
                                          std::optional<std::string>* canonical_name) {
  constexpr const char* kResolveBody =
      "SELECT name, name_key, abbreviation_key FROM bodies "
      "WHERE name = ?1 OR abbreviation = ?1 OR name_key = ?2 OR abbreviation_key = ?2 "
      "ORDER BY name = ?1 DESC, abbreviation = ?1 DESC, id LIMIT 1";
  std::vector<std::string> keys = {FoldKey(body)};
  Status status = Query(
      cache, kResolveBody, [&](Statement& s) { s.BindText(1, body).BindText(2, FoldKey(body)); },
      [&](const Statement& s) {
        if (canonical_name != nullptr) *canonical_name = s.ColumnText(0);
        keys.push_back(s.ColumnText(1));
        if (!s.IsNull(2)) keys.push_back(s.ColumnText(2));
      });
  if (!status.ok()) return status;
  return keys;
}

}  // namespace

std::string_view ToString(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::kImported:
      return "imported";
    case ImportOutcome::kUnchanged:
      return "unchanged";
    case ImportOutcome::kReplaced:
      return "replaced";
  }
  return "?";
}

Store::Store(sqlite3* db) : db_(db) {}

Store::~Store() {
  import_statements_.reset();  // finalized before the connection closes
  search_statements_.reset();  // finalized before the connection closes
  sqlite3_close_v2(db_);
}

int Store::SchemaVersion() { return static_cast<int>(store_internal::Migrations().size()); }

// Whether `document` records the same meeting as stored document `earlier`:
// when both list at least three people, at least a third of the names must
// be shared (a text and a PDF of one protocol share nearly all). Without
// lists to compare, the same body, date and kind is taken as the same
// meeting.
Result<bool> SameMeeting(StatementCache& cache, int64_t earlier, const Document& document) {
  std::set<std::string> stored;
  Status status = Query(
      cache,
      "SELECT a.name FROM attendees a JOIN meetings m ON m.id = a.meeting_id "
      "WHERE m.document_id = ?1",
      [&](Statement& s) { s.BindInt(1, earlier); },
      [&](const Statement& s) { stored.insert(FoldKey(s.ColumnText(0))); });
  if (!status.ok()) return status;
  std::set<std::string> names;
  for (const Attendee& a : document.meeting.attendance) names.insert(FoldKey(a.name));
  if (stored.size() < 3 || names.size() < 3) return true;
  size_t shared = 0;
  for (const std::string& n : names) shared += stored.count(n);
  return 3 * shared >= std::min(stored.size(), names.size());
}

Result<std::unique_ptr<Store>> Store::Open(const std::filesystem::path& path) {
  if (path.empty()) return Status::InvalidArgument("no database file given");
  const std::string file = path.string();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return SqliteStatus(rc, file, detail, "opening the database");
  }
  std::unique_ptr<Store> store(new Store(db));
  if (Status status = Configure(db); !status.ok()) return status;
  return store;
}

Result<ImportOutcome> Store::Import(const Document& document) {
  if (document.source.sha256.empty() || document.source.path.empty()) {
    return Status::InvalidArgument(
        fmt::format("{}: cannot store a document without its path and SHA-256",
                    document.source.path.empty() ? "(no path)" : document.source.path));
  }
  const std::string doing = fmt::format("importing {}", document.source.path);
  // A connection that imports reads little; the file's pages it would map
  // count as its memory and grow with the archive (measured: 567 MB peak
  // for 10 000 generated protocols with the mapping).
  if (!importing_) {
    if (Status status = Exec(db_, "PRAGMA mmap_size = 0", "turning memory mapping off");
        !status.ok()) {
      return status;
    }
    importing_ = true;
  }
  Transaction transaction(db_);
  if (Status status = transaction.BeginWrite(doing); !status.ok()) return status;
  if (!import_statements_) import_statements_ = std::make_unique<StatementCache>(db_, doing);
  StatementCache& cache = *import_statements_;
  cache.SetDoing(doing);

  Result<std::optional<int64_t>> same_bytes = FindId(cache, kFindSha256, document.source.sha256);
  if (!same_bytes.ok()) return same_bytes.status();
  // Nothing written: the transaction rolls back when it goes out of scope.
  if (*same_bytes) return ImportOutcome::kUnchanged;
  Result<std::optional<int64_t>> replaced = FindId(cache, kFindSuperseded, document.source.sha256);
  if (!replaced.ok()) return replaced.status();
  if (*replaced) return ImportOutcome::kUnchanged;  // its protocol has a newer file

  std::string identity = IdentityKey(document);
  Result<std::optional<int64_t>> earlier = FindId(cache, kFindIdentity, identity);
  if (!earlier.ok()) return earlier.status();
  if (*earlier) {
    // Same body, date and kind, but another meeting's people: two
    // municipalities' Välfärdsnämnden on one day, not two files of one
    // protocol. Both are kept.
    Result<bool> same = SameMeeting(cache, **earlier, document);
    if (!same.ok()) return same.status();
    if (!*same) {
      identity += "|" + document.source.sha256.substr(0, 16);
      earlier = FindId(cache, kFindIdentity, identity);
      if (!earlier.ok()) return earlier.status();
    }
  }
  if (*earlier) {
    Status kept = Execute(cache, kSupersede, [&](Statement& s) { s.BindInt(1, **earlier); });
    if (!kept.ok()) return kept;
    Status unindexed =
        Execute(cache, kDeleteSearch, [&](Statement& s) { s.BindInt(1, **earlier); });
    if (!unindexed.ok()) return unindexed;
    Status deleted =
        Execute(cache, kDeleteDocument, [&](Statement& s) { s.BindInt(1, **earlier); });
    if (!deleted.ok()) return deleted;
  }
  if (Status status = PutDocument(cache, document, identity); !status.ok()) return status;
  if (*earlier) {
    // The old version may have been the last document of its body.
    Status swept = Execute(cache, kDeleteOrphanBodies, [](Statement&) {});
    if (!swept.ok()) return swept;
  }
  if (Status status = transaction.Commit(doing); !status.ok()) return status;
  indexed_since_tidy_ += static_cast<int64_t>(document.paragraphs.size());
  return *earlier ? ImportOutcome::kReplaced : ImportOutcome::kImported;
}

Status Store::TidySearchIndex() {
  if (indexed_since_tidy_ == 0) return Status::OK();
  Result<int64_t> total = PragmaInt(db_, "SELECT count(*) FROM paragraphs", "counting paragraphs");
  if (!total.ok()) return total.status();
  // Each import leaves a few small index segments, which FTS5 merges only
  // now and then; a search reads every segment. When this connection
  // indexed a tenth of the archive or more, all are merged into one
  // (0.8 s at 100 000 paragraphs, and the median search fell from 6-9 to
  // under 5 ms); otherwise a bounded merge of at most 1000 pages (4 MB)
  // keeps a small import into a large archive quick.
  const bool whole = indexed_since_tidy_ * 10 >= *total;
  Status status = Exec(db_,
                       whole ? "INSERT INTO search (search) VALUES ('optimize')"
                             : "INSERT INTO search (search, rank) VALUES ('merge', 1000)",
                       "merging the search index's segments");
  if (status.ok()) indexed_since_tidy_ = 0;
  return status;
}

Result<bool> Store::HasSha256(const std::string& sha256) {
  StatementCache cache(db_, "looking up a SHA-256");
  Result<std::optional<int64_t>> id = FindId(cache, kFindSha256, sha256);
  if (!id.ok()) return id.status();
  if (id->has_value()) return true;
  Result<std::optional<int64_t>> replaced = FindId(cache, kFindSuperseded, sha256);
  if (!replaced.ok()) return replaced.status();
  return replaced->has_value();
}

Result<StoreStats> Store::Stats() {
  constexpr const char* kStats = R"sql(
SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM meetings),
       (SELECT count(*) FROM bodies), (SELECT count(*) FROM paragraphs),
       (SELECT count(*) FROM sections), (SELECT count(*) FROM decisions),
       (SELECT count(*) FROM case_numbers), (SELECT count(*) FROM attendees),
       (SELECT count(*) FROM agenda_items), (SELECT count(*) FROM motions),
       (SELECT count(*) FROM votes), (SELECT count(*) FROM reservations),
       (SELECT count(*) FROM followups), (SELECT count(*) FROM refs),
       (SELECT count(*) FROM warnings), (SELECT count(*) FROM notes)
)sql";
  StatementCache cache(db_, "counting rows");
  StoreStats stats;
  Status status = Query(
      cache, kStats, [](Statement&) {},
      [&](const Statement& s) {
        int* fields[] = {
            &stats.documents,    &stats.meetings,   &stats.bodies,       &stats.paragraphs,
            &stats.sections,     &stats.decisions,  &stats.case_numbers, &stats.attendees,
            &stats.agenda_items, &stats.motions,    &stats.votes,        &stats.reservations,
            &stats.followups,    &stats.references, &stats.warnings,     &stats.notes};
        int column = 0;
        for (int* field : fields) *field = s.ColumnInt(column++);
      });
  if (!status.ok()) return status;
  return stats;
}

Result<std::vector<StoredParagraph>> Store::FindParagraphs(const ParagraphQuery& query) {
  constexpr std::string_view kDoing = "finding paragraphs";
  Transaction snapshot(db_);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  StatementCache cache(db_, std::string(kDoing));
  std::vector<StoredParagraph> found;
  Status status = Query(
      cache, query.citing ? kCitingParagraphs : kFindParagraphs,
      [&](Statement& s) {
        if (query.body) {
          s.BindText(1, *query.body).BindText(2, FoldKey(*query.body));
        }
        s.BindOptDate(3, query.date).BindOptInt(4, query.number);
        if (query.case_number) s.BindText(5, NormalizeCaseNumber(*query.case_number));
      },
      [&](const Statement& s) {
        StoredParagraph row;
        row.id = s.ColumnInt64(0);
        row.document_id = s.ColumnInt64(1);
        row.document_path = s.ColumnText(2);
        row.document_kind = s.ColumnText(3);
        row.body = ColumnBody(s, 4);
        row.date = s.ColumnDate(6);
        row.paragraph.number = s.ColumnOptInt(7);
        row.paragraph.title = s.ColumnText(8);
        row.paragraph.pos = ColumnPos(s, 9);
        found.push_back(std::move(row));
      });
  if (!status.ok()) return status;
  for (StoredParagraph& row : found) {
    if (Status filled = FillParagraph(cache, row); !filled.ok()) return filled;
  }
  if (Status committed = snapshot.Commit(kDoing); !committed.ok()) return committed;
  return found;
}

Result<std::vector<StoredDocument>> Store::ListDocuments() {
  constexpr const char* kList = R"sql(
SELECT d.id, d.path, d.sha256, d.kind, b.name, b.abbreviation, d.date,
       (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id)
  FROM documents d LEFT JOIN bodies b ON b.id = d.body_id
 ORDER BY d.date, d.path
)sql";
  StatementCache cache(db_, "listing documents");
  std::vector<StoredDocument> documents;
  Status status = Query(
      cache, kList, [](Statement&) {},
      [&](const Statement& s) {
        StoredDocument d;
        d.id = s.ColumnInt64(0);
        d.path = s.ColumnText(1);
        d.sha256 = s.ColumnText(2);
        d.kind = s.ColumnText(3);
        d.body = ColumnBody(s, 4);
        d.date = s.ColumnDate(6);
        d.paragraphs = s.ColumnInt(7);
        documents.push_back(std::move(d));
      });
  if (!status.ok()) return status;
  return documents;
}

Result<std::vector<PageNeedingOcr>> Store::PagesNeedingOcr() {
  constexpr const char* kList = R"sql(
SELECT path, page, quality, checked, unknown FROM v_pages_needing_ocr
 ORDER BY quality = 'no_text' DESC, unknown_share DESC, path, page
)sql";
  StatementCache cache(db_, "listing pages that need OCR");
  std::vector<PageNeedingOcr> pages;
  Status status = Query(
      cache, kList, [](Statement&) {},
      [&](const Statement& s) {
        PageNeedingOcr p;
        p.path = s.ColumnText(0);
        p.page = s.ColumnInt(1);
        p.quality = s.ColumnText(2);
        p.checked = s.ColumnInt(3);
        p.unknown = s.ColumnInt(4);
        pages.push_back(std::move(p));
      });
  if (!status.ok()) return status;
  return pages;
}

Result<std::string> Store::DocumentJson(int64_t document_id) {
  StatementCache cache(db_, "reading a document");
  std::optional<std::string> json;
  Status status = Query(
      cache, "SELECT json FROM documents WHERE id = ?1",
      [&](Statement& s) { s.BindInt(1, document_id); },
      [&](const Statement& s) { json = s.ColumnText(0); });
  if (!status.ok()) return status;
  if (!json) {
    return Status::NotFound(fmt::format("{}: no document with id {}; `paragraf list` shows them",
                                        DatabaseFile(db_), document_id));
  }
  return std::move(*json);
}

Status Store::AddNote(const std::string& body, const Date& date, int paragraph,
                      const std::string& text) {
  if (FoldKey(body).empty() || !date.ok() || text.empty()) {
    return Status::InvalidArgument("a note needs a body, a valid date and some text");
  }
  const std::string doing =
      fmt::format("adding a note to {} {} § {}", body, FormatIsoDate(date), paragraph);
  Transaction transaction(db_);
  if (Status status = transaction.BeginWrite(doing); !status.ok()) return status;
  StatementCache cache(db_, doing);
  // File the note under the body's full name when the database knows the
  // body, so that name and abbreviation both find it later.
  std::optional<std::string> canonical;
  Result<std::vector<std::string>> keys = NoteKeys(cache, body, &canonical);
  if (!keys.ok()) return keys.status();
  const std::string stored_body = canonical.value_or(body);
  Status inserted = Execute(
      cache,
      "INSERT INTO notes (body, body_key, date, paragraph, text) VALUES (?1, ?2, ?3, ?4, ?5)",
      [&](Statement& s) {
        s.BindText(1, stored_body).BindText(2, FoldKey(stored_body));
        s.BindText(3, FormatIsoDate(date)).BindInt(4, paragraph).BindText(5, text);
      });
  if (!inserted.ok()) return inserted;
  return transaction.Commit(doing);
}

Result<std::vector<std::string>> Store::Notes(const std::string& body, const Date& date,
                                              int paragraph) {
  if (!date.ok()) return Status::InvalidArgument("notes are looked up by a valid date");
  constexpr std::string_view kDoing = "reading notes";
  Transaction snapshot(db_);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  StatementCache cache(db_, std::string(kDoing));
  Result<std::vector<std::string>> keys = NoteKeys(cache, body, nullptr);
  if (!keys.ok()) return keys.status();
  // At most three keys: as given, the body's name and its abbreviation.
  const std::string given = keys->front();
  keys->resize(3, given);
  std::vector<std::string> notes;
  Status status = Query(
      cache,
      "SELECT text FROM notes WHERE body_key IN (?1, ?2, ?3) AND date = ?4 AND paragraph = ?5 "
      "ORDER BY created_at, id",
      [&](Statement& s) {
        for (int i = 0; i < 3; ++i) s.BindText(i + 1, (*keys)[static_cast<size_t>(i)]);
        s.BindText(4, FormatIsoDate(date)).BindInt(5, paragraph);
      },
      [&](const Statement& s) { notes.push_back(s.ColumnText(0)); });
  if (!status.ok()) return status;
  if (Status committed = snapshot.Commit(kDoing); !committed.ok()) return committed;
  return notes;
}

Result<std::string> Store::IntegrityCheck() {
  StatementCache cache(db_, "checking the database");
  std::string report;
  Status status = Query(
      cache, "PRAGMA integrity_check", [](Statement&) {},
      [&](const Statement& s) {
        if (!report.empty()) report += '\n';
        report += s.ColumnText(0);
      });
  if (!status.ok()) return status;
  // The search index against the text it was built from (rank 1: compare
  // with the content, not only within the index).
  const int rc =
      sqlite3_exec(db_, "INSERT INTO search (search, rank) VALUES ('integrity-check', 1)", nullptr,
                   nullptr, nullptr);
  if (rc != SQLITE_OK) {
    const std::string problem = fmt::format("search index: {}", sqlite3_errmsg(db_));
    report = report == "ok" ? problem : report + '\n' + problem;
  }
  return report;
}

int64_t Store::TotalChanges() const { return sqlite3_total_changes64(db_); }

}  // namespace paragraf
