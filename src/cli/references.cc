#include "cli/references.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

namespace paragraf::cli {

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

std::optional<ParagraphQuery> AsReference(const std::string& query) {
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
