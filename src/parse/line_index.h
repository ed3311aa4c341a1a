// LineIndex: the laid-out lines as the parser reads them, with page
// furniture marked and section headings recognised once. Internal to parse/.
#pragma once

#include <string>
#include <vector>

#include "layout/layout.h"
#include "parse/grammar.h"

namespace paragraf {

class LineIndex {
 public:
  // Splits lines where a bold run inside them is a section heading
  // ("BEHANDLING **Barn- och utbildningsnämndens beslut** − text"), then
  // marks furniture: lines matching furniture rules, and short lines that
  // repeat across the document next to such lines (running headers).
  LineIndex(const Grammar& grammar, const std::vector<Line>& lines);

  size_t size() const { return lines_.size(); }
  const Line& operator[](size_t i) const { return lines_[i]; }

  bool furniture(size_t i) const { return furniture_[i]; }
  // Blank or furniture: nothing a paragraph keeps.
  bool skip(size_t i) const { return furniture_[i] || lines_[i].blank(); }
  // The section rule the whole line matches, or nullptr.
  const Rule* heading(size_t i) const { return headings_[i]; }

 private:
  void SplitInlineHeadings(const Grammar& grammar, const std::vector<Line>& lines);
  void MarkFurniture(const Grammar& grammar);

  std::vector<Line> lines_;
  std::vector<bool> furniture_;
  std::vector<const Rule*> headings_;
};

}  // namespace paragraf
