// Importera: upload protocols (PDF, text, Markdown), watch them being read,
// see the result with its warnings and the new meetings. An upload becomes a
// job that one worker thread runs file by file, each through the same
// ImportSource() as `paragraf import`; POST /api/import runs one at once.
#include <fmt/format.h>

#include <fstream>
#include <system_error>

#include "cli/import_source.h"
#include "extract/source.h"
#include "web/app_internal.h"

namespace paragraf::web {

namespace {

constexpr size_t kKeptJobs = 50;
constexpr size_t kMaxNameBytes = 120;

// The uploaded name as shown: its last path component, without control
// characters, at most kMaxNameBytes (cut at a character boundary).
std::string DisplayName(const std::string& filename) {
  std::string name = filename.substr(filename.find_last_of("/\\") + 1);
  std::string clean;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) clean.push_back(c);
  }
  if (!IsValidUtf8(clean)) clean = "fil";
  if (clean.size() > kMaxNameBytes) {
    size_t cut = kMaxNameBytes;
    while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
    clean.resize(cut);
  }
  return clean.empty() ? "fil" : clean;
}

std::string OutcomeLabel(const std::string& outcome) {
  if (outcome == "imported") return "Importerad";
  if (outcome == "unchanged") return "Oförändrad (fanns redan)";
  if (outcome == "replaced") return "Ersatte en tidigare version";
  return "Misslyckades";
}

// Keeps the uploaded bytes under uploads/<sha256>.<ext>, so that the source
// link of the new document works. Returns a warning, or "".
std::string KeepUpload(const std::filesystem::path& dir, const RawSource& source,
                       const std::string& bytes) {
  const std::string extension = source.format == SourceFormat::kPdf        ? "pdf"
                                : source.format == SourceFormat::kMarkdown ? "md"
                                                                           : "txt";
  const std::filesystem::path target = dir / (source.sha256 + "." + extension);
  std::error_code ec;
  if (std::filesystem::is_regular_file(target, ec)) return "";
  std::filesystem::create_directories(dir, ec);
  if (ec) return fmt::format("källfilen kunde inte sparas i {}: {}", dir.string(), ec.message());
  const std::filesystem::path temporary = target.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return fmt::format("källfilen kunde inte sparas i {}", dir.string());
  }
  std::filesystem::rename(temporary, target, ec);
  if (ec) return fmt::format("källfilen kunde inte sparas: {}", ec.message());
  return "";
}

ImportFileResult ImportOne(const WebApp::State& state, Store& store, const UploadedFile& file,
                           const ParseOptions& options) {
  ImportFileResult result;
  result.name = DisplayName(file.filename);
  result.outcome = "failed";
  // The name the database keeps for it; no file of this name is ever opened.
  Result<RawSource> source = ReadSourceBytes("uppladdat/" + result.name, file.content);
  if (!source.ok()) {
    result.message = source.status().message();
    return result;
  }
  Result<ImportedSource> imported = ImportSource(*state.parser, store, *source, options);
  if (!imported.ok()) {
    result.message = imported.status().message();
    return result;
  }
  result.outcome = std::string(ToString(imported->outcome));
  if (imported->document) {
    for (const Warning& w : imported->document->warnings) {
      result.warnings.push_back(w.pos.page > 0 ? fmt::format("sida {}: {}", w.pos.page, w.message)
                                               : w.message);
    }
  }
  Result<std::optional<int64_t>> id = store.FindDocumentBySha256(source->sha256);
  if (id.ok() && *id) {
    result.document_id = **id;
    if (std::string warning = KeepUpload(state.options.uploads, *source, file.content);
        !warning.empty()) {
      result.warnings.push_back(warning);
    }
  }
  return result;
}

