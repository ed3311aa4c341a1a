#include "store/followups.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "normalize/normalize.h"
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
  int64_t followup_document_id = 0;
  std::string answer_date;  // the later paragraph's meeting, ISO
  int answer_ordinal = 0;   // … and its place in its document
  std::string task_words;   // the follow-up's (FollowUp::task_words), or ""
  std::string assignee_or_inherited;
  int64_t origin_paragraph_id = 0;  // 0 for a follow-up outside any §
  std::string task_key;             // an action-plan row's, or
  int siblings = 0;                 // follow-ups of its kind in its paragraph, itself included
  std::string outcome_words;        // a later follow-up that may be its outcome: its task words
  // Filled by LinkFollowUps from the later paragraph when needed:
  // its statements of how work stands: ("done"|"open", line)
  const std::vector<std::pair<std::string, std::string>>* statements = nullptr;
  const std::string* answer_text = nullptr;                  // its sections and decision
  const std::vector<struct LaterFollowUp>* later = nullptr;  // its own follow-ups
};

// A follow-up the later paragraph opens.
struct LaterFollowUp {
  int64_t id = 0;
  std::string kind, due, text, task_key, task_words;
};

// Columns every candidate query returns, in this order.
constexpr const char* kCandidateColumns = R"sql(
       fu.id, fu.kind, coalesce(fu.assignee, ''), coalesce(bq.name, ''),
       coalesce(bq.abbreviation, ''), p.id, coalesce(bp.name, ''), coalesce(dp.organisation, ''),
       (SELECT coalesce(group_concat(c.kind, ' '), '') FROM cues c WHERE c.paragraph_id = p.id),
       (SELECT coalesce(group_concat(c.text, ' | '), '') FROM cues c WHERE c.paragraph_id = p.id),
       EXISTS (SELECT 1 FROM decisions d WHERE d.paragraph_id = p.id), coalesce(fu.due, ''),
       (SELECT coalesce(group_concat(f2.kind || '=' || coalesce(f2.due, ''), ' '), '')
          FROM followups f2 WHERE f2.paragraph_id = p.id),
       fu.document_id, dp.date, p.ordinal, coalesce(fu.task_words, ''),
       coalesce(fu.assignee, fu.inherited_assignee, ''), coalesce(fu.paragraph_id, 0),
       coalesce(fu.task_key, ''),
       (SELECT count(*) FROM followups f3
         WHERE f3.document_id = fu.document_id AND f3.paragraph_id IS fu.paragraph_id
           AND f3.kind = fu.kind))sql";

// A later paragraph referring to the follow-up's decision by date and §:
// the date of the meeting whose document holds the §, or (`{target}`
// "decided") the date a kallelse's protokollsutdrag gives it.
// `{side}` is "dp" (the new document answers) or "dq" (its follow-ups).
constexpr const char* kByReference = R"sql(
SELECT {columns}, r.text, coalesce(r.body, ''), '', 0, '', '', ''
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
SELECT {columns}, '', '', c1.case_number, {cited}, '', '', ''
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
SELECT {columns}, '', '', '', 0, substr(c.kind, 10), c.text, ''
  FROM cues c
  JOIN paragraphs p ON p.id = c.paragraph_id
  JOIN documents dp ON dp.id = p.document_id
  JOIN followups fu ON fu.task_key = c.key
  JOIN documents dq ON dq.id = fu.document_id
  LEFT JOIN bodies bq ON bq.id = dq.body_id
  LEFT JOIN bodies bp ON bp.id = dp.body_id
 WHERE c.key IS NOT NULL AND dp.date > dq.date AND dp.body_id IS dq.body_id AND {side}.id = ?1
)sql";

// A later follow-up of the same body of the kind that is the follow-up's
// outcome (work to be ready for remiss, and a remiss sent out), with its
// task's words: the store sees whether it is the same work.
constexpr const char* kByOutcome = R"sql(
SELECT {columns}, '', '', '', 0, '', '', coalesce(f2.task_words, '')
  FROM followups fu
  JOIN documents dq ON dq.id = fu.document_id
  JOIN followups f2 ON f2.kind = fu.outcome
  JOIN paragraphs p ON p.id = f2.paragraph_id
  JOIN documents dp ON dp.id = p.document_id
  LEFT JOIN bodies bq ON bq.id = dq.body_id
  LEFT JOIN bodies bp ON bp.id = dp.body_id
 WHERE fu.outcome IS NOT NULL AND dp.body_id IS dq.body_id AND dp.date > dq.date
   AND {side}.id = ?1
)sql";

