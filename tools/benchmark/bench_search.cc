// Search speed at archive scale: builds a database of generated protocols
// holding `--paragraphs` paragraphs (default 100 000) of Swedish decision
// text, sampled sentence by sentence from the protocols in the folders
// given with `--corpus` (the corpus's real and written minutes), then times a fixed mix of queries
// through Store::Search (words, compounds, phrases, prefixes, OR, NOT, filters) and compares the
// full-text index's size with the raw text's. Prints lines read by tools/bench:
//   build_seconds 43.9 paragraphs 100000 text_mb 61.9
//   pool sentences 2186 titles 218
//   index_mb 45.7
//   query "läkarkontakt" median_ms 6.13 hits 20
//   search_median_ms 6.46 p99_ms 94.34 queries 240
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace {

using paragraf::Date;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

constexpr int kBodies = 20;
constexpr int kParagraphsPerMeeting = 25;

// Text to build paragraphs from: the sentences and titles of the corpus's
// real and written protocols, so that word frequencies are those of real
// minutes (a few words in every paragraph, most in few).
struct Pool {
  std::vector<std::string> sentences;  // five words or more
  std::vector<std::string> titles;     // "§ 12 Title" lines, the title
};

Pool ReadPool(const std::vector<std::string>& folders) {
  Pool pool;
  for (const std::string& folder : folders) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".txt" && ext != ".md") continue;
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.rfind("§ ", 0) == 0) {
          const size_t space = line.find_first_of(" \t", 2);
          if (space != std::string::npos && space + 1 < line.size()) {
            pool.titles.push_back(line.substr(space + 1));
          }
          continue;
        }
        size_t start = 0;
        while (start < line.size()) {
          size_t end = line.find(". ", start);
          end = end == std::string::npos ? line.size() : end + 1;
          const std::string sentence = line.substr(start, end - start);
          if (std::count(sentence.begin(), sentence.end(), ' ') >= 4) {
            pool.sentences.push_back(sentence);
          }
          start = end + 1;
        }
      }
    }
  }
  return pool;
}

const std::vector<std::string> kParties = {"S", "M", "C", "V", "KD", "L", "SD", "MP"};
const std::vector<std::string> kNames = {"Anna Berg", "Per Holm", "Karin Lund", "Erik Sjö",
                                         "Maria Ek",  "Lars Ås",  "Sara Öhman", "Johan Strand"};

paragraf::Document Meeting(int b, int m, const Pool& pool, std::mt19937& random) {
  auto pick = [&](const std::vector<std::string>& list) -> const std::string& {
    return list[random() % list.size()];
  };
  paragraf::Document d;
  d.source.path = fmt::format("gen/s{}-{}.txt", b, m);
  d.source.sha256 = fmt::format("{:064x}", static_cast<unsigned>(b * 100000 + m + 7));
  d.source.format = "text";
  d.kind = paragraf::DocumentKind::kProtokoll;
  d.body = paragraf::Body{fmt::format("Nämnd {}", b), fmt::format("N{}", b)};
  d.date = paragraf::AddDays(*paragraf::MakeDate(2005, 1, 20), 30 * m);
  d.meeting.date = d.date;
  for (int i = 0; i < kParagraphsPerMeeting; ++i) {
    paragraf::Paragraph p;
    p.number = i + 1;
    p.title = pick(pool.titles);
    p.case_numbers = {fmt::format("N{} {}/{}", b, 2005 + m / 12, m * 100 + i)};
    paragraf::Section background;
    background.kind = paragraf::SectionKind::kSammanfattning;
    background.heading = "Sammanfattning";
    for (int k = 0; k < 5; ++k) background.text += pick(pool.sentences) + " ";
    p.sections.push_back(background);
    if (random() % 3 == 0) {
      paragraf::Motion motion;
      motion.kind = paragraf::MotionKind::kBifall;
      motion.by = {paragraf::PersonRef{pick(kNames), pick(kParties), std::nullopt}};
      motion.text = "yrkar bifall till förslaget.";
      p.motions.push_back(motion);
    }
    paragraf::Decision decision;
    decision.verb = "beslutar";
    decision.text = pick(pool.sentences);
    p.decision = decision;
    d.paragraphs.push_back(std::move(p));
  }
  return d;
}

// Bytes of the raw text the index covers: titles, sections, yrkanden,
// decisions.
int64_t TextBytes(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT (SELECT coalesce(sum(length(CAST(title AS BLOB))), 0) FROM paragraphs)"
                     " + (SELECT coalesce(sum(length(CAST(heading AS BLOB)) + "
                     "length(CAST(text AS BLOB))), 0) FROM sections)"
                     " + (SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM motions)"
                     " + (SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM decisions)",
                     -1, &stmt, nullptr);
  int64_t bytes = 0;
  if (sqlite3_step(stmt) == SQLITE_ROW) bytes = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return bytes;
}

