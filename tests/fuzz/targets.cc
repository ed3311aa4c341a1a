#include "targets.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/document_json.h"
#include "extract/source.h"
#include "parse/grammar.h"
#include "parse/parser.h"
#include "store/search_index.h"
#include "store/store.h"
#ifdef PARAGRAF_FUZZ_WEB
#include "web/http.h"
#include "web/web_app.h"
#endif

namespace paragraf::fuzz {

namespace {

namespace fs = std::filesystem;

// Loading what every target needs failed: no input can be judged, so stop.
[[noreturn]] void SetupFailed(const std::string& what) {
  fmt::print(stderr, "paragraf fuzz setup: {}\n", what);
  std::abort();
}

const Grammar& TheGrammar() {
  static const Grammar* grammar = [] {
    Result<Grammar> loaded = Grammar::LoadDefault();
    if (!loaded.ok()) SetupFailed(loaded.status().ToString());
    return new Grammar(std::move(loaded).value());
  }();
  return *grammar;
}

const DocumentParser& Parser() {
  static const DocumentParser* parser = new DocumentParser(TheGrammar());
  return *parser;
}

ParseOptions NoOcr() {
  ParseOptions options;
  options.ocr = OcrMode::kNever;  // OCR takes a second a page: too slow to fuzz
  return options;
}

// A small database of protocols with follow-ups, links, yrkanden and a
// document with markup in its titles, imported once per process into a
// temporary folder that is removed at exit.
class SmallDatabase {
 public:
  SmallDatabase() {
    dir_ = fs::temp_directory_path() / fmt::format("paragraf-fuzz-{}", ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "fuzz.db";
    Result<std::unique_ptr<Store>> store = Store::Open(db_);
    if (!store.ok()) SetupFailed(store.status().ToString());
    const std::string root = PARAGRAF_SOURCE_DIR;
    for (const char* file : {"corpus/web/xss-kulturnamnden-2023-02-14.txt",
                             "corpus/documents/socialnamnden-lillby-2025-03-18.txt",
                             "corpus/documents/seed-001-svom-kallelse-2021-10-08.txt",
                             "corpus/followups/documents/socialnamnden-ostby-2021-11-17.txt",
                             "corpus/followups/documents/socialnamnden-ostby-2022-06-15.txt",
                             "corpus/followups/documents/kommunfullmaktige-ostby-2021-10-25.txt"}) {
      Result<Document> doc = Parser().ParseFile(root + "/" + file, NoOcr());
      if (!doc.ok()) SetupFailed(doc.status().ToString());
      Result<ImportOutcome> imported = (*store)->Import(*doc);
      if (!imported.ok()) SetupFailed(imported.status().ToString());
    }
  }
  ~SmallDatabase() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  SmallDatabase(const SmallDatabase&) = delete;
  SmallDatabase& operator=(const SmallDatabase&) = delete;

  const fs::path& dir() const { return dir_; }
  const fs::path& db() const { return db_; }

 private:
  fs::path dir_;
  fs::path db_;
};

const SmallDatabase& Database() {
  static const SmallDatabase database;
  return database;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The document as `paragraf parse --json` prints it (which throws on text
// that is not UTF-8).
std::string CheckJson(const Document& doc) {
  try {
    const std::string json = ToJson(doc).dump(2);
    if (json.empty()) return "the document's JSON is empty";
  } catch (const std::exception& e) {
    return fmt::format("the document's JSON cannot be written: {}", e.what());
  }
  return "";
}

// ReadSourceBytes() and ParseSource() on `data` named `path`.
std::string ParseBytes(const std::string& path, std::string_view data) {
  Result<RawSource> source = ReadSourceBytes(path, std::string(data));
  if (!source.ok()) {
    if (!StartsWith(source.status().message(), path + ": ")) {
      return fmt::format("ReadSourceBytes: the error does not name the file: {}",
                         source.status().ToString());
    }
    return "";
  }
  Result<Document> doc = Parser().ParseSource(*source, NoOcr());
  if (!doc.ok()) {
    if (!StartsWith(doc.status().message(), path + ": ")) {
      return fmt::format("ParseSource: the error does not name the file: {}",
                         doc.status().ToString());
    }
    return "";
  }
  return CheckJson(*doc);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The next line of `*rest` (without its '\n'), or nullopt at the end.
std::optional<std::string_view> TakeLine(std::string_view* rest) {
  if (rest->empty()) return std::nullopt;
  const size_t end = rest->find('\n');
  std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

#ifdef PARAGRAF_FUZZ_WEB
web::WebApp& App() {
  static web::WebApp* app = [] {
    web::WebOptions options;
    options.db = Database().db();
    options.uploads = Database().dir() / "uploads";
    Result<std::unique_ptr<web::WebApp>> created = web::WebApp::Create(options, TheGrammar());
    if (!created.ok()) SetupFailed(created.status().ToString());
    return std::move(created).value().release();
  }();
  return *app;
}
#endif

Store& SearchStore() {
  static Store* store = [] {
    Result<std::unique_ptr<Store>> opened = Store::OpenReadOnly(Database().db());
    if (!opened.ok()) SetupFailed(opened.status().ToString());
    return std::move(opened).value().release();
  }();
  return *store;
}

}  // namespace

std::string TextParser(std::string_view data) {
  const bool markdown = !data.empty() && (static_cast<unsigned char>(data[0]) & 1) != 0;
  return ParseBytes(markdown ? "fuzz.md" : "fuzz.txt", data);
}

std::string GrammarLoader(std::string_view data) {
  Grammar grammar;
  const Status status = grammar.AddFile("fuzz.rules", data);
  if (!status.ok()) {
    if (!StartsWith(status.message(), "fuzz.rules")) {
      return fmt::format("AddFile: the error does not name the file: {}", status.ToString());
    }
    return "";
  }
  for (const std::string& failure : grammar.CheckExamples()) {
    if (!StartsWith(failure, "fuzz.rules:")) {
      return fmt::format("CheckExamples: the message does not name the file: {}", failure);
    }
  }
  return "";
}

std::string PdfImport(std::string_view data) { return ParseBytes("fuzz.pdf", data); }

std::string SearchQuery(std::string_view data) {
  const std::string text(data);
  Result<std::string> fts = store_internal::ToFtsQuery(text);
  if (fts.ok() && fts->empty()) return "ToFtsQuery: an empty query for FTS5";
  if (!fts.ok() && fts.status().code() != Status::Code::kInvalidArgument) {
    return fmt::format("ToFtsQuery: not InvalidArgument: {}", fts.status().ToString());
  }
  paragraf::SearchQuery query;
  query.text = text;
  query.limit = 5;
  Result<std::vector<SearchHit>> hits = SearchStore().Search(query);
  if (!hits.ok() && hits.status().code() != Status::Code::kInvalidArgument) {
    return fmt::format("Search: an error that is not the user's: {}", hits.status().ToString());
  }
  if (hits.ok() != fts.ok()) {
    return fmt::format("Search and ToFtsQuery disagree: {} / {}", hits.status().ToString(),
                       fts.status().ToString());
  }
  return "";
}

#ifdef PARAGRAF_FUZZ_WEB
std::string WebRequestHandler(std::string_view data) {
  std::string_view rest = data;
  const std::string_view request_line = TakeLine(&rest).value_or("");
  const size_t space = request_line.find(' ');
  std::string method = "GET";
  std::string_view target = request_line;
  if (space != std::string_view::npos) {
    method = std::string(request_line.substr(0, space));
    target = request_line.substr(space + 1);
  }
  Result<web::WebRequest> parsed = web::WebRequest::Parse(method, target);
  if (!parsed.ok()) {
    if (parsed.status().message().empty()) return "WebRequest::Parse: an error without a message";
    return "";
  }
  web::WebRequest request = std::move(parsed).value();
  while (std::optional<std::string_view> line = TakeLine(&rest)) {
    if (line->empty()) break;
    const size_t colon = line->find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line->substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace(Lower(line->substr(0, colon)), std::string(value));
  }
  if (!web::ParseQueryString(rest, &request.params).ok()) request.params.clear();

  web::WebResponse response;
  try {
    response = App().Handle(request);
  } catch (const std::exception& e) {
    return fmt::format("WebApp::Handle threw: {}", e.what());
  } catch (...) {
    return "WebApp::Handle threw";
  }
  if (response.status < 100 || response.status > 599) {
    return fmt::format("status {} is no HTTP status", response.status);
  }
  const std::string location = response.Header("Location");
  if (!location.empty() &&
      (location.front() != '/' || StartsWith(location, "//") || StartsWith(location, "/\\"))) {
    return fmt::format("a redirect off the site: {}", location);
  }
  if (StartsWith(response.content_type, "text/html")) {
    // What the request says, raw and decoded.
    std::string sent = std::string(data) + "\n" + request.path;
    for (const auto& [name, value] : request.params) sent += fmt::format("\n{}={}", name, value);
    for (const auto& [name, value] : request.headers) sent += fmt::format("\n{}: {}", name, value);
    for (std::string_view marker : {"<zz", "\"zz", "'zz"}) {
      if (sent.find(marker) != std::string::npos &&
          response.body.find(marker) != std::string::npos) {
        return fmt::format("{} from the request comes back unescaped in HTML", marker);
      }
    }
  }
  return "";
}

#endif

}  // namespace paragraf::fuzz
