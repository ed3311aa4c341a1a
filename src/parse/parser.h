// Parse: reads the document model out of laid-out lines with the Swedish
// grammar. Also the convenience entry point that runs the stages before it
// (extract → normalize → layout → parse) on one file.
//
//   Result<Grammar> grammar = Grammar::LoadDefault();
//   DocumentParser parser(*grammar);
//   Result<Document> doc = parser.ParseFile("corpus/seed-002.txt", {});
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/document.h"
#include "core/result.h"
#include "extract/source.h"
#include "layout/layout.h"
#include "parse/grammar.h"

namespace paragraf {

// What the caller knows that the text may not say.
struct ParseOptions {
  std::optional<std::string> body;  // --body: name or abbreviation
  std::optional<Date> date;         // --date: the meeting or document date
};

// Thread-compatible: Parse* are const and may run concurrently.
class DocumentParser {
 public:
  // REQUIRES: `grammar` outlives the parser.
  explicit DocumentParser(const Grammar& grammar) : grammar_(grammar) {}

  // Reads, normalises, lays out and parses one file. Errors name the file:
  // those of ReadSource(), InvalidInput for text in no readable encoding,
  // and InvalidInput for a text that is no protocol or report at all (no
  // body, no date, no paragraph and no proposal).
  Result<Document> ParseFile(const std::filesystem::path& path, const ParseOptions& options) const;

  // The same, from a source already read.
  Result<Document> ParseSource(const RawSource& source, const ParseOptions& options) const;

  // Parses lines already laid out. Never fails: what cannot be read is left
  // empty and reported in Document::warnings.
  Document ParseLines(const TextLayout& layout, const RawSource& source,
                      const ParseOptions& options) const;

 private:
  const Grammar& grammar_;
};

}  // namespace paragraf
