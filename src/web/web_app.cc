// WebApp: setup, routing, login and the pages that belong to no family.
#include "web/web_app.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <exception>
#include <thread>

#include "web/app_internal.h"

namespace paragraf::web {

namespace {

constexpr std::string_view kSessionCookie = "paragraf_session";
constexpr size_t kMinTokenLength = 12;

// Headers every response carries. Pages may run only our own script; the
// stored source file is served with its own headers.
void AddSecurityHeaders(WebResponse* response) {
  response->SetHeader("X-Content-Type-Options", "nosniff");
  response->SetHeader("Referrer-Policy", "same-origin");
  if (response->content_type.rfind("text/html", 0) == 0) {
    response->SetHeader("X-Frame-Options", "DENY");
    response->SetHeader("Content-Security-Policy",
                        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
                        "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                        "base-uri 'none'; frame-ancestors 'none'");
  }
  if (response->Header("Cache-Control").empty()) response->SetHeader("Cache-Control", "no-store");
}

// The path split at '/': "/sammantrade/12" → {"sammantrade", "12"}.
std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();  // a trailing slash
  return out;
}

WebResponse MethodNotAllowed(const Ctx& ctx, const char* allow) {
  WebResponse response = ErrorResponse(
      ctx, 405, fmt::format("Metoden {} går inte här; använd {}", ctx.req.method, allow));
  response.SetHeader("Allow", allow);
  return response;
}

// Where to go after logging in: a local path only.
std::string SafeNext(const std::string& next) {
  if (next.size() < 1 || next.front() != '/' || next.rfind("//", 0) == 0 ||
      next.find('\\') != std::string::npos) {
    return "/";
  }
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  }
  return next;
}

WebResponse LoginPage(Ctx& ctx, int status, const std::string& message) {
  std::string html = "<h1>Logga in</h1>";
  if (!ctx.state.options.token) {
    html +=
        "<p class=\"error\" role=\"alert\">Skrivning är avstängd: ingen token är konfigurerad. "
        "Den som driver servern startar <code>paragraf serve</code> med miljövariabeln "
        "<code>PARAGRAF_WEB_TOKEN</code> eller <code>--token-file FIL</code>.</p>";
    WebResponse response;
    response.status = status;
    response.body = RenderPage(ctx.Frame("Logga in", ""), html);
    return response;
  }
  if (!message.empty()) html += "<p class=\"error\" role=\"alert\">" + Esc(message) + "</p>";
  if (ctx.LoggedIn()) html += "<p class=\"notice\">Du är redan inloggad.</p>";
  html += fmt::format(
      "<p>Sekretariatet loggar in med den token som den som driver servern har gett ut. "
      "Inloggad kan du importera protokoll och åtgärda uppföljningar.</p>"
      "<form class=\"stack\" method=\"post\" action=\"/logga-in\">"
      "<input type=\"hidden\" name=\"nasta\" value=\"{}\">"
      "<label for=\"token\">Token</label>"
      "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" "
      "required>"
      "<div><button type=\"submit\">Logga in</button></div></form>",
      Esc(SafeNext(ctx.req.Param("nasta"))));
  WebResponse response;
  response.status = status;
  response.body = RenderPage(ctx.Frame("Logga in", ""), html);
  return response;
}

WebResponse Login(Ctx& ctx) {
  if (!ctx.state.options.token) return LoginPage(ctx, 403, "");
  if (!SameSecret(ctx.req.Param("token"), *ctx.state.options.token)) {
    // A wrong guess costs a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return LoginPage(ctx, 403, "Fel token. Försök igen.");
  }
  const Session session = ctx.state.sessions.Create();
  WebResponse response = WebResponse::Redirect(SafeNext(ctx.req.Param("nasta")));
  response.SetHeader("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; "
                                               "Max-Age=43200",
                                               kSessionCookie, session.id));
  return response;
}

WebResponse Logout(Ctx& ctx) {
  if (ctx.session && SameSecret(ctx.req.Param("csrf"), ctx.session->csrf)) {
    ctx.state.sessions.Remove(ctx.session->id);
  }
  WebResponse response = WebResponse::Redirect("/");
  response.SetHeader("Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
                                               kSessionCookie));
  return response;
}

WebResponse ApiIndex(Ctx&) {
  nlohmann::ordered_json index = {
      {"documentation", "docs/api.md"},
      {"endpoints",
       {"GET /api/search?q=…", "GET /api/meetings", "GET /api/meetings/{id}",
        "GET /api/paragraphs/{id}", "GET /api/followups", "GET /api/followups/{id}",
        "POST /api/followups/{id}/actions", "GET /api/balanslista?format=json|html|xlsx|csv|md",
        "POST /api/import", "GET /api/import/{job}"}}};
  return WebResponse::Json(200, Dump(index));
}

