#include "store/followups.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "store/keys.h"
#include "store/store.h"

namespace paragraf {

namespace store_internal {

namespace {

// "Vård- och omsorgsnämnden" → "Vård-och-omsorgsnämnden".
std::string Dashed(std::string_view text) {
  std::string out;
  for (char c : text) {
    const char d = c == ' ' ? '-' : c;
    if (d == '-' && !out.empty() && out.back() == '-') continue;
    out.push_back(d);
  }
  return out;
}

// One candidate pair: a follow-up and a later paragraph that may answer it.
struct Candidate {
  int64_t followup_id = 0;
  int64_t paragraph_id = 0;
  std::string kind;  // the follow-up's
  std::string assignee;
  std::string origin_body_name, origin_body_abbreviation;
  std::string answer_body_name;
  std::string reference;    // "beslut från den 6 november 2020, § 46", or ""
  std::string case_number;  // shared with the follow-up's paragraph, or ""
  bool cited = false;       // … only cited in the later paragraph's text
  std::string cue_kinds;    // "report_back closed"
  std::string cue_texts;
  bool has_decision = false;
};

// Columns every candidate query returns, in this order.
constexpr const char* kCandidateColumns = R"sql(
       fu.id, fu.kind, coalesce(fu.assignee, ''), coalesce(bq.name, ''),
       coalesce(bq.abbreviation, ''), p.id, coalesce(bp.name, ''),
       (SELECT coalesce(group_concat(c.kind, ' '), '') FROM cues c WHERE c.paragraph_id = p.id),
       (SELECT coalesce(group_concat(c.text, ' | '), '') FROM cues c WHERE c.paragraph_id = p.id),
       EXISTS (SELECT 1 FROM decisions d WHERE d.paragraph_id = p.id))sql";

// A later paragraph referring to the follow-up's decision by date and §.
// `{side}` is "dp" (the new document answers) or "dq" (its follow-ups).
constexpr const char* kByReference = R"sql(
SELECT {columns}, r.text, coalesce(r.body, ''), '', 0
  FROM refs r
  JOIN paragraphs p ON p.id = r.paragraph_id
  JOIN documents dp ON dp.id = p.document_id
  JOIN documents dq ON dq.date = r.date
  JOIN paragraphs q ON q.document_id = dq.id AND q.number = r.paragraph_number
  JOIN followups fu ON fu.paragraph_id = q.id
  LEFT JOIN bodies bq ON bq.id = dq.body_id
  LEFT JOIN bodies bp ON bp.id = dp.body_id
 WHERE r.kind = 'beslut' AND dp.date > dq.date AND {side}.id = ?1
)sql";

// A later paragraph with the follow-up's diarienummer: `{shared}` joins it as
// the paragraph's own case number, or as one cited in its text (`{cited}` 1,
// a weaker sign: a list of open matters cites many). Two statements, not a
// UNION, so each uses its index.
constexpr const char* kByCase = R"sql(
SELECT {columns}, '', '', c1.case_number, {cited}
  FROM followups fu
  JOIN paragraphs q ON q.id = fu.paragraph_id
  JOIN documents dq ON dq.id = q.document_id
  JOIN case_numbers c1 ON c1.paragraph_id = q.id
  JOIN {shared} = c1.normalized AND c2.paragraph_id <> q.id
  JOIN paragraphs p ON p.id = c2.paragraph_id
  JOIN documents dp ON dp.id = p.document_id
  LEFT JOIN bodies bq ON bq.id = dq.body_id
  LEFT JOIN bodies bp ON bp.id = dp.body_id
 WHERE dp.date > dq.date AND {side}.id = ?1
)sql";

// Every candidate query, for both sides, built once.
const std::vector<std::string>& CandidateQueries() {
  static const std::vector<std::string>* all = [] {
    auto* queries = new std::vector<std::string>;
    for (const char* side : {"dp", "dq"}) {
      queries->push_back(fmt::format(fmt::runtime(kByReference),
                                     fmt::arg("columns", kCandidateColumns),
                                     fmt::arg("side", side)));
      for (const auto& [shared, cited] :
           {std::pair<const char*, int>{"case_numbers c2 ON c2.normalized", 0},
            std::pair<const char*, int>{"refs c2 ON c2.case_number_normalized", 1}}) {
        queries->push_back(fmt::format(
            fmt::runtime(kByCase), fmt::arg("columns", kCandidateColumns), fmt::arg("side", side),
            fmt::arg("shared", shared), fmt::arg("cited", cited)));
      }
    }
    return queries;
  }();
  return *all;
}

