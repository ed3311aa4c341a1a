// The database schema as an ordered list of migrations.
//
// Migration N (1-based) takes a database from PRAGMA user_version N-1 to N.
// A migration, once released, is never edited: a change to the schema is a
// new migration appended to the list. docs/schema.md describes the result for
// people who open the database with sqlite3 or Datasette.
#pragma once

#include <span>

namespace paragraf::store_internal {

// PRAGMA application_id of a paragraf database ("PGRF" in ASCII).
inline constexpr int kApplicationId = 0x50475246;

// The migrations, in order; element i is migration i + 1. Each is constant
// SQL (several statements) run inside one transaction.
std::span<const char* const> Migrations();

}  // namespace paragraf::store_internal
