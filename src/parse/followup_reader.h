// Follow-ups: the work a decision sets in motion (uppdrag, remiss,
// återremiss, bordläggning, rekommendation, förlängning, motions to answer,
// rows of an adopted action plan), read from the decision with the rules of
// grammars/sv/followups.rules and due dates with due_dates.rules. Internal
// to parse/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "parse/grammar.h"

namespace paragraf {

// Thread-compatible; Read() is const.
class FollowUpReader {
 public:
  // REQUIRES: `grammar` outlives the reader.
  explicit FollowUpReader(const Grammar& grammar) : grammar_(grammar) {}

  // Fills p->followups. `meeting` resolves relative due dates ("inom sex
  // månader"); without it they stay null with their text. A decision that
  // only proposes (to fullmäktige) or notes creates none.
  void Read(const std::optional<Date>& meeting, Paragraph* p) const;
  // The same, knowing the body: a bordlagt matter returns to it.
  void Read(const std::optional<Date>& meeting, const std::optional<std::string>& body_name,
            Paragraph* p) const;

  // The rows of the action plans (Aktivitet | Ansvar … | Tidsplan) in
  // `text`, lines whose cells are separated by tabs, appended to `out`.
  void ReadActionPlanText(const std::optional<Date>& meeting, const std::string& text,
                          const SourcePos& pos, std::vector<FollowUp>* out) const;

  // Fills p->cues from its title and decision (links.rules): one per kind,
  // the first words that show it.
  void ReadCues(Paragraph* p) const;

  // Activities of an action plan quoted in a report, as cues
  // "activity_done", "activity_open" or "activity_moved" (links.rules,
  // attribute `activity`): from the line that quotes them, else from the
  // heading of the list they are in ("Följande aktiviteter är genomförda:").
  // An activity the decision moves to a new date becomes a follow-up of
  // this paragraph. Call after Read and ReadCues.
  void ReadActivities(const std::optional<Date>& meeting, Paragraph* p) const;

  // The due date in `text`: its text as written (empty when none is found)
  // and the date when it can be known.
  struct Due {
    std::string text;
    std::optional<Date> date;
    std::string meeting;  // "month", "next" or "" (due_dates.rules `meeting`)
  };
  Due FindDue(const std::string& text, const std::optional<Date>& meeting) const;

  // Sets what the store derives links from, f->task_words and f->outcome,
  // from f->task and f->text. Read() does it for what it reads; call it for
  // follow-ups read otherwise (ReadActionPlanText).
  void Derive(FollowUp* f) const;

 private:
  // FollowUp::task_words of `task`: its words lowercased, in order, each
  // once, without the "stopwords" rule's.
  std::string TaskWords(std::string_view task) const;

  // The decision as units: its points and sentences, in order.
  std::vector<std::string> Units(const Decision& decision) const;
  void ReadActionPlans(const std::optional<Date>& meeting, const Paragraph& p,
                       std::vector<FollowUp>* out) const;
  std::vector<std::string> SplitAssignees(const std::string& text) const;

  const Grammar& grammar_;
};

}  // namespace paragraf
