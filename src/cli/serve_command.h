// paragraf serve: the web app on a local port (src/web).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace paragraf::cli {

struct ServeOptions {
  std::string db;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string token_file;  // else $PARAGRAF_WEB_TOKEN; neither: writes refused
  std::string uploads;     // default <db>.uploads
};

CLI::App* AddServeCommand(CLI::App& app, ServeOptions* options);

// Exit codes as main.cc's: 0 stopped by SIGINT/SIGTERM, 1 cannot listen,
// 2 usage (a token file that cannot be read, a token too short),
// 3 database, 5 grammar.
int RunServe(const ServeOptions& options);

}  // namespace paragraf::cli
