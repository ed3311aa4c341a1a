// paragraf: the command line. Maps failures to documented exit codes:
//   0  success
//   1  some input failed (a file that could not be imported or parsed);
//      the rest was still done
//   2  usage error (unknown option, missing argument)
//   3  database error (cannot open, locked, newer schema)
//   4  nothing found (show)
//   5  grammar error (a bad rule in grammars/sv)
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/export_command.h"
#include "cli/followup_commands.h"
#include "cli/import_source.h"
#include "cli/parallel_import.h"
#include "cli/references.h"
#include "cli/search_command.h"
#ifdef PARAGRAF_WEB
#include "cli/serve_command.h"
#endif
#include "core/document_json.h"
#include "parse/parser.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace paragraf;

namespace {

enum ExitCode { kOk = 0, kInputFailed = 1, kUsage = 2, kDatabase = 3, kNotFound = 4, kGrammar = 5 };

constexpr const char* kExitCodes =
    "Exit codes: 0 success, 1 some input failed (the rest was done), 2 usage error,\n"
    "3 database error, 4 nothing found, 5 grammar error.";

std::string DefaultDb() {
  if (const char* env = std::getenv("PARAGRAF_DB"); env != nullptr && *env != '\0') return env;
  return "paragraf.db";
}

struct Common {
  std::string db = DefaultDb();
  std::string body;
  std::string date;
  std::string ocr = "auto";
  int jobs = 1;  // import: parsing threads
};

Result<ParseOptions> MakeOptions(const Common& common) {
  ParseOptions options;
  if (!common.body.empty()) options.body = common.body;
  if (!common.date.empty()) {
    auto d = ParseIsoDate(common.date);
    if (!d)
      return Status::InvalidArgument(fmt::format("--date {}: expected YYYY-MM-DD", common.date));
    options.date = d;
  }
  const std::optional<OcrMode> ocr = ParseOcrMode(common.ocr);
  if (!ocr) {
    return Status::InvalidArgument(
        fmt::format("--ocr {}: expected auto, always or never", common.ocr));
  }
  options.ocr = *ocr;
  return options;
}

// Files to import under `paths`: files as given; folders walked recursively
// for .txt, .md and .pdf files (hidden entries skipped), in path order.
std::vector<fs::path> CollectFiles(const std::vector<std::string>& paths,
                                   std::vector<std::string>* errors) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(
               p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && HasImportableExtension(it->path())) {
          found.push_back(it->path());
        }
      }
      if (ec) errors->push_back(fmt::format("{}: cannot walk folder ({})", p, ec.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(p);  // errors surface when it is read
    }
  }
  return files;
}

Result<Grammar> LoadGrammar() {
  Result<Grammar> grammar = Grammar::LoadDefault();
  if (!grammar.ok()) std::cerr << "paragraf: " << grammar.status().message() << "\n";
  return grammar;
}

int RunImport(const Common& common, const std::vector<std::string>& paths) {
  auto options = MakeOptions(common);
  if (!options.ok()) {
    std::cerr << "paragraf import: " << options.status().message() << "\n";
    return kUsage;
  }
  auto grammar = LoadGrammar();
  if (!grammar.ok()) return kGrammar;
  std::vector<std::string> failures;
  std::vector<fs::path> files = CollectFiles(paths, &failures);
  const bool tty = isatty(STDERR_FILENO) != 0;
  int imported = 0, unchanged = 0, replaced = 0;
  const Status opened = ImportFiles(
      *grammar, common.db, files, *options, common.jobs,
      [&](size_t i, const fs::path& file, const Result<ImportedSource>& outcome) {
        const std::string name = file.string();
        if (tty) {
          std::cerr << fmt::format("\r\033[K[{}/{}] {}", i + 1, files.size(), name) << std::flush;
        }
        if (!outcome.ok()) {
          failures.push_back(outcome.status().message());
          return;
        }
        switch (outcome->outcome) {
          case ImportOutcome::kImported:
            ++imported;
            break;
          case ImportOutcome::kUnchanged:
            ++unchanged;
            break;
          case ImportOutcome::kReplaced:
            ++replaced;
            break;
        }
        if (!outcome->document) return;
        for (const auto& w : outcome->document->warnings) {
          std::cerr << (tty ? "\r\033[K" : "") << "varning: " << name << ": " << w.message << "\n";
        }
      });
  if (!opened.ok()) {
    std::cerr << "paragraf import: " << opened.message() << "\n";
    return kDatabase;
  }
  if (tty) std::cerr << "\r\033[K" << std::flush;
  for (const auto& f : failures) std::cerr << "fel: " << f << "\n";
  std::cout << fmt::format(
      "{} importerade, {} oförändrade, {} ersatta, {} misslyckade ({} filer, databas {})\n",
      imported, unchanged, replaced, failures.size(), files.size(), common.db);
  return failures.empty() ? kOk : kInputFailed;
}

