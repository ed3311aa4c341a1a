// ParagraphReader: finds the §-paragraphs and reads each one's number,
// title, case numbers, sections and decision. Internal to parse/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "parse/grammar.h"
#include "parse/line_index.h"

namespace paragraf {

class ParagraphReader {
 public:
  // REQUIRES: both outlive the reader.
  ParagraphReader(const Grammar& grammar, const LineIndex& lines)
      : grammar_(grammar), lines_(lines) {}

  // Fills doc->paragraphs. Returns the index of the first line that
  // belongs to a paragraph: the lines before it are the document's head.
  size_t Read(Document* doc) const;

 private:
  struct Start {
    size_t line = 0;            // the § line, or the title line when unnumbered
    std::optional<int> number;  // nullopt: a document without § numbers
    std::string title;          // a title written on the § line
    std::string case_number;    // a case number written on the § line
    // A case line standing just above the § line ("NKBY/130/12.03.00/2023"
    // right-aligned over the heading) belongs to this paragraph, not to the
    // one before; npos when there is none.
    size_t case_above = std::string::npos;
  };

  std::vector<Start> FindStarts() const;
  // A table row of a § heading and its diarienummer: true, with the two.
  bool HeadingRow(const Line& line, std::string* heading, std::string* case_cell) const;
  std::optional<Start> FindUnnumbered() const;
  Paragraph ReadParagraph(const Start& start, size_t end) const;
  size_t ReadTitle(size_t from, size_t end, Paragraph* p) const;
  size_t ReadCaseLines(size_t from, size_t end, Paragraph* p) const;
  // Returns where the paragraph's content ends: `end`, or earlier when a
  // closing line ("Paragrafen är justerad") makes the rest an attachment.
  size_t ReadSections(size_t from, size_t end, Paragraph* p) const;
  void ReadDecision(size_t from, size_t end, Paragraph* p) const;
  void AddCaseNumbers(std::string_view text, std::vector<std::string>* out) const;
  bool IsCaseLine(size_t i) const;

  const Grammar& grammar_;
  const LineIndex& lines_;
};

}  // namespace paragraf