// Imports every file of `files` into the database, reporting to `job`.
void RunJob(const WebApp::State& state, ImportJob& job, const std::vector<UploadedFile>& files,
            const ParseOptions& options) {
  // The job's own connection: parsing a long PDF does not hold up the
  // follow-up actions, and SQLite keeps the two writers apart.
  Result<std::unique_ptr<Store>> store = Store::Open(state.options.db);
  for (const UploadedFile& file : files) {
    {
      std::lock_guard<std::mutex> lock(job.mu);
      job.current = DisplayName(file.filename);
    }
    ImportFileResult result;
    if (store.ok()) {
      result = ImportOne(state, **store, file, options);
    } else {
      result.name = DisplayName(file.filename);
      result.outcome = "failed";
      result.message = store.status().message();
    }
    std::lock_guard<std::mutex> lock(job.mu);
    job.results.push_back(std::move(result));
    ++job.done;
  }
  // The documents are stored whatever this says: a failed merge only leaves
  // searches a little slower until the next import.
  if (store.ok()) (void)(*store)->TidySearchIndex();
  std::lock_guard<std::mutex> lock(job.mu);
  job.current.clear();
  job.finished = true;
}

// The upload's files and options, checked. nullopt with `*error` set when
// the request is refused as a whole.
struct Upload {
  std::vector<UploadedFile> files;
  ParseOptions options;
};
std::optional<Upload> ReadUpload(const Ctx& ctx, WebResponse* error) {
  Upload upload;
  for (const UploadedFile& f : ctx.req.files) {
    if (f.filename.empty() && f.content.empty()) continue;  // an empty file input
    upload.files.push_back(f);
  }
  const WebOptions& o = ctx.state.options;
  if (upload.files.empty()) {
    *error = ErrorResponse(ctx, 400, "Välj minst en fil att importera (PDF, .txt eller .md).");
    return std::nullopt;
  }
  if (upload.files.size() > o.max_files) {
    *error = ErrorResponse(ctx, 413, fmt::format("Högst {} filer åt gången.", o.max_files));
    return std::nullopt;
  }
  for (const UploadedFile& f : upload.files) {
    const std::string name = DisplayName(f.filename);
    if (f.content.size() > o.max_file_bytes) {
      *error = ErrorResponse(
          ctx, 413,
          fmt::format("{} är för stor ({:.1f} MB; högst {} MB per fil).", name,
                      static_cast<double>(f.content.size()) / (1 << 20), o.max_file_bytes >> 20));
      return std::nullopt;
    }
    if (!HasImportableExtension(std::filesystem::path(name))) {
      *error = ErrorResponse(ctx, 415,
                             fmt::format("{}: bara PDF (.pdf), text (.txt) och Markdown (.md) kan "
                                         "importeras.",
                                         name));
      return std::nullopt;
    }
  }
  if (const std::string organ = ctx.req.Param("organ"); !organ.empty()) {
    upload.options.body = organ;
  }
  if (const std::string datum = ctx.req.Param("datum"); !datum.empty()) {
    upload.options.date = ParseIsoDate(datum);
    if (!upload.options.date) {
      *error = ErrorResponse(ctx, 400, "Datumet ska skrivas ÅÅÅÅ-MM-DD.");
      return std::nullopt;
    }
  }
  return upload;
}

nlohmann::ordered_json JobJson(ImportJob& job) {
  std::lock_guard<std::mutex> lock(job.mu);
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const ImportFileResult& r : job.results) {
    results.push_back(
        {{"name", r.name},
         {"outcome", r.outcome},
         {"message", r.message},
         {"warnings", r.warnings},
         {"document_id", r.document_id ? nlohmann::ordered_json(r.document_id) : nullptr},
         {"meeting_url", r.document_id
                             ? nlohmann::ordered_json(fmt::format("/sammantrade/{}", r.document_id))
                             : nullptr}});
  }
  return {{"id", job.id},           {"files", job.files},       {"done", job.done},
          {"current", job.current}, {"finished", job.finished}, {"results", results}};
}

// A short view of a new meeting: its title and paragraphs, linked.
std::string MeetingSummary(Store& store, int64_t document_id) {
  auto doc = store.FindDocument(document_id);
  if (!doc.ok() || !*doc) return "";
  const StoredDocument& d = **doc;
  std::string html = fmt::format(
      "<div class=\"meeting-summary\"><p><a class=\"button\" href=\"/sammantrade/{}\">Visa "
      "sammanträdet: {} {}</a> <span class=\"muted\">{}, {} paragrafer</span></p>",
      d.id, Esc(d.body ? d.body->name : "Okänt organ"),
      Esc(d.date ? FormatIsoDate(*d.date) : "odaterat"), Esc(DocumentKindLabel(d.kind)),
      d.paragraphs);
  auto paragraphs = store.DocumentParagraphs(document_id);
  if (paragraphs.ok() && !paragraphs->empty()) {
    html += "<ul>";
    for (const ParagraphRow& p : *paragraphs) {
      html += fmt::format("<li><a href=\"/paragraf/{}\">{} {}</a></li>", p.id,
                          p.number ? fmt::format("§ {}", *p.number) : "–", Esc(p.title));
    }
    html += "</ul>";
  }
  return html + "</div>";
}

}  // namespace

