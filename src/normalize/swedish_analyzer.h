// The Swedish analyzer: turns text into search terms, the same way for the
// text that is indexed and for the queries that search it (SQLite FTS5
// calls it through the tokenizer the store registers).
//
//   Result<std::unique_ptr<SwedishAnalyzer>> a = SwedishAnalyzer::Open({});
//   (*a)->Analyze("Hemsjukvårdsavtalet förlängs", TermUse::kIndex, sink);
//     → "hemsjukvårdsavtal" (whole word, stemmed),
//       "hem", "sjukvård", "avtal" (its parts, same position, part = true),
//       "förläng"
//
// Rules, in order:
//  - Word boundaries from ICU (UBRK_WORD); case folded with Swedish rules;
//    å, ä, ö (and é, ü) kept: "får" is not "far".
//  - Identifiers stay one term, not stemmed, lowercased: diarienummer
//    ("HSN/442/2023", "Bun/2024:73", "DRNS 2024-00052" gives "drns" and
//    "2024-00052"), law references ("2017:30"), dates ("2022-03-31",
//    "6.11.2020"), § numbers, abbreviations with inner stops ("t.ex.",
//    "bl.a.", "m.fl.").
//  - Words are stemmed with Snowball's Swedish stemmer (libstemmer):
//    "besluten", "beslutet", "beslut" → "beslut".
//  - Compounds are split with a dictionary (Debian's hunspell-sv word list
//    and any extra words given), Swedish linking letters (s, e) allowed
//    between parts: "hemsjukvårdsavtalet" → hem + sjukvård + avtal; each
//    part is stemmed and emitted at the word's position with part = true,
//    so a search for "avtal" finds the compound while whole-word hits can
//    rank higher. Parts shorter than min_part_length are not split off.
// Thread-safe: Analyze() may be called from several threads.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paragraf {

enum class TermUse {
  kIndex,  // text being indexed: whole words and compound parts
  kQuery,  // a query: whole words only (a part of a query word is not asked for)
};

struct Term {
  std::string text;  // the term: folded, stemmed unless an identifier
  int start = 0;     // byte offsets of the source word in the text
  int end = 0;
  bool part = false;  // a part of a compound, at the compound's position
  bool identifier = false;
};

struct AnalyzerOptions {
  // Hunspell .dic files whose words (before any '/') are the compound
  // dictionary; missing files are skipped.
  std::vector<std::filesystem::path> dictionaries = {"/usr/share/hunspell/sv_SE.dic"};
  std::vector<std::string> extra_words;  // e.g. the corpus vocabulary
  int min_part_length = 3;
};

class SwedishAnalyzer {
 public:
  // NotFound when no dictionary could be read (names the Debian package
  // hunspell-sv); InvalidArgument when Snowball has no Swedish stemmer.
  static Result<std::unique_ptr<SwedishAnalyzer>> Open(AnalyzerOptions options);
  ~SwedishAnalyzer();
  SwedishAnalyzer(const SwedishAnalyzer&) = delete;
  SwedishAnalyzer& operator=(const SwedishAnalyzer&) = delete;

  // Calls `sink` for each term of `text` (UTF-8), in order.
  void Analyze(std::string_view text, TermUse use,
               const std::function<void(const Term&)>& sink) const;

  // The same, collected: "terms" for tests.
  std::vector<Term> Terms(std::string_view text, TermUse use) const;

 private:
  struct Impl;
  explicit SwedishAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace paragraf
