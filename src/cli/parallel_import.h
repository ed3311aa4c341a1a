// `paragraf import --jobs N`: N threads read and parse files while this
// thread writes them to the store, in the order given. The database is the
// same for any N (the writes are the same, in the same order); memory holds
// at most a few parsed documents per thread, however many files there are.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli/import_source.h"
#include "parse/grammar.h"
#include "parse/parser.h"
#include "store/store.h"

namespace paragraf {

// Called on the writing thread for each file, in order, once it is stored
// (or failed: the status names the file and the reason).
using ImportedFile = std::function<void(size_t index, const std::filesystem::path& file,
                                        const Result<ImportedSource>&)>;

// Imports `files` into the store at `db_path` (created if missing, opened for
// writing by this thread while the others start parsing) with `jobs` parsing
// threads (at least 1). Each thread has its own parser and, to skip files
// whose bytes are stored already, its own read-only connection. Fails only
// when the store cannot be opened; each file's outcome goes to `done`.
Status ImportFiles(const Grammar& grammar, const std::filesystem::path& db_path,
                   const std::vector<std::filesystem::path>& files, const ParseOptions& options,
                   int jobs, const ImportedFile& done);

}  // namespace paragraf