// The candidate queries of one side, built once: `answering` the
// document's paragraphs as the later side ("dp"), else its follow-ups ("dq").
const std::vector<std::string>& CandidateQueries(bool answering) {
  static const std::array<std::vector<std::string>, 2>* all = [] {
    auto* queries = new std::array<std::vector<std::string>, 2>;
    for (int k = 0; k < 2; ++k) {
      const char* side = k == 0 ? "dp" : "dq";
      std::vector<std::string>& list = (*queries)[static_cast<size_t>(k)];
      for (const char* target : {kMeetingTarget, kDecidedTarget}) {
        list.push_back(fmt::format(fmt::runtime(kByReference),
                                   fmt::arg("columns", kCandidateColumns),
                                   fmt::arg("target", target), fmt::arg("side", side)));
      }
      for (const auto& [shared, cited] :
           {std::pair<const char*, int>{"case_numbers c2 ON c2.normalized", 0},
            std::pair<const char*, int>{"refs c2 ON c2.case_number_normalized", 1}}) {
        list.push_back(fmt::format(fmt::runtime(kByCase), fmt::arg("columns", kCandidateColumns),
                                   fmt::arg("side", side), fmt::arg("shared", shared),
                                   fmt::arg("cited", cited)));
      }
      for (const char* sql : {kByActivity, kByOutcome}) {
        list.push_back(fmt::format(fmt::runtime(sql), fmt::arg("columns", kCandidateColumns),
                                   fmt::arg("side", side)));
      }
    }
    return queries;
  }();
  return (*all)[answering ? 0 : 1];
}

// A later paragraph's statements of how work stands, in its own words
// (cues "statement_done", "statement_open").
constexpr const char* kStatements = R"sql(
SELECT substr(kind, 11), text FROM cues
 WHERE paragraph_id = ?1 AND kind IN ('statement_done', 'statement_open') ORDER BY rowid
)sql";

// A paragraph's sections and decision, as one text.
constexpr const char* kParagraphText = R"sql(
SELECT coalesce(group_concat(text, char(10)), '') FROM (
  SELECT text FROM sections WHERE paragraph_id = ?1
  UNION ALL SELECT text FROM decisions WHERE paragraph_id = ?1)
)sql";

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
  bool partial = false;   // answers for one huvudman of a group: stays open
  int64_t successor = 0;  // with `replaces`: the later follow-up that carries it on, if known
};

// The strongest of two activity states: moved, done, open.
int ActivityRank(const std::string& state) {
  if (state == "moved") return 3;
  if (state == "done") return 2;
  if (state == "open") return 1;
  return 0;
}

// Whether word `a` of a task and word `b` of a report are the same word in
// another form: equal, or sharing a beginning of five bytes or more (four
// when that is a whole word) that covers most of the shorter one
// ("kartlägga" / "kartläggningen", "öppettiderna" / "öppet", "plan" /
// "planen"). Compares folded words.
bool SameWord(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const size_t shorter = std::min(a.size(), b.size());
  if (shorter < 4) return false;
  size_t common = 0;
  while (common < shorter && a[common] == b[common]) ++common;
  return common >= std::min<size_t>(5, shorter) && common * 10 >= shorter * 6;
}

// The words of `text`, folded (normalize's Words of FoldKey).
std::vector<std::string> FoldedWords(std::string_view text) {
  const std::string folded = FoldKey(text);
  std::vector<std::string> out;
  for (std::string_view word : Words(folded)) out.emplace_back(word);
  return out;
}

// How many of `task_words` (space-separated, FollowUp::task_words) `text`
// names, and of how many.
std::pair<size_t, size_t> WordsNamed(const std::string& task_words, std::string_view text) {
  const std::vector<std::string> wanted = FoldedWords(task_words);
  const std::vector<std::string> have = FoldedWords(text);
  size_t found = 0;
  for (const std::string& w : wanted) {
    if (std::any_of(have.begin(), have.end(),
                    [&](const std::string& h) { return SameWord(w, h); })) {
      ++found;
    }
  }
  return {found, wanted.size()};
}

