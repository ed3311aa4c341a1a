#include "store/search_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "normalize/swedish_analyzer.h"
#include "store/keys.h"

namespace paragraf::store_internal {

namespace {

// The analyzer, loaded once per process on first use.
const SwedishAnalyzer* Analyzer(std::string* error) {
  static std::once_flag once;
  static Result<std::unique_ptr<SwedishAnalyzer>>* analyzer = nullptr;
  std::call_once(once, [] {
    analyzer = new Result<std::unique_ptr<SwedishAnalyzer>>(SwedishAnalyzer::Open({}));
  });
  if (!analyzer->ok()) {
    if (error != nullptr) *error = analyzer->status().message();
    return nullptr;
  }
  return analyzer->value().get();
}

int CreateTokenizer(void* /*context*/, const char** /*args*/, int /*count*/, Fts5Tokenizer** out) {
  const SwedishAnalyzer* analyzer = Analyzer(nullptr);
  if (analyzer == nullptr) return SQLITE_ERROR;
  // The tokenizer is the shared analyzer itself: it keeps no state.
  *out = reinterpret_cast<Fts5Tokenizer*>(const_cast<SwedishAnalyzer*>(analyzer));
  return SQLITE_OK;
}

void DeleteTokenizer(Fts5Tokenizer* /*tokenizer*/) {}

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int size,
             int (*token)(void*, int, const char*, int, int, int)) {
  const auto* analyzer = reinterpret_cast<const SwedishAnalyzer*>(tokenizer);
  const TermUse use = (flags & FTS5_TOKENIZE_QUERY) != 0 ? TermUse::kQuery : TermUse::kIndex;
  int rc = SQLITE_OK;
  analyzer->Analyze(std::string_view(text, static_cast<size_t>(std::max(size, 0))), use,
                    [&](const Term& term) {
                      if (rc != SQLITE_OK) return;
                      rc = token(context, term.part ? FTS5_TOKEN_COLOCATED : 0, term.text.data(),
                                 static_cast<int>(term.text.size()), term.start, term.end);
                    });
  return rc;
}

bool HasWordCharacter(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) != 0) return true;
  }
  return false;
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

namespace {

// paragraf_fold(text): FoldKey for SQL, where lower() folds ASCII only.
void FoldFunction(sqlite3_context* context, int /*count*/, sqlite3_value** values) {
  const unsigned char* text = sqlite3_value_text(values[0]);
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  const std::string folded = FoldKey(reinterpret_cast<const char*>(text));
  sqlite3_result_text(context, folded.c_str(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

// A query word that is a compound also finds its parts written apart:
// "hemtjänstorganisation" → ("hemtjänstorganisation" OR ("hemtjänst" AND
// "organisation")), so "Ny organisation för hemtjänsten" is found.
std::string WithCompoundParts(const std::string& word) {
  const SwedishAnalyzer* analyzer = Analyzer(nullptr);
  if (analyzer == nullptr) return Quoted(word);
  std::vector<std::string> parts;
  int words = 0;
  analyzer->Analyze(word, TermUse::kIndex, [&](const Term& term) {
    if (term.part) {
      parts.push_back(term.text);
    } else {
      ++words;
    }
  });
  if (words != 1 || parts.size() < 2) return Quoted(word);
  std::string out = "(" + Quoted(word) + " OR (";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? " AND " : "") + Quoted(parts[i]);
  return out + "))";
}

}  // namespace

Status RegisterSwedishTokenizer(sqlite3* db) {
  if (sqlite3_create_function_v2(db, "paragraf_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                 nullptr, FoldFunction, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::Unsupported("cannot register paragraf_fold with SQLite");
  }
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Unsupported("this SQLite has no FTS5 (full-text search)");
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr) return Status::Unsupported("this SQLite has no FTS5 (full-text search)");
  fts5_tokenizer tokenizer = {CreateTokenizer, DeleteTokenizer, Tokenize};
  if (api->xCreateTokenizer(api, "paragraf_sv", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return Status::Unsupported("cannot register the Swedish tokenizer with SQLite");
  }
  return RegisterRanking(db, api);
}

Result<std::string> ToFtsQuery(const std::string& raw_query) {
  // FTS5 reads its query up to a NUL byte: inside a quoted term that left
  // the quote open (an SQL error, "unterminated string"). A NUL separates
  // words here, as a space does.
  std::string query = raw_query;
  std::replace(query.begin(), query.end(), '\0', ' ');
  std::vector<std::string> parts;  // terms and operators, in order
  std::vector<bool> is_operator;
  size_t i = 0;
  while (i < query.size()) {
    const char c = query[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '"') {
      const size_t end = query.find('"', i + 1);
      const std::string phrase =
          query.substr(i + 1, (end == std::string::npos ? query.size() : end) - i - 1);
      i = end == std::string::npos ? query.size() : end + 1;
      if (!HasWordCharacter(phrase)) continue;
      parts.push_back(Quoted(phrase));
      is_operator.push_back(false);
      continue;
    }
    size_t end = i;
    while (end < query.size() && query[end] != ' ' && query[end] != '\t' && query[end] != '"')
      ++end;
    std::string word = query.substr(i, end - i);
    i = end;
    // "§ 52" is one term, as the text's "§ 52" is; "35 §" is the number.
    if (word == "§" || word == "§§") {
      size_t next = i;
      while (next < query.size() && query[next] == ' ') ++next;
      size_t next_end = next;
      while (next_end < query.size() && std::isdigit(static_cast<unsigned char>(query[next_end]))) {
        ++next_end;
      }
      if (next_end == next) continue;
      word += " " + query.substr(next, next_end - next);
      i = next_end;
    }
    if (word == "OR" || word == "NOT" || word == "AND") {
      parts.push_back(word);
      is_operator.push_back(true);
      continue;
    }
    bool prefix = false;
    while (!word.empty() && word.back() == '*') {
      word.pop_back();
      prefix = true;
    }
    // Parentheses and other punctuation around a word are not ours to keep.
    while (!word.empty() && (word.front() == '(' || word.front() == ',')) word.erase(0, 1);
    while (!word.empty() &&
           (word.back() == ')' || word.back() == ',' || word.back() == '?' || word.back() == '!')) {
      word.pop_back();
    }
    if (!HasWordCharacter(word)) continue;
    parts.push_back(prefix ? Quoted(word) + "*" : WithCompoundParts(word));
    is_operator.push_back(false);
  }
  if (parts.empty()) return Status::InvalidArgument("sökfrågan innehåller inga sökord");
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (is_operator[k]) {
      const bool alone =
          k == 0 || k + 1 == parts.size() || is_operator[k - 1] || is_operator[k + 1];
      if (alone) {
        return Status::InvalidArgument(fmt::format(
            "{} måste stå mellan två sökord, till exempel 'avtal {} hyra'", parts[k], parts[k]));
      }
    }
    // FTS5 implies AND between phrases only, not before a group: say it.
    if (!out.empty()) out += !is_operator[k] && !is_operator[k - 1] ? " AND " : " ";
    out += parts[k];
  }
  return out;
}

}  // namespace paragraf::store_internal
