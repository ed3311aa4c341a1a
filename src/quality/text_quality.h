// Text-layer quality: how much of a page's text a dictionary knows.
//
// PDFs whose fonts lack a correct Unicode map extract as "protokojjet" for
// "protokollet"; scans extract as nothing. The share of a page's words that
// a spelling dictionary (Hunspell, Debian's hunspell-sv) does not know tells
// such pages from clean ones, so they can be flagged for OCR. Only this
// stage includes Hunspell.
//
//   Result<std::unique_ptr<TextQuality>> q = TextQuality::Open(config);
//   PageQuality page = (*q)->Score(4, {"Ordförande öppnar sammanträdet"}, is_word);
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

class Hunspell;

namespace paragraf {

struct QualityConfig {
  std::string dictionary = "sv_SE";  // Hunspell name: <dir>/sv_SE.aff and .dic
  // Where to look for it, first match wins.
  std::vector<std::filesystem::path> dictionary_dirs = {"/usr/share/hunspell",
                                                        "/usr/share/myspell/dicts"};
  // A page is garbled when more than this share of its checked words is
  // unknown, with at least min_distinct_unknown different unknown words
  // (a few foreign words in a table are not a broken font) …
  double max_unknown_share = 0.12;
  int min_distinct_unknown = 4;
  // … or when this many different words read as known once a letter that a
  // ligature glyph swallowed is put back ("skrif", "fnns", "at").
  int min_lost_ligatures = 2;
  int min_checked_words = 15;  // fewer checked words: too little to judge
};

enum class PageQualityStatus { kOk, kGarbled, kNoText, kTooLittleText };
// "ok", "garbled", "no_text", "too_little_text".
std::string_view ToString(PageQualityStatus status);

struct PageQuality {
  int page = 0;
  int words = 0;    // every word on the page
  int checked = 0;  // words looked up (the grammar's pattern)
  int unknown = 0;  // of those, words the dictionary does not know
  int distinct_unknown = 0;
  int lost_ligatures = 0;  // distinct unknown words that a lost ligature explains
  PageQualityStatus status = PageQualityStatus::kNoText;
  double unknown_share() const { return checked == 0 ? 0.0 : double(unknown) / checked; }
};

// Thread-safe: Score() may be called from several threads.
class TextQuality {
 public:
  // Loads the dictionary. NotFound names the dictionary and the folders
  // searched, and the Debian package that has it.
  static Result<std::unique_ptr<TextQuality>> Open(const QualityConfig& config);
  ~TextQuality();
  TextQuality(const TextQuality&) = delete;
  TextQuality& operator=(const TextQuality&) = delete;

  // Scores one page from its lines of text (NFC UTF-8). Tokens are split
  // at spaces and stripped of punctuation; those `checkable` accepts are
  // looked up.
  PageQuality Score(int page, const std::vector<std::string_view>& lines,
                    const std::function<bool(std::string_view)>& checkable) const;

  // True when the dictionary knows `word` (exact, or with its first letter
  // lowercased).
  bool Knows(std::string_view word) const;

  // The known words that putting back one letter a ligature glyph carried
  // makes of `word`: "fnns" → {"finns"}, "skrif" → {"skrift"}.
  std::vector<std::string> LigatureRepairs(std::string_view word) const;
  bool LostLigature(std::string_view word) const;
  std::vector<std::string> FindLigatureRepairs(std::string_view word) const;

  // `line` with every unknown word that has exactly one ligature repair
  // repaired: "Ersätare" → "Ersättare", "tll" → "till". For pages whose
  // font lost its ligatures; other garbling is left as it is.
  std::string RepairLigatures(std::string_view line) const;

  const QualityConfig& config() const { return config_; }

 private:
  TextQuality(QualityConfig config, std::unique_ptr<Hunspell> speller);

  QualityConfig config_;
  std::unique_ptr<Hunspell> speller_;
  // Lookups by string_view without building a std::string (C++20
  // heterogeneous lookup): the cache answers most words of a corpus.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  mutable std::mutex mu_;  // guards speller_, cache_ and repairs_
  mutable std::unordered_map<std::string, bool, Hash, std::equal_to<>> cache_;
  mutable std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> repairs_;
};

}  // namespace paragraf