// A text names the task when it has most of its words (seven in ten, and
// two at least unless the task is one word).
bool NamesTask(const std::string& task_words, std::string_view text) {
  const auto [found, of] = WordsNamed(task_words, text);
  return of > 0 && found >= std::min<size_t>(2, of) && found * 10 >= of * 7;
}

// The follow-up of the later paragraph that carries `c`'s on to a later
// date, or nullptr: of the same kind, due later, and the only one of the
// earlier decision's follow-ups of that kind or with most of its task's
// words in its sentence ("Tidplanen för Gemensam plan … ändras så att planen
// ska vara klar … senast 2022-10-31" carries on "Gemensam plan … ska tas
// fram – klart 2022-01-01", not the arbetsgrupp's uppdrag of the same §).
// An action-plan row is carried on by a new row of the same activity.
const LaterFollowUp* OpensLater(const Candidate& c) {
  if (c.later == nullptr) return nullptr;
  const LaterFollowUp* only = nullptr;
  for (const LaterFollowUp& f : *c.later) {
    if (f.kind != c.kind || f.due.empty() || (!c.due.empty() && f.due <= c.due)) continue;
    if (!c.task_words.empty() && NamesTask(c.task_words, f.text)) return &f;
    if (only == nullptr) only = &f;
  }
  return c.siblings <= 1 ? only : nullptr;
}

// The longest run of words that two task-word lists share in order
// ("mål god nära vård" in "anta mål god nära vård region …" and "ta
// ställning rekommendationen mål god nära vård meddela …").
size_t SharedRun(const std::string& a_words, const std::string& b_words) {
  const std::vector<std::string> a = FoldedWords(a_words);
  const std::vector<std::string> b = FoldedWords(b_words);
  size_t best = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      size_t n = 0;
      while (i + n < a.size() && j + n < b.size() && SameWord(a[i + n], b[j + n])) ++n;
      best = std::max(best, n);
    }
  }
  return best;
}

// Whether the later paragraph reminds of the recommendation: it opens one
// of its own ("uppmana Bergs kommun … att ta ställning till rekommendationen
// om mål för god och nära vård") that shares a phrase of four words with it.
bool Reminds(const Candidate& c) {
  if (c.later == nullptr) return false;
  return std::any_of(c.later->begin(), c.later->end(), [&](const LaterFollowUp& f) {
    return f.kind == c.kind && SharedRun(c.task_words, f.task_words) >= 4;
  });
}

