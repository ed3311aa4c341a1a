// Matching lines against grammar rules, and reading dates and times.
// Internal to parse/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "parse/grammar.h"

namespace paragraf {

// A rule that matched, with its capture groups (groups[0] is the match).
struct RuleMatch {
  const Rule* rule = nullptr;
  std::vector<std::string> groups;
  size_t begin = 0;  // byte offset of the match in the text
  size_t end = 0;

  // The group an attribute names ("number = 1"); "" when absent or unset.
  std::string Group(std::string_view attr) const;
};

// The rules of `rules` that match somewhere in `text`, in order. For a
// whole grammar group this takes one pass over the text, however many
// rules it has; any other list is tried rule by rule.
std::vector<const Rule*> MatchingRules(const std::vector<Rule>& rules, std::string_view text);

// The first rule of `rules` that matches somewhere in `text`.
std::optional<RuleMatch> FirstMatch(const std::vector<Rule>& rules, std::string_view text);

// True when `rule` matches somewhere in `text`; no groups are copied.
bool Matches(const Rule& rule, std::string_view text);

// The leftmost match of one rule in `text`.
std::optional<RuleMatch> FindFirst(const Rule& rule, std::string_view text);

// Every match of one rule in `text`, left to right, not overlapping.
std::vector<RuleMatch> AllMatches(const Rule& rule, std::string_view text);

// The diarienummer in `text`, in order, each once: group 1 (or the whole
// match) of every "case_numbers" rule, minus what an `exclude = yes` rule
// of that group matches ("VIP 2020-2022").
std::vector<std::string> FindCaseNumbers(const Grammar& grammar, std::string_view text);

// Reads dates with the "dates" and "months" groups.
class DateReader {
 public:
  explicit DateReader(const Grammar& grammar) : grammar_(grammar) {}

  // The first valid date in `text`.
  std::optional<Date> First(std::string_view text) const;

 private:
  std::optional<Date> FromMatch(const RuleMatch& m) const;
  const Grammar& grammar_;
};

// "8.15" → "08:15"; "13:00" stays.
std::string NormalizeClock(std::string_view text);

std::string_view TrimView(std::string_view s);
// ASCII letters lowercased; other bytes (å, ä, ö …) as they are.
std::string Lower(std::string_view s);
// The parts of `text` between separators, untrimmed, empty ones included:
// "a\n\nb" → {"a", "", "b"}. The views point into `text`.
std::vector<std::string_view> Split(std::string_view text, char separator);
bool StartsWithUpper(std::string_view utf8);
bool StartsWithLower(std::string_view utf8);

}  // namespace paragraf
