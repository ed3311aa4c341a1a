// HeadReader: reads what stands before the first paragraph (the cover, the
// attendance list, the agenda) and decides the document's kind, body and
// date. Internal to parse/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "extract/source.h"
#include "parse/grammar.h"
#include "parse/line_index.h"
#include "parse/matcher.h"
#include "parse/parser.h"

namespace paragraf {

class HeadReader {
 public:
  // Lines [0, head_end) are the head. REQUIRES: both outlive the reader.
  HeadReader(const Grammar& grammar, const LineIndex& lines, size_t head_end)
      : grammar_(grammar), lines_(lines), head_end_(head_end), dates_(grammar) {}

  // Fills kind, body, date, meeting and agenda. Runs after the paragraphs
  // are read: the kind and body depend on them.
  void Read(const RawSource& source, const ParseOptions& options, Document* doc) const;

 private:
  std::optional<Body> BodyFromRule(const RuleMatch& m) const;
  std::optional<Body> FindBody(const RawSource& source, const ParseOptions& options,
                               const Document& doc) const;
  std::optional<Date> FindDate(const RawSource& source, const ParseOptions& options,
                               const Document& doc) const;
  DocumentKind FindKind(const Document& doc) const;
  // "Region Jämtland Härjedalen" on one of the first lines
  // (organisations.rules).
  std::optional<std::string> FindOrganisation() const;
  void ReadPlaceAndTime(Meeting* meeting) const;
  void ReadAttendance(Meeting* meeting) const;
  // Justering date, anslag posted and removed, and the appeal deadline.
  void ReadJustering(Meeting* meeting) const;
  std::optional<Date> DateFromLabelColumn(const Line& line, const Rule& rule) const;
  // A row of signers' roles under a row of their names sets the chair and
  // the secretary. True when line `i` was such a row.
  bool ReadSignatures(size_t i, Meeting* meeting) const;
  // "Beslutsunderlag - …", "Ärendebeskrivning: …": text that opens with a
  // section heading.
  bool StartsWithSectionHeading(const std::string& text) const;
  // The head's lines with list entries wrapped onto the next table row put
  // back together ("Per Nilsson (M) tjänstgör för Eva Ek" / "(M)").
  std::vector<Line> JoinWrappedEntries() const;
  void ReadAgenda(const Meeting& meeting, std::vector<AgendaItem>* agenda) const;

  // Head lines as the cover reader sees them: table rows as "cell cell".
  std::string HeadText(size_t i) const;

  const Grammar& grammar_;
  const LineIndex& lines_;
  size_t head_end_;
  DateReader dates_;
};

}  // namespace paragraf
