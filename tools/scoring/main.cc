// paragraf_score: parses every document of a corpus and scores it against
// its annotation (corpus/expected/<name>.json). Prints precision, recall and
// F1 per field and in total; with --baseline FILE, exits 1 when a field's
// F1 is below the committed baseline; with --write-baseline FILE, writes it.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/document_json.h"
#include "parse/parser.h"
#include "score.h"

namespace fs = std::filesystem;
using paragraf::FieldScore;

int main(int argc, char** argv) {
  std::string corpus = "corpus", baseline, write_baseline;
  bool by_document = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--baseline" && i + 1 < argc) {
      baseline = argv[++i];
    } else if (arg == "--write-baseline" && i + 1 < argc) {
      write_baseline = argv[++i];
    } else if (arg == "--by-document") {
      by_document = true;
    } else {
      corpus = arg;
    }
  }
  auto grammar = paragraf::Grammar::LoadDefault();
  if (!grammar.ok()) {
    std::cerr << grammar.status().ToString() << "\n";
    return 5;
  }
  paragraf::DocumentParser parser(*grammar);
  std::vector<fs::path> docs;
  for (const auto& e : fs::directory_iterator(fs::path(corpus) / "documents"))
    docs.push_back(e.path());
  std::sort(docs.begin(), docs.end());
  std::map<std::string, FieldScore> total;
  int scored = 0;
  for (const auto& path : docs) {
    const fs::path gold_path = fs::path(corpus) / "expected" / (path.stem().string() + ".json");
    std::ifstream in(gold_path);
    if (!in) {
      std::cerr << "score: no annotation " << gold_path << "\n";
      return 1;
    }
    const auto gold = nlohmann::json::parse(in, nullptr, false);
    if (gold.is_discarded()) {
      std::cerr << "score: " << gold_path << " is not valid JSON\n";
      return 1;
    }
    auto doc = parser.ParseFile(path, {});
    if (!doc.ok()) {
      std::cerr << "score: " << doc.status().ToString() << "\n";
      return 1;
    }
    const auto parsed = nlohmann::json::parse(paragraf::ToJson(*doc).dump());
    const auto scores = paragraf::ScoreDocument(parsed, gold);
    ++scored;
    if (by_document) {
      std::string worst;
      for (const auto& [field, s] : scores) {
        if (s.f1() < 0.999) worst += fmt::format(" {} {:.2f}", field, s.f1());
      }
      std::cout << fmt::format("{:<50}{}\n", path.filename().string(),
                               worst.empty() ? " all fields 1.00" : worst);
    }
    for (const auto& [field, s] : scores) total[field].Add(s);
  }
  std::cout << fmt::format("{} documents\n{:<14}{:>7}{:>7}{:>8}{:>8}{:>8}{:>8}\n", scored, "field",
                           "gold", "found", "right", "P", "R", "F1");
  FieldScore all;
  nlohmann::ordered_json base;
  for (const auto& field : paragraf::ScoredFields()) {
    const FieldScore& s = total[field];
    all.Add(s);
    std::cout << fmt::format("{:<14}{:>7}{:>7}{:>8}{:>8.3f}{:>8.3f}{:>8.3f}\n", field, s.gold,
                             s.predicted, s.correct, s.precision(), s.recall(), s.f1());
    base[field] = std::floor(s.f1() * 1000) / 1000;
  }
  std::cout << fmt::format("{:<14}{:>7}{:>7}{:>8}{:>8.3f}{:>8.3f}{:>8.3f}\n", "total", all.gold,
                           all.predicted, all.correct, all.precision(), all.recall(), all.f1());
  if (!write_baseline.empty()) {
    std::ofstream(write_baseline) << base.dump(2) << "\n";
    std::cout << "baseline written to " << write_baseline << "\n";
  }
  if (!baseline.empty()) {
    std::ifstream bin(baseline);
    if (!bin) {
      std::cerr << "score: no baseline " << baseline << "\n";
      return 1;
    }
    const auto committed = nlohmann::json::parse(bin, nullptr, false);
    if (committed.is_discarded()) {
      std::cerr << "score: " << baseline << " is not valid JSON\n";
      return 1;
    }
    int below = 0;
    for (const auto& field : paragraf::ScoredFields()) {
      const double want = committed.value(field, 0.0);
      const double got = total[field].f1();
      if (got + 1e-9 < want) {
        std::cout << fmt::format("below baseline: {} F1 {:.3f} < {:.3f}\n", field, got, want);
        ++below;
      }
    }
    if (below > 0) return 1;
    std::cout << "every field at or above its baseline (" << baseline << ")\n";
  }
  return 0;
}
