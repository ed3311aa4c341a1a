// The web app of `paragraf serve`: search, meetings, paragraphs, follow-ups,
// the balanslista and import in the browser, and the same as JSON under
// /api/ (docs/api.md). Server-rendered HTML in Swedish.
//
//   WebOptions options;
//   options.db = "paragraf.db";
//   options.token = "…";  // nullopt: every write is refused
//   Result<std::unique_ptr<WebApp>> app = WebApp::Create(options, *Grammar::LoadDefault());
//   WebResponse page = (*app)->Handle(*WebRequest::Parse("GET", "/sok?q=avtal"));
//
// Safety: reading is open; writing (import, the secretariat's actions on
// follow-ups) needs the operator's token, given as "Authorization: Bearer"
// or through a login that sets a session cookie (forms then carry a CSRF
// field). Reads go through a read-only connection opened per request;
// writes through one read-write connection, one at a time. A stored
// source file is served by document id only, after checking its SHA-256;
// no path from a request reaches the file system. A malformed request gets
// a 4xx with a message in Swedish, never a crash.
//
// Thread-safe: Handle() may be called from many threads at once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "parse/grammar.h"
#include "web/http.h"

namespace paragraf::web {

struct WebOptions {
  std::filesystem::path db;  // created and migrated when missing
  // The operator's secret for writes; nullopt: writes are refused with a
  // message saying how to configure one. At least 12 characters.
  std::optional<std::string> token;
  // Where uploaded files are kept (named by their SHA-256, never by the
  // uploaded name); default: "<db>.uploads" beside the database.
  std::filesystem::path uploads;
  size_t max_file_bytes = 25u << 20;      // one uploaded file
  size_t max_files = 20;                  // files in one upload
  size_t max_request_bytes = 100u << 20;  // one whole request (the server answers 413)
};

class WebApp {
 public:
  // Opens (creating and migrating if needed) the database; uploads are
  // parsed with `grammar`. Errors: InvalidArgument for a token shorter than
  // 12 characters, then the store's.
  static Result<std::unique_ptr<WebApp>> Create(WebOptions options, Grammar grammar);
  ~WebApp();  // waits for a running import
  WebApp(const WebApp&) = delete;
  WebApp& operator=(const WebApp&) = delete;

  // Answers one request. Never throws.
  WebResponse Handle(const WebRequest& request);

  // options.max_request_bytes.
  size_t MaxRequestBytes() const;

  struct State;  // internal (app_internal.h)

 private:
  explicit WebApp(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace paragraf::web