// Bytes of the FTS5 index's own tables (the external text is not counted).
int64_t IndexBytes(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(
      db,
      "SELECT sum(pgsize) FROM dbstat WHERE name IN ('search_data', 'search_idx', "
      "'search_docsize', 'search_config')",
      -1, &stmt, nullptr);
  int64_t bytes = -1;
  if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) bytes = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  int paragraphs = 100000;
  std::string path = "/tmp/paragraf-bench-search.db";
  bool reuse = false;  // --reuse: time an existing database
  std::vector<std::string> folders;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--paragraphs" && i + 1 < argc) paragraphs = std::atoi(argv[++i]);
    if (arg == "--db" && i + 1 < argc) path = argv[++i];
    if (arg == "--reuse") reuse = true;
    if (arg == "--corpus" && i + 1 < argc) folders.emplace_back(argv[++i]);
  }
  const Pool pool = ReadPool(folders);
  if (pool.sentences.size() < 100 || pool.titles.size() < 10) {
    std::cerr << "paragraf_bench_search: --corpus gives too little text (" << pool.sentences.size()
              << " sentences, " << pool.titles.size() << " titles)\n";
    return 2;
  }
  const int meetings = std::max(1, paragraphs / (kBodies * kParagraphsPerMeeting));
  if (!reuse) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  auto store = paragraf::Store::Open(path);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 3;
  }
  std::mt19937 random(20261123);
  const auto build = Clock::now();
  for (int m = 0; m < meetings && !reuse; ++m) {
    for (int b = 0; b < kBodies; ++b) {
      auto outcome = (*store)->Import(Meeting(b, m, pool, random));
      if (!outcome.ok()) {
        std::cerr << outcome.status().ToString() << "\n";
        return 3;
      }
    }
  }
  // As `paragraf import` does at the end of a run.
  if (paragraf::Status tidied = (*store)->TidySearchIndex(); !tidied.ok()) {
    std::cerr << tidied.ToString() << "\n";
    return 3;
  }
  const double build_s = Ms(build) / 1000;
  // Searches run on a connection of their own, as `paragraf search` and the
  // web server do (an importing connection turns memory mapping off).
  store = paragraf::Store::Open(path);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 3;
  }

  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  const int64_t text = TextBytes(db);
  const int64_t index = IndexBytes(db);
  sqlite3_close(db);
  std::cout << fmt::format("build_seconds {:.1f} paragraphs {} text_mb {:.1f}\n", build_s,
                           meetings * kBodies * kParagraphsPerMeeting, text / 1e6);
  std::cout << fmt::format("pool sentences {} titles {}\n", pool.sentences.size(),
                           pool.titles.size());
  std::cout << fmt::format("index_mb {:.1f}\n", index / 1e6);

  // The query mix: what staff type, with the filters they use.
  const Date last = paragraf::AddDays(*paragraf::MakeDate(2005, 1, 20), 30 * meetings);
  auto make = [&](std::string words, std::optional<std::string> body = std::nullopt,
                  std::string in = "allt", std::optional<std::string> party = std::nullopt,
                  bool recent = false) {
    paragraf::SearchQuery q;
    q.text = std::move(words);
    q.body = std::move(body);
    q.in = std::move(in);
    q.party = std::move(party);
    if (recent) q.from = paragraf::AddDays(last, -365);
    return q;
  };
  const std::vector<paragraf::SearchQuery> mix = {
      make("läkarkontakt"),
      make("avtal"),
      make("hemsjukvårdsavtalet"),
      make("\"fast läkarkontakt\""),
      make("vård*"),
      make("budget OR ekonomi"),
      make("primärvård NOT tandvård"),
      make("uppdrag utreda", std::string("N3")),
      make("beslut", std::nullopt, "beslut"),
      make("bifall", std::nullopt, "yrkanden", std::string("KD")),
      make("äldreomsorgen bemanning", std::nullopt, "allt", std::nullopt, true),
      make("N5 2010/7007"),
  };
  std::vector<double> all;
  for (paragraf::SearchQuery q : mix) {
    q.limit = 20;
    std::vector<double> times;
    size_t hits = 0;
    for (int r = 0; r < 21; ++r) {
      const auto t = Clock::now();
      auto found = (*store)->Search(q);
      const double ms = Ms(t);
      if (!found.ok()) {
        std::cerr << q.text << ": " << found.status().ToString() << "\n";
        return 3;
      }
      hits = found->size();
      if (r > 0) times.push_back(ms);  // the first run warms the cache
    }
    all.insert(all.end(), times.begin(), times.end());
    std::sort(times.begin(), times.end());
    std::cout << fmt::format("query \"{}\" median_ms {:.2f} hits {}\n", q.text,
                             times[times.size() / 2], hits);
  }
  std::sort(all.begin(), all.end());
  const auto p99 = static_cast<size_t>(static_cast<double>(all.size() - 1) * 0.99);
  std::cout << fmt::format("search_median_ms {:.2f} p99_ms {:.2f} queries {}\n",
                           all[all.size() / 2], all[p99], all.size());
  return 0;
}
