#include "cli/parallel_import.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "extract/source.h"

namespace paragraf {

namespace {

// What a parsing thread hands the writer for one file.
struct Parsed {
  Result<RawSource> source = Status::IOError("not read");
  std::optional<Result<Document>> document;  // nullopt: the bytes are stored already
};

}  // namespace

Status ImportFiles(const Grammar& grammar, const std::filesystem::path& db_path,
                   const std::vector<std::filesystem::path>& files, const ParseOptions& options,
                   int jobs, const ImportedFile& done) {
  const size_t threads = static_cast<size_t>(std::max(1, jobs));
  // Files parsed ahead of the writer, at most: bounds memory. A few per
  // thread, so that one long document does not leave the others idle.
  const size_t window = 4 * threads;
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::optional<Parsed>> slots(files.size());
  size_t next_to_parse = 0, next_to_write = 0;
  bool stop = false;
  bool store_open = false;  // the writer has opened (and so created) the store

  // One spelling dictionary for all threads: loaded once, and a word looked
  // up by one thread is known to the others. The last thread to finish
  // frees it, while this one still writes.
  std::vector<std::unique_ptr<DocumentParser>> parsers;
  parsers.push_back(std::make_unique<DocumentParser>(grammar));
  while (parsers.size() < threads) {
    parsers.push_back(DocumentParser::SharingDictionary(*parsers.front()));
  }
  auto work = [&](std::unique_ptr<DocumentParser> owned) {
    const DocumentParser& parser = *owned;
    // A read-only look at the store, to skip bytes stored already, opened
    // once the writer has opened the store; until then, and without it,
    // every file is parsed (the writer still finds stored ones unchanged).
    std::optional<Result<std::unique_ptr<Store>>> reader;
    for (;;) {
      size_t i = 0;
      bool may_look = false;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] {
          return stop || next_to_parse >= files.size() || next_to_parse < next_to_write + window;
        });
        if (stop || next_to_parse >= files.size()) return;
        i = next_to_parse++;
        may_look = store_open;
      }
      if (may_look && !reader) reader = Store::OpenReadOnly(db_path);
      Parsed parsed;
      parsed.source = ReadSource(files[i]);
      if (parsed.source.ok()) {
        Result<bool> stored = reader && reader->ok() ? (**reader)->HasSha256(parsed.source->sha256)
                                                     : Result<bool>(false);
        if (!stored.ok() || !*stored) parsed.document = parser.ParseSource(*parsed.source, options);
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        slots[i] = std::move(parsed);
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (auto& parser : parsers) workers.emplace_back(work, std::move(parser));
  auto finish = [&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    changed.notify_all();
    for (std::thread& t : workers) t.join();
  };

  // The store opens (schema, the search analyzer's dictionary) while the
  // threads parse the first files.
  Result<std::unique_ptr<Store>> opened = Store::Open(db_path);
  if (!opened.ok()) {
    finish();
    return opened.status();
  }
  Store& store = **opened;
  {
    std::lock_guard<std::mutex> lock(mu);
    store_open = true;
  }

  for (size_t i = 0; i < files.size(); ++i) {
    Parsed parsed;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return slots[i].has_value(); });
      parsed = std::move(*slots[i]);
      slots[i].reset();
    }
    Result<ImportedSource> outcome = [&]() -> Result<ImportedSource> {
      if (!parsed.source.ok()) return parsed.source.status();
      if (!parsed.document) {
        // Stored already when the thread looked: the store says so again.
        return ImportParsed(store, *parsed.source, std::nullopt);
      }
      if (!parsed.document->ok()) return parsed.document->status();
      return ImportParsed(store, *parsed.source, std::move(*parsed.document).value());
    }();
    done(i, files[i], outcome);
    {
      std::lock_guard<std::mutex> lock(mu);
      next_to_write = i + 1;
    }
    changed.notify_all();
  }
  finish();
  // The documents are stored whatever this says: a failed merge only leaves
  // searches a little slower until the next import.
  (void)store.TidySearchIndex();
  return Status::OK();
}

}  // namespace paragraf
