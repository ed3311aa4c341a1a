// Micro-benchmarks (Google Benchmark) of the functions the pipeline spends
// its time in, each on real corpus text, so a change to one stage can be
// measured alone: decoding and normalising text, laying it out into lines,
// parsing the lines, and the Swedish analyzer the full-text index and the
// query parser use. Run from the repository root (it reads corpus/):
//   build/tools/benchmark/paragraf_micro [--benchmark_filter=Parse]
// Each reports bytes per second of its input.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "extract/source.h"
#include "normalize/normalize.h"
#include "normalize/swedish_analyzer.h"
#include "parse/parser.h"

namespace {

// A protocol of the follow-up series: SVOM 2021-12-03, 6 §§ with uppdrag,
// recommendations, a förlängning and an action plan.
constexpr const char* kProtocol = "corpus/followups/documents/svom-2021-12-03.txt";

// The value of `loaded`, or its error on stderr and exit(1): what each
// benchmark needs must load, or there is nothing to measure.
template <typename T>
T OrExit(paragraf::Result<T> loaded) {
  if (!loaded.ok()) {
    std::cerr << loaded.status().ToString() << " (run from the repository root)\n";
    std::exit(1);
  }
  return std::move(*loaded);
}

const paragraf::RawSource& Protocol() {
  static const paragraf::RawSource source = OrExit(paragraf::ReadSource(kProtocol));
  return source;
}

const paragraf::Grammar& TheGrammar() {
  static const paragraf::Grammar grammar = OrExit(paragraf::Grammar::LoadDefault());
  return grammar;
}

const paragraf::SwedishAnalyzer& Analyzer() {
  static const std::unique_ptr<paragraf::SwedishAnalyzer> analyzer =
      OrExit(paragraf::SwedishAnalyzer::Open({}));
  return *analyzer;
}

void BM_NormalizeText(benchmark::State& state) {
  const std::string& bytes = Protocol().text;
  for (auto _ : state) {
    benchmark::DoNotOptimize(paragraf::NormalizeText(bytes));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_NormalizeText);

void BM_LayoutText(benchmark::State& state) {
  const paragraf::DocumentParser parser(TheGrammar());
  for (auto _ : state) {
    auto layout = parser.Layout(Protocol());
    benchmark::DoNotOptimize(layout);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Protocol().text.size()));
}
BENCHMARK(BM_LayoutText);

void BM_ParseLines(benchmark::State& state) {
  const paragraf::DocumentParser parser(TheGrammar());
  auto layout = parser.Layout(Protocol());
  if (!layout.ok()) {
    state.SkipWithError(layout.status().ToString().c_str());
    return;
  }
  const paragraf::ParseOptions options;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parser.ParseLines(*layout, Protocol(), options));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Protocol().text.size()));
}
BENCHMARK(BM_ParseLines);

void BM_AnalyzeForIndex(benchmark::State& state) {
  const std::string text = paragraf::NormalizeText(Protocol().text);
  size_t terms = 0;
  for (auto _ : state) {
    Analyzer().Analyze(text, paragraf::TermUse::kIndex, [&](const paragraf::Term&) { ++terms; });
  }
  benchmark::DoNotOptimize(terms);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AnalyzeForIndex);

void BM_AnalyzeQuery(benchmark::State& state) {
  const std::string query = "hemsjukvårdsavtalet förlängs läkarkontakter";
  size_t terms = 0;
  for (auto _ : state) {
    Analyzer().Analyze(query, paragraf::TermUse::kQuery, [&](const paragraf::Term&) { ++terms; });
  }
  benchmark::DoNotOptimize(terms);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * query.size()));
}
BENCHMARK(BM_AnalyzeQuery);

}  // namespace

BENCHMARK_MAIN();
