#include "quality/text_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <hunspell.hxx>
#include <utility>

namespace paragraf {

namespace {

// ASCII letters and the two-byte Latin letters of Swedish (å ä ö é ü …).
bool IsAsciiOrLatinLetter(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c != 0xC3 || i + 1 >= s.size()) return false;
  const auto d = static_cast<unsigned char>(s[i + 1]);
  return d >= 0x80 && d != 0x97 && d != 0xB7;  // not × ÷
}

// "Ersätare": a capital, then four or more lowercase letters.
bool IsCapitalised(std::string_view s) {
  size_t letters = 0;
  for (size_t i = 0; i < s.size(); ++letters) {
    if (!IsAsciiOrLatinLetter(s, i)) return false;
    const auto c = static_cast<unsigned char>(s[i]);
    const bool upper =
        c < 0x80 ? (c >= 'A' && c <= 'Z') : static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (upper != (i == 0)) return false;
    i += c < 0x80 ? 1 : 2;
  }
  return letters >= 5;
}

}  // namespace

std::string_view ToString(PageQualityStatus status) {
  switch (status) {
    case PageQualityStatus::kOk:
      return "ok";
    case PageQualityStatus::kGarbled:
      return "garbled";
    case PageQualityStatus::kNoText:
      return "no_text";
    case PageQualityStatus::kTooLittleText:
      return "too_little_text";
  }
  return "ok";
}

TextQuality::TextQuality(QualityConfig config, std::unique_ptr<Hunspell> speller)
    : config_(std::move(config)), speller_(std::move(speller)) {}

TextQuality::~TextQuality() = default;

Result<std::unique_ptr<TextQuality>> TextQuality::Open(const QualityConfig& config) {
  std::string searched;
  for (const auto& dir : config.dictionary_dirs) {
    const auto aff = dir / (config.dictionary + ".aff");
    const auto dic = dir / (config.dictionary + ".dic");
    std::error_code ec;
    if (std::filesystem::exists(aff, ec) && std::filesystem::exists(dic, ec)) {
      auto speller = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
      return std::unique_ptr<TextQuality>(new TextQuality(config, std::move(speller)));
    }
    searched += searched.empty() ? dir.string() : ", " + dir.string();
  }
  return Status::NotFound(
      fmt::format("spelling dictionary {} not found in {} (Debian package hunspell-sv)",
                  config.dictionary, searched));
}

bool TextQuality::Knows(std::string_view word) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = cache_.find(word); it != cache_.end()) return it->second;
  std::string key(word);
  const bool known = speller_->spell(key);
  cache_.emplace(std::move(key), known);
  return known;
}

std::vector<std::string> TextQuality::LigatureRepairs(std::string_view word) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = repairs_.find(word); it != repairs_.end()) return it->second;
  }
  std::vector<std::string> found = FindLigatureRepairs(word);
  std::lock_guard<std::mutex> lock(mu_);
  repairs_.emplace(std::string(word), found);
  return found;
}

std::vector<std::string> TextQuality::FindLigatureRepairs(std::string_view word) const {
  // The ligature glyphs of common text fonts are ff, fi, fl, ft, tt and ti
  // (Calibri has them all). A font without a Unicode map for them drops the
  // second letter: "at" (att), "tll" (till), "fnns" (finns), "skrif"
  // (skrift), "efer" (efter). So a letter is put back only after an f or t.
  std::vector<std::string> repairs;
  std::string repaired;
  for (size_t at = 1; at <= word.size(); ++at) {
    const char before = word[at - 1];
    if (before != 'f' && before != 't') continue;
    const std::string_view letters = before == 'f' ? std::string_view("filt") : "ti";
    for (char letter : letters) {
      repaired.assign(word.substr(0, at));
      repaired.push_back(letter);
      repaired.append(word.substr(at));
      if (std::find(repairs.begin(), repairs.end(), repaired) == repairs.end() && Knows(repaired)) {
        repairs.push_back(repaired);
      }
    }
  }
  return repairs;
}