// One line per laid-out line: page:line, flags, text. For finding out why
// a document parses as it does. Flags: F furniture, H<n> heading level,
// E emphasised, T table row (cells separated by " | ").
int PrintLines(const DocumentParser& parser, const std::string& file, const ParseOptions& options) {
  Result<RawSource> source = ReadSource(file);
  if (!source.ok()) {
    std::cerr << "paragraf parse: " << source.status().message() << "\n";
    return kInputFailed;
  }
  Result<DocumentParser::LaidOut> laid_out = parser.LayOut(*source, options);
  if (!laid_out.ok()) {
    std::cerr << "paragraf parse: " << laid_out.status().message() << "\n";
    return kInputFailed;
  }
  for (const std::string& warning : laid_out->warnings) {
    std::cerr << "paragraf parse: " << warning << "\n";
  }
  for (const Line& line : laid_out->layout.lines) {
    std::string flags;
    if (line.furniture) flags += 'F';
    if (line.heading_level > 0) flags += fmt::format("H{}", line.heading_level);
    if (line.emphasized) flags += 'E';
    if (line.is_table_row()) flags += 'T';
    std::string text = line.text;
    if (line.is_table_row()) {
      text.clear();
      for (size_t c = 0; c < line.cells.size(); ++c) text += (c ? " | " : "") + line.cells[c];
    }
    std::cout << fmt::format("{:>3}:{:<3} {:<4} {}\n", line.pos.page, line.pos.line, flags, text);
  }
  return kOk;
}

int RunParse(const Common& common, const std::string& file, bool json, bool lines) {
  auto options = MakeOptions(common);
  if (!options.ok()) {
    std::cerr << "paragraf parse: " << options.status().message() << "\n";
    return kUsage;
  }
  auto grammar = LoadGrammar();
  if (!grammar.ok()) return kGrammar;
  DocumentParser parser(*grammar);
  if (lines) return PrintLines(parser, file, *options);
  Result<Document> doc = parser.ParseFile(file, *options);
  if (!doc.ok()) {
    std::cerr << "paragraf parse: " << doc.status().message() << "\n";
    return kInputFailed;
  }
  if (json) {
    // A file name need not be UTF-8: such bytes are written as U+FFFD.
    std::cout << ToJson(*doc).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    return kOk;
  }
  std::cout << fmt::format("{}: {} ({}), {}, {} paragrafer\n", file, ToString(doc->kind),
                           doc->body ? doc->body->name : "okänt organ",
                           doc->date ? FormatIsoDate(*doc->date) : "okänt datum",
                           doc->paragraphs.size());
  for (const auto& p : doc->paragraphs) {
    std::cout << fmt::format("  {} {}\n", p.number ? fmt::format("§ {}", *p.number) : "–", p.title);
  }
  return kOk;
}

