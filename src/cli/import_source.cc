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
  return ImportParsed(store, source, std::move(doc).value());
}

Result<ImportedSource> ImportParsed(Store& store, const RawSource& source,
                                    std::optional<Document> document) {
  ImportedSource imported;
  if (!document) return imported;
  Result<ImportOutcome> outcome = store.Import(*document);
  if (!outcome.ok()) return outcome.status().WithContext(source.path);
  imported.outcome = *outcome;
  imported.document = std::move(document);
  return imported;
}

}  // namespace paragraf
