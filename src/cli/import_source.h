// Importing one source into the store: parse it unless its bytes are
// stored already, then store it. The step `paragraf import` runs per file
// and `paragraf serve` per uploaded file.
#pragma once

#include <optional>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "extract/source.h"
#include "parse/parser.h"
#include "store/store.h"

namespace paragraf {

struct ImportedSource {
  ImportOutcome outcome = ImportOutcome::kUnchanged;
  // The parsed document (its warnings say what the reader should know);
  // nullopt when the same bytes were stored already and nothing was parsed.
  std::optional<Document> document;
};

// Parses `source` and stores it. Same bytes as a stored document (or one a
// later file replaced): kUnchanged without parsing. Errors: the parser's
// (each names the file), and the store's, prefixed with the source's path.
Result<ImportedSource> ImportSource(const DocumentParser& parser, Store& store,
                                    const RawSource& source, const ParseOptions& options);

// The storing half of ImportSource, for a document parsed elsewhere
// (`paragraf import --jobs`). nullopt: its bytes were stored already when
// the parser looked, so nothing was parsed and nothing is written.
Result<ImportedSource> ImportParsed(Store& store, const RawSource& source,
                                    std::optional<Document> document);

}  // namespace paragraf
