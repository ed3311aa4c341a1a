#include "cli/serve_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "parse/grammar.h"
#include "web/server.h"
#include "web/web_app.h"

namespace paragraf::cli {

namespace {

enum ExitCode { kOk = 0, kCannotListen = 1, kUsage = 2, kDatabase = 3, kGrammar = 5 };

bool IsLoopback(const std::string& address) {
  return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

// The write token: the first line of `file`, else $PARAGRAF_WEB_TOKEN,
// trimmed; nullopt when neither gives one.
std::optional<std::string> ReadToken(const std::string& file, std::string* error) {
  std::string token;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      *error = fmt::format("--token-file {}: cannot read the file", file);
      return std::nullopt;
    }
    std::getline(in, token);
  } else if (const char* env = std::getenv("PARAGRAF_WEB_TOKEN"); env != nullptr) {
    token = env;
  }
  const size_t start = token.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) {
    if (!file.empty()) *error = fmt::format("--token-file {}: the file is empty", file);
    return std::nullopt;
  }
  token = token.substr(start, token.find_last_not_of(" \t\r\n") - start + 1);
  return token;
}

}  // namespace

CLI::App* AddServeCommand(CLI::App& app, ServeOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "serve", "webben: sök, sammanträden, paragrafer, balanslista och import i webbläsaren");
  cmd->add_option("--db", o->db, "databasfil (som paragraf --db)");
  cmd->add_option("--bind", o->bind,
                  "adress att lyssna på (standard 127.0.0.1: bara den här datorn)");
  cmd->add_option("--port", o->port, "port (standard 8080; 0: en ledig port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--token-file", o->token_file,
                  "fil med token för skrivning (import, åtgärder); annars $PARAGRAF_WEB_TOKEN; "
                  "utan token är webben skrivskyddad");
  cmd->add_option("--uploads", o->uploads,
                  "mapp för uppladdade filer (standard: databasfilen + .uploads)");
  return cmd;
}

int RunServe(const ServeOptions& o) {
  std::string error;
  web::WebOptions options;
  options.db = o.db;
  options.token = ReadToken(o.token_file, &error);
  if (!error.empty()) {
    std::cerr << "paragraf serve: " << error << "\n";
    return kUsage;
  }
  if (!o.uploads.empty()) options.uploads = o.uploads;
  Result<Grammar> grammar = Grammar::LoadDefault();
  if (!grammar.ok()) {
    std::cerr << "paragraf serve: " << grammar.status().message() << "\n";
    return kGrammar;
  }
  const bool writes = options.token.has_value();
  Result<std::unique_ptr<web::WebApp>> app =
      web::WebApp::Create(std::move(options), std::move(grammar).value());
  if (!app.ok()) {
    std::cerr << "paragraf serve: " << app.status().message() << "\n";
    return app.status().code() == Status::Code::kInvalidArgument ? kUsage : kDatabase;
  }
  if (!IsLoopback(o.bind)) {
    std::cerr << fmt::format(
        "paragraf serve: varning: lyssnar på {}, inte bara den här datorn; alla som når "
        "adressen kan läsa databasen\n",
        o.bind);
  }
  web::ServeOptions serve;
  serve.bind = o.bind;
  serve.port = o.port;
  Status status = web::Serve(**app, serve, [&](const std::string& host, int port) {
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::cout << fmt::format("paragraf serve: http://{}:{}/ (databas {}; skrivning {})\n", shown,
                             port, o.db,
                             writes ? "med token"
                                    : "avstängd: ingen token (PARAGRAF_WEB_TOKEN eller "
                                      "--token-file)")
              << std::flush;
  });
  if (!status.ok()) {
    std::cerr << "paragraf serve: " << status.message() << "\n";
    return kCannotListen;
  }
  return kOk;
}

}  // namespace paragraf::cli
