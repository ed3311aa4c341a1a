// The full-text index: an FTS5 table `search` over paragraphs (title,
// decision, yrkanden, all text), tokenized by the Swedish analyzer
// (normalize/swedish_analyzer.h) that this file registers with SQLite as
// the tokenizer "paragraf_sv". Internal to store/.
#pragma once

#include <sqlite3.h>

#include <string>

#include "core/document.h"
#include "core/result.h"

namespace paragraf::store_internal {

// Registers the tokenizer "paragraf_sv" on `db`. The analyzer (its
// dictionary takes a moment to load) is loaded once per process, on first
// use. REQUIRES: before any statement touches the `search` table.
// Also registers the ranking function paragraf_rank (search_rank.cc).
Status RegisterSwedishTokenizer(sqlite3* db);

// paragraf_rank(search, weights…): FTS5's BM25 with each row's length kept
// in memory instead of looked up per match. Called by
// RegisterSwedishTokenizer.
Status RegisterRanking(sqlite3* db, fts5_api* api);

// The user's query as FTS5 syntax: words and "phrases" quoted (so that
// "HSN/442/2023" or "t.ex." reach the tokenizer whole), prefix* kept, OR
// and NOT kept as operators, AND implied; a NUL byte separates words as a
// space does. InvalidArgument (in Swedish, for
// the user) when nothing is left to search for or an operator stands
// alone.
Result<std::string> ToFtsQuery(const std::string& query);

}  // namespace paragraf::store_internal