void PrintParagraph(const StoredParagraph& sp, const std::vector<std::string>& notes) {
  const Paragraph& p = sp.paragraph;
  std::string body =
      sp.body ? (sp.body->abbreviation ? *sp.body->abbreviation : sp.body->name) : "okänt organ";
  std::cout << fmt::format("{} {} {}\n", body, sp.date ? FormatIsoDate(*sp.date) : "okänt datum",
                           p.number ? fmt::format("§ {}", *p.number) : "(utan paragrafnummer)");
  std::cout << p.title << "\n";
  if (!p.case_numbers.empty()) {
    std::string cases;
    for (const auto& c : p.case_numbers) cases += (cases.empty() ? "" : ", ") + c;
    std::cout << "Diarienummer: " << cases << "\n";
  }
  std::cout << fmt::format("Källa: {}{}{}\n", sp.document_path,
                           p.pos.page > 0 ? fmt::format(", sida {}", p.pos.page) : "",
                           p.pos.line > 0 ? fmt::format(", rad {}", p.pos.line) : "");
  for (const auto& s : p.sections) {
    std::cout << "\n";
    if (!s.heading.empty()) std::cout << s.heading << "\n";
    if (!s.text.empty()) std::cout << s.text << "\n";
  }
  if (p.decision) {
    std::cout << fmt::format("\nBeslutet i {} punkter{}\n", p.decision->points.size(),
                             p.decision->immediately_adjusted ? " (omedelbart justerat)" : "");
  }
  for (const auto& n : notes) std::cout << "Anteckning: " << n << "\n";
}

// What happened at the meeting, from the stored document: yrkanden,
// propositionsordning, omröstningar, reservationer, jäv and references.
void PrintDeliberation(const nlohmann::json& p) {
  auto person = [](const nlohmann::json& who) {
    std::string s = who.value("name", "");
    if (who.contains("party") && who["party"].is_string())
      s += " (" + who["party"].get<std::string>() + ")";
    if (who.contains("written"))
      s += fmt::format(" [skrivet \"{}\"]", who["written"].get<std::string>());
    return s;
  };
  auto people = [&](const nlohmann::json& list) {
    std::string s;
    for (const auto& who : list) s += (s.empty() ? "" : ", ") + person(who);
    return s;
  };
  const auto& motions = p.value("motions", nlohmann::json::array());
  if (!motions.empty()) std::cout << "\nYrkanden\n";
  for (const auto& m : motions) {
    std::cout << fmt::format(
        "  {}{}: {}{}\n",
        m["number"].is_number() ? fmt::format("{}. ", m["number"].get<int>()) : "", people(m["by"]),
        m.value("kind", ""),
        m["concerns"].is_string() ? " – " + m["concerns"].get<std::string>() : "");
  }
  for (const auto& prop : p.value("propositions", nlohmann::json::array())) {
    std::cout << fmt::format("Proposition: {}{}\n", prop.value("method", ""),
                             prop["outcome"].is_string()
                                 ? "; ordföranden fann: " + prop["outcome"].get<std::string>()
                                 : "");
  }
  for (const auto& v : p.value("votes", nlohmann::json::array())) {
    auto count = [&](const char* key) {
      return v[key].is_number() ? std::to_string(v[key].get<int>()) : std::string("?");
    };
    std::cout << fmt::format("Omröstning: {} ja, {} nej, {} avstår", count("yes"), count("no"),
                             count("abstain"));
    if (v["yes_means"].is_string()) {
      std::cout << fmt::format(" (Ja: {}; Nej: {})", v["yes_means"].get<std::string>(),
                               v["no_means"].is_string() ? v["no_means"].get<std::string>() : "?");
    }
    if (v["outcome"].is_string())
      std::cout << " – " << v["outcome"].get<std::string>() << "-sidan vann";
    std::cout << "\n";
  }
  for (const auto& r : p.value("reservations", nlohmann::json::array())) {
    std::cout << fmt::format(
        "Reservation: {}{}{}\n", people(r["by"]),
        r.value("for_own_motion", false) ? ", till förmån för eget yrkande" : "",
        r.value("written", false) ? ", skriftlig" : "");
  }
  for (const auto& n : p.value("protocol_notes", nlohmann::json::array())) {
    std::cout << "Protokollsanteckning: " << people(n["by"]) << "\n";
  }
  const auto& conflicts = p.value("conflicts", nlohmann::json::array());
  if (!conflicts.empty()) std::cout << "Jäv: " << people(conflicts) << "\n";
  std::string refs;
  for (const auto& r : p.value("references", nlohmann::json::array())) {
    refs += (refs.empty() ? "" : "; ") + r.value("text", std::string());
  }
  if (!refs.empty()) std::cout << "Hänvisningar: " << refs << "\n";
}

