#include "cli/import_source.h"

#include <fmt/format.h>

#include <utility>

namespace paragraf {

Result<ImportedSource> ImportSource(const DocumentParser& parser, Store& store,
                                    const RawSource& source, const ParseOptions& options) {
  ImportedSource imported;
  Result<bool> seen = store.HasSha256(source.sha256);
  if (seen.ok() && *seen) return imported;  // same bytes: nothing to parse or write
  Result<Document> doc = parser.ParseSource(source, options);
  if (!doc.ok()) return doc.status();
  Result<ImportOutcome> outcome = store.Import(*doc);
  if (!outcome.ok()) {
    return outcome.status().WithContext(source.path);
  }
  imported.outcome = *outcome;
  imported.document = std::move(doc).value();
  return imported;
}

}  // namespace paragraf