bool Has(const std::string& words, std::string_view word) {
  return (" " + words + " ").find(" " + std::string(word) + " ") != std::string::npos;
}

// Whether a recommendation to `assignee` is for the organisation whose body
// `body` is: "Region Jämtland Härjedalen" and "Regionstyrelsen"; "Krokoms
// kommun" and "Kommunstyrelsen i Krokoms kommun". Group assignees
// ("kommunerna", "länets kommuner") are answered by no single body.
bool ForBody(const std::string& assignee, const std::string& body) {
  const std::string a = FoldKey(assignee);
  const std::string b = FoldKey(body);
  if (a.empty() || b.empty()) return false;
  if (a == "kommunerna" || a.find("länets kommuner") != std::string::npos ||
      a.find("alla kommuner") != std::string::npos || a == "huvudmännen") {
    return false;
  }
  if (b.find(a) != std::string::npos) return true;
  if (a.rfind("region", 0) == 0 && b.find("region") != std::string::npos) return true;
  // A municipality's name: its longest word of five letters or more.
  std::string word, longest;
  for (char c : a + " ") {
    if (c == ' ') {
      if (word.size() > longest.size() && word != "kommun" && word != "kommuns") longest = word;
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return longest.size() >= 5 && b.find(longest.substr(0, longest.size() - 1)) != std::string::npos;
}

struct Verdict {
  std::string kind;
  double confidence = 0;
  std::string evidence;
};

// What the evidence of one pair amounts to.
std::optional<Verdict> Judge(const Candidate& c) {
  const bool report_back = Has(c.cue_kinds, "report_back");
  const bool closed = Has(c.cue_kinds, "closed");
  const bool correction = Has(c.cue_kinds, "correction");
  const bool adoption = Has(c.cue_kinds, "adoption");
  const bool returns = c.kind == "aterremiss" || c.kind == "bordlaggning" || c.kind == "remiss" ||
                       c.kind == "motion" || c.kind == "medborgarforslag";
  auto with_cues = [&](std::string evidence) {
    if (!c.cue_texts.empty()) evidence += " (" + c.cue_texts + ")";
    return evidence;
  };
  // A list of open matters, or a progress report, cites them without
  // answering any.
  if (Has(c.cue_kinds, "status_list") || Has(c.cue_kinds, "progress")) {
    const std::string why = !c.reference.empty() ? "hänvisar till " + c.reference
                                                 : "nämner diarienummer " + c.case_number;
    return Verdict{"continues", 0.6, with_cues(why)};
  }
  if (!c.reference.empty()) {
    const std::string evidence = with_cues("hänvisar till " + c.reference);
    if (correction) return Verdict{"corrects", 0.95, evidence};
    if (c.kind == "rekommendation") {
      if (adoption && ForBody(c.assignee, c.answer_body_name)) {
        return Verdict{"answers", 0.9, evidence};
      }
      return Verdict{"continues", adoption ? 0.75 : 0.6, evidence};
    }
    if (report_back || closed) return Verdict{"answers", 0.95, evidence};
    if (returns && c.has_decision) return Verdict{"answers", 0.85, evidence};
    return Verdict{"continues", 0.7, evidence};
  }
  if (c.cited) {
    const std::string evidence = with_cues("nämner diarienummer " + c.case_number);
    if (report_back) return Verdict{"answers", 0.75, evidence};
    return Verdict{"same_case", 0.4, evidence};
  }
  if (!c.case_number.empty()) {
    const std::string evidence = with_cues("samma diarienummer " + c.case_number);
    if (correction) return Verdict{"corrects", 0.8, evidence};
    if (c.kind == "rekommendation") {
      if (adoption && ForBody(c.assignee, c.answer_body_name)) {
        return Verdict{"answers", 0.8, evidence};
      }
      return Verdict{"same_case", 0.5, evidence};
    }
    if (report_back) return Verdict{"answers", 0.8, evidence};
    // The matter came back and was decided; or only noted ("läggs till
    // handlingarna"), which ends an uppdrag only with report-back words.
    if (returns && c.has_decision) return Verdict{"answers", 0.75, evidence};
    if (closed) return Verdict{"continues", 0.6, evidence};
    return Verdict{"same_case", 0.5, evidence};
  }
  return std::nullopt;
}

constexpr const char* kInsertLink =
    "INSERT OR REPLACE INTO followup_links (followup_id, paragraph_id, kind, evidence, "
    "confidence) VALUES (?1, ?2, ?3, ?4, ?5)";

}  // namespace

std::string FollowUpKeyPrefix(const Document& document) {
  std::string body = "okänt-organ";
  if (document.body) {
    body = Dashed(document.body->abbreviation.value_or(document.body->name));
  }
  return body + "-" + (document.date ? FormatIsoDate(*document.date) : "odaterad");
}

std::string FollowUpKey(const std::string& prefix, const std::optional<int>& number,
                        size_t paragraph_ordinal, size_t followup_ordinal) {
  const std::string paragraph =
      number ? std::to_string(*number) : fmt::format("p{}", paragraph_ordinal + 1);
  return fmt::format("{}-{}-{}", prefix, paragraph, followup_ordinal + 1);
}

std::string DocumentFollowUpKey(const std::string& prefix, size_t followup_ordinal) {
  return fmt::format("{}-dok-{}", prefix, followup_ordinal + 1);
}

Status LinkFollowUps(StatementCache& cache, int64_t document_id) {
  std::map<std::pair<int64_t, int64_t>, Candidate> pairs;
  for (const std::string& sql : CandidateQueries()) {
    Status status = Query(
        cache, sql.c_str(), [&](Statement& s) { s.BindInt(1, document_id); },
        [&](const Statement& s) {
          Candidate c;
          c.followup_id = s.ColumnInt64(0);
          c.kind = s.ColumnText(1);
          c.assignee = s.ColumnText(2);
          c.origin_body_name = s.ColumnText(3);
          c.origin_body_abbreviation = s.ColumnText(4);
          c.paragraph_id = s.ColumnInt64(5);
          c.answer_body_name = s.ColumnText(6);
          c.cue_kinds = s.ColumnText(7);
          c.cue_texts = s.ColumnText(8);
          c.has_decision = s.ColumnInt(9) != 0;
          const std::string reference = s.ColumnText(10);
          const std::string reference_body = s.ColumnText(11);
          c.case_number = s.ColumnText(12);
          c.cited = s.ColumnInt(13) != 0;
          // "KF 2022-12-21 § 322" must name the follow-up's body when it
          // names one.
          if (!reference.empty() && !reference_body.empty()) {
            const std::string key = FoldKey(reference_body);
            if (key != FoldKey(c.origin_body_name) && key != FoldKey(c.origin_body_abbreviation)) {
              return;
            }
          }
          c.reference = reference;
          Candidate& merged = pairs[{c.followup_id, c.paragraph_id}];
          if (merged.followup_id == 0) {
            merged = std::move(c);
            return;
          }
          if (merged.reference.empty()) merged.reference = c.reference;
          // A case number of its own outweighs one only cited.
          if (!c.case_number.empty() &&
              (merged.case_number.empty() || (merged.cited && !c.cited))) {
            merged.case_number = c.case_number;
            merged.cited = c.cited;
          }
        });
    if (!status.ok()) return status;
  }
  for (const auto& entry : pairs) {
    const std::optional<Verdict> verdict = Judge(entry.second);
    if (!verdict) continue;
    const auto [followup_id, paragraph_id] = entry.first;
    Status status =
        Execute(cache, kInsertLink,
                [&, followup_id = followup_id, paragraph_id = paragraph_id](Statement& s) {
                  s.BindInt(1, followup_id).BindInt(2, paragraph_id).BindText(3, verdict->kind);
                  s.BindText(4, verdict->evidence).BindDouble(5, verdict->confidence);
                });
    if (!status.ok()) return status;
  }
  return Status::OK();
}

}  // namespace store_internal

}  // namespace paragraf
