#include "store/sqlite_util.h"

#include <fmt/format.h>

#include <climits>
#include <cstdint>

namespace paragraf::store_internal {

namespace {

// SQLITE_TRANSIENT without the macro's old-style cast: SQLite copies the text.
const sqlite3_destructor_type kTransient =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<intptr_t>(-1));

}  // namespace

std::string DatabaseFile(sqlite3* db) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  if (file == nullptr || *file == '\0') return ":memory:";
  return file;
}

Status SqliteStatus(int rc, std::string_view file, std::string_view detail,
                    std::string_view doing) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(
          fmt::format("{}: database is locked by another process while {} ({}); wait for the other "
                      "paragraf to finish and try again",
                      file, doing, detail));
    case SQLITE_NOTADB:
      return Status::Corruption(
          fmt::format("{}: not a paragraf database ({}); give the path of a paragraf database, "
                      "or a new file name to create one",
                      file, detail));
    case SQLITE_CORRUPT:
      return Status::Corruption(
          fmt::format("{}: database is damaged ({}) while {}; restore it from a backup or "
                      "import the documents into a new database",
                      file, detail, doing));
    case SQLITE_CANTOPEN:
      return Status::IOError(fmt::format(
          "{}: cannot open the database ({}); check that the folder exists and is writable", file,
          detail));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::IOError(
          fmt::format("{}: database cannot be written ({}) while {}; check the permissions of "
                      "the file and its folder",
                      file, detail, doing));
    case SQLITE_FULL:
      return Status::IOError(fmt::format(
          "{}: disk full while {} ({}); free some space and try again", file, doing, detail));
    case SQLITE_IOERR:
      return Status::IOError(fmt::format(
          "{}: I/O error while {} ({}); check the disk and try again", file, doing, detail));
    case SQLITE_NOMEM:
      return Status::IOError(fmt::format("{}: out of memory while {}", file, doing));
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return Status::InvalidInput(
          fmt::format("{}: the database refused the data while {} ({}); the document breaks a "
                      "rule of the schema (see docs/schema.md)",
                      file, doing, detail));
    default:
      return Status::IOError(
          fmt::format("{}: database error while {} ({}, code {})", file, doing, detail, rc));
  }
}

Status SqliteStatus(sqlite3* db, int rc, std::string_view doing) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return SqliteStatus(rc, DatabaseFile(db), detail != nullptr ? detail : "", doing);
}

Status Exec(sqlite3* db, const char* sql, std::string_view doing) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::OK();
  std::string detail = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  return SqliteStatus(rc, DatabaseFile(db), detail, doing);
}

// --- Statement ---------------------------------------------------------------

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql, std::string_view doing) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    return Status::InvalidArgument("SQL text too long");
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(db, rc, doing);
    sqlite3_finalize(stmt);
    return status;
  }
  return Statement(db, stmt, std::string(doing));
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      doing_(std::move(other.doing_)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    doing_ = std::move(other.doing_);
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = SqliteStatus(db_, rc, doing_);
  return *this;
}

Statement& Statement::BindText(int index, std::string_view text) {
  return NoteBind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), kTransient, SQLITE_UTF8));
}

Statement& Statement::BindInt(int index, int64_t value) {
  return NoteBind(sqlite3_bind_int64(stmt_, index, value));
}

Statement& Statement::BindDouble(int index, double value) {
  return NoteBind(sqlite3_bind_double(stmt_, index, value));
}

Statement& Statement::BindNull(int index) { return NoteBind(sqlite3_bind_null(stmt_, index)); }

Statement& Statement::BindOptText(int index, const std::optional<std::string>& text) {
  return text ? BindText(index, std::string_view(*text)) : BindNull(index);
}

Statement& Statement::BindTextOrNull(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : BindText(index, text);
}

Statement& Statement::BindOptInt(int index, const std::optional<int>& value) {
  return value ? BindInt(index, static_cast<int64_t>(*value)) : BindNull(index);
}

Statement& Statement::BindOptDate(int index, const std::optional<Date>& date) {
  return date && date->ok() ? BindText(index, std::string_view(FormatIsoDate(*date)))
                            : BindNull(index);
}

Result<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(db_, rc, doing_);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) {
      Reset();
      return row.status();
    }
    if (!*row) break;
  }
  Reset();
  return Status::OK();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = Status::OK();
}

bool Statement::IsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

double Statement::ColumnDouble(int index) const { return sqlite3_column_double(stmt_, index); }

int64_t Statement::ColumnInt64(int index) const { return sqlite3_column_int64(stmt_, index); }

int Statement::ColumnInt(int index) const { return sqlite3_column_int(stmt_, index); }

std::string Statement::ColumnText(int index) const { return std::string(ColumnView(index)); }

std::string_view Statement::ColumnView(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return std::string_view();
  int size = sqlite3_column_bytes(stmt_, index);
  return std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::optional<std::string> Statement::ColumnOptText(int index) const {
  if (IsNull(index)) return std::nullopt;
  return ColumnText(index);
}

std::optional<int> Statement::ColumnOptInt(int index) const {
  if (IsNull(index)) return std::nullopt;
  return ColumnInt(index);
}

std::optional<Date> Statement::ColumnDate(int index) const {
  if (IsNull(index)) return std::nullopt;
  return ParseIsoDate(ColumnView(index));
}

// --- Transaction -------------------------------------------------------------

Transaction::~Transaction() {
  if (active_ && sqlite3_get_autocommit(db_) == 0) {
    // Nothing useful to do if the rollback itself fails: SQLite rolls back
    // the journal when the connection next reads.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status Transaction::BeginWrite(std::string_view doing) {
  Status status = Exec(db_, "BEGIN IMMEDIATE", doing);
  active_ = status.ok();
  return status;
}

Status Transaction::BeginRead(std::string_view doing) {
  Status status = Exec(db_, "BEGIN DEFERRED", doing);
  active_ = status.ok();
  return status;
}

Status Transaction::Commit(std::string_view doing) {
  Status status = Exec(db_, "COMMIT", doing);
  if (status.ok()) active_ = false;
  return status;
}

}  // namespace paragraf::store_internal
