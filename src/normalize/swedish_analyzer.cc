// The Swedish analyzer (see swedish_analyzer.h for the rules).
//
// How a text becomes terms:
//  1. A hand scanner over the UTF-8 finds identifiers ICU's word break would
//     cut apart ("HSN/442/2023", "2017:30", "§ 46", "t.ex.") and records them
//     as byte spans with their folded text.
//  2. ICU's word break iterator runs over a UTF-16 copy of the text (with a
//     table from UTF-16 index to UTF-8 byte offset). A word that overlaps an
//     identifier span is dropped: the identifier stands for it.
//  3. Each word is folded (Swedish lower case, NFC). Words with digits stay
//     as they are; other words are stemmed (Snowball; again when Snowball
//     leaves a dictionary word, so "kostnader" and "kostnad" agree; then the
//     definite "-et" and "-an" Snowball 2.2 leaves) and, for indexing, split
//     into compound parts. Stems and parts are cached per folded word (at
//     most 16 x 16384 words; a full shard is emptied).
//
// Choices the header leaves open:
//  - "§ 46", "§46" and "§§ 46" all give the one identifier "§46" ("§§ 12-14"
//    gives "§12-14").
//  - An abbreviation is kept without its final stop: "t.ex." gives "t.ex".
//  - An upper-case word of 2-8 letters just before a case number ("KS
//    2021/123", "DRNS 2024-00052") is an identifier (not stemmed) too.
//  - "FN:s", "S:t": the letters before the colon, not stemmed.
//  - A word is split even when the dictionary has it whole ("primärvård"),
//    as long as every part may stand in a compound there.
//  - Hunspell's compound flags are used when the .aff beside a .dic declares
//    them (COMPOUNDBEGIN, COMPOUNDMIDDLE, COMPOUNDEND, COMPOUNDFLAG, and
//    suffix classes whose forms may begin a compound): a non-final part must
//    be a word that may begin or continue a compound, the final part one
//    that may end it. So "kontakt" is not "kon" + "takt". Words of a .dic
//    without such flags, and extra words not in any .dic, may stand anywhere.
#include "normalize/swedish_analyzer.h"

#include <fmt/format.h>
#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace paragraf {

namespace {

// ---------------------------------------------------------------------------
// Text helpers

constexpr UChar32 kReplacementChar = 0xFFFD;

// Decodes the code point at *i and advances *i; ill-formed bytes give U+FFFD.
UChar32 DecodeAt(std::string_view s, int32_t* i) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  UChar32 c = 0;
  U8_NEXT(bytes, *i, static_cast<int32_t>(s.size()), c);
  return c < 0 ? kReplacementChar : c;
}

int CodePointCount(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

bool IsAsciiAlnum(UChar32 c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Letters, digits and combining marks: what a word is made of.
bool IsWordChar(UChar32 c) {
  if (c < 0x80) return IsAsciiAlnum(c);
  return u_isalnum(c) != 0 || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

bool IsDigit(UChar32 c) { return c < 0x80 ? (c >= '0' && c <= '9') : u_isdigit(c) != 0; }

bool IsUpperLetter(UChar32 c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper(c) != 0; }

// Spaces that may stand inside "§ 46" or between "KS" and "2021/123".
bool IsInlineSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0x00A0 || c == 0x2009 || c == 0x202F;
}

bool IsVowel(UChar32 c) {
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
    case 0x00E5:  // å
    case 0x00E4:  // ä
    case 0x00F6:  // ö
    case 0x00E9:  // é
    case 0x00FC:  // ü
      return true;
    default:
      return false;
  }
}

// The last code point of a non-empty UTF-8 string.
UChar32 LastCodePoint(std::string_view s) {
  size_t start = s.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0U) == 0x80U) --start;
  auto i = static_cast<int32_t>(start);
  return DecodeAt(s, &i);
}

bool AllAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0x80U) == 0; });
}

// Scratch buffers for folding, reused by one thread at a time.
struct FoldBuffers {
  std::u16string utf16;
  std::u16string lower;
  std::u16string composed;
};