WebResponse Route(Ctx& ctx) {
  const WebRequest& req = ctx.req;
  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  const std::vector<std::string> s = Segments(req.path);
  const size_t n = s.size();
  auto id_or_404 = [&](const std::string& text) { return ParseId(text); };

  if (n == 0) return get ? HomePage(ctx) : MethodNotAllowed(ctx, "GET");
  const std::string& top = s[0];
  if (top == "static" && n == 2 && s[1] == "paragraf.js") {
    if (!get) return MethodNotAllowed(ctx, "GET");
    WebResponse response;
    response.content_type = "text/javascript; charset=utf-8";
    response.body = std::string(PageScript());
    response.SetHeader("Cache-Control", "max-age=3600");
    return response;
  }
  if (top == "sok" && n == 1) return get ? SearchPage(ctx) : MethodNotAllowed(ctx, "GET");
  if (top == "sammantraden" && n == 1) {
    return get ? MeetingsPage(ctx) : MethodNotAllowed(ctx, "GET");
  }
  if (top == "sammantrade" && n == 2) {
    if (!get) return MethodNotAllowed(ctx, "GET");
    const auto id = id_or_404(s[1]);
    return id ? MeetingPage(ctx, *id) : ErrorResponse(ctx, 404, "Inget sammanträde har det id:t.");
  }
  if (top == "dokument" && n == 3 && s[2] == "kalla") {
    if (!get) return MethodNotAllowed(ctx, "GET");
    const auto id = id_or_404(s[1]);
    return id ? SourceFile(ctx, *id) : ErrorResponse(ctx, 404, "Inget dokument har det id:t.");
  }
  if (top == "paragraf" && n == 2) {
    if (!get) return MethodNotAllowed(ctx, "GET");
    const auto id = id_or_404(s[1]);
    return id ? ParagraphPage(ctx, *id) : ErrorResponse(ctx, 404, "Ingen paragraf har det id:t.");
  }
  if (top == "hitta" && n == 1)
    return get ? FindParagraphRedirect(ctx) : MethodNotAllowed(ctx, "GET");
  if (top == "balanslista" && n == 1) {
    return get ? BalanslistaPage(ctx) : MethodNotAllowed(ctx, "GET");
  }
  if (top == "balanslista" && n == 2 && s[1] == "ladda-ned") {
    return get ? BalanslistaDownload(ctx) : MethodNotAllowed(ctx, "GET");
  }
  if (top == "uppfoljning" && n == 2) {
    if (get) return FollowUpPage(ctx, s[1]);
    if (post) return FollowUpActionPost(ctx, s[1]);
    return MethodNotAllowed(ctx, "GET, POST");
  }
  if (top == "importera" && n == 1) {
    if (get) return ImportPage(ctx);
    if (post) return ImportStart(ctx);
    return MethodNotAllowed(ctx, "GET, POST");
  }
  if (top == "importera" && n == 2) {
    return get ? ImportJobPage(ctx, s[1]) : MethodNotAllowed(ctx, "GET");
  }
  if (top == "logga-in" && n == 1) {
    if (get) return LoginPage(ctx, 200, "");
    if (post) return Login(ctx);
    return MethodNotAllowed(ctx, "GET, POST");
  }
  if (top == "logga-ut" && n == 1) return post ? Logout(ctx) : MethodNotAllowed(ctx, "POST");
  if (top == "api") {
    if (n == 1) return get ? ApiIndex(ctx) : MethodNotAllowed(ctx, "GET");
    const std::string& what = s[1];
    if (what == "search" && n == 2) return get ? SearchApi(ctx) : MethodNotAllowed(ctx, "GET");
    if (what == "meetings" && n == 2) return get ? MeetingsApi(ctx) : MethodNotAllowed(ctx, "GET");
    if (what == "meetings" && n == 3) {
      if (!get) return MethodNotAllowed(ctx, "GET");
      const auto id = id_or_404(s[2]);
      return id ? MeetingApi(ctx, *id) : ErrorResponse(ctx, 404, "no meeting has that id");
    }
    if (what == "paragraphs" && n == 3) {
      if (!get) return MethodNotAllowed(ctx, "GET");
      const auto id = id_or_404(s[2]);
      return id ? ParagraphApi(ctx, *id) : ErrorResponse(ctx, 404, "no paragraph has that id");
    }
    if (what == "followups" && n == 2)
      return get ? FollowUpsApi(ctx) : MethodNotAllowed(ctx, "GET");
    if (what == "followups" && n == 3) {
      return get ? FollowUpApi(ctx, s[2]) : MethodNotAllowed(ctx, "GET");
    }
    if (what == "followups" && n == 4 && s[3] == "actions") {
      return post ? FollowUpActionPost(ctx, s[2]) : MethodNotAllowed(ctx, "POST");
    }
    if (what == "balanslista" && n == 2) {
      return get ? BalanslistaDownload(ctx) : MethodNotAllowed(ctx, "GET");
    }
    if (what == "import" && n == 2) return post ? ImportApi(ctx) : MethodNotAllowed(ctx, "POST");
    if (what == "import" && n == 3) {
      return get ? ImportJobApi(ctx, s[2]) : MethodNotAllowed(ctx, "GET");
    }
  }
  return ErrorResponse(ctx, 404, "Sidan finns inte.");
}

}  // namespace