// Whether the later paragraph is of the follow-up's own body.
bool SameBody(const Candidate& c) {
  return !c.answer_body_name.empty() && FoldKey(c.answer_body_name) == FoldKey(c.origin_body_name);
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
  const std::string why = !c.reference.empty() ? "hänvisar till " + c.reference
                          : c.cited            ? "nämner diarienummer " + c.case_number
                                               : "samma diarienummer " + c.case_number;
  // An action-plan row quoted by a later report of the same body.
  if (!c.activity.empty()) {
    const std::string quoted = "aktiviteten \"" + c.activity_text + "\"";
    if (c.activity == "moved") {
      int64_t successor = 0;
      if (c.later != nullptr) {
        for (const LaterFollowUp& f : *c.later) {
          if (f.kind == "aktivitet" && !c.task_key.empty() && f.task_key == c.task_key) {
            successor = f.id;
          }
        }
      }
      return Verdict{"continues", 0.85, quoted + " får ny tidsplan", true, false, successor};
    }
    if (c.activity == "done") return Verdict{"answers", 0.9, quoted + " är genomförd"};
    return Verdict{"same_case", 0.7, quoted + " är inte genomförd"};
  }
  // Work to be ready for remiss, sent out on remiss by its body: most of
  // the work's words name what goes out, or the other way round.
  if (!c.outcome_words.empty() && !c.task_words.empty()) {
    const auto [found, of] = WordsNamed(c.task_words, c.outcome_words);
    const auto [back, back_of] = WordsNamed(c.outcome_words, c.task_words);
    if ((found >= 3 && found * 10 >= of * 6) || (back >= 3 && back * 10 >= back_of * 6)) {
      return Verdict{"answers", 0.75, "skickas ut på remiss: " + c.outcome_words};
    }
  }
  // An action-plan row ends when a report names it (above, or in its own
  // words below), not with a report on the plan as a whole.
  if (c.kind == "aktivitet" && !correction) {
    if (c.statements != nullptr && (!c.reference.empty() || (!c.case_number.empty() && !c.cited))) {
      for (const auto& [state, line] : *c.statements) {
        if (!NamesTask(c.task_words, line)) continue;
        if (state == "done") return Verdict{"answers", 0.8, "\"" + line + "\" (" + why + ")"};
        return Verdict{"same_case", 0.7, "\"" + line + "\" (" + why + ")"};
      }
    }
    return Verdict{"same_case", 0.5, with_cues(why)};
  }
  const LaterFollowUp* successor = Has(c.cue_kinds, "postponement") ? OpensLater(c) : nullptr;
  const bool postponed = successor != nullptr;
  const int64_t successor_id = successor != nullptr ? successor->id : 0;
  // The huvudman adopts a recommendation, or the recommending body reports
  // that it has ("Strömsunds kommun har antagit rekommendationen"), even in
  // a follow-up report.
  const bool adopted =
      c.kind == "rekommendation" && adoption &&
      (ForBody(c.assignee, c.answer_body_name) || ForBody(c.assignee, c.answer_organisation) ||
       ForBody(c.assignee, c.cue_texts));
  if (adopted && (!c.reference.empty() || (!c.case_number.empty() && !c.cited))) {
    return Verdict{"answers", !c.reference.empty() ? 0.9 : 0.8, with_cues(why)};
  }
  // A list of open matters, or a progress report, cites them without
  // answering any: by an explicit reference that is a fact.
  if (Has(c.cue_kinds, "status_list") || Has(c.cue_kinds, "progress")) {
    // … unless it reminds those who have not yet decided: that carries it on.
    if (c.kind == "rekommendation" && !c.reference.empty() && Reminds(c)) {
      return Verdict{"continues", 0.8, with_cues(why) + " (påminnelse)"};
    }
    const bool fact = !c.reference.empty() || (!c.case_number.empty() && !c.cited && SameBody(c));
    return Verdict{"same_case", !c.reference.empty() ? 0.8 : fact ? 0.7 : 0.5, with_cues(why)};
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
  // Work the later paragraph says is still due ("Planen ska … vara klar för
  // remiss senast 2022-10-31") is not what it answers, even when it ends
  // other work of the same decision.
  const bool still_due = !c.due.empty() && c.due > c.answer_date && c.answer_text != nullptr &&
                         c.answer_text->find(c.due) != std::string::npos;
  if (!c.reference.empty()) {
    const std::string evidence = with_cues(why);
    if (corrects) return Verdict{"corrects", 0.95, evidence};
    if (correction || !answerable) return Verdict{"same_case", 0.75, evidence};
    // A huvudman adopting a recommendation says nothing of the other work
    // the recommending paragraph started.
    if (adoption && c.kind != "rekommendation") return Verdict{"same_case", 0.75, evidence};
    if (c.kind == "rekommendation") {
      // One huvudman of the group adopts: the others still must.
      if (adoption && IsGroup(c.assignee)) return Verdict{"answers", 0.85, evidence, false, true};
      // A reminder to those who have not yet decided carries it on.
      if (!adoption && Reminds(c)) return Verdict{"continues", 0.8, evidence + " (påminnelse)"};
      // Another huvudman's adoption, or the matter cited on its way.
      return Verdict{"same_case", 0.75, evidence};
    }
    if (postponed) return Verdict{"continues", 0.85, evidence, true, false, successor_id};
    // An agreement extended ends on its date or with a new extension, not
    // with a report.
    if (c.kind == "forlangning") return Verdict{"same_case", 0.75, evidence};
    if (report_back) return Verdict{"answers", 0.95, evidence};
    if (still_due) return Verdict{"same_case", 0.6, evidence + " – återstår till " + c.due};
    if (closed) return Verdict{"answers", 0.95, evidence};
    if (returns && c.has_decision) return Verdict{"answers", 0.85, evidence};
    // Cited, and only noted or decided on its own terms.
    return Verdict{"same_case", 0.75, evidence};
  }
  if (c.cited) {
    const std::string evidence = with_cues(why);
    if (report_back && !still_due) return Verdict{"answers", 0.75, evidence};
    return Verdict{"same_case", 0.4, evidence};
  }
  if (!c.case_number.empty()) {
    const std::string evidence = with_cues(why);
    if (corrects) return Verdict{"corrects", 0.8, evidence};
    if (correction || !answerable) return Verdict{"same_case", 0.5, evidence};
    if (c.kind == "rekommendation") return Verdict{"same_case", 0.5, evidence};
    if (postponed) return Verdict{"continues", 0.8, evidence, true, false, successor_id};
    if (c.kind == "forlangning") return Verdict{"same_case", 0.5, evidence};
    if (report_back) return Verdict{"answers", 0.8, evidence};
    if (still_due) return Verdict{"same_case", 0.5, evidence + " – återstår till " + c.due};
    // The matter came back and was decided; or only noted ("läggs till
    // handlingarna"), which ends an uppdrag only with report-back words.
    if (returns && c.has_decision) return Verdict{"answers", 0.75, evidence};
    // The same diarienummer at the same body is the same matter.
    return Verdict{"same_case", SameBody(c) ? 0.7 : 0.5, evidence};
  }
  return std::nullopt;
}

// Whether `v` ends the follow-up as a fact: answered (wholly), replaced or
// corrected.
bool Settles(const Verdict& v) {
  if (v.confidence < kFactConfidence) return false;
  return (v.kind == "answers" && !v.partial) || v.kind == "corrects" ||
         (v.kind == "continues" && v.replaces);
}

constexpr const char* kInsertLink =
    "INSERT OR REPLACE INTO followup_links (followup_id, paragraph_id, kind, evidence, "
    "confidence, replaces, partial) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// The paragraph's own follow-ups, for the one that carries an earlier one on.
constexpr const char* kLaterFollowUps = R"sql(
SELECT id, kind, coalesce(due, ''), text, coalesce(task_key, ''), coalesce(task_words, '')
  FROM followups WHERE paragraph_id = ?1 ORDER BY ordinal
)sql";

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