int RunShow(const Common& common, const std::string& ref) {
  auto store = Store::Open(common.db);
  if (!store.ok()) {
    std::cerr << "paragraf show: " << store.status().message() << "\n";
    return kDatabase;
  }
  auto found = (*store)->FindParagraphs(cli::ParseRef(ref));
  if (!found.ok()) {
    std::cerr << "paragraf show: " << found.status().message() << "\n";
    return kDatabase;
  }
  if (found->empty()) {
    std::cerr << "paragraf show: inget hittades för " << ref << "\n";
    return kNotFound;
  }
  bool first = true;
  for (const auto& sp : *found) {
    if (!first) std::cout << "\n" << std::string(72, '-') << "\n";
    first = false;
    std::vector<std::string> notes;
    if (sp.body && sp.date && sp.paragraph.number) {
      auto n = (*store)->Notes(sp.body->name, *sp.date, *sp.paragraph.number);
      if (n.ok()) notes = *n;
    }
    PrintParagraph(sp, notes);
    // The deliberation lives in the stored document's JSON.
    if (auto json = (*store)->DocumentJson(sp.document_id); json.ok()) {
      const auto doc = nlohmann::json::parse(*json, nullptr, false);
      try {
        for (const auto& p : doc.value("paragraphs", nlohmann::json::array())) {
          if (p["number"].is_number() && sp.paragraph.number &&
              p["number"].get<int>() == *sp.paragraph.number) {
            PrintDeliberation(p);
            break;
          }
        }
      } catch (const nlohmann::json::exception& e) {
        // A document stored by an older paragraf may lack a field: the
        // paragraph above is shown all the same.
        std::cerr << "paragraf show: " << e.what() << "\n";
      }
    }
  }
  return kOk;
}

int RunStats(const Common& common) {
  auto store = Store::Open(common.db);
  if (!store.ok()) {
    std::cerr << "paragraf stats: " << store.status().message() << "\n";
    return kDatabase;
  }
  auto stats = (*store)->Stats();
  if (!stats.ok()) {
    std::cerr << "paragraf stats: " << stats.status().message() << "\n";
    return kDatabase;
  }
  const StoreStats& s = *stats;
  const std::pair<const char*, int> rows[] = {{"dokument", s.documents},
                                              {"sammanträden", s.meetings},
                                              {"organ", s.bodies},
                                              {"paragrafer", s.paragraphs},
                                              {"avsnitt", s.sections},
                                              {"beslut", s.decisions},
                                              {"diarienummer", s.case_numbers},
                                              {"närvarande", s.attendees},
                                              {"dagordningspunkter", s.agenda_items},
                                              {"yrkanden", s.motions},
                                              {"omröstningar", s.votes},
                                              {"reservationer", s.reservations},
                                              {"uppföljningar", s.followups},
                                              {"hänvisningar", s.references},
                                              {"varningar", s.warnings},
                                              {"anteckningar", s.notes}};
  for (const auto& [label, count] : rows) std::cout << fmt::format("{:<20}{:>8}\n", label, count);
  auto ocr = (*store)->PagesNeedingOcr();
  if (!ocr.ok()) {
    std::cerr << "paragraf stats: " << ocr.status().message() << "\n";
    return kDatabase;
  }
  std::cout << fmt::format("{:<20}{:>8}\n", "sidor att OCR-läsa", ocr->size());
  // Per document: which pages, so a secretariat can rescan or OCR them.
  std::map<std::string, std::vector<int>> by_path;
  for (const auto& p : *ocr) by_path[p.path].push_back(p.page);
  for (auto& [path, pages] : by_path) {
    std::sort(pages.begin(), pages.end());
    std::cout << fmt::format("  {}: sidor {}\n", path, fmt::join(pages, ", "));
  }
  return kOk;
}

}  // namespace

constexpr const char* kOcrHelp =
    "OCR-läs PDF-sidor: auto (sidor med trasigt eller saknat textlager), always, never";
const std::vector<std::string> kOcrModes = {"auto", "always", "never"};

