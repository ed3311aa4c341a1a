// The web app's request handling without a network: parsing what comes
// from outside, escaping, 4xx for malformed requests, the write token and
// the login, uploads and their limits, downloads and the source file.
// The browser tests (browser.test.mjs) drive the same app through Chromium.
#include "web/web_app.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>

#include "parse/grammar.h"
#include "store/store.h"
#include "web/html.h"
#include "web/http.h"

namespace paragraf::web {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToken = "test-token-0123456789";
constexpr const char* kXss = "corpus/web/xss-kulturnamnden-2023-02-14.txt";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

WebRequest Get(const std::string& target) {
  Result<WebRequest> r = WebRequest::Parse("GET", target);
  EXPECT_TRUE(r.ok()) << target << ": " << r.status().message();
  return r.ok() ? *r : WebRequest{};
}

WebRequest Post(const std::string& target,
                std::vector<std::pair<std::string, std::string>> fields = {}) {
  WebRequest r = Get(target);
  r.method = "POST";
  for (auto& f : fields) r.params.push_back(std::move(f));
  return r;
}

WebRequest WithBearer(WebRequest r, const std::string& token = kToken) {
  r.headers["authorization"] = "Bearer " + token;
  return r;
}

UploadedFile File(const std::string& path) {
  return UploadedFile{"filer", fs::path(path).filename().string(), "application/octet-stream",
                      ReadFile(path)};
}

nlohmann::json JsonOf(const WebResponse& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

// --- Parsing what comes from outside ---

TEST(Http, PercentDecodeRefusesWhatIsNotText) {
  const struct {
    const char* input;
    bool ok;
    const char* decoded;
  } cases[] = {
      {"avtal", true, "avtal"}, {"h%C3%A4lso+och", true, "hälso och"},
      {"%", false, ""},         {"%2", false, ""},
      {"%zz", false, ""},       {"a%00b", false, ""},  // NUL
      {"%C3", false, ""},                              // cut UTF-8
      {"%FF%FE", false, ""},                           // not UTF-8
      {"%ED%A0%80", false, ""},                        // a surrogate
  };
  for (const auto& c : cases) {
    Result<std::string> r = PercentDecode(c.input, true);
    EXPECT_EQ(r.ok(), c.ok) << c.input;
    if (c.ok && r.ok()) {
      EXPECT_EQ(*r, c.decoded) << c.input;
    }
  }
}

TEST(Http, ParsesTargetsAndCookies) {
  Result<WebRequest> r = WebRequest::Parse("GET", "/sok?q=fast+l%C3%A4karkontakt&organ=SVOM&q=2");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->path, "/sok");
  EXPECT_EQ(r->Param("q"), "fast läkarkontakt");
  EXPECT_EQ(r->Params("q").size(), 2u);
  EXPECT_EQ(r->Param("organ"), "SVOM");
  EXPECT_FALSE(WebRequest::Parse("GET", "sok").ok());
  EXPECT_FALSE(WebRequest::Parse("GET", "/sok?q=%E4").ok());  // Latin-1, not UTF-8
  r->headers["cookie"] = "a=1; paragraf_session=abc ; b=2";
  EXPECT_EQ(r->Cookie("paragraf_session"), "abc");
  EXPECT_EQ(r->Cookie("c"), "");
  EXPECT_EQ(PercentEncode("Socialnämnden 2021/1"), "Socialn%C3%A4mnden%202021%2F1");
}

TEST(Html, EscapesTheFiveCharacters) {
  EXPECT_EQ(Esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
}

TEST(Html, MarksSnippetMatchesAndEscapesTheRest) {
  EXPECT_EQ(HighlightSnippet("… [avtal] <b> [x"), "… <mark>avtal</mark> &lt;b&gt; <mark>x</mark>");
  EXPECT_EQ(HighlightSnippet("a ] b"), "a ] b");
  EXPECT_EQ(TextBlocks("a\nb\n\n<c>"), "<p>a<br>b</p><p>&lt;c&gt;</p>");
}

// --- The app, on a database of its own ---

class WebAppTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("paragraf-web-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    app_ = MakeApp(kToken).release();
    // The protocols come in through the upload, as from a browser.
    WebRequest upload = WithBearer(Post("/api/import"));
    upload.files.push_back(File(kXss));
    upload.files.push_back(File("corpus/documents/socialnamnden-lillby-2025-03-18.txt"));
    for (const char* f :
         {"socialnamnden-ostby-2021-11-17.txt", "socialnamnden-ostby-2022-06-15.txt",
          "kommunfullmaktige-ostby-2021-10-25.txt", "socialnamnden-ostby-2022-02-16.txt"}) {
      upload.files.push_back(File(std::string("corpus/followups/documents/") + f));
    }
    WebResponse r = app_->Handle(upload);
    ASSERT_EQ(r.status, 200) << r.body;
    const nlohmann::json job = JsonOf(r);
    for (const auto& result : job["results"]) {
      ASSERT_EQ(result["outcome"], "imported") << result.dump();
    }
  }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static std::unique_ptr<WebApp> MakeApp(std::optional<std::string> token,
                                         size_t max_file_bytes = 25u << 20) {
    WebOptions options;
    options.db = *dir_ / "web.db";
    options.token = std::move(token);
    options.max_file_bytes = max_file_bytes;
    Result<Grammar> grammar = Grammar::LoadDefault();
    EXPECT_TRUE(grammar.ok());
    Result<std::unique_ptr<WebApp>> app = WebApp::Create(options, std::move(grammar).value());
    EXPECT_TRUE(app.ok()) << app.status().message();
    return app.ok() ? std::move(app).value() : nullptr;
  }

  static WebResponse Handle(const WebRequest& r) { return app_->Handle(r); }

  // The id in the first "/<prefix>/<id>" link of `html` after `anchor`.
  static std::string LinkAfter(const std::string& html, const std::string& prefix,
                               const std::string& anchor) {
    size_t at = html.find(anchor);
    if (at == std::string::npos) return "";
    at = html.find("href=\"/" + prefix + "/", at);
    if (at == std::string::npos) return "";
    at += 8 + prefix.size();
    return html.substr(at, html.find('"', at) - at);
  }

  // The id of the first "/<prefix>/<id>" link whose text starts with `text`.
  static std::string LinkTo(const std::string& html, const std::string& prefix,
                            const std::string& text) {
    const size_t end = html.find("\">" + text);
    if (end == std::string::npos) return "";
    size_t at = html.rfind("href=\"/" + prefix + "/", end);
    if (at == std::string::npos) return "";
    at += 8 + prefix.size();
    return html.substr(at, end - at);
  }

  static std::string XssMeetingId() {
    WebResponse list = Handle(Get("/api/meetings"));
    for (const auto& m : JsonOf(list)) {
      if (m["path"].get<std::string>().find("xss-kulturnamnden") != std::string::npos) {
        return std::to_string(m["id"].get<int64_t>());
      }
    }
    return "";
  }

  static fs::path* dir_;
  static WebApp* app_;
};

fs::path* WebAppTest::dir_ = nullptr;
WebApp* WebAppTest::app_ = nullptr;

TEST_F(WebAppTest, EveryTextOfTheXssDocumentIsEscaped) {
  const std::string meeting = XssMeetingId();
  ASSERT_FALSE(meeting.empty());
  WebResponse page = Handle(Get("/sammantrade/" + meeting));
  ASSERT_EQ(page.status, 200);
  const std::string paragraph = LinkTo(page.body, "paragraf", "Bidrag till");
  ASSERT_FALSE(paragraph.empty());
  const std::vector<std::string> pages = {"/sammantrade/" + meeting,
                                          "/paragraf/" + paragraph,
                                          "/sok?q=bidrag+föreningen",
                                          "/sok?q=parken",
                                          "/balanslista?per=2023-07-01&organ=Kulturnämnden",
                                          "/sammantraden",
                                          "/"};
  for (const std::string& target : pages) {
    WebResponse r = Handle(Get(target));
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("<svg"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("<b>fet"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("<i>för"), std::string::npos) << target;
    EXPECT_NE(r.Header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  }
  WebResponse p = Handle(Get("/paragraf/" + paragraph));
  EXPECT_NE(
      p.body.find("Bidrag till föreningen &quot;&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"
                  "&quot; &amp; Co"),
      std::string::npos);
  // JSON carries the text as it is, for programs to escape as they need.
  WebResponse api = Handle(Get("/api/paragraphs/" + paragraph));
  EXPECT_EQ(JsonOf(api)["title"], "Bidrag till föreningen \"<script>alert('xss')</script>\" & Co");
  EXPECT_EQ(api.content_type, "application/json; charset=utf-8");
}

TEST_F(WebAppTest, MalformedRequestsGetA4xxWithAMessage) {
  const struct {
    const char* method;
    const char* target;
    int status;
  } cases[] = {
      {"GET", "/sok?q=avtal&fran=2021-13-45", 400},
      {"GET", "/sok?q=avtal&i=overallt", 400},
      {"GET", "/sok?q=avtal&sida=abc", 400},
      {"GET", "/sok?q=avtal&sida=0", 400},
      {"GET", "/sok?q=NOT", 400},
      {"GET", "/sok?q=avtal+OR", 400},
      {"GET", "/api/search", 400},
      {"GET", "/api/search?q=%22", 400},
      {"GET", "/paragraf/abc", 404},
      {"GET", "/paragraf/99999999", 404},
      {"GET", "/paragraf/99999999999999999999999", 404},
      {"GET", "/sammantrade/-1", 404},
      {"GET", "/sammantrade/0", 404},
      {"GET", "/api/meetings/x", 404},
      {"GET", "/dokument/1/kalla/../../../etc/passwd", 404},
      {"GET", "/dokument/%2e%2e/kalla", 404},
      {"GET", "/balanslista?per=ig%C3%A5r", 400},
      {"GET", "/balanslista?typ=fest", 400},
      {"GET", "/balanslista?status=kanske", 400},
      {"GET", "/balanslista/ladda-ned?format=pdf", 400},
      {"GET", "/balanslista/ladda-ned", 400},
      {"GET", "/hitta?datum=igår&nr=1", 400},
      {"GET", "/hitta?datum=2021-11-17&nr=x", 400},
      {"GET", "/hitta?organ=Socialn%C3%A4mnden&datum=2021-11-17&nr=999", 404},
      {"GET", "/uppfoljning/finns-inte", 404},
      {"GET", "/uppfoljning/Socialn%C3%A4mnden-2021-11-17-90-1?per=x", 400},
      {"GET", "/importera/okand", 404},
      {"GET", "/api/import/okand", 404},
      {"GET", "/finns/inte", 404},
      {"DELETE", "/sok", 405},
      {"PUT", "/api/followups/x/actions", 405},
      {"GET", "/logga-ut", 405},
  };
  for (const auto& c : cases) {
    WebRequest r = Get(c.target);
    r.method = c.method;
    WebResponse response = Handle(r);
    EXPECT_EQ(response.status, c.status) << c.method << " " << c.target;
    if (r.WantsJson()) {
      EXPECT_TRUE(JsonOf(response).contains("error")) << c.target;
    } else {
      EXPECT_NE(response.body.find("class=\"error\""), std::string::npos) << c.target;
    }
  }
}

TEST_F(WebAppTest, WritesNeedTheTokenOrALoginWithItsCsrfField) {
  const std::string key = "/uppfoljning/" + PercentEncode("Socialnämnden-2021-11-17-90-1");
  WebResponse anonymous = Handle(Post(key, {{"atgard", "close"}, {"notering", "x"}}));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(Handle(WithBearer(Post("/api/import"), "fel-token-0123456789")).status, 401);
  WebResponse no_files = Handle(WithBearer(Post("/api/import")));
  EXPECT_EQ(no_files.status, 400);

  WebResponse wrong = Handle(Post("/logga-in", {{"token", "fel"}}));
  EXPECT_EQ(wrong.status, 403);
  WebResponse login = Handle(Post("/logga-in", {{"token", kToken}, {"nasta", "//evil.example/"}}));
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("Location"), "/");  // never to another site
  const std::string cookie = login.Header("Set-Cookie");
  ASSERT_NE(cookie.find("HttpOnly; SameSite=Strict"), std::string::npos);
  const std::string session = cookie.substr(0, cookie.find(';'));

  WebRequest page = Get(key);
  page.headers["cookie"] = session;
  WebResponse form = Handle(page);
  ASSERT_EQ(form.status, 200);
  const size_t at = form.body.find("name=\"csrf\" value=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = form.body.substr(at + 19, 64);

  WebRequest forged = Post(key, {{"atgard", "close"}, {"notering", "x"}, {"csrf", "0"}});
  forged.headers["cookie"] = session;
  EXPECT_EQ(Handle(forged).status, 403);

  WebRequest no_note = Post(key, {{"atgard", "close"}, {"csrf", csrf}});
  no_note.headers["cookie"] = session;
  EXPECT_EQ(Handle(no_note).status, 400);

  WebRequest close = Post(key, {{"atgard", "close"},
                                {"notering", "Klart <b>enligt</b> skrivelse"},
                                {"hanvisning", "SN 2022-06-15 § 20"},
                                {"galler_fran", "2022-07-01"},
                                {"csrf", csrf}});
  close.headers["cookie"] = session;
  WebResponse closed = Handle(close);
  ASSERT_EQ(closed.status, 303) << closed.body;
  WebResponse after = Handle(Get(key + "?per=2022-07-02"));
  EXPECT_NE(after.body.find(">Avslutad<"), std::string::npos);
  EXPECT_NE(after.body.find("Klart &lt;b&gt;enligt&lt;/b&gt; skrivelse"), std::string::npos);

  WebResponse reopen = Handle(WithBearer(
      Post("/api/followups/" + PercentEncode("Socialnämnden-2021-11-17-90-1") + "/actions",
           {{"action", "reopen"}, {"note", "Saknar budget"}, {"on", "2022-07-02"}})));
  EXPECT_EQ(reopen.status, 200) << reopen.body;
  EXPECT_EQ(JsonOf(reopen)["action"], "reopen");
  WebResponse unknown =
      Handle(WithBearer(Post("/api/followups/finns-inte/actions", {{"action", "reopen"}})));
  EXPECT_EQ(unknown.status, 404);
}

TEST_F(WebAppTest, WithoutATokenEveryWriteIsRefusedWithAMessage) {
  std::unique_ptr<WebApp> read_only = MakeApp(std::nullopt);
  ASSERT_TRUE(read_only);
  for (const WebRequest& r :
       {WithBearer(Post("/api/import")), Post("/importera"), Post("/logga-in", {{"token", kToken}}),
        Post("/uppfoljning/x", {{"atgard", "close"}})}) {
    WebResponse response = read_only->Handle(r);
    EXPECT_EQ(response.status, 403) << r.path;
    EXPECT_NE(response.body.find("PARAGRAF_WEB_TOKEN"), std::string::npos) << r.path;
  }
  EXPECT_EQ(read_only->Handle(Get("/sok?q=avtal")).status, 200);
  WebOptions bad;
  bad.db = *dir_ / "web.db";
  bad.token = "kort";
  EXPECT_FALSE(WebApp::Create(bad, *Grammar::LoadDefault()).ok());
}

TEST_F(WebAppTest, UploadsAreLimitedInSizeAndType) {
  std::unique_ptr<WebApp> small = MakeApp(kToken, 1000);
  ASSERT_TRUE(small);
  WebRequest big = WithBearer(Post("/api/import"));
  big.files.push_back(File("corpus/documents/socialnamnden-lillby-2025-03-18.txt"));
  EXPECT_EQ(small->Handle(big).status, 413);

  WebRequest exe = WithBearer(Post("/api/import"));
  exe.files.push_back(UploadedFile{"filer", "../../etc/passwd.sh", "text/plain", "#!/bin/sh\n"});
  WebResponse refused = Handle(exe);
  EXPECT_EQ(refused.status, 415);
  EXPECT_NE(JsonOf(refused)["error"].get<std::string>().find("passwd.sh"), std::string::npos);

  WebRequest fake = WithBearer(Post("/api/import"));
  fake.files.push_back(UploadedFile{"filer", "../protokoll.pdf", "application/pdf", "inte en pdf"});
  fake.files.push_back(UploadedFile{"filer", "tom.txt", "text/plain", ""});
  WebResponse job = Handle(fake);
  ASSERT_EQ(job.status, 200);
  const nlohmann::json results = JsonOf(job)["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["name"], "protokoll.pdf");  // no path from the request survives
  EXPECT_EQ(results[0]["outcome"], "failed");
  EXPECT_NE(results[0]["message"].get<std::string>().find("PDF"), std::string::npos);
  EXPECT_EQ(results[1]["outcome"], "failed");
}

TEST_F(WebAppTest, TheSameFileAgainIsUnchangedAndItsSourceIsServedById) {
  WebRequest again = WithBearer(Post("/api/import"));
  again.files.push_back(File(kXss));
  const nlohmann::json job = JsonOf(Handle(again));
  ASSERT_EQ(job["results"].size(), 1u);
  EXPECT_EQ(job["results"][0]["outcome"], "unchanged");
  ASSERT_TRUE(job["results"][0]["document_id"].is_number());
  const int64_t id = job["results"][0]["document_id"].get<int64_t>();

  WebResponse source = Handle(Get(fmt::format("/dokument/{}/kalla", id)));
  ASSERT_EQ(source.status, 200);
  EXPECT_EQ(source.body, ReadFile(kXss));
  EXPECT_EQ(source.content_type, "text/plain; charset=utf-8");  // never as HTML
  EXPECT_NE(source.Header("Content-Security-Policy").find("sandbox"), std::string::npos);
}

TEST_F(WebAppTest, SearchHasFacetsSnippetsAndPages) {
  WebResponse r = Handle(Get("/api/search?q=kartl%C3%A4ggningen+av+heml%C3%B6sheten"));
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json j = JsonOf(r);
  ASSERT_GE(j["total"].get<int>(), 2);
  EXPECT_EQ(j["hits"][0]["body"], "Socialnämnden");
  EXPECT_NE(j["hits"][0]["snippet"].get<std::string>().find('['), std::string::npos);
  EXPECT_FALSE(j["facets"]["years"].empty());
  EXPECT_EQ(j["facets"]["bodies"][0]["value"], "Socialnämnden");

  WebResponse html = Handle(Get("/sok?q=kartl%C3%A4ggningen+av+hemlösheten"));
  EXPECT_NE(html.body.find("<mark>"), std::string::npos);
  EXPECT_NE(html.body.find("aria-labelledby=\"facet-organ\""), std::string::npos);

  WebResponse direct = Handle(Get("/sok?q=SON+2025%2F22"));
  EXPECT_NE(direct.body.find("Direkt träff"), std::string::npos);
}

TEST_F(WebAppTest, AParagraphShowsItsTrailBothWays) {
  WebResponse origin = Handle(Get("/hitta?organ=Socialn%C3%A4mnden&datum=2021-11-17&nr=90"));
  ASSERT_EQ(origin.status, 303);
  const std::string from = origin.Header("Location");
  WebResponse page = Handle(Get(from));
  ASSERT_EQ(page.status, 200);
  const std::string later = LinkAfter(page.body, "paragraf", "Följs upp i");
  ASSERT_FALSE(later.empty()) << page.body;
  WebResponse answer = Handle(Get("/paragraf/" + later));
  EXPECT_NE(answer.body.find("Det här beslutet svarar på"), std::string::npos);
  EXPECT_NE(answer.body.find("href=\"" + from + "\""), std::string::npos);
  const nlohmann::json api = JsonOf(Handle(Get("/api/paragraphs/" + later)));
  ASSERT_FALSE(api["followups"]["answers"].empty());
  EXPECT_EQ(api["followups"]["answers"][0]["paragraph_url"], from);
}

TEST_F(WebAppTest, TheBalanslistaDownloadsInEveryFormat) {
  const struct {
    const char* format;
    const char* type;
    const char* starts;
  } cases[] = {{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
               {"csv", "text/csv; charset=utf-8", "\xEF\xBB\xBF"},
               {"md", "text/markdown; charset=utf-8", "#"},
               {"json", "application/json; charset=utf-8", "{"},
               {"html", "text/html; charset=utf-8", "<!"}};
  for (const auto& c : cases) {
    WebResponse r = Handle(Get(fmt::format(
        "/balanslista/ladda-ned?per=2022-01-01&organ=Socialn%C3%A4mnden&format={}", c.format)));
    ASSERT_EQ(r.status, 200) << c.format << r.body;
    EXPECT_EQ(r.content_type, c.type);
    EXPECT_EQ(r.body.rfind(c.starts, 0), 0u) << c.format;
    EXPECT_NE(
        r.Header("Content-Disposition").find("balanslista-2022-01-01." + std::string(c.format)),
        std::string::npos);
  }
  const nlohmann::json list = JsonOf(Handle(Get("/api/balanslista?per=2022-01-01")));
  EXPECT_GT(list["summary"]["total"].get<int>(), 0);
  WebResponse page = Handle(Get("/balanslista?per=2022-01-01&typ=uppdrag"));
  EXPECT_NE(page.body.find("<caption>Uppdrag"), std::string::npos);
  EXPECT_EQ(page.body.find("<caption>Motion"), std::string::npos);
}

TEST(ServeCommand, RefusesATokenItCannotUse) {
  auto run = [](const std::string& args) {
    const std::string cmd = std::string(PARAGRAF_BINARY) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string output;
    char buffer[4096];
    for (size_t n; pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      output.append(buffer, n);
    }
    const int status = pipe != nullptr ? pclose(pipe) : -1;
    return std::pair<int, std::string>{WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
  };
  const fs::path db =
      fs::temp_directory_path() / ("paragraf-serve-" + std::to_string(::getpid()) + ".db");
  auto [code, output] = run("serve --db " + db.string() + " --token-file /finns/inte --port 0");
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("--token-file /finns/inte"), std::string::npos) << output;
  std::tie(code, output) = run("serve --db " + db.string() +
                               " --port 0 --bind 127.0.0.1 "
                               "--token-file /dev/null");
  EXPECT_EQ(code, 2) << output;
  std::tie(code, output) = run("serve --port 70000");
  EXPECT_EQ(code, 2) << output;
  fs::remove(db);
}

TEST(StoreReadOnly, RefusesEveryWriteAndAMissingFile) {
  const fs::path dir = fs::temp_directory_path() / ("paragraf-ro-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  EXPECT_EQ(Store::OpenReadOnly(dir / "saknas.db").status().code(), Status::Code::kNotFound);
  { ASSERT_TRUE(Store::Open(dir / "a.db").ok()); }
  Result<std::unique_ptr<Store>> store = Store::OpenReadOnly(dir / "a.db");
  ASSERT_TRUE(store.ok()) << store.status().message();
  Document doc;
  doc.source.path = "x.txt";
  doc.source.sha256 = "00";
  EXPECT_FALSE((*store)->Import(doc).ok());
  EXPECT_TRUE((*store)->Stats().ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace paragraf::web
