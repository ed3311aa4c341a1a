// Thin RAII wrappers over the SQLite C API, private to the store stage.
//
// Statement owns one prepared statement; Transaction owns one BEGIN IMMEDIATE
// … COMMIT and rolls back when destroyed uncommitted. SQLite result codes are
// translated into Status here, with messages that name the database file and
// say what to do. Values always reach SQL through bound parameters.
//
// Not thread-safe: use from the thread that owns the connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.h"
#include "core/result.h"
#include "core/status.h"

namespace paragraf::store_internal {

// The file of the main database of `db`, or ":memory:" when it has none.
std::string DatabaseFile(sqlite3* db);

// Translates a failed SQLite result code into a Status. `file` names the
// database, `detail` is SQLite's own message, and `doing` says what paragraf
// was doing ("importing minutes.pdf"). REQUIRES: rc is not SQLITE_OK, ROW or DONE.
Status SqliteStatus(int rc, std::string_view file, std::string_view detail, std::string_view doing);

// Same, taking the file and message from the connection. Call right after
// the failing call, before anything else touches `db`.
Status SqliteStatus(sqlite3* db, int rc, std::string_view doing);

// Runs constant SQL (one or more statements, no parameters) to completion.
Status Exec(sqlite3* db, const char* sql, std::string_view doing);

// How a reading connection holds the file: mapped (up to 1 GiB) instead of
// each page copied, with a 64 MiB page cache (measured by tools/bench).
inline constexpr const char* kReadingPragmas =
    "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536";

// One prepared statement. Bind errors are remembered and returned by the next
// Step() or Run(), so binding reads as a plain sequence of calls.
class Statement {
 public:
  // Compiles the first statement of `sql`. `doing` is used in error messages.
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql, std::string_view doing);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding; `index` is 1-based. Text is copied.
  Statement& BindText(int index, std::string_view text);
  Statement& BindInt(int index, int64_t value);
  Statement& BindDouble(int index, double value);
  Statement& BindNull(int index);
  Statement& BindOptText(int index, const std::optional<std::string>& text);  // NULL when unset
  Statement& BindTextOrNull(int index, std::string_view text);                // NULL when empty
  Statement& BindOptInt(int index, const std::optional<int>& value);          // NULL when unset
  Statement& BindOptDate(int index, const std::optional<Date>& date);  // ISO text; NULL when unset

  // Advances: true when a row is available, false when the statement is done.
  Result<bool> Step();

  // Steps to completion (ignoring rows), then Reset(). For INSERT/UPDATE/DELETE.
  Status Run();

  // Makes the statement ready to run again with new bindings (clears them).
  void Reset();

  // What later error messages say the statement was doing.
  void set_doing(std::string doing) { doing_ = std::move(doing); }

  // Columns of the current row; `index` is 0-based. REQUIRES: Step() returned true.
  bool IsNull(int index) const;
  int64_t ColumnInt64(int index) const;
  double ColumnDouble(int index) const;
  int ColumnInt(int index) const;
  std::string ColumnText(int index) const;  // "" for NULL
  // The text without a copy, "" for NULL; valid until the next Step() or
  // Reset() or another Column*() call on the same column.
  std::string_view ColumnView(int index) const;
  std::optional<std::string> ColumnOptText(int index) const;
  std::optional<int> ColumnOptInt(int index) const;
  std::optional<Date> ColumnDate(int index) const;  // nullopt for NULL or non-ISO text

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string doing)
      : db_(db), stmt_(stmt), doing_(std::move(doing)) {}
  Statement& NoteBind(int rc);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string doing_;
  Status bind_error_;
};

// One transaction. A write transaction is taken with BEGIN IMMEDIATE so a
// concurrent writer is met at the start (as Busy, after the busy timeout)
// rather than half-way. Destroying an uncommitted transaction rolls it back.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // BEGIN IMMEDIATE: takes the write lock now.
  Status BeginWrite(std::string_view doing);
  // BEGIN DEFERRED: a consistent snapshot for several reads.
  Status BeginRead(std::string_view doing);
  Status Commit(std::string_view doing);

 private:
  sqlite3* db_;
  bool active_ = false;
};

}  // namespace paragraf::store_internal