// Lower-cases UTF-16 with Swedish rules, composes to NFC and writes UTF-8
// to *out (replacing its contents).
void FoldUtf16(const char16_t* s, int32_t length, FoldBuffers* buffers, std::string* out) {
  bool ascii = true;
  for (int32_t i = 0; i < length && ascii; ++i) ascii = s[i] < 0x80;
  if (ascii) {
    out->resize(static_cast<size_t>(length));
    for (int32_t i = 0; i < length; ++i) {
      auto c = static_cast<char>(s[i]);
      (*out)[static_cast<size_t>(i)] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::u16string& lower = buffers->lower;
  lower.resize(static_cast<size_t>(length) + 8);
  int32_t n =
      u_strToLower(lower.data(), static_cast<int32_t>(lower.size()), s, length, "sv", &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    lower.resize(static_cast<size_t>(n));
    n = u_strToLower(lower.data(), n, s, length, "sv", &status);
  }
  if (U_FAILURE(status)) {
    out->clear();
    return;
  }
  lower.resize(static_cast<size_t>(n));

  const char16_t* folded = lower.data();
  int32_t folded_length = n;
  const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
  if (U_SUCCESS(status) && unorm2_quickCheck(nfc, lower.data(), n, &status) != UNORM_YES &&
      U_SUCCESS(status)) {
    std::u16string& composed = buffers->composed;
    composed.resize(static_cast<size_t>(n) + 8);
    int32_t m = unorm2_normalize(nfc, lower.data(), n, composed.data(),
                                 static_cast<int32_t>(composed.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      status = U_ZERO_ERROR;
      composed.resize(static_cast<size_t>(m));
      m = unorm2_normalize(nfc, lower.data(), n, composed.data(), m, &status);
    }
    if (U_SUCCESS(status)) {
      folded = composed.data();
      folded_length = m;
    }
  }

  status = U_ZERO_ERROR;
  out->resize(static_cast<size_t>(folded_length) * 3);
  int32_t bytes = 0;
  u_strToUTF8(out->data(), static_cast<int32_t>(out->size()), &bytes, folded, folded_length,
              &status);
  out->resize(U_SUCCESS(status) ? static_cast<size_t>(bytes) : 0);
}

// The same for UTF-8 input.
void FoldUtf8(std::string_view s, FoldBuffers* buffers, std::string* out) {
  if (AllAscii(s)) {
    out->assign(s);
    for (char& c : *out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return;
  }
  std::u16string& utf16 = buffers->utf16;
  utf16.clear();
  int32_t i = 0;
  while (i < static_cast<int32_t>(s.size())) {
    UChar32 c = DecodeAt(s, &i);
    if (c <= 0xFFFF) {
      utf16.push_back(static_cast<char16_t>(c));
    } else {
      utf16.push_back(static_cast<char16_t>(U16_LEAD(c)));
      utf16.push_back(static_cast<char16_t>(U16_TRAIL(c)));
    }
  }
  FoldUtf16(utf16.data(), static_cast<int32_t>(utf16.size()), buffers, out);
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// ---------------------------------------------------------------------------
// Identifier scanner

struct IdentifierSpan {
  int start = 0;  // byte offsets in the text
  int end = 0;
  std::string raw;  // the text to fold into the term ("§" + digits for § numbers)
};

// A run of word characters joined by single inner separators (/ : - .).
struct Chunk {
  int32_t start = 0;
  int32_t end = 0;  // after the last run
  int runs = 0;
  int longest_run = 0;  // in code points
  bool has_digit = false;
  bool has_letter = false;
  bool only_dots = true;   // every separator is '.'
  bool all_upper = true;   // every letter is upper case
  bool final_dot = false;  // a '.' right after the chunk
};

// Reads the chunk that starts at `start`, which must be a word character.
Chunk ReadChunk(std::string_view text, int32_t start) {
  Chunk chunk;
  chunk.start = start;
  const auto size = static_cast<int32_t>(text.size());
  int32_t i = start;
  bool previous_run_digit = false;
  while (true) {
    // One run.
    int length = 0;
    bool run_ends_with_digit = false;
    while (i < size) {
      int32_t next = i;
      UChar32 c = DecodeAt(text, &next);
      if (!IsWordChar(c)) break;
      bool digit = IsDigit(c);
      run_ends_with_digit = digit;
      if (digit) {
        chunk.has_digit = true;
      } else if (u_isalpha(c) != 0) {
        chunk.has_letter = true;
        if (!IsUpperLetter(c)) chunk.all_upper = false;
      }
      ++length;
      i = next;
    }
    ++chunk.runs;
    chunk.longest_run = std::max(chunk.longest_run, length);
    chunk.end = i;
    previous_run_digit = run_ends_with_digit;

    // A separator joins the next run when a word character follows it.
    if (i >= size) break;
    char sep = text[static_cast<size_t>(i)];
    if (sep != '/' && sep != ':' && sep != '-' && sep != '.') break;
    int32_t after = i + 1;
    if (after >= size) {
      chunk.final_dot = sep == '.';
      break;
    }
    int32_t probe = after;
    UChar32 next_char = DecodeAt(text, &probe);
    if (!IsWordChar(next_char)) {
      chunk.final_dot = sep == '.';
      break;
    }
    // "kl.13.00": a stop between letters and digits ends the chunk.
    if (sep == '.' && previous_run_digit != IsDigit(next_char)) {
      chunk.final_dot = true;
      break;
    }
    if (sep != '.') chunk.only_dots = false;
    i = after;
  }
  return chunk;
}

// Finds the identifiers of `text`, in order and not overlapping.
void ScanIdentifiers(std::string_view text, std::vector<IdentifierSpan>* spans) {
  spans->clear();
  const auto size = static_cast<int32_t>(text.size());
  // The last single-run word of upper-case letters, for "KS 2021/123".
  int32_t acronym_start = -1;
  int32_t acronym_end = -1;
  int32_t i = 0;
  while (i < size) {
    // Skip quickly over bytes that cannot start anything.
    auto byte = static_cast<unsigned char>(text[static_cast<size_t>(i)]);
    if (byte < 0x80 && !IsAsciiAlnum(byte)) {
      ++i;
      continue;
    }
    int32_t next = i;
    UChar32 c = DecodeAt(text, &next);
    if (c == 0x00A7) {  // §
      int32_t j = next;
      while (j < size) {
        int32_t k = j;
        UChar32 d = DecodeAt(text, &k);
        if (d != 0x00A7 && !IsInlineSpace(d)) break;
        j = k;
      }
      int32_t k = j;
      if (j < size && IsDigit(DecodeAt(text, &k))) {
        Chunk number = ReadChunk(text, j);
        spans->push_back({i, number.end,
                          "§" + std::string(text.substr(static_cast<size_t>(j),
                                                        static_cast<size_t>(number.end - j)))});
        i = number.end;
      } else {
        // No number after the run of signs and spaces: a later § of the
        // run would find none either (and rescanning it made "§ § § …"
        // quadratic).
        i = j;
      }
      acronym_start = -1;
      continue;
    }
    if (!IsWordChar(c)) {
      i = next;
      continue;
    }
    Chunk chunk = ReadChunk(text, i);
    auto chunk_text =
        text.substr(static_cast<size_t>(chunk.start), static_cast<size_t>(chunk.end - chunk.start));
    if (chunk.runs >= 2 && chunk.has_digit) {
      // A case number, law reference, date or time.
      if (acronym_start >= 0) {
        bool only_spaces = acronym_end < chunk.start;
        for (int32_t j = acronym_end; j < chunk.start && only_spaces;) {
          only_spaces = IsInlineSpace(DecodeAt(text, &j));
        }
        if (only_spaces) {
          spans->push_back(
              {acronym_start, acronym_end,
               std::string(text.substr(static_cast<size_t>(acronym_start),
                                       static_cast<size_t>(acronym_end - acronym_start)))});
        }
      }
      spans->push_back({chunk.start, chunk.end, std::string(chunk_text)});
      acronym_start = -1;
    } else if (chunk.runs >= 2 && !chunk.has_digit && chunk.only_dots && chunk.longest_run <= 3) {
      // An abbreviation: "t.ex.", "bl.a.", "d.v.s.". Its final stop belongs
      // to the source word, not to the term.
      spans->push_back(
          {chunk.start, chunk.end + (chunk.final_dot ? 1 : 0), std::string(chunk_text)});
      acronym_start = -1;
    } else if (chunk.runs == 1 && chunk.has_letter && !chunk.has_digit && chunk.all_upper &&
               chunk.longest_run >= 2 && chunk.longest_run <= 8) {
      acronym_start = chunk.start;
      acronym_end = chunk.end;
    } else {
      acronym_start = -1;
    }
    i = chunk.end;
  }
}

// ---------------------------------------------------------------------------
// Dictionary

// What a dictionary word may be in a compound.
enum Role : uint8_t {
  kBegin = 1,    // first part
  kMiddle = 2,   // a later non-final part
  kEnd = 4,      // final part
  kFromDic = 8,  // read from a .dic (not an extra word)
  kAnywhere = kBegin | kMiddle | kEnd,
};

// The compound flags an .aff declares (single-character flags only).
struct AffixFlags {
  bool usable = false;    // the .aff declares compound flags we understand
  std::string begin;      // flags that let a word begin a compound
  std::string middle;     // ... continue one
  std::string end;        // ... end one
  std::string forbidden;  // FORBIDDENWORD
};

AffixFlags ReadAffixFlags(const std::filesystem::path& aff_path) {
  AffixFlags flags;
  std::ifstream in(aff_path);
  if (!in) return flags;
  std::string line;
  std::string compound_begin;
  std::string compound_middle;
  std::string compound_end;
  std::string compound_any;
  bool long_flags = false;
  struct SuffixRule {
    char cls;
    std::string continuation;
  };
  std::vector<SuffixRule> rules;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "FLAG") {  // "long", "num" or "UTF-8": not one byte per flag
      long_flags = true;
    } else if (key == "COMPOUNDBEGIN") {
      fields >> compound_begin;
    } else if (key == "COMPOUNDMIDDLE") {
      fields >> compound_middle;
    } else if (key == "COMPOUNDEND") {
      fields >> compound_end;
    } else if (key == "COMPOUNDFLAG") {
      fields >> compound_any;
    } else if (key == "FORBIDDENWORD") {
      fields >> flags.forbidden;
    } else if (key == "SFX" || key == "PFX") {
      // "SFX v a s/WXZ a": a rule whose form carries compound flags.
      std::string cls;
      std::string strip;
      std::string affix;
      std::string condition;
      if (fields >> cls >> strip >> affix >> condition && cls.size() == 1) {
        auto slash = affix.find('/');
        if (slash != std::string::npos) rules.push_back({cls[0], affix.substr(slash + 1)});
      }
    }
  }
  if (long_flags) return flags;
  auto one = [](const std::string& f) { return f.size() == 1 ? f : std::string(); };
  flags.begin = one(compound_begin) + one(compound_any);
  flags.middle = one(compound_middle) + one(compound_any);
  flags.end = one(compound_end) + one(compound_any);
  flags.usable = !flags.begin.empty() || !flags.middle.empty() || !flags.end.empty();
  if (!flags.usable) return flags;
  // A suffix class whose forms may begin or continue a compound ("vård" with
  // "s" as in "vårdsavtal") lets its words stand as non-final parts; the
  // linking letter itself is allowed in any case.
  for (const SuffixRule& rule : rules) {
    auto has_any = [&](const std::string& set) {
      return std::any_of(set.begin(), set.end(),
                         [&](char f) { return rule.continuation.find(f) != std::string::npos; });
    };
    if (has_any(flags.begin) && flags.begin.find(rule.cls) == std::string::npos) {
      flags.begin.push_back(rule.cls);
    }
    if (has_any(flags.middle) && flags.middle.find(rule.cls) == std::string::npos) {
      flags.middle.push_back(rule.cls);
    }
  }
  return flags;
}

uint8_t RolesOf(std::string_view word_flags, const AffixFlags& affix) {
  if (!affix.usable) return kAnywhere;
  uint8_t roles = 0;
  for (char f : word_flags) {
    if (affix.begin.find(f) != std::string::npos) roles |= kBegin;
    if (affix.middle.find(f) != std::string::npos) roles |= kMiddle;
    if (affix.end.find(f) != std::string::npos) roles |= kEnd;
  }
  return roles;
}

bool AllLetters(std::string_view word) {
  int32_t i = 0;
  while (i < static_cast<int32_t>(word.size())) {
    UChar32 c = DecodeAt(word, &i);
    if (c < 0x80 ? !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) : u_isalpha(c) == 0) {
      return false;
    }
  }
  return !word.empty();
}

// ---------------------------------------------------------------------------
// Per-thread machinery

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// What one thread needs to analyze: neither Snowball's stemmer nor ICU's
// break iterator may be shared between threads.
struct Worker {
  StemmerPtr stemmer;
  std::unique_ptr<icu::BreakIterator> words;
  FoldBuffers fold;
  std::u16string text16;
  std::vector<int32_t> offsets;  // UTF-16 index -> UTF-8 byte offset
  std::vector<IdentifierSpan> spans;
  std::string piece;  // the folded word being analyzed
};

Result<std::unique_ptr<Worker>> NewWorker() {
  auto worker = std::make_unique<Worker>();
  worker->stemmer.reset(sb_stemmer_new("swedish", "UTF_8"));
  if (worker->stemmer == nullptr) {
    return Status::InvalidArgument(
        "Snowball (libstemmer) has no Swedish stemmer for UTF-8; install the Debian package "
        "libstemmer-dev");
  }
  UErrorCode status = U_ZERO_ERROR;
  worker->words.reset(icu::BreakIterator::createWordInstance(icu::Locale("sv"), status));
  if (U_FAILURE(status) || worker->words == nullptr) {
    return Status::Unsupported(
        fmt::format("ICU cannot make a Swedish word break iterator: {}", u_errorName(status)));
  }
  return worker;
}

// The terms of one folded word: its stem and its compound parts' stems.
struct WordTerms {
  std::string stem;
  std::vector<std::string> parts;
};

constexpr size_t kCacheShards = 16;
constexpr size_t kCacheShardCapacity = 16384;  // words per shard before it is emptied
constexpr int kMaxSplitLength = 48;            // code points; longer words are not split
constexpr int kMinWordLength = 2;              // code points of a dictionary word kept

// Regular Swedish endings of nouns, adjectives and participles that an
// inflected final compound part may carry ("vården", "kostnaderna").
constexpr auto kInflections = std::to_array<std::string_view>(
    {"s",     "n",    "t",    "r",    "a",     "e",     "en",    "et",   "er",   "ar",
     "or",    "na",   "ns",   "ts",   "as",    "es",    "rs",    "de",   "te",   "da",
     "ta",    "ad",   "at",   "ens",  "ets",   "ers",   "ars",   "ors",  "nas",  "ena",
     "ade",   "are",  "ast",  "ats",  "ern",   "ande",  "ende",  "ades", "aste", "aren",
     "arens", "arna", "erna", "orna", "andes", "arnas", "ernas", "ornas"});

struct CacheShard {
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const WordTerms>, StringHash, std::equal_to<>>
      words;
};

}  // namespace

// ---------------------------------------------------------------------------

struct SwedishAnalyzer::Impl {
  AnalyzerOptions options;
  // Dictionary words (folded, of 2 code points or more) and their Role
  // bits. Words shorter than min_part_length are never parts themselves;
  // they serve only as the base of an inflected final part ("år" of "året").
  std::unordered_map<std::string, uint8_t, StringHash, std::equal_to<>> words;

  mutable std::mutex pool_mu;
  mutable std::vector<std::unique_ptr<Worker>> idle;  // guarded by pool_mu
  mutable std::array<CacheShard, kCacheShards> cache;

  // A worker for this thread's use; nullptr only if ICU or Snowball fail
  // after Open() succeeded (out of memory).
  std::unique_ptr<Worker> Acquire() const {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!idle.empty()) {
        std::unique_ptr<Worker> worker = std::move(idle.back());
        idle.pop_back();
        return worker;
      }
    }
    Result<std::unique_ptr<Worker>> worker = NewWorker();
    return worker.ok() ? std::move(*worker) : nullptr;
  }

  void Release(std::unique_ptr<Worker> worker) const {
    std::lock_guard<std::mutex> lock(pool_mu);
    idle.push_back(std::move(worker));
  }

  // Snowball's stem of a folded word; valid until the worker stems again.
  static std::string_view Snowball(Worker* w, std::string_view word) {
    const sb_symbol* stem =
        sb_stemmer_stem(w->stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                        static_cast<int>(word.size()));
    if (stem == nullptr) return word;  // out of memory: the word unstemmed
    return {reinterpret_cast<const char*>(stem),
            static_cast<size_t>(sb_stemmer_length(w->stemmer.get()))};
  }

  // True if some ending of `word` of 4 or more code points is a word of a
  // .dic file: "budget", "planet", "ansökan" end in "-et"/"-an" but are not
  // definite forms, nor is "bygglovsansökan".
  bool EndsInDictionaryWord(std::string_view word) const {
    int cps = 0;
    for (size_t i = word.size(); i > 0; --i) {
      if ((static_cast<unsigned char>(word[i - 1]) & 0xC0U) == 0x80U) continue;
      if (++cps < 4) continue;
      auto it = words.find(word.substr(i - 1));
      if (it != words.end() && (it->second & kFromDic) != 0) return true;
    }
    return false;
  }

  // Snowball's stem, and when Snowball cut an ending and left a word that
  // ends in a dictionary word, that word's stem: Snowball cuts one ending a
  // time, so "kostnader" gives "kostnad" but "kostnad" gives "kostn"; taken
  // again, both give "kostn". Not again otherwise: "utredningsenheten"
  // gives "utredningsen", which must not become "utredning".
  std::string SettledSnowball(Worker* w, std::string_view word) const {
    std::string stem(Snowball(w, word));
    if (stem != word && EndsInDictionaryWord(stem)) stem.assign(Snowball(w, stem));
    return stem;
  }

  // The stem of a folded word: Snowball's (settled), then the definite
  // endings Snowball 2.2 keeps: "beslutet" → "beslut" (as "beslut"),
  // "mötet" → "möt" (as "möte"), "skolan" → "skol" (as "skola"). The ending
  // goes only after a consonant, leaving at least 3 code points, and not
  // when the word ends in a dictionary word ("budget", "ansökan").
  std::string Stem(Worker* w, std::string_view word) const {
    std::string stem = SettledSnowball(w, word);
    if (stem.size() < 2) return stem;
    std::string_view ending(stem.data() + stem.size() - 2, 2);
    if (ending != "et" && ending != "an") return stem;
    std::string_view rest(stem.data(), stem.size() - 2);
    if (CodePointCount(rest) < 3 || IsVowel(LastCodePoint(rest))) return stem;
    if (EndsInDictionaryWord(stem)) return stem;
    return SettledSnowball(w, rest);
  }

  bool MayBeNonFinal(std::string_view part) const {
    auto it = words.find(part);
    return it != words.end() && (it->second & (kBegin | kMiddle)) != 0;
  }

  bool MayBeFinal(std::string_view word) const {
    auto it = words.find(word);
    return it != words.end() && (it->second & kEnd) != 0;
  }

  // True if `part` is a word that may end a compound, as written or
  // inflected: "avtal", "vården" (vård + en), "året" (år + et), "skolan"
  // (skola less its a, + an). Only the regular endings of kInflections
  // count, so "senheten" is not "sen" + "heten".
  bool IsFinalForm(std::string_view part) const {
    if (MayBeFinal(part)) return true;
    std::string base;
    for (std::string_view ending : kInflections) {
      if (part.size() <= ending.size() || part.substr(part.size() - ending.size()) != ending) {
        continue;
      }
      std::string_view stem = part.substr(0, part.size() - ending.size());
      // "-are" makes a doer of a verb: "lärare" of "lära", not "havare" of "hav".
      const bool of_verb = ending == "are" || ending == "aren" || ending == "arens";
      if (!of_verb && MayBeFinal(stem)) return true;
      base.assign(stem);
      base.push_back('a');
      if (MayBeFinal(base)) return true;
      base.back() = 'e';
      if (!of_verb && MayBeFinal(base)) return true;
    }
    return false;
  }

  // Splits a folded word into compound parts and returns their stems, or
  // nothing. Each part has min_part_length code points or more as written;
  // a linking "s" or "e" may follow a non-final part. Non-final parts are
  // matched as written; the final part may be inflected (IsFinalForm), and
  // its stem is the one its word has in the same form
  // ("sjukvårdskostnader" → "kostnad", as "kostnader").
  // Of the valid splits the one with the fewest parts wins, then the one
  // whose parts, from the first, are longest ("verksamhet" + s + "året",
  // not "verksam" + "såret").
  // REQUIRES: `stem` is the word's stem.
  std::vector<std::string> Split(Worker* w, std::string_view word, std::string_view stem) const {
    const int min = options.min_part_length;
    std::array<int, kMaxSplitLength + 1> at{};  // byte offset of each code point, then the end
    int n = 0;
    for (size_t i = 0; i < word.size(); ++i) {
      if ((static_cast<unsigned char>(word[i]) & 0xC0U) == 0x80U) continue;
      if (n == kMaxSplitLength) return {};
      at[static_cast<size_t>(n++)] = static_cast<int>(i);
    }
    at[static_cast<size_t>(n)] = static_cast<int>(word.size());
    if (n < 2 * min) return {};
    // The final part must start inside the stem, so an ending is never a
    // part: not "bindande" = "bind" + "ande".
    const int final_before = word.substr(0, stem.size()) == stem ? CodePointCount(stem) : n;
    auto sub = [&](int from, int to) {
      const auto begin = static_cast<size_t>(at[static_cast<size_t>(from)]);
      return word.substr(begin, static_cast<size_t>(at[static_cast<size_t>(to)]) - begin);
    };

    // reach[i]: the best way to cover the code points before i with
    // non-final parts (each perhaps followed by a linking letter), so that
    // the next part starts at i. For one position and number of parts the
    // best way is the one whose part lengths are larger, compared in order.
    struct Reach {
      bool ok = false;
      int parts = 0;
      std::array<uint8_t, kMaxSplitLength> lengths{};  // of the parts, in order
      int from = 0;                                    // where the last part starts
      int to = 0;                                      // where it ends (before its linking letter)
    };
    auto better = [](const Reach& a, const Reach& b) {  // a better than b?
      if (!b.ok) return a.ok;
      if (a.parts != b.parts) return a.parts < b.parts;
      return a.lengths > b.lengths;
    };
    auto extend = [](const Reach& r, int from, int to) {
      Reach next = r;
      next.lengths[static_cast<size_t>(next.parts++)] = static_cast<uint8_t>(to - from);
      next.from = from;
      next.to = to;
      return next;
    };
    std::array<Reach, kMaxSplitLength + 1> reach{};
    reach[0].ok = true;
    Reach best;  // the best whole split; its last part is the final one
    for (int i = 0; i <= n - min; ++i) {
      const Reach& here = reach[static_cast<size_t>(i)];
      if (!here.ok) continue;
      if (i > 0 && i < final_before) {
        Reach whole = extend(here, i, n);
        if (better(whole, best) && IsFinalForm(sub(i, n))) best = whole;
      }
      for (int j = i + min; j <= n - min; ++j) {
        if (!MayBeNonFinal(sub(i, j))) continue;
        Reach next = extend(here, i, j);
        if (better(next, reach[static_cast<size_t>(j)])) reach[static_cast<size_t>(j)] = next;
        const char c = word[static_cast<size_t>(at[static_cast<size_t>(j)])];
        if ((c == 's' || c == 'e') && j + 1 <= n - min &&
            better(next, reach[static_cast<size_t>(j) + 1])) {
          reach[static_cast<size_t>(j) + 1] = next;
        }
      }
    }
    if (!best.ok) return {};

    // Walk back from the final part.
    std::vector<std::string> parts;
    parts.push_back(Stem(w, sub(best.from, best.to)));
    for (int i = best.from; i > 0;) {
      // The part before position i ends at i, or at i - 1 before a linking letter.
      const Reach& r = reach[static_cast<size_t>(i)];
      parts.push_back(Stem(w, sub(r.from, r.to)));
      i = r.from;
    }
    std::reverse(parts.begin(), parts.end());
    std::vector<std::string> unique;  // no part twice
    for (std::string& part : parts) {
      if (std::find(unique.begin(), unique.end(), part) == unique.end()) {
        unique.push_back(std::move(part));
      }
    }
    return unique;
  }

  // The terms of a folded word, from the cache or made and cached.
  std::shared_ptr<const WordTerms> TermsOf(Worker* w, const std::string& word) const {
    CacheShard& shard = cache[StringHash{}(word) % kCacheShards];
    {
      std::lock_guard<std::mutex> lock(shard.mu);
      auto it = shard.words.find(word);
      if (it != shard.words.end()) return it->second;
    }
    auto terms = std::make_shared<WordTerms>();
    terms->stem = Stem(w, word);
    if (terms->stem.empty()) terms->stem = word;
    terms->parts = Split(w, word, terms->stem);
    std::erase(terms->parts, terms->stem);
    std::lock_guard<std::mutex> lock(shard.mu);
    if (shard.words.size() >= kCacheShardCapacity) shard.words.clear();
    shard.words.emplace(word, terms);
    return terms;
  }

  // Emits the terms of one piece of a word token (bytes [start, end) of the
  // text), already folded into w->piece.
  void EmitPiece(Worker* w, int start, int end, TermUse use, bool has_digit,
                 const std::function<void(const Term&)>& sink, Term* term) const {
    if (w->piece.empty()) return;
    term->start = start;
    term->end = end;
    term->part = false;
    if (has_digit) {
      term->identifier = true;
      term->text = w->piece;
      sink(*term);
      return;
    }
    term->identifier = false;
    std::shared_ptr<const WordTerms> terms = TermsOf(w, w->piece);
    term->text = terms->stem;
    sink(*term);
    if (use != TermUse::kIndex) return;
    term->part = true;
    for (const std::string& part : terms->parts) {
      term->text = part;
      sink(*term);
    }
  }

  // Emits the terms of the word token at UTF-16 [from, to).
  void EmitWord(Worker* w, int32_t from, int32_t to, TermUse use,
                const std::function<void(const Term&)>& sink, Term* term) const {
    const char16_t* s = w->text16.data();
    // Pieces split at stops and apostrophes ("www.example.se", "beslutet.Nämnden");
    // after a colon ("FN:s", "S:t") the rest of the piece is dropped.
    int32_t piece_start = from;
    while (piece_start < to) {
      int32_t piece_end = piece_start;
      int32_t colon = -1;
      bool has_digit = false;
      while (piece_end < to) {
        char16_t c = s[piece_end];
        if (c == '.' || c == '\'' || c == 0x2019) break;
        if (c == ':' && colon < 0) colon = piece_end;
        if (colon < 0 && !has_digit) {
          UChar32 cp = c;
          if (U16_IS_LEAD(c) && piece_end + 1 < to) cp = U16_GET_SUPPLEMENTARY(c, s[piece_end + 1]);
          has_digit = IsDigit(cp);
        }
        ++piece_end;
      }
      int32_t word_end = colon >= 0 ? colon : piece_end;
      if (word_end > piece_start) {
        FoldUtf16(s + piece_start, word_end - piece_start, &w->fold, &w->piece);
        const int start = w->offsets[static_cast<size_t>(piece_start)];
        const int end = w->offsets[static_cast<size_t>(word_end)];
        // Before a colon the letters are a name ("FN:s"): not stemmed.
        EmitPiece(w, start, end, use, has_digit || colon >= 0, sink, term);
      }
      piece_start = piece_end + 1;
    }
  }

  void Run(Worker* w, std::string_view text, TermUse use,
           const std::function<void(const Term&)>& sink) const {
    ScanIdentifiers(text, &w->spans);

    // UTF-16 copy and the byte offset of each UTF-16 unit.
    w->text16.clear();
    w->offsets.clear();
    int32_t i = 0;
    while (i < static_cast<int32_t>(text.size())) {
      const int32_t at = i;
      UChar32 c = DecodeAt(text, &i);
      if (c <= 0xFFFF) {
        w->text16.push_back(static_cast<char16_t>(c));
        w->offsets.push_back(at);
      } else {
        w->text16.push_back(static_cast<char16_t>(U16_LEAD(c)));
        w->text16.push_back(static_cast<char16_t>(U16_TRAIL(c)));
        w->offsets.push_back(at);
        w->offsets.push_back(at);
      }
    }
    w->offsets.push_back(static_cast<int32_t>(text.size()));

    Term term;
    size_t next_span = 0;
    int covered_to = 0;  // end of the identifier spans emitted so far
    auto emit_span = [&](const IdentifierSpan& span) {
      FoldUtf8(span.raw, &w->fold, &term.text);
      term.start = span.start;
      term.end = span.end;
      term.part = false;
      term.identifier = true;
      sink(term);
      covered_to = std::max(covered_to, span.end);
    };

    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUChars(&ut, w->text16.data(), static_cast<int64_t>(w->text16.size()), &status);
    if (U_FAILURE(status)) return;
    w->words->setText(&ut, status);
    if (U_SUCCESS(status)) {
      int32_t from = w->words->first();
      for (int32_t to = w->words->next(); to != icu::BreakIterator::DONE;
           from = to, to = w->words->next()) {
        if (w->words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
        const int start = w->offsets[static_cast<size_t>(from)];
        const int end = w->offsets[static_cast<size_t>(to)];
        while (next_span < w->spans.size() && w->spans[next_span].start < end) {
          emit_span(w->spans[next_span++]);
        }
        if (start < covered_to) continue;  // part of an identifier
        EmitWord(w, from, to, use, sink, &term);
      }
    }
    utext_close(&ut);
    while (next_span < w->spans.size()) emit_span(w->spans[next_span++]);
  }
};