// --- ImportJobs ---

ImportJobs::~ImportJobs() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::shared_ptr<ImportJob> ImportJobs::Add(size_t files) {
  auto job = std::make_shared<ImportJob>();
  job->id = RandomHex().substr(0, 20);
  job->files = files;
  std::lock_guard<std::mutex> lock(mu_);
  jobs_[job->id] = job;
  order_.push_back(job->id);
  while (order_.size() > kKeptJobs) {
    jobs_.erase(order_.front());
    order_.erase(order_.begin());
  }
  return job;
}

std::shared_ptr<ImportJob> ImportJobs::Find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second;
}

void ImportJobs::Run(std::function<void()> work) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(work));
  if (!worker_.joinable()) worker_ = std::thread([this] { Work(); });
  wake_.notify_one();
}

void ImportJobs::Work() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

// --- Pages ---

WebResponse ImportPage(Ctx& ctx) {
  std::string html = "<h1>Importera protokoll</h1>";
  const WebOptions& o = ctx.state.options;
  if (!o.token) {
    html +=
        "<p class=\"error\" role=\"alert\">Import är avstängd: servern har ingen token "
        "konfigurerad. Den som driver servern startar <code>paragraf serve</code> med "
        "<code>PARAGRAF_WEB_TOKEN</code> eller <code>--token-file FIL</code>.</p>";
  } else if (!ctx.LoggedIn()) {
    html +=
        "<p class=\"notice\"><a href=\"/logga-in?nasta=%2Fimportera\">Logga in</a> för att "
        "importera.</p>";
  }
  html += fmt::format(
      "<p>Ladda upp ett eller flera protokoll, protokollsutdrag, kallelser eller "
      "tjänsteskrivelser som PDF, text (.txt) eller Markdown (.md), högst {} filer och {} MB per "
      "fil. Samma fil igen ändrar ingenting; en ny fil för samma sammanträde ersätter den "
      "tidigare.</p>",
      o.max_files, o.max_file_bytes >> 20);
  if (o.token && ctx.LoggedIn()) {
    html += fmt::format(
        "<form id=\"import-form\" class=\"stack\" method=\"post\" action=\"/importera\" "
        "enctype=\"multipart/form-data\">{}"
        "<label for=\"filer\">Filer<input id=\"filer\" type=\"file\" name=\"filer\" multiple "
        "required accept=\".pdf,.txt,.md,.markdown,.text,application/pdf,text/plain,"
        "text/markdown\"></label>"
        "<details><summary>Om texten inte säger det</summary>"
        "<label for=\"organ\">Organ<input id=\"organ\" name=\"organ\"></label>"
        "<label for=\"datum\">Sammanträdesdatum<input id=\"datum\" type=\"date\" name=\"datum\">"
        "</label></details>"
        "<div><button type=\"submit\">Importera</button></div>"
        "<progress id=\"upload-progress\" hidden value=\"0\" max=\"1\" aria-label=\"Uppladdning\">"
        "</progress><p id=\"upload-status\" role=\"status\" aria-live=\"polite\"></p></form>",
        CsrfField(ctx));
  }
  WebResponse response;
  response.body = RenderPage(ctx.Frame("Importera", "importera"), html);
  return response;
}

WebResponse ImportStart(Ctx& ctx) {
  if (std::optional<WebResponse> refusal = RefuseWrite(ctx)) return *refusal;
  WebResponse error;
  std::optional<Upload> upload = ReadUpload(ctx, &error);
  if (!upload) return error;
  std::shared_ptr<ImportJob> job = ctx.state.jobs.Add(upload->files.size());
  WebApp::State& state = ctx.state;
  ctx.state.jobs.Run([&state, job, upload = std::move(*upload)] {
    RunJob(state, *job, upload.files, upload.options);
  });
  return WebResponse::Redirect("/importera/" + job->id);
}