bool TextQuality::LostLigature(std::string_view word) const {
  return !LigatureRepairs(word).empty();
}

std::string TextQuality::RepairLigatures(std::string_view line) const {
  std::string out;
  out.reserve(line.size() + 8);
  size_t i = 0;
  while (i < line.size()) {
    // Copy what is not a letter, then take one run of letters.
    const size_t start = i;
    while (i < line.size() && !IsAsciiOrLatinLetter(line, i)) ++i;
    out.append(line.substr(start, i - start));
    const size_t word_start = i;
    while (i < line.size() && IsAsciiOrLatinLetter(line, i)) {
      i += static_cast<unsigned char>(line[i]) < 0x80 ? 1 : 2;
    }
    if (i > line.size()) i = line.size();
    const std::string_view word = line.substr(word_start, i - word_start);
    // Names are short and many ("Rif" is no "Riff"): a capitalised word is
    // repaired only when it is long enough to be a common word.
    const auto first = static_cast<unsigned char>(word.empty() ? 'a' : word[0]);
    const bool capital = first < 0x80
                             ? (first >= 'A' && first <= 'Z')
                             : word.size() > 1 && static_cast<unsigned char>(word[1]) < 0xA0;
    if (word.empty() || Knows(word) || (capital && !IsCapitalised(word))) {
      out.append(word);
      continue;
    }
    const std::vector<std::string> repairs = LigatureRepairs(word);
    out.append(repairs.size() == 1 ? std::string_view(repairs.front()) : word);
  }
  return out;
}

PageQuality TextQuality::Score(int page, const std::vector<std::string_view>& lines,
                               const std::function<bool(std::string_view)>& checkable) const {
  PageQuality q;
  q.page = page;
  std::vector<std::string_view> unknown_words, capitalised;
  for (std::string_view line : lines) {
    size_t i = 0;
    while (i < line.size()) {
      // One token: a run of non-space characters.
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      const size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      if (start == i) break;
      std::string_view token = line.substr(start, i - start);
      // Punctuation around a word: "(Föjjande", "protokojjet.", "\"Milnongr".
      auto is_punct = [](char c) {
        return c == '.' || c == ',' || c == ':' || c == ';' || c == '(' || c == ')' || c == '"' ||
               c == '\'' || c == '!' || c == '?';
      };
      while (!token.empty() && is_punct(token.front())) token.remove_prefix(1);
      while (!token.empty() && is_punct(token.back())) token.remove_suffix(1);
      if (token.empty()) continue;
      ++q.words;
      if (!checkable(token)) {
        // A capitalised word ("Ersätare") says nothing of the share of
        // unknown words (it may be a name) but can show a lost ligature.
        if (IsCapitalised(token) && !Knows(token) &&
            std::find(capitalised.begin(), capitalised.end(), token) == capitalised.end()) {
          capitalised.push_back(token);
          if (LostLigature(token)) ++q.lost_ligatures;
        }
        continue;
      }
      ++q.checked;
      if (Knows(token)) continue;
      ++q.unknown;
      if (std::find(unknown_words.begin(), unknown_words.end(), token) == unknown_words.end()) {
        unknown_words.push_back(token);
        if (LostLigature(token)) ++q.lost_ligatures;
      }
    }
  }
  q.distinct_unknown = static_cast<int>(unknown_words.size());
  if (q.words == 0) {
    q.status = PageQualityStatus::kNoText;
  } else if (q.checked < config_.min_checked_words) {
    q.status = PageQualityStatus::kTooLittleText;
  } else if ((q.unknown_share() > config_.max_unknown_share &&
              q.distinct_unknown >= config_.min_distinct_unknown) ||
             q.lost_ligatures >= config_.min_lost_ligatures) {
    q.status = PageQualityStatus::kGarbled;
  } else {
    q.status = PageQualityStatus::kOk;
  }
  return q;
}

}  // namespace paragraf
