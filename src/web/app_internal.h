// Internal to web/: the app's shared state, the context of one request and
// the handlers of each page family (search_pages.cc, meeting_pages.cc,
// followup_pages.cc, import_pages.cc).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "parse/grammar.h"
#include "parse/parser.h"
#include "store/store.h"
#include "web/html.h"
#include "web/http.h"
#include "web/web_app.h"

namespace paragraf::web {

// --- Sessions (auth.cc) ---

struct Session {
  std::string id;    // the cookie's value: 32 random bytes, hex
  std::string csrf;  // the forms' hidden field: 32 random bytes, hex
  std::chrono::steady_clock::time_point expires;
};

// Logged-in browsers. Thread-safe.
class Sessions {
 public:
  Session Create();
  std::optional<Session> Find(const std::string& id);
  void Remove(const std::string& id);

 private:
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

// 32 random bytes from the kernel, as lowercase hex.
std::string RandomHex();

// Constant-time comparison of two secrets.
bool SameSecret(std::string_view a, std::string_view b);

// --- Imports (import_pages.cc) ---

struct ImportFileResult {
  std::string name;     // the uploaded file's name, for display only
  std::string outcome;  // "imported", "unchanged", "replaced", "failed"
  std::string message;  // why it failed
  std::vector<std::string> warnings;
  int64_t document_id = 0;  // the stored document; 0 when none
};

// One upload being imported, file by file. Guarded by `mu`.
struct ImportJob {
  std::mutex mu;
  std::string id;
  size_t files = 0;
  size_t done = 0;
  std::string current;  // the file being read
  bool finished = false;
  std::vector<ImportFileResult> results;
};

// The import jobs of the last while, and the one worker thread that runs
// them in turn. Thread-safe.
class ImportJobs {
 public:
  ImportJobs() = default;
  ~ImportJobs();  // finishes the running job, drops the queued ones, joins the worker
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  std::shared_ptr<ImportJob> Add(size_t files);
  std::shared_ptr<ImportJob> Find(const std::string& id);
  // Queues `work` for the worker.
  void Run(std::function<void()> work);

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, std::shared_ptr<ImportJob>> jobs_;
  std::vector<std::string> order_;  // oldest first; the oldest are dropped past 50
  std::deque<std::function<void()>> queue_;
  std::thread worker_;  // started with the first job
};

// --- The app ---

struct WebApp::State {
  WebOptions options;
  std::unique_ptr<Grammar> grammar;
  std::unique_ptr<DocumentParser> parser;
  std::mutex write_mu;            // one write at a time
  std::unique_ptr<Store> writer;  // GUARDED_BY(write_mu)
  Sessions sessions;
  ImportJobs jobs;
};

// One request and who sent it.
struct Ctx {
  const WebRequest& req;
  WebApp::State& state;
  std::optional<Session> session;  // logged in through the browser
  bool bearer = false;             // a valid "Authorization: Bearer" token

  bool LoggedIn() const { return session.has_value() || bearer; }
  // The page frame for `title` with menu entry `nav` current.
  PageFrame Frame(std::string title, std::string nav) const;
  // A read-only connection for this request.
  Result<std::unique_ptr<Store>> Reader() const;
};

// A page (or, for /api/ and Accept: application/json, a JSON object
// {"error": message}) with status `status` and `message`.
WebResponse ErrorResponse(const Ctx& ctx, int status, const std::string& message);
// The response for a failed store call: 503 when the database is busy,
// 500 otherwise.
WebResponse StoreError(const Ctx& ctx, const Status& status);

// Whether the request may write. nullopt: yes; otherwise the refusal to
// return (403 when no token is configured or the CSRF field is wrong, 401
// when not logged in).
std::optional<WebResponse> RefuseWrite(const Ctx& ctx);

// The JSON text of `value` (invalid UTF-8 replaced, never thrown on).
std::string Dump(const nlohmann::ordered_json& value);

// Today's date (UTC).
Date Today();

// A positive id from a path segment; nullopt for anything else.
std::optional<int64_t> ParseId(std::string_view text);

// "SVOM 2021-10-08 § 9" for a paragraph of `body` on `date`.
std::string ParagraphRef(std::string_view body, const std::optional<Date>& date,
                         const std::optional<int>& number);

// The hidden CSRF field of a form, when logged in.
std::string CsrfField(const Ctx& ctx);

// Handlers. `rest` is the path after the family's prefix.
WebResponse HomePage(Ctx& ctx);
WebResponse SearchPage(Ctx& ctx);
WebResponse SearchApi(Ctx& ctx);
WebResponse MeetingsPage(Ctx& ctx);
WebResponse MeetingsApi(Ctx& ctx);
WebResponse MeetingPage(Ctx& ctx, int64_t document_id);
WebResponse MeetingApi(Ctx& ctx, int64_t document_id);
WebResponse SourceFile(Ctx& ctx, int64_t document_id);
WebResponse ParagraphPage(Ctx& ctx, int64_t paragraph_id);
WebResponse ParagraphApi(Ctx& ctx, int64_t paragraph_id);
WebResponse FindParagraphRedirect(Ctx& ctx);
WebResponse BalanslistaPage(Ctx& ctx);
WebResponse BalanslistaDownload(Ctx& ctx);
WebResponse FollowUpPage(Ctx& ctx, const std::string& key);
WebResponse FollowUpActionPost(Ctx& ctx, const std::string& key);
WebResponse FollowUpsApi(Ctx& ctx);
WebResponse FollowUpApi(Ctx& ctx, const std::string& key);
WebResponse ImportPage(Ctx& ctx);
WebResponse ImportStart(Ctx& ctx);
WebResponse ImportJobPage(Ctx& ctx, const std::string& job);
WebResponse ImportJobApi(Ctx& ctx, const std::string& job);
WebResponse ImportApi(Ctx& ctx);

}  // namespace paragraf::web
