#include "parse/matcher.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "parse/group_patterns.h"

namespace paragraf {

std::string RuleMatch::Group(std::string_view attr) const {
  const int index = rule->IntAttr(attr, -1);
  if (index < 0 || static_cast<size_t>(index) >= groups.size()) return "";
  return groups[static_cast<size_t>(index)];
}

namespace {

std::optional<RuleMatch> MatchAt(const Rule& rule, std::string_view text, size_t from) {
  const int n = rule.re->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
  if (!rule.re->Match(re2::StringPiece(text.data(), text.size()), from, text.size(),
                      RE2::UNANCHORED, sub.data(), n)) {
    return std::nullopt;
  }
  RuleMatch m;
  m.rule = &rule;
  for (const auto& piece : sub) m.groups.emplace_back(piece.data() ? piece : re2::StringPiece());
  m.begin = static_cast<size_t>(sub[0].data() - text.data());
  m.end = m.begin + sub[0].size();
  return m;
}

}  // namespace

namespace {

// The indices of the rules that match `text`, in order, by one pass of the
// group's set; nullopt when `rules` is no whole group with a set, or when
// the set's DFA ran out of memory on this text.
std::optional<std::vector<int>> SetMatches(const std::vector<Rule>& rules, std::string_view text) {
  if (rules.empty()) return std::nullopt;
  const GroupPatterns* group = rules.front().group.get();
  if (group == nullptr || group->rules != rules.size() || rules.back().group.get() != group) {
    return std::nullopt;
  }
  std::vector<int> found;
  re2::RE2::Set::ErrorInfo error{re2::RE2::Set::kNoError};
  if (!group->set.Match(re2::StringPiece(text.data(), text.size()), &found, &error) &&
      error.kind != re2::RE2::Set::kNoError) {
    return std::nullopt;
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

std::vector<const Rule*> MatchingRules(const std::vector<Rule>& rules, std::string_view text) {
  std::vector<const Rule*> out;
  if (std::optional<std::vector<int>> found = SetMatches(rules, text)) {
    out.reserve(found->size());
    for (int i : *found) out.push_back(&rules[static_cast<size_t>(i)]);
    return out;
  }
  for (const Rule& rule : rules) {
    if (RE2::PartialMatch(text, *rule.re)) out.push_back(&rule);
  }
  return out;
}

std::optional<RuleMatch> FirstMatch(const std::vector<Rule>& rules, std::string_view text) {
  if (std::optional<std::vector<int>> found = SetMatches(rules, text)) {
    for (int i : *found) {
      if (auto m = MatchAt(rules[static_cast<size_t>(i)], text, 0)) return m;
    }
    return std::nullopt;
  }
  for (const Rule& rule : rules) {
    if (auto m = MatchAt(rule, text, 0)) return m;
  }
  return std::nullopt;
}

bool Matches(const Rule& rule, std::string_view text) { return RE2::PartialMatch(text, *rule.re); }

std::optional<RuleMatch> FindFirst(const Rule& rule, std::string_view text) {
  return MatchAt(rule, text, 0);
}

std::vector<RuleMatch> AllMatches(const Rule& rule, std::string_view text) {
  std::vector<RuleMatch> out;
  size_t from = 0;
  while (from <= text.size()) {
    auto m = MatchAt(rule, text, from);
    if (!m) break;
    from = m->end > m->begin ? m->end : m->end + 1;
    out.push_back(std::move(*m));
  }
  return out;
}

std::optional<Date> DateReader::FromMatch(const RuleMatch& m) const {
  const int year = std::atoi(m.Group("year").c_str());
  int month = std::atoi(m.Group("month").c_str());
  const int day = std::atoi(m.Group("day").c_str());
  if (const std::string word = m.Group("month_word"); !word.empty()) {
    auto month_rule = FirstMatch(grammar_.Group("months"), word);
    if (!month_rule) return std::nullopt;
    month = month_rule->rule->IntAttr("month", 0);
  }
  if (year < 1900 || year > 2200) return std::nullopt;
  return MakeDate(year, month, day);
}

std::optional<Date> DateReader::First(std::string_view text) const {
  // Earliest match over all shapes, so "den 6 november 2020" in a sentence
  // that later holds an ISO date yields the first date written.
  std::optional<Date> best;
  size_t best_pos = std::string_view::npos;
  for (const Rule* rule : MatchingRules(grammar_.Group("dates"), text)) {
    for (const RuleMatch& m : AllMatches(*rule, text)) {
      if (m.begin >= best_pos) break;
      if (auto date = FromMatch(m)) {
        best = date;
        best_pos = m.begin;
        break;
      }
    }
  }
  return best;
}

std::string NormalizeClock(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '.') c = ':';
  }
  if (out.size() == 4 && out[1] == ':') out.insert(out.begin(), '0');
  return out;
}

std::vector<std::string> FindCaseNumbers(const Grammar& grammar, std::string_view text) {
  const auto& rules = grammar.Group("case_numbers");
  std::vector<std::string> found;
  for (const Rule* rule : MatchingRules(rules, text)) {
    if (rule->Attr("exclude") == "yes") continue;
    for (const RuleMatch& m : AllMatches(*rule, text)) {
      const std::string& number = m.groups.size() > 1 ? m.groups[1] : m.groups[0];
      if (number.empty() || std::find(found.begin(), found.end(), number) != found.end()) continue;
      const bool excluded = std::any_of(rules.begin(), rules.end(), [&](const Rule& r) {
        return r.Attr("exclude") == "yes" && Matches(r, number);
      });
      if (!excluded) found.push_back(number);
    }
  }
  return found;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

namespace {
// Uppercase test good enough for the first letter of Swedish words:
// ASCII plus Å Ä Ö É Ü (UTF-8 C3 80-9E).
int LetterCase(std::string_view s) {
  if (s.empty()) return 0;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= 'a' && c <= 'z') return -1;
  if (c == 0xC3 && s.size() > 1) {
    const auto d = static_cast<unsigned char>(s[1]);
    if (d >= 0x80 && d <= 0x9E) return 1;
    if (d >= 0x9F && d <= 0xBF) return -1;
  }
  return 0;
}
}  // namespace

bool StartsWithUpper(std::string_view utf8) { return LetterCase(utf8) > 0; }
bool StartsWithLower(std::string_view utf8) { return LetterCase(utf8) < 0; }

}  // namespace paragraf
