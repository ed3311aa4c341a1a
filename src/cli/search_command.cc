#include "cli/search_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "cli/references.h"
#include "store/store.h"

namespace paragraf::cli {

namespace {

enum ExitCode { kOk = 0, kUsage = 2, kDatabase = 3, kNotFound = 4 };

std::optional<Date> DateOption(const std::string& text, const char* name, bool* bad) {
  if (text.empty()) return std::nullopt;
  std::optional<Date> d = ParseIsoDate(text);
  if (!d) {
    std::cerr << fmt::format("paragraf search: {} {}: expected YYYY-MM-DD\n", name, text);
    *bad = true;
  }
  return d;
}

std::string Where(const SearchHit& hit) {
  std::string out = hit.body_abbreviation.empty() ? hit.body : hit.body_abbreviation;
  if (hit.date) out += " " + FormatIsoDate(*hit.date);
  if (hit.paragraph) out += fmt::format(" § {}", *hit.paragraph);
  return out;
}

}  // namespace

CLI::App* AddSearchCommand(CLI::App& app, SearchOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "search", "sök bland besluten: ord, \"fraser\", prefix*, OR, NOT; eller ett diarienummer");
  cmd->add_option("query", o->query, "sökfrågan")->required();
  cmd->add_option("--body", o->body, "organ (namn eller förkortning)");
  cmd->add_option("--from", o->from, "sammanträden från och med YYYY-MM-DD");
  cmd->add_option("--to", o->to, "sammanträden till och med YYYY-MM-DD");
  cmd->add_option("--in", o->in, "sök i beslut, yrkanden, rubrik eller allt (standard)")
      ->check(CLI::IsMember({"beslut", "yrkanden", "rubrik", "allt"}));
  cmd->add_option("--party", o->party, "yrkanden eller reservationer av partiet (S, M …)");
  cmd->add_option("--person", o->person, "yrkanden eller reservationer av personen");
  cmd->add_option("--case", o->case_number, "ärendets diarienummer");
  cmd->add_option("--limit", o->limit, "högst så många träffar (standard 10)");
  cmd->add_flag("--json", o->json, "skriv JSON");
  return cmd;
}

int RunSearch(const SearchOptions& o) {
  SearchQuery q;
  q.text = o.query;
  bool bad = false;
  q.from = DateOption(o.from, "--from", &bad);
  q.to = DateOption(o.to, "--to", &bad);
  if (bad) return kUsage;
  if (!o.body.empty()) q.body = o.body;
  if (!o.party.empty()) q.party = o.party;
  if (!o.person.empty()) q.person = o.person;
  if (!o.case_number.empty()) q.case_number = o.case_number;
  q.in = o.in;
  q.limit = o.limit > 0 ? o.limit : 10;
  auto store = Store::Open(o.db);
  if (!store.ok()) {
    std::cerr << "paragraf search: " << store.status().message() << "\n";
    return kDatabase;
  }
  // A diarienummer or "SVOM 2021-10-08 §9" goes straight to its paragraphs.
  std::vector<SearchHit> direct;
  if (const std::optional<ParagraphQuery> ref = AsReference(o.query)) {
    // The paragraph itself, then the paragraphs whose references cite it.
    Result<std::vector<StoredParagraph>> found = (*store)->FindParagraphs(*ref);
    const size_t itself = found.ok() ? found->size() : 0;
    if (found.ok() && ref->date && ref->number) {
      ParagraphQuery citing = *ref;
      citing.citing = true;
      if (Result<std::vector<StoredParagraph>> more = (*store)->FindParagraphs(citing); more.ok()) {
        for (StoredParagraph& sp : *more) found->push_back(std::move(sp));
      }
    }
    if (found.ok()) {
      for (size_t i = 0; i < found->size(); ++i) {
        const StoredParagraph& sp = (*found)[i];
        SearchHit h;
        h.paragraph_id = sp.id;
        if (sp.body) {
          h.body = sp.body->name;
          h.body_abbreviation = sp.body->abbreviation.value_or("");
        }
        h.date = sp.date;
        h.paragraph = sp.paragraph.number;
        h.title = sp.paragraph.title;
        h.case_numbers = sp.paragraph.case_numbers;
        h.snippet = i < itself ? "(direkt träff)" : "(hänvisar till " + o.query + ")";
        if (sp.paragraph.decision) {
          const std::string& t = sp.paragraph.decision->text;
          h.decision_first_line = t.substr(0, t.find('\n'));
        }
        h.path = sp.document_path;
        // The same protocol as text and as PDF: shown once.
        const bool seen = std::any_of(direct.begin(), direct.end(), [&](const SearchHit& d) {
          return d.body == h.body && d.date == h.date && d.paragraph == h.paragraph &&
                 d.title == h.title;
        });
        if (!seen) direct.push_back(std::move(h));
      }
    }
  }
  // Then the words, for the paragraphs that cite it.
  Result<std::vector<SearchHit>> hits = (*store)->Search(q);
  if (!direct.empty()) {
    std::vector<SearchHit> merged = direct;
    if (hits.ok()) {
      for (SearchHit& h : *hits) {
        const bool seen = std::any_of(merged.begin(), merged.end(), [&](const SearchHit& d) {
          return d.paragraph_id == h.paragraph_id ||
                 (d.body == h.body && d.date == h.date && d.paragraph == h.paragraph);
        });
        if (!seen && static_cast<int>(merged.size()) < q.limit) merged.push_back(std::move(h));
      }
    }
    hits = std::move(merged);
  }
  if (!hits.ok()) {
    std::cerr << "paragraf search: " << hits.status().message() << "\n";
    return hits.status().code() == Status::Code::kInvalidArgument ? kUsage : kDatabase;
  }
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const SearchHit& h : *hits) {
      out.push_back({{"body", h.body},
                     {"abbreviation", h.body_abbreviation},
                     {"date", h.date ? nlohmann::ordered_json(FormatIsoDate(*h.date)) : nullptr},
                     {"paragraph", h.paragraph ? nlohmann::ordered_json(*h.paragraph) : nullptr},
                     {"title", h.title},
                     {"case_numbers", h.case_numbers},
                     {"snippet", h.snippet},
                     {"decision", h.decision_first_line},
                     {"score", h.score},
                     {"path", h.path}});
    }
    // A stored file name need not be UTF-8: such bytes are written as U+FFFD.
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return hits->empty() ? kNotFound : kOk;
  }
  if (hits->empty()) {
    std::cerr << "paragraf search: inga träffar för " << o.query << "\n";
    return kNotFound;
  }
  for (const SearchHit& h : *hits) {
    std::cout << fmt::format("{}  {}", Where(h), h.title);
    if (!h.case_numbers.empty()) std::cout << "  (" << h.case_numbers.front() << ")";
    std::string snippet = h.snippet;
    std::replace(snippet.begin(), snippet.end(), '\n', ' ');
    std::cout << "\n    " << snippet << "\n";
    if (!h.decision_first_line.empty())
      std::cout << "    Beslut: " << h.decision_first_line << "\n";
  }
  return kOk;
}

}  // namespace paragraf::cli
