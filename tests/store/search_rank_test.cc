// paragraf_rank gives FTS5's own BM25 scores, whether it reads a row's
// length from FTS5 (a connection's first search) or from its memory (the
// searches after), on the follow-up series of the corpus.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "corpus/corpus_grammar.h"
#include "parse/parser.h"
#include "store/search_index.h"
#include "store/store.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

// (rowid, score) of every match, by both functions.
std::vector<std::pair<int64_t, std::pair<double, double>>> Scores(sqlite3* db,
                                                                  const std::string& match) {
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT rowid, bm25(search, 10.0, 5.0, 2.0, 1.0), "
                               "paragraf_rank(search, 10.0, 5.0, 2.0, 1.0) FROM search "
                               "WHERE search MATCH ?1 ORDER BY rowid",
                               -1, &stmt, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_bind_text(stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::pair<int64_t, std::pair<double, double>>> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out.push_back({sqlite3_column_int64(stmt, 0),
                   {sqlite3_column_double(stmt, 1), sqlite3_column_double(stmt, 2)}});
  }
  sqlite3_finalize(stmt);
  return out;
}

TEST(SearchRank, GivesFts5sBm25FromTheFirstSearchOn) {
  const fs::path path = fs::temp_directory_path() / "paragraf-search-rank.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  {
    auto store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    DocumentParser parser(TheGrammar());
    for (const auto& entry : fs::directory_iterator("corpus/followups/documents")) {
      Result<Document> doc = parser.ParseFile(entry.path(), {});
      ASSERT_TRUE(doc.ok()) << entry.path();
      ASSERT_TRUE((*store)->Import(*doc).ok()) << entry.path();
    }
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_TRUE(store_internal::RegisterSwedishTokenizer(db).ok());
  // Three rounds: the first asks FTS5 for lengths, the later ones use memory.
  for (int round = 0; round < 3; ++round) {
    for (const std::string match : {"\"uppdrag\"", "\"vård\" OR \"avtal\"", "\"socialnämnden\""}) {
      const auto scores = Scores(db, match);
      ASSERT_GE(scores.size(), 3u) << match;
      for (const auto& [row, both] : scores) {
        EXPECT_NEAR(both.first, both.second, 1e-9) << match << " row " << row << " round " << round;
        EXPECT_LT(both.second, 0.0);
      }
    }
  }
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

// The index's segments: FTS5 numbers a segment's pages segid << 37 on.
int64_t Segments(const fs::path& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(
      sqlite3_prepare_v2(db, "SELECT count(DISTINCT id >> 37) FROM search_data WHERE id >> 37 > 0",
                         -1, &stmt, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  const int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

TEST(SearchIndex, TidyMergesTheSegmentsAndFindsTheSame) {
  const fs::path path = fs::temp_directory_path() / "paragraf-search-tidy.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  auto store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // Nothing imported yet: nothing to do.
  EXPECT_TRUE((*store)->TidySearchIndex().ok());
  DocumentParser parser(TheGrammar());
  for (const auto& entry : fs::directory_iterator("corpus/followups/documents")) {
    Result<Document> doc = parser.ParseFile(entry.path(), {});
    ASSERT_TRUE(doc.ok()) << entry.path();
    ASSERT_TRUE((*store)->Import(*doc).ok()) << entry.path();
  }
  auto hits = [&] {
    SearchQuery q;
    q.text = "uppdrag avtal";
    q.limit = 50;
    std::vector<int64_t> ids;
    Result<std::vector<SearchHit>> found = (*store)->Search(q);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    if (found.ok()) {
      for (const SearchHit& h : *found) ids.push_back(h.paragraph_id);
    }
    return ids;
  };
  const std::vector<int64_t> before = hits();
  ASSERT_FALSE(before.empty());
  // One segment or more per imported document.
  EXPECT_GT(Segments(path), 1);
  ASSERT_TRUE((*store)->TidySearchIndex().ok());
  EXPECT_EQ(Segments(path), 1);
  EXPECT_EQ(hits(), before);
  store->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

}  // namespace
}  // namespace paragraf