namespace {

// Citations of a § at a date, with the citing meeting: those of document
// `?1`'s paragraphs (`kCitationsBy`) or of the § numbers an undated
// document `?1` holds (`kCitationsOf`).
constexpr const char* kCitationsBy = R"sql(
SELECT r.date, r.paragraph_number, coalesce(r.body, ''), r.text, d.body_id,
       coalesce(b.abbreviation, b.name, ''), d.date, p.number
  FROM refs r
  JOIN paragraphs p ON p.id = r.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE d.id = ?1 AND r.kind = 'beslut' AND r.date IS NOT NULL AND r.paragraph_number IS NOT NULL
   AND d.date > r.date
)sql";
constexpr const char* kCitationsOf = R"sql(
SELECT DISTINCT r.date, r.paragraph_number, coalesce(r.body, ''), r.text, d.body_id,
       coalesce(b.abbreviation, b.name, ''), d.date, p.number
  FROM documents dx
  JOIN paragraphs px ON px.document_id = dx.id
  JOIN refs r ON r.paragraph_number = px.number
  JOIN paragraphs p ON p.id = r.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE dx.id = ?1 AND dx.date IS NULL AND r.kind = 'beslut' AND r.date IS NOT NULL
   AND d.date > r.date
)sql";
// Whether the store holds any undated protocol at all: most archives hold
// none, and then no citation needs to be read.
constexpr const char* kAnyUndated = R"sql(
SELECT EXISTS (SELECT 1 FROM documents WHERE date IS NULL
                  AND kind IN ('protokoll', 'protokollsutdrag'))
)sql";
// The body a citation names ("SVOM", "Socialnämnden").
constexpr const char* kBodyByKey =
    "SELECT id FROM bodies WHERE name_key = ?1 OR abbreviation_key = ?1 ORDER BY id LIMIT 1";
// Whether the store holds the cited § at that date already (a meeting's,
// or a protokollsutdrag's decided_on).
constexpr const char* kCitedHeld = R"sql(
SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id
 WHERE d.body_id = ?1 AND p.number = ?3 AND (d.date = ?2 OR p.decided_on = ?2) LIMIT 1
)sql";
// The undated protocols of a body holding § `?2`, newest first, with that
// §'s title.
constexpr const char* kUndatedHolding = R"sql(
SELECT d.id, p.title FROM documents d JOIN paragraphs p ON p.document_id = d.id
 WHERE d.body_id = ?1 AND d.date IS NULL AND p.number = ?2
   AND d.kind IN ('protokoll', 'protokollsutdrag')
 ORDER BY d.id DESC
)sql";

}  // namespace

