#include "cli/export_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "store/store.h"

namespace paragraf::cli {

namespace {

enum ExitCode { kOk = 0, kUsage = 2, kDatabase = 3 };

// One line: where the document came from, then the parsed document in the
// JSON contract of `paragraf parse --json`, as stored at import.
std::string Line(const StoredDocument& d, const std::string& document_json) {
  nlohmann::ordered_json head = {
      {"schema", 1},
      {"id", d.id},
      {"path", d.path},
      {"sha256", d.sha256},
      {"kind", d.kind},
      {"body", d.body ? nlohmann::ordered_json(d.body->name) : nlohmann::ordered_json(nullptr)},
      {"abbreviation", d.body && d.body->abbreviation
                           ? nlohmann::ordered_json(*d.body->abbreviation)
                           : nlohmann::ordered_json(nullptr)},
      {"date",
       d.date ? nlohmann::ordered_json(FormatIsoDate(*d.date)) : nlohmann::ordered_json(nullptr)},
      {"paragraphs", d.paragraphs}};
  std::string line = head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line.pop_back();  // the closing brace: the document goes inside
  line += ",\"document\":";
  line += document_json;
  line += "}\n";
  return line;
}

}  // namespace

CLI::App* AddExportCommand(CLI::App& app, ExportOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "export", "skriv ut hela databasen för ett annat system: ett dokument per rad (JSON Lines)");
  cmd->add_flag("--jsonl", o->jsonl, "JSON Lines: ett tolkat dokument per rad")->required();
  cmd->add_option("--out", o->out, "fil att skriva till (standard: standard ut)");
  return cmd;
}

int RunExport(const ExportOptions& o) {
  auto store = Store::Open(o.db);
  if (!store.ok()) {
    std::cerr << "paragraf export: " << store.status().message() << "\n";
    return kDatabase;
  }
  Result<std::vector<StoredDocument>> documents = (*store)->ListDocuments();
  if (!documents.ok()) {
    std::cerr << "paragraf export: " << documents.status().message() << "\n";
    return kDatabase;
  }
  // A file is written beside its name and renamed when whole.
  const bool to_file = !o.out.empty() && o.out != "-";
  const std::string partial = o.out + ".part";
  std::ofstream file;
  if (to_file) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "paragraf export: cannot write " << partial << "\n";
      return kUsage;
    }
  }
  std::ostream& out = to_file ? static_cast<std::ostream&>(file) : std::cout;
  size_t written = 0;
  for (const StoredDocument& d : *documents) {
    Result<std::string> json = (*store)->DocumentJson(d.id);
    // Replaced by a newer version since the list was read: not exported.
    if (json.status().code() == Status::Code::kNotFound) continue;
    if (!json.ok()) {
      std::cerr << "paragraf export: " << json.status().message() << "\n";
      return kDatabase;
    }
    out << Line(d, *json);
    ++written;
  }
  out.flush();
  if (!out) {
    std::cerr << "paragraf export: writing failed\n";
    return kUsage;
  }
  if (to_file) {
    file.close();
    std::error_code error;
    std::filesystem::rename(partial, o.out, error);
    if (error) {
      std::cerr << "paragraf export: " << o.out << ": " << error.message() << "\n";
      return kUsage;
    }
  }
  std::cerr << fmt::format("paragraf export: {} dokument\n", written);
  return kOk;
}

}  // namespace paragraf::cli
