// Parse throughput: extract (Poppler words for a PDF) + layout + parse,
// without the database, on the files given (PDF, text or Markdown),
// `--repeat` times over. Grammar and dictionary are loaded once, before the
// clock starts (their load time is printed on its own). Prints one line per
// measure, read by tools/bench:
//   load_seconds 0.081
//   pages 36 seconds 0.412 pages_per_second 87.4 paragraphs 120
//   bytes 181234 mb_per_second 2.1
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "parse/parser.h"

int main(int argc, char** argv) {
  int repeat = 3;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty() || repeat < 1) {
    std::cerr << "usage: paragraf_bench [--repeat N] FILE.pdf...\n";
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const auto load_start = Clock::now();
  auto grammar = paragraf::Grammar::LoadDefault();
  if (!grammar.ok()) {
    std::cerr << grammar.status().ToString() << "\n";
    return 5;
  }
  paragraf::DocumentParser parser(*grammar);
  // Like pdftotext, which it is measured against: the text layer only. OCR is
  // a second path, timed on its own (tools/bench, "OCR").
  paragraf::ParseOptions options;
  options.ocr = paragraf::OcrMode::kNever;
  {
    // The first PDF loads the spelling dictionary; keep that out of the loop.
    auto warm = parser.ParseFile(files.front(), options);
    if (!warm.ok()) {
      std::cerr << warm.status().ToString() << "\n";
      return 1;
    }
  }
  const double load = std::chrono::duration<double>(Clock::now() - load_start).count();
  long pages = 0;
  size_t paragraphs = 0;
  uintmax_t bytes = 0;
  const auto start = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const auto& file : files) {
      auto doc = parser.ParseFile(file, options);
      if (!doc.ok()) {
        std::cerr << doc.status().ToString() << "\n";
        return 1;
      }
      pages += doc->source.pages;
      paragraphs += doc->paragraphs.size();
      std::error_code error;
      bytes += std::filesystem::file_size(file, error);
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << fmt::format("load_seconds {:.3f}\n", load);
  std::cout << fmt::format("pages {} seconds {:.3f} pages_per_second {:.1f} paragraphs {}\n", pages,
                           seconds, static_cast<double>(pages) / seconds, paragraphs);
  std::cout << fmt::format("bytes {} mb_per_second {:.2f}\n", bytes,
                           static_cast<double>(bytes) / 1e6 / seconds);
  return 0;
}