int main(int argc, char** argv) {
  CLI::App app{
      "paragraf: svenska protokoll till ett sökbart register över beslut och uppföljningar"};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  Common common;
  app.add_option("--db", common.db, "databasfil (standard: $PARAGRAF_DB, annars ./paragraf.db)");

  auto* import_cmd = app.add_subcommand("import", "importera filer eller mappar (.pdf, .txt, .md)");
  std::vector<std::string> import_paths;
  import_cmd->add_option("paths", import_paths, "filer eller mappar")->required();
  import_cmd->add_option("--body", common.body, "organ, när texten inte säger det");
  import_cmd->add_option("--date", common.date,
                         "sammanträdesdatum YYYY-MM-DD, när texten inte säger det");
  import_cmd->add_option("--ocr", common.ocr, kOcrHelp)->check(CLI::IsMember(kOcrModes));
  import_cmd
      ->add_option(
          "--jobs,-j", common.jobs,
          "trådar som läser och tolkar filerna (en skriver); samma databas för alla värden")
      ->check(CLI::Range(1, 64));
  import_cmd->footer(kExitCodes);

  auto* parse_cmd = app.add_subcommand("parse", "tolka en fil utan databas");
  std::string parse_file;
  bool parse_json = false;
  parse_cmd->add_option("file", parse_file, "filen att tolka")->required();
  parse_cmd->add_flag("--json", parse_json, "skriv dokumentet som JSON (schema 1)");
  bool parse_lines = false;
  parse_cmd->add_flag("--lines", parse_lines,
                      "skriv raderna som tolken läser dem (F sidhuvud/sidfot, H rubrik, "
                      "E fetstil, T tabellrad)");
  parse_cmd->add_option("--body", common.body, "organ, när texten inte säger det");
  parse_cmd->add_option("--date", common.date, "datum YYYY-MM-DD, när texten inte säger det");
  parse_cmd->add_option("--ocr", common.ocr, kOcrHelp)->check(CLI::IsMember(kOcrModes));
  parse_cmd->footer(kExitCodes);

  auto* show_cmd = app.add_subcommand("show",
                                      "visa en paragraf: 'SVOM 2021-10-08 §9', '\"DRN södra\" "
                                      "2024-05-16 § 36' eller ett diarienummer");
  std::string show_ref;
  show_cmd->add_option("ref", show_ref, "hänvisning")->required();
  show_cmd->footer(kExitCodes);

  auto* stats_cmd = app.add_subcommand("stats", "räkna vad databasen innehåller");
  stats_cmd->footer(kExitCodes);

  cli::SearchOptions search_options;
  CLI::App* search_cmd = cli::AddSearchCommand(app, &search_options);
  cli::ExportOptions export_options;
  CLI::App* export_cmd = cli::AddExportCommand(app, &export_options);
  export_cmd->footer(kExitCodes);
  search_cmd->footer(kExitCodes);

  cli::FollowUpOptions followup_options;
  auto [followup_cmd, balanslista_cmd] = cli::AddFollowUpCommands(app, &followup_options);
  followup_cmd->footer(kExitCodes);
  balanslista_cmd->footer(kExitCodes);

#ifdef PARAGRAF_WEB
  cli::ServeOptions serve_options;
  CLI::App* serve_cmd = cli::AddServeCommand(app, &serve_options);
  serve_cmd->footer(kExitCodes);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  if (*import_cmd) return RunImport(common, import_paths);
  if (*parse_cmd) return RunParse(common, parse_file, parse_json, parse_lines);
  if (*show_cmd) return RunShow(common, show_ref);
  if (*stats_cmd) return RunStats(common);
  followup_options.db = common.db;
  search_options.db = common.db;
  export_options.db = common.db;
  if (*search_cmd) return cli::RunSearch(search_options);
  if (*export_cmd) return cli::RunExport(export_options);
  if (*followup_cmd) return cli::RunFollowUp(*followup_cmd, followup_options);
  if (*balanslista_cmd) return cli::RunBalanslista(followup_options);
#ifdef PARAGRAF_WEB
  if (serve_options.db.empty()) serve_options.db = common.db;
  if (*serve_cmd) return cli::RunServe(serve_options);
#endif
  return kUsage;
}
