#include "cli/references.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

namespace paragraf::cli {

namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

// "SVOM 2021-10-08 §9", "DRN södra 2024-05-16 § 36", "DRNS 2024-00052".
ParagraphQuery ParseRef(const std::string& ref) {
  ParagraphQuery q;
  // Find an ISO date standing alone.
  for (size_t i = 0; i + 10 <= ref.size(); ++i) {
    if ((i > 0 && ref[i - 1] != ' ') || (i + 10 < ref.size() && ref[i + 10] != ' ')) continue;
    if (auto d = ParseIsoDate(std::string_view(ref).substr(i, 10))) {
      q.date = d;
      std::string body = ref.substr(0, i);
      while (!body.empty() && body.back() == ' ') body.pop_back();
      // '"DRN södra" 2024-05-16 § 36': quotes group a body name of several words.
      if (body.size() >= 2 && body.front() == '"' && body.back() == '"') {
        body = body.substr(1, body.size() - 2);
      }
      if (!body.empty()) q.body = body;
      std::string rest = ref.substr(i + 10);
      const size_t s = rest.find_first_of("0123456789");
      if (s != std::string::npos) q.number = std::atoi(rest.c_str() + s);
      return q;
    }
  }
  q.case_number = ref;
  return q;
}

std::optional<ParagraphQuery> AsReference(const std::string& typed) {
  // "Dnr SN 2023.456", "Diarienummer: Bun/2024:73 679": the label is not
  // part of the number, nor is a classification code after it.
  std::string query(Trimmed(typed));
  for (std::string_view label : {"diarienummer:", "diarienummer", "dnr:", "dnr.", "dnr"}) {
    if (query.size() > label.size() + 1 && AsciiLower(query.substr(0, label.size())) == label &&
        query[label.size()] == ' ') {
      query = std::string(Trimmed(std::string_view(query).substr(label.size())));
      break;
    }
  }
  if (const size_t space = query.rfind(' '); space != std::string::npos) {
    const std::string_view code = std::string_view(query).substr(space + 1);
    const std::string_view number = std::string_view(query).substr(0, space);
    const bool classification = code.size() >= 2 && code.size() <= 5 &&
                                code.find_first_not_of("0123456789.") == std::string_view::npos;
    if (classification && number.find_first_of("/:-.") != std::string_view::npos &&
        number.find(' ') == std::string_view::npos) {
      query = std::string(number);
    }
  }
  ParagraphQuery q = ParseRef(query);
  if (q.date) {
    // After the date, nothing but "§ <n>"; before it, the body.
    const size_t at = query.find(FormatIsoDate(*q.date));
    std::string rest;
    for (char c : query.substr(at + 10)) {
      if (c != ' ') rest += c;
    }
    const std::string_view sign = "§";
    const bool paragraph = rest.rfind(sign, 0) == 0 && rest.size() > sign.size() &&
                           rest.find_first_not_of("0123456789", sign.size()) == std::string::npos;
    if (!q.body || !paragraph) return std::nullopt;
    return q;
  }
  // A diarienummer: letters and digits with / : - or . between, one or two words.
  size_t words = 0;
  for (size_t i = 0; i < query.size(); ++i) {
    if (query[i] != ' ' && (i == 0 || query[i - 1] == ' ')) ++words;
  }
  const bool digits = query.find_first_of("0123456789") != std::string::npos;
  const bool separator = query.find_first_of("/:-.") != std::string::npos;
  const bool letters = std::any_of(query.begin(), query.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
  });
  if (words <= 2 && digits && separator && letters) return q;
  return std::nullopt;
}

}  // namespace paragraf::cli
