// The Swedish grammar the corpus tests parse with, loaded once per test
// binary from the source tree (tests run from the source directory).
#pragma once

#include <stdexcept>

#include "parse/grammar.h"

namespace paragraf {

inline const Grammar& TheGrammar() {
  static const Grammar grammar = [] {
    auto g = Grammar::Load("grammars/sv");
    if (!g.ok()) throw std::runtime_error(g.status().ToString());
    return std::move(*g);
  }();
  return grammar;
}

}  // namespace paragraf
