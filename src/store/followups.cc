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
  std::string answer_organisation;  // "Region Jämtland Härjedalen", or ""
  std::string reference;            // "beslut från den 6 november 2020, § 46", or ""
  std::string case_number;          // shared with the follow-up's paragraph, or ""
  bool cited = false;               // … only cited in the later paragraph's text
  std::string cue_kinds;            // "report_back closed"
  std::string cue_texts;
  bool has_decision = false;
  std::string due;            // the follow-up's, ISO, or ""
  std::string new_followups;  // the later paragraph's own: "uppdrag=2022-10-31 remiss="
  std::string activity;       // the later paragraph quotes the row: "done", "open", "moved"
  std::string activity_text;  // … as quoted
};

// Columns every candidate query returns, in this order.
constexpr const char* kCandidateColumns = R"sql(
       fu.id, fu.kind, coalesce(fu.assignee, ''), coalesce(bq.name, ''),
       coalesce(bq.abbreviation, ''), p.id, coalesce(bp.name, ''), coalesce(dp.organisation, ''),
       (SELECT coalesce(group_concat(c.kind, ' '), '') FROM cues c WHERE c.paragraph_id = p.id),
       (SELECT coalesce(group_concat(c.text, ' | '), '') FROM cues c WHERE c.paragraph_id = p.id),
       EXISTS (SELECT 1 FROM decisions d WHERE d.paragraph_id = p.id), coalesce(fu.due, ''),
       (SELECT coalesce(group_concat(f2.kind || '=' || coalesce(f2.due, ''), ' '), '')
          FROM followups f2 WHERE f2.paragraph_id = p.id))sql";

// A later paragraph referring to the follow-up's decision by date and §:
// the date of the meeting whose document holds the §, or (`{target}`
// "decided") the date a kallelse's protokollsutdrag gives it.
// `{side}` is "dp" (the new document answers) or "dq" (its follow-ups).
constexpr const char* kByReference = R"sql(
SELECT {columns}, r.text, coalesce(r.body, ''), '', 0, '', ''
  FROM refs r
  JOIN paragraphs p ON p.id = r.paragraph_id
  JOIN documents dp ON dp.id = p.document_id
  {target}
  JOIN followups fu ON fu.paragraph_id = q.id
  LEFT JOIN bodies bq ON bq.id = dq.body_id
  LEFT JOIN bodies bp ON bp.id = dp.body_id
 WHERE r.kind = 'beslut' AND dp.date > r.date AND {side}.id = ?1
)sql";
constexpr const char* kMeetingTarget = R"sql(
  JOIN documents dq ON dq.date = r.date
  JOIN paragraphs q ON q.document_id = dq.id AND q.number = r.paragraph_number)sql";
constexpr const char* kDecidedTarget = R"sql(
  JOIN paragraphs q ON q.decided_on = r.date AND q.number = r.paragraph_number
  JOIN documents dq ON dq.id = q.document_id)sql";

// A later paragraph with the follow-up's diarienummer: `{shared}` joins it as
// the paragraph's own case number, or as one cited in its text (`{cited}` 1,
// a weaker sign: a list of open matters cites many). Two statements, not a
// UNION, so each uses its index.
constexpr const char* kByCase = R"sql(
SELECT {columns}, '', '', c1.case_number, {cited}, '', ''
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

// A later report of the same body quoting an action-plan row's activity
// ("Aktiviteten "X" är genomförd"): cue and row share the activity's key.
constexpr const char* kByActivity = R"sql(
SELECT {columns}, '', '', '', 0, substr(c.kind, 10), c.text
  FROM cues c
  JOIN paragraphs p ON p.id = c.paragraph_id
  JOIN documents dp ON dp.id = p.document_id
  JOIN followups fu ON fu.task_key = c.key
  JOIN documents dq ON dq.id = fu.document_id
  LEFT JOIN bodies bq ON bq.id = dq.body_id
  LEFT JOIN bodies bp ON bp.id = dp.body_id
 WHERE c.key IS NOT NULL AND dp.date > dq.date AND dp.body_id IS dq.body_id AND {side}.id = ?1
)sql";

