// paragraf export --jsonl: every stored document as one line of JSON, for
// an engine that indexes a whole national collection (docs/scaling.md).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace paragraf::cli {

struct ExportOptions {
  std::string db;
  std::string out;  // "" or "-": standard output
  bool jsonl = false;
};

CLI::App* AddExportCommand(CLI::App& app, ExportOptions* options);
int RunExport(const ExportOptions& options);

}  // namespace paragraf::cli
