#include "quality/text_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <hunspell.hxx>
#include <utility>

namespace paragraf {

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
  std::string key(word);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  const bool known = speller_->spell(key);
  cache_.emplace(std::move(key), known);
  return known;
}

bool TextQuality::LostLigature(std::string_view word) const {
  // fi, fl, ff, ft, tt, ti: a font whose ligature glyphs have no Unicode
  // mapping drops them, "skrif" for "skrift", "at" for "att".
  std::string repaired;
  for (size_t at = 0; at <= word.size(); ++at) {
    for (char letter : {'f', 'i', 'l', 't'}) {
      repaired.assign(word.substr(0, at));
      repaired.push_back(letter);
      repaired.append(word.substr(at));
      if (Knows(repaired)) return true;
    }
  }
  return false;
}

PageQuality TextQuality::Score(int page, const std::vector<std::string_view>& lines,
                               const std::function<bool(std::string_view)>& checkable) const {
  PageQuality q;
  q.page = page;
  std::vector<std::string_view> unknown_words;
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
      if (!checkable(token)) continue;
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
