// DeliberationReader: what happened to a paragraph at the meeting, read from
// its sections with the grammar: yrkanden (motions), propositionsordning,
// omröstningar (votes), reservations, protokollsanteckningar, jäv and the
// decision-maker's verb. Internal to parse/.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/document.h"
#include "parse/grammar.h"

namespace paragraf {

class DeliberationReader {
 public:
  // REQUIRES: `grammar` outlives the reader.
  explicit DeliberationReader(const Grammar& grammar) : grammar_(grammar) {}

  // Fills motions, propositions, votes, reservations, protocol_notes,
  // conflicts and decision->verb of a paragraph whose sections are read.
  // Jäv declared here for another paragraph ("anmäler jäv under paragraf
  // 313") goes to *elsewhere as (paragraph number, person).
  void Read(Paragraph* p, std::vector<std::pair<int, PersonRef>>* elsewhere) const;

  // Matches the people named in motions, reservations, notes, jäv and vote
  // lists to the attendance list: a slightly different spelling ("Daniel
  // Avastsson" for "Daniel Arvastsson", same party) or "Surname Forename"
  // takes the listed name and keeps the written one.
  static void MatchPeople(const std::vector<Attendee>& attendance, Paragraph* p);

  // The statements of a section's text: numbered items and sentences,
  // each with its lines joined. Abbreviations that do not end a sentence
  // (grammar "abbreviations") are respected.
  std::vector<std::string> Statements(const std::string& text) const;

 private:
  std::vector<PersonRef> People(const std::string& text) const;
  // "Mattsson, Högnäs och Östman": names without party letters, or none.
  std::vector<PersonRef> BareNames(const std::string& text) const;
  // Who a reservation or jäv statement is by: people with party letters,
  // else the bare names before its verb.
  std::vector<PersonRef> StatementPeople(const std::string& full) const;
  // Earlier decisions, laws, reports and other cases' diarienummer.
  void ReadReferences(Paragraph* p) const;
  // The end of a supporters list that starts at `pos` ("Anna Ek (S), Bo
  // Lind (V) och Per Ås (MP)"); the people go to *people, "en enig nämnd"
  // sets *unanimous.
  size_t SupportersEnd(const std::string& text, size_t pos, std::vector<PersonRef>* people,
                       bool* unanimous) const;
  void ReadMotion(const std::string& statement, const SourcePos& pos, Paragraph* p) const;
  void ReadVotes(const Section& section, Paragraph* p) const;
  std::optional<int> Count(const std::string& word) const;

  const Grammar& grammar_;
};

}  // namespace paragraf
