// Prepared statements of one store operation and the helpers that run
// them. Internal to store/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/sqlite_util.h"

namespace paragraf::store_internal {

// Prepared statements of one operation, compiled on first use and kept until
// the cache is destroyed: for one operation, or across operations of one
// kind (every Import of a Store; SetDoing() names each). Keyed by the
// address of the constant SQL text. REQUIRES: destroyed before its
// connection is closed.
class StatementCache {
 public:
  StatementCache(sqlite3* db, std::string doing) : db_(db), doing_(std::move(doing)) {}

  sqlite3* db() const { return db_; }

  // What error messages of the statements say from now on.
  void SetDoing(const std::string& doing) {
    doing_ = doing;
    for (auto& entry : statements_) entry.second.set_doing(doing);
  }

  Result<Statement*> Get(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      Result<Statement> stmt = Statement::Prepare(db_, sql, doing_);
      if (!stmt.ok()) return stmt.status();
      it = statements_.emplace(sql, std::move(stmt).value()).first;
    }
    return &it->second;
  }

 private:
  sqlite3* db_;
  std::string doing_;
  std::map<const char*, Statement> statements_;
};

// Runs `sql` (an INSERT, UPDATE or DELETE) with the parameters `bind` sets.
template <typename Bind>
Status Execute(StatementCache& cache, const char* sql, Bind&& bind) {
  Result<Statement*> stmt = cache.Get(sql);
  if (!stmt.ok()) return stmt.status();
  bind(**stmt);
  return (*stmt)->Run();
}

// Runs the INSERT `sql` with the parameters `bind` sets; returns the new rowid.
template <typename Bind>
Result<int64_t> Insert(StatementCache& cache, const char* sql, Bind&& bind) {
  if (Status status = Execute(cache, sql, bind); !status.ok()) return status;
  return sqlite3_last_insert_rowid(cache.db());
}

// Runs `sql` with the parameters `bind` sets, calling `row` on each result
// row. The statement is reset afterwards, also on error.
template <typename Bind, typename Row>
Status Query(StatementCache& cache, const char* sql, Bind&& bind, Row&& row) {
  Result<Statement*> found = cache.Get(sql);
  if (!found.ok()) return found.status();
  Statement& stmt = **found;
  bind(stmt);
  for (;;) {
    Result<bool> more = stmt.Step();
    if (!more.ok()) {
      stmt.Reset();
      return more.status();
    }
    if (!*more) break;
    row(stmt);
  }
  stmt.Reset();
  return Status::OK();
}

// The parts of a group_concat(x, char(31)) column: lists of case numbers
// are joined by U+001F, which no diarienummer holds. "" gives none.
inline std::vector<std::string> SplitUnitSeparated(const std::string& joined) {
  std::vector<std::string> parts;
  for (size_t start = 0; start < joined.size();) {
    size_t end = joined.find('\x1f', start);
    if (end == std::string::npos) end = joined.size();
    parts.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace paragraf::store_internal