// Every candidate query, for both sides, built once.
const std::vector<std::string>& CandidateQueries() {
  static const std::vector<std::string>* all = [] {
    auto* queries = new std::vector<std::string>;
    for (const char* side : {"dp", "dq"}) {
      for (const char* target : {kMeetingTarget, kDecidedTarget}) {
        queries->push_back(fmt::format(fmt::runtime(kByReference),
                                       fmt::arg("columns", kCandidateColumns),
                                       fmt::arg("target", target), fmt::arg("side", side)));
      }
      for (const auto& [shared, cited] :
           {std::pair<const char*, int>{"case_numbers c2 ON c2.normalized", 0},
            std::pair<const char*, int>{"refs c2 ON c2.case_number_normalized", 1}}) {
        queries->push_back(fmt::format(
            fmt::runtime(kByCase), fmt::arg("columns", kCandidateColumns), fmt::arg("side", side),
            fmt::arg("shared", shared), fmt::arg("cited", cited)));
      }
      queries->push_back(fmt::format(fmt::runtime(kByActivity),
                                     fmt::arg("columns", kCandidateColumns),
                                     fmt::arg("side", side)));
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
bool IsGroup(const std::string& assignee) {
  const std::string a = FoldKey(assignee);
  return a == "kommunerna" || a.find("länets kommuner") != std::string::npos ||
         a.find("alla kommuner") != std::string::npos || a == "huvudmännen";
}

bool ForBody(const std::string& assignee, const std::string& body) {
  const std::string a = FoldKey(assignee);
  const std::string b = FoldKey(body);
  if (a.empty() || b.empty() || IsGroup(assignee)) return false;
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
  bool replaces = false;
  bool partial = false;  // answers for one huvudman of a group: stays open
};

// Whether the later paragraph opens a follow-up of the same kind with a
// later deadline: with words that move a deadline ("förlängs", "tidplanen
// ändras"), it replaces the earlier one.
bool OpensLater(const Candidate& c) {
  const std::string prefix = c.kind + "=";
  size_t at = 0;
  while ((at = c.new_followups.find(prefix, at)) != std::string::npos) {
    if (at == 0 || c.new_followups[at - 1] == ' ') {
      const size_t end = c.new_followups.find(' ', at);
      const std::string due = c.new_followups.substr(
          at + prefix.size(),
          end == std::string::npos ? std::string::npos : end - at - prefix.size());
      if (!due.empty() && (c.due.empty() || due > c.due)) return true;
    }
    at += prefix.size();
  }
  return false;
}

// The strongest of two activity states: moved, done, open.
int ActivityRank(const std::string& state) {
  if (state == "moved") return 3;
  if (state == "done") return 2;
  if (state == "open") return 1;
  return 0;
}

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
  // An action-plan row quoted by a later report of the same body.
  if (!c.activity.empty()) {
    const std::string quoted = "aktiviteten \"" + c.activity_text + "\"";
    if (c.activity == "moved") return Verdict{"continues", 0.85, quoted + " får ny tidsplan", true};
    if (c.activity == "done") return Verdict{"answers", 0.9, quoted + " är genomförd"};
    return Verdict{"same_case", 0.5, quoted + " är inte genomförd"};
  }
  // An action-plan row ends when a report names it (above), not with a
  // report on the plan as a whole.
  if (c.kind == "aktivitet" && !correction) {
    return Verdict{"same_case", 0.5,
                   with_cues(!c.reference.empty() ? "hänvisar till " + c.reference
                                                  : "samma diarienummer " + c.case_number)};
  }
  const bool postponed = Has(c.cue_kinds, "postponement") && OpensLater(c);
  // The huvudman adopts a recommendation, or the recommending body reports
  // that it has ("Strömsunds kommun har antagit rekommendationen"), even in
  // a follow-up report.
  const bool adopted =
      c.kind == "rekommendation" && adoption &&
      (ForBody(c.assignee, c.answer_body_name) || ForBody(c.assignee, c.answer_organisation) ||
       ForBody(c.assignee, c.cue_texts));
  if (adopted && (!c.reference.empty() || (!c.case_number.empty() && !c.cited))) {
    return Verdict{"answers", !c.reference.empty() ? 0.9 : 0.8,
                   with_cues(!c.reference.empty() ? "hänvisar till " + c.reference
                                                  : "samma diarienummer " + c.case_number)};
  }
  // A list of open matters, or a progress report, cites them without
  // answering any.
  if (Has(c.cue_kinds, "status_list") || Has(c.cue_kinds, "progress")) {
    const std::string why = !c.reference.empty() ? "hänvisar till " + c.reference
                                                 : "nämner diarienummer " + c.case_number;
    return Verdict{"continues", 0.6, with_cues(why)};
  }
  // A correction replaces what it opens anew ("the follow-up due
  // 2021-06-30 is replaced by one due 2022-06-30"); a correction opening
  // nothing replaces the whole decision.
  const bool corrects =
      correction && (c.new_followups.empty() || c.new_followups.find(c.kind + "=") == 0 ||
                     c.new_followups.find(" " + c.kind + "=") != std::string::npos);
  // A motion is answered by the body it was made to, or the one it was
  // handed to; another body's yttrande answers the remiss, not the motion.
  const bool answerable =
      (c.kind != "motion" && c.kind != "medborgarforslag") ||
      FoldKey(c.answer_body_name) == FoldKey(c.origin_body_name) ||
      (!c.answer_body_name.empty() &&
       FoldKey(c.assignee).find(FoldKey(c.answer_body_name)) != std::string::npos);
  if (!c.reference.empty()) {
    const std::string evidence = with_cues("hänvisar till " + c.reference);
    if (corrects) return Verdict{"corrects", 0.95, evidence};
    if (correction || !answerable) return Verdict{"same_case", 0.5, evidence};
    // A huvudman adopting a recommendation says nothing of the other work
    // the recommending paragraph started.
    if (adoption && c.kind != "rekommendation") return Verdict{"same_case", 0.5, evidence};
    if (c.kind == "rekommendation") {
      // One huvudman of the group adopts: the others still must.
      if (adoption && IsGroup(c.assignee)) return Verdict{"answers", 0.85, evidence, false, true};
      // Another huvudman's adoption, or a follow-up of the recommendation.
      return Verdict{adoption ? "same_case" : "continues", adoption ? 0.5 : 0.6, evidence};
    }
    if (report_back || closed) return Verdict{"answers", 0.95, evidence};
    if (postponed) return Verdict{"continues", 0.85, evidence, true};
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
    if (corrects) return Verdict{"corrects", 0.8, evidence};
    if (correction || !answerable) return Verdict{"same_case", 0.5, evidence};
    if (c.kind == "rekommendation") return Verdict{"same_case", 0.5, evidence};
    if (report_back) return Verdict{"answers", 0.8, evidence};
    if (postponed) return Verdict{"continues", 0.8, evidence, true};
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
    "confidence, replaces, partial) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

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
          c.answer_organisation = s.ColumnText(7);
          c.cue_kinds = s.ColumnText(8);
          c.cue_texts = s.ColumnText(9);
          c.has_decision = s.ColumnInt(10) != 0;
          c.due = s.ColumnText(11);
          c.new_followups = s.ColumnText(12);
          const std::string reference = s.ColumnText(13);
          const std::string reference_body = s.ColumnText(14);
          c.case_number = s.ColumnText(15);
          c.cited = s.ColumnInt(16) != 0;
          c.activity = s.ColumnText(17);
          c.activity_text = s.ColumnText(18);
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
          if (ActivityRank(c.activity) > ActivityRank(merged.activity)) {
            merged.activity = c.activity;
            merged.activity_text = c.activity_text;
          }
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
                  s.BindInt(6, verdict->replaces ? 1 : 0).BindInt(7, verdict->partial ? 1 : 0);
                });
    if (!status.ok()) return status;
  }
  return Status::OK();
}

}  // namespace store_internal

}  // namespace paragraf