Status DateByCitations(StatementCache& cache, int64_t document_id, std::vector<int64_t>* dated) {
  struct Citation {
    std::string date;
    int number = 0;
    int64_t body_id = 0;  // the cited body
    std::string evidence;
  };
  bool any_undated = false;
  if (Status status = Query(
          cache, kAnyUndated, [](Statement&) {},
          [&](const Statement& s) { any_undated = s.ColumnInt(0) != 0; });
      !status.ok()) {
    return status;
  }
  if (!any_undated) return Status::OK();
  std::vector<Citation> citations;
  for (const char* sql : {kCitationsBy, kCitationsOf}) {
    std::vector<std::tuple<std::string, int, std::string, std::string, int64_t, std::string,
                           std::string, int>>
        rows;
    Status status = Query(
        cache, sql, [&](Statement& s) { s.BindInt(1, document_id); },
        [&](const Statement& s) {
          rows.emplace_back(s.ColumnText(0), s.ColumnInt(1), s.ColumnText(2), s.ColumnText(3),
                            s.ColumnInt64(4), s.ColumnText(5), s.ColumnText(6), s.ColumnInt(7));
        });
    if (!status.ok()) return status;
    for (const auto& [date, number, body, text, citing_body, citing_name, citing_date,
                      citing_number] : rows) {
      Citation c{date, number, citing_body, ""};
      if (!body.empty()) {
        c.body_id = 0;
        const std::string body_key = FoldKey(body);  // a lambda may not capture a binding
        status = Query(
            cache, kBodyByKey, [&](Statement& s) { s.BindText(1, body_key); },
            [&](const Statement& s) { c.body_id = s.ColumnInt64(0); });
        if (!status.ok()) return status;
      }
      if (c.body_id == 0) continue;
      c.evidence = fmt::format("{} {} § {}: {}", citing_name, citing_date, citing_number, text);
      citations.push_back(std::move(c));
    }
  }
  // Each cited § the store does not hold at its date dates the one undated
  // protocol of the body that holds it (several files of one protocol: the
  // newest), when its other citations do not say otherwise.
  std::map<int64_t, std::pair<std::string, std::string>> dates;  // document -> (date, evidence)
  std::set<int64_t> contradicted;
  for (const Citation& c : citations) {
    bool held = false;
    Status status = Query(
        cache, kCitedHeld,
        [&](Statement& s) { s.BindInt(1, c.body_id).BindText(2, c.date).BindInt(3, c.number); },
        [&](const Statement&) { held = true; });
    if (!status.ok()) return status;
    if (held) continue;
    std::vector<std::pair<int64_t, std::string>> holders;
    status = Query(
        cache, kUndatedHolding, [&](Statement& s) { s.BindInt(1, c.body_id).BindInt(2, c.number); },
        [&](const Statement& s) { holders.emplace_back(s.ColumnInt64(0), s.ColumnText(1)); });
    if (!status.ok()) return status;
    if (holders.empty()) continue;
    // Protocols of different meetings (other titles at that §): unclear.
    const bool one_protocol = std::all_of(holders.begin(), holders.end(), [&](const auto& h) {
      return FoldKey(h.second) == FoldKey(holders.front().second);
    });
    if (!one_protocol) continue;
    const int64_t id = holders.front().first;
    auto [it, added] = dates.try_emplace(id, c.date, c.evidence);
    if (!added && it->second.first != c.date) contradicted.insert(id);
  }
  for (const auto& entry : dates) {
    const int64_t id = entry.first;
    const std::string& date = entry.second.first;
    const std::string& evidence = entry.second.second;
    if (contradicted.count(id) > 0) continue;
    Status status = Execute(
        cache, "UPDATE documents SET date = ?2, date_from = ?3 WHERE id = ?1 AND date IS NULL",
        [&](Statement& s) { s.BindInt(1, id).BindText(2, date).BindText(3, evidence); });
    if (!status.ok()) return status;
    dated->push_back(id);
  }
  return Status::OK();
}