WebResponse ImportJobPage(Ctx& ctx, const std::string& id) {
  std::shared_ptr<ImportJob> job = ctx.state.jobs.Find(id);
  if (!job) return ErrorResponse(ctx, 404, "Ingen import har det id:t (den kan vara för gammal).");
  const nlohmann::ordered_json state = JobJson(*job);
  const bool finished = state["finished"].get<bool>();
  const size_t files = state["files"].get<size_t>();
  const size_t done = state["done"].get<size_t>();
  std::string html;
  PageFrame frame = ctx.Frame(finished ? "Importen är klar" : "Importerar", "importera");
  if (!finished) {
    frame.head_extra = "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>";
    html += fmt::format(
        "<h1>Importerar …</h1><div data-import-job=\"{}\"><progress id=\"job-progress\" "
        "value=\"{}\" max=\"{}\" aria-label=\"Import\"></progress><p id=\"job-status\" "
        "role=\"status\" aria-live=\"polite\">{}</p></div>",
        Esc(id), done, files,
        state["current"].get<std::string>().empty()
            ? fmt::format("{} av {} filer klara", done, files)
            : fmt::format("Läser {} ({} av {})", Esc(state["current"].get<std::string>()), done + 1,
                          files));
  } else {
    int counts[4] = {0, 0, 0, 0};
    for (const auto& r : state["results"]) {
      const std::string outcome = r["outcome"].get<std::string>();
      ++counts[outcome == "imported"    ? 0
               : outcome == "unchanged" ? 1
               : outcome == "replaced"  ? 2
                                        : 3];
    }
    html += fmt::format(
        "<h1>Importen är klar</h1><p class=\"notice\" id=\"import-summary\" role=\"status\">{} "
        "importerade, {} oförändrade, {} ersatta, {} misslyckade ({} filer)</p>",
        counts[0], counts[1], counts[2], counts[3], files);
  }
  auto store = ctx.Reader();
  html += "<ol class=\"import-results\">";
  for (const auto& r : state["results"]) {
    const std::string outcome = r["outcome"].get<std::string>();
    html += fmt::format(
        "<li class=\"import-result {}\"><h2>{}</h2><p><strong class=\"{}\">{}"
        "</strong>{}</p>",
        Esc(outcome), Esc(r["name"].get<std::string>()), outcome == "failed" ? "late" : "ok",
        Esc(OutcomeLabel(outcome)),
        r["message"].get<std::string>().empty() ? "" : ": " + Esc(r["message"].get<std::string>()));
    if (!r["warnings"].empty()) {
      html +=
          fmt::format("<details open><summary>{} varningar</summary><ul>", r["warnings"].size());
      for (const auto& w : r["warnings"]) html += "<li>" + Esc(w.get<std::string>()) + "</li>";
      html += "</ul></details>";
    }
    if (r["document_id"].is_number() && store.ok()) {
      html += MeetingSummary(**store, r["document_id"].get<int64_t>());
    }
    html += "</li>";
  }
  html += "</ol>";
  if (finished) html += "<p><a href=\"/importera\">Importera fler</a></p>";
  WebResponse response;
  response.body = RenderPage(frame, html);
  return response;
}

WebResponse ImportJobApi(Ctx& ctx, const std::string& id) {
  std::shared_ptr<ImportJob> job = ctx.state.jobs.Find(id);
  if (!job) return ErrorResponse(ctx, 404, "no import job has that id");
  return WebResponse::Json(200, Dump(JobJson(*job)));
}

WebResponse ImportApi(Ctx& ctx) {
  if (std::optional<WebResponse> refusal = RefuseWrite(ctx)) return *refusal;
  WebResponse error;
  std::optional<Upload> upload = ReadUpload(ctx, &error);
  if (!upload) return error;
  std::shared_ptr<ImportJob> job = ctx.state.jobs.Add(upload->files.size());
  RunJob(ctx.state, *job, upload->files, upload->options);
  return WebResponse::Json(200, Dump(JobJson(*job)));
}

}  // namespace paragraf::web
