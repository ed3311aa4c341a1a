// Edit distance (Levenshtein) over bytes: how many single-byte insertions,
// deletions and substitutions turn one string into another. Used to tell a
// misspelt name from another person, an OCR-misread running header from a
// different line, and (in tests) how alike two texts are.
//
//   EditDistance("Avastsson", "Arvastsson") == 1
//   EditDistance(a, b, 2) > 2   // stops early once the distance exceeds 2
#pragma once

#include <cstddef>
#include <limits>
#include <string_view>

namespace paragraf {

// The distance, or limit + 1 as soon as it is known to exceed `limit`.
size_t EditDistance(std::string_view a, std::string_view b,
                    size_t limit = std::numeric_limits<size_t>::max() - 1);

// 1 - distance / the longer length; 1.0 for two empty strings.
double Similarity(std::string_view a, std::string_view b);

}  // namespace paragraf