// ---------------------------------------------------------------------------

SwedishAnalyzer::SwedishAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SwedishAnalyzer::~SwedishAnalyzer() = default;

Result<std::unique_ptr<SwedishAnalyzer>> SwedishAnalyzer::Open(AnalyzerOptions options) {
  if (options.min_part_length < 1) {
    return Status::InvalidArgument(
        fmt::format("min_part_length must be at least 1, not {}", options.min_part_length));
  }
  Result<std::unique_ptr<Worker>> worker = NewWorker();
  if (!worker.ok()) return worker.status();

  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  FoldBuffers fold;
  std::string folded;

  auto add = [&](std::string_view word, uint8_t roles) {
    FoldUtf8(word, &fold, &folded);
    if (CodePointCount(folded) < kMinWordLength) return;
    impl->words[folded] |= roles;
  };

  // The .dic files: a count, then "word/FLAGS" lines.
  int read = 0;
  std::string tried;
  for (const std::filesystem::path& path : impl->options.dictionaries) {
    std::ifstream in(path, std::ios::binary);
    if (!tried.empty()) tried += ", ";
    tried += path.string();
    if (!in) continue;
    std::stringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    std::filesystem::path aff = path;
    aff.replace_extension(".aff");
    const AffixFlags affix = ReadAffixFlags(aff);
    ++read;
    std::string_view rest(text);
    bool first = true;
    while (!rest.empty()) {
      size_t newline = rest.find('\n');
      std::string_view line = rest.substr(0, newline);
      rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
      if (first) {  // the word count
        first = false;
        continue;
      }
      size_t word_end = line.find_first_of("/ \t\r");
      std::string_view word = line.substr(0, word_end);
      std::string_view flags;
      if (word_end != std::string_view::npos && line[word_end] == '/') {
        flags = line.substr(word_end + 1);
        flags = flags.substr(0, flags.find_first_of(" \t\r"));
      }
      if (!AllLetters(word)) continue;
      if (!affix.forbidden.empty() && flags.find(affix.forbidden) != std::string_view::npos) {
        continue;
      }
      add(word, static_cast<uint8_t>(RolesOf(flags, affix) | kFromDic));
    }
  }
  if (read == 0 && !impl->options.dictionaries.empty()) {
    return Status::NotFound(fmt::format(
        "no compound dictionary could be read (tried {}); install the Debian package hunspell-sv",
        tried));
  }
  // Extra words stand anywhere in a compound, unless a .dic says otherwise.
  for (const std::string& word : impl->options.extra_words) {
    if (!AllLetters(word)) continue;
    FoldUtf8(word, &fold, &folded);
    if (CodePointCount(folded) < kMinWordLength) continue;
    impl->words.try_emplace(folded, kAnywhere);
  }
  impl->idle.push_back(std::move(*worker));
  return std::unique_ptr<SwedishAnalyzer>(new SwedishAnalyzer(std::move(impl)));
}

void SwedishAnalyzer::Analyze(std::string_view text, TermUse use,
                              const std::function<void(const Term&)>& sink) const {
  std::unique_ptr<Worker> worker = impl_->Acquire();
  if (worker == nullptr) return;
  // The worker goes back to the pool even if the sink throws.
  struct Lease {
    const Impl* impl;
    std::unique_ptr<Worker>* worker;
    ~Lease() { impl->Release(std::move(*worker)); }
  } lease{impl_.get(), &worker};
  impl_->Run(worker.get(), text, use, sink);
}

std::vector<Term> SwedishAnalyzer::Terms(std::string_view text, TermUse use) const {
  std::vector<Term> terms;
  Analyze(text, use, [&terms](const Term& term) { terms.push_back(term); });
  return terms;
}

}  // namespace paragraf