Status LinkFollowUps(StatementCache& cache, int64_t document_id) {
  std::map<std::pair<int64_t, int64_t>, Candidate> pairs;
  auto merge = [&](Candidate c) {
    Candidate& merged = pairs[{c.followup_id, c.paragraph_id}];
    if (merged.followup_id == 0) {
      merged = std::move(c);
      return;
    }
    if (merged.reference.empty()) merged.reference = c.reference;
    if (merged.outcome_words.empty()) merged.outcome_words = c.outcome_words;
    if (ActivityRank(c.activity) > ActivityRank(merged.activity)) {
      merged.activity = c.activity;
      merged.activity_text = c.activity_text;
    }
    // A case number of its own outweighs one only cited.
    if (!c.case_number.empty() && (merged.case_number.empty() || (merged.cited && !c.cited))) {
      merged.case_number = c.case_number;
      merged.cited = c.cited;
    }
  };
  // The pairs of one document: as the later side (`answering`: its
  // paragraphs and the earlier follow-ups they may answer) or as the side
  // of the follow-ups (with every later paragraph stored).
  auto gather = [&](int64_t id, bool answering) -> Status {
    for (const std::string& sql : CandidateQueries(answering)) {
      Status status = Query(
          cache, sql.c_str(), [&](Statement& s) { s.BindInt(1, id); },
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
            c.followup_document_id = s.ColumnInt64(13);
            c.answer_date = s.ColumnText(14);
            c.answer_ordinal = s.ColumnInt(15);
            c.task_words = s.ColumnText(16);
            c.assignee_or_inherited = s.ColumnText(17);
            c.origin_paragraph_id = s.ColumnInt64(18);
            c.task_key = s.ColumnText(19);
            c.siblings = s.ColumnInt(20);
            const std::string reference = s.ColumnText(21);
            const std::string reference_body = s.ColumnText(22);
            c.case_number = s.ColumnText(23);
            c.cited = s.ColumnInt(24) != 0;
            c.activity = s.ColumnText(25);
            c.activity_text = s.ColumnText(26);
            c.outcome_words = s.ColumnText(27);
            // "KF 2022-12-21 § 322" must name the follow-up's body when it
            // names one.
            if (!reference.empty() && !reference_body.empty()) {
              const std::string key = FoldKey(reference_body);
              if (key != FoldKey(c.origin_body_name) &&
                  key != FoldKey(c.origin_body_abbreviation)) {
                return;
              }
            }
            c.reference = reference;
            merge(std::move(c));
          });
      if (!status.ok()) return status;
    }
    return Status::OK();
  };
  if (Status status = gather(document_id, true); !status.ok()) return status;
  if (Status status = gather(document_id, false); !status.ok()) return status;
  // Every follow-up touched is judged with all its later paragraphs, so
  // that the earliest answer settles it whatever order they came in.
  std::set<int64_t> others;
  for (const auto& entry : pairs) {
    if (entry.second.followup_document_id != document_id) {
      others.insert(entry.second.followup_document_id);
    }
  }
  for (int64_t other : others) {
    if (Status status = gather(other, false); !status.ok()) return status;
  }

  // What some judgements need of the later paragraph, read once each.
  std::map<int64_t, std::vector<std::pair<std::string, std::string>>> statements;
  std::map<int64_t, std::string> texts;
  std::map<int64_t, std::vector<LaterFollowUp>> later;
  for (auto& entry : pairs) {
    Candidate& c = entry.second;
    if (Has(c.cue_kinds, "postponement") || c.activity == "moved" || c.kind == "rekommendation") {
      auto [it, added] = later.try_emplace(c.paragraph_id);
      if (added) {
        Status status = Query(
            cache, kLaterFollowUps, [&](Statement& s) { s.BindInt(1, c.paragraph_id); },
            [&, list = &it->second](const Statement& s) {
              list->push_back({s.ColumnInt64(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                               s.ColumnText(4), s.ColumnText(5)});
            });
        if (!status.ok()) return status;
      }
      c.later = &it->second;
    }
    if (c.kind == "aktivitet") {
      auto [it, added] = statements.try_emplace(c.paragraph_id);
      if (added) {
        Status status = Query(
            cache, kStatements, [&](Statement& s) { s.BindInt(1, c.paragraph_id); },
            [&, list = &it->second](const Statement& s) {
              list->emplace_back(s.ColumnText(0), s.ColumnText(1));
            });
        if (!status.ok()) return status;
      }
      c.statements = &it->second;
    }
    if (!c.due.empty() && c.due > c.answer_date) {
      auto [it, added] = texts.try_emplace(c.paragraph_id);
      if (added) {
        Status status = Query(
            cache, kParagraphText, [&](Statement& s) { s.BindInt(1, c.paragraph_id); },
            [&, text = &it->second](const Statement& s) { *text = s.ColumnText(0); });
        if (!status.ok()) return status;
      }
      c.answer_text = &it->second;
    }
  }

  // Each follow-up's later paragraphs in meeting order: once an answer, a
  // correction or a replacement settles it, later paragraphs only share its
  // case (their answer is to what replaced it, or a repetition).
  std::map<int64_t, std::vector<const Candidate*>> by_followup;
  for (const auto& entry : pairs) by_followup[entry.first.first].push_back(&entry.second);
  struct Judged {
    const Candidate* candidate;
    Verdict verdict;
  };
  std::vector<Judged> judged;
  for (auto& [followup_id, list] : by_followup) {
    std::sort(list.begin(), list.end(), [](const Candidate* a, const Candidate* b) {
      return std::tie(a->answer_date, a->answer_ordinal, a->paragraph_id) <
             std::tie(b->answer_date, b->answer_ordinal, b->paragraph_id);
    });
    bool settled = false;
    for (const Candidate* c : list) {
      std::optional<Verdict> verdict = Judge(*c);
      if (!verdict) continue;
      if (settled && verdict->kind != "same_case") {
        verdict->kind = "same_case";
        verdict->replaces = verdict->partial = false;
        if (c->reference.empty()) verdict->confidence = std::min(verdict->confidence, 0.5);
      }
      settled = settled || Settles(*verdict);
      judged.push_back({c, std::move(*verdict)});
    }
  }
  // Between one decision and a later paragraph, "same case" says nothing
  // more once another follow-up of the decision has a stronger link to it:
  // it stays a suggestion.
  std::set<std::pair<int64_t, int64_t>> stronger;  // (origin, later paragraph)
  auto origin_of = [](const Candidate& c) {
    return c.origin_paragraph_id != 0 ? c.origin_paragraph_id : -c.followup_document_id;
  };
  for (const Judged& j : judged) {
    if (j.verdict.kind != "same_case" && j.verdict.confidence >= kFactConfidence) {
      stronger.insert({origin_of(*j.candidate), j.candidate->paragraph_id});
    }
  }
  for (Judged& j : judged) {
    if (j.verdict.kind == "same_case" && j.verdict.confidence >= kFactConfidence &&
        stronger.count({origin_of(*j.candidate), j.candidate->paragraph_id}) > 0) {
      j.verdict.confidence = 0.6;
    }
  }

  for (const auto& entry : by_followup) {
    Status status = Execute(cache, "DELETE FROM followup_links WHERE followup_id = ?1",
                            [&, id = entry.first](Statement& s) { s.BindInt(1, id); });
    if (!status.ok()) return status;
  }
  for (const Judged& j : judged) {
    const Candidate& c = *j.candidate;
    const Verdict& v = j.verdict;
    Status status = Execute(cache, kInsertLink, [&](Statement& s) {
      s.BindInt(1, c.followup_id).BindInt(2, c.paragraph_id).BindText(3, v.kind);
      s.BindText(4, v.evidence).BindDouble(5, v.confidence);
      s.BindInt(6, v.replaces ? 1 : 0).BindInt(7, v.partial ? 1 : 0);
    });
    if (!status.ok()) return status;
    // What carries it on, naming no one, is still the same people's work.
    if (v.replaces && v.successor != 0 && v.confidence >= kFactConfidence &&
        !c.assignee_or_inherited.empty()) {
      status = Execute(
          cache, "UPDATE followups SET inherited_assignee = ?2 WHERE id = ?1 AND assignee IS NULL",
          [&](Statement& s) { s.BindInt(1, v.successor).BindText(2, c.assignee_or_inherited); });
      if (!status.ok()) return status;
    }
  }
  return Status::OK();
}

}  // namespace store_internal

}  // namespace paragraf
