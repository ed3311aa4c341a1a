// paragraf search: full-text search over the stored paragraphs.
#pragma once

#include <string>
#include <utility>

namespace CLI {
class App;
}

namespace paragraf::cli {

struct SearchOptions {
  std::string db;
  std::string query;
  std::string body, from, to, in = "allt", party, person, case_number;
  int limit = 10;
  bool json = false;
};

CLI::App* AddSearchCommand(CLI::App& app, SearchOptions* options);
int RunSearch(const SearchOptions& options);

}  // namespace paragraf::cli