// --- Shared helpers ------------------------------------------------------------

PageFrame Ctx::Frame(std::string title, std::string nav) const {
  PageFrame frame;
  frame.title = std::move(title);
  frame.nav = std::move(nav);
  frame.logged_in = session.has_value();
  frame.writes_enabled = state.options.token.has_value();
  frame.path = req.path;
  if (session) frame.csrf = session->csrf;
  return frame;
}

Result<std::unique_ptr<Store>> Ctx::Reader() const { return Store::OpenReadOnly(state.options.db); }

std::string Dump(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

WebResponse ErrorResponse(const Ctx& ctx, int status, const std::string& message) {
  if (ctx.req.WantsJson())
    return WebResponse::Json(status, Dump(nlohmann::ordered_json{{"error", message}}));
  WebResponse response;
  response.status = status;
  std::string title = status == 404   ? "Hittades inte"
                      : status == 401 ? "Inloggning krävs"
                      : status == 403 ? "Inte tillåtet"
                      : status < 500  ? "Felaktig begäran"
                                      : "Serverfel";
  response.body = RenderPage(ctx.Frame(title, ""),
                             fmt::format("<h1>{}</h1><p class=\"error\" role=\"alert\">{}</p>"
                                         "<p><a href=\"/\">Till startsidan</a></p>",
                                         Esc(title), Esc(message)));
  return response;
}

WebResponse StoreError(const Ctx& ctx, const Status& status) {
  if (status.code() == Status::Code::kBusy) {
    return ErrorResponse(
        ctx, 503,
        "Databasen är upptagen just nu; försök igen om en stund. (" + status.message() + ")");
  }
  if (status.code() == Status::Code::kNotFound) {
    return ErrorResponse(ctx, 503, "Databasen finns inte: " + status.message());
  }
  return ErrorResponse(ctx, 500, "Databasfel: " + status.message());
}

std::optional<WebResponse> RefuseWrite(const Ctx& ctx) {
  if (!ctx.state.options.token) {
    return ErrorResponse(ctx, 403,
                         "Skrivning är avstängd: ingen token är konfigurerad. Starta paragraf "
                         "serve med miljövariabeln PARAGRAF_WEB_TOKEN eller --token-file FIL.");
  }
  if (ctx.bearer) return std::nullopt;
  if (ctx.session) {
    std::string csrf = ctx.req.Param("csrf");
    if (csrf.empty()) csrf = ctx.req.Header("x-csrf-token");
    if (SameSecret(csrf, ctx.session->csrf)) return std::nullopt;
    return ErrorResponse(ctx, 403,
                         "Formuläret saknar eller har en gammal säkerhetskod; ladda om sidan och "
                         "försök igen.");
  }
  WebResponse response =
      ErrorResponse(ctx, 401,
                    "Du behöver logga in för att ändra något (webbläsare: Logga in; program: "
                    "Authorization: Bearer TOKEN).");
  response.SetHeader("WWW-Authenticate", "Bearer realm=\"paragraf\"");
  return response;
}

Date Today() {
  return Date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

std::optional<int64_t> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::string ParagraphRef(std::string_view body, const std::optional<Date>& date,
                         const std::optional<int>& number) {
  std::string out(body.empty() ? "okänt organ" : body);
  if (date) out += " " + FormatIsoDate(*date);
  if (number) out += fmt::format(" § {}", *number);
  return out;
}

std::string CsrfField(const Ctx& ctx) {
  if (!ctx.session) return "";
  return fmt::format("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", Esc(ctx.session->csrf));
}

WebResponse HomePage(Ctx& ctx) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto stats = (*store)->Stats();
  if (!stats.ok()) return StoreError(ctx, stats.status());
  auto documents = (*store)->ListDocuments();
  if (!documents.ok()) return StoreError(ctx, documents.status());
  std::string html =
      "<h1>Protokoll, beslut och uppföljningar</h1>"
      "<form class=\"filters\" role=\"search\" action=\"/sok\" method=\"get\">"
      "<label for=\"q\">Sök bland besluten</label>"
      "<input id=\"q\" type=\"search\" name=\"q\" placeholder=\"t.ex. hemtjänst, avtal, "
      "SVOM 2021-10-08 § 9\"><button type=\"submit\">Sök</button></form>";
  html += fmt::format(
      "<ul class=\"cards\"><li><strong>{}</strong> sammanträden och handlingar</li>"
      "<li><strong>{}</strong> paragrafer</li><li><strong>{}</strong> beslut</li>"
      "<li><strong>{}</strong> uppföljningar</li></ul>",
      stats->documents, stats->paragraphs, stats->decisions, stats->followups);
  html += "<h2>Senaste sammanträdena</h2><ul>";
  std::vector<StoredDocument> recent = *documents;
  std::sort(recent.begin(), recent.end(), [](const StoredDocument& a, const StoredDocument& b) {
    return a.date.value_or(Date{}) > b.date.value_or(Date{});
  });
  for (size_t i = 0; i < recent.size() && i < 8; ++i) {
    const StoredDocument& d = recent[i];
    html += fmt::format(
        "<li><a href=\"/sammantrade/{}\">{} {}</a> <span class=\"muted\">{}, {} "
        "paragrafer</span></li>",
        d.id, Esc(d.body ? d.body->name : "Okänt organ"),
        Esc(d.date ? FormatIsoDate(*d.date) : "odaterat"), Esc(DocumentKindLabel(d.kind)),
        d.paragraphs);
  }
  html +=
      "</ul><p><a href=\"/sammantraden\">Alla sammanträden</a> · "
      "<a href=\"/balanslista\">Balanslistan</a></p>";
  WebResponse response;
  response.body = RenderPage(ctx.Frame("Start", ""), html);
  return response;
}

// --- WebApp --------------------------------------------------------------------

WebApp::WebApp(std::unique_ptr<State> state) : state_(std::move(state)) {}

WebApp::~WebApp() = default;

size_t WebApp::MaxRequestBytes() const { return state_->options.max_request_bytes; }

Result<std::unique_ptr<WebApp>> WebApp::Create(WebOptions options, Grammar grammar) {
  if (options.token && options.token->size() < kMinTokenLength) {
    return Status::InvalidArgument(
        fmt::format("the write token is too short ({} characters; at least {})",
                    options.token->size(), kMinTokenLength));
  }
  if (options.uploads.empty()) options.uploads = options.db.string() + ".uploads";
  auto state = std::make_unique<State>();
  Result<std::unique_ptr<Store>> writer = Store::Open(options.db);
  if (!writer.ok()) return writer.status();
  state->options = std::move(options);
  state->writer = std::move(writer).value();
  state->grammar = std::make_unique<Grammar>(std::move(grammar));
  state->parser = std::make_unique<DocumentParser>(*state->grammar);
  return std::unique_ptr<WebApp>(new WebApp(std::move(state)));
}

WebResponse WebApp::Handle(const WebRequest& request) {
  Ctx ctx{request, *state_, std::nullopt, false};
  WebResponse response;
  try {
    const std::string session_id = request.Cookie(kSessionCookie);
    if (!session_id.empty()) ctx.session = state_->sessions.Find(session_id);
    const std::string authorization = request.Header("authorization");
    if (state_->options.token && authorization.rfind("Bearer ", 0) == 0) {
      ctx.bearer = SameSecret(authorization.substr(7), *state_->options.token);
      if (!ctx.bearer) {
        response = ErrorResponse(ctx, 401, "Fel token i Authorization-huvudet.");
        AddSecurityHeaders(&response);
        return response;
      }
    }
    for (const auto& [name, value] : request.params) {
      if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
        response = ErrorResponse(ctx, 400, "Formuläret är inte giltig UTF-8.");
        AddSecurityHeaders(&response);
        return response;
      }
    }
    response = Route(ctx);
  } catch (const std::exception& e) {
    response = ErrorResponse(ctx, 500, fmt::format("Internt fel: {}", e.what()));
  } catch (...) {
    response = ErrorResponse(ctx, 500, "Internt fel.");
  }
  AddSecurityHeaders(&response);
  return response;
}

}  // namespace paragraf::web
