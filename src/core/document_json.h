// The JSON contract of `paragraf parse --json` (schema 1).
//
// Field names are part of the interface: never rename or remove one without
// bumping kJsonSchemaVersion. Dates are ISO 8601, numbers are numbers,
// unknown values are null or empty arrays, never invented.
#pragma once

#include <nlohmann/json.hpp>

#include "core/document.h"

namespace paragraf {

inline constexpr int kJsonSchemaVersion = 1;

// Converts the whole document, with "schema" first.
nlohmann::ordered_json ToJson(const Document& document);

}  // namespace paragraf
