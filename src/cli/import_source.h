// Importing one source into the store: parse it unless its bytes are
// stored already, then store it. The step `paragraf import` runs per file
// and `paragraf serve` per uploaded file.
#pragma once

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

}  // namespace paragraf
