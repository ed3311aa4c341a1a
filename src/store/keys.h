// Lookup keys the store computes in C++ and keeps beside the text they come
// from, so that SQL can compare them with plain `=` (SQLite's lower() and
// NOCASE fold only ASCII, which would miss "DRN SÖDRA" = "drn södra").
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"

namespace paragraf::store_internal {

// A body name or abbreviation folded for case-insensitive comparison: ASCII
// letters lowercased, Å Ä Ö É Ü replaced by å ä ö é ü, runs of ASCII
// whitespace collapsed to one space and trimmed.
//   FoldKey("  DRN  SÖDRA ") == "drn södra"
std::string FoldKey(std::string_view text);

// A diarienummer normalized for lookup: ASCII letters uppercased, å ä ö é ü
// replaced by Å Ä Ö É Ü, and all spaces (ASCII whitespace and U+00A0) removed.
//   NormalizeCaseNumber("drns 2024-00052") == "DRNS2024-00052"
std::string NormalizeCaseNumber(std::string_view text);

// An activity named in an action plan or quoted in a later report, folded
// to its first sentence without punctuation, so that a report quoting a
// row's first sentence finds the row:
//   ActivityKey("Information till medborgarna om fast vårdkontakt. Gemensam …")
//     == ActivityKey("\"Information till medborgarna om fast vårdkontakt\"")
//     == "information till medborgarna om fast vårdkontakt"
std::string ActivityKey(std::string_view text);

// The key under which a newer file replaces an older one:
// "<body name>|<ISO date>|<kind>" when body and date are known, otherwise
// "path:<source path>".
std::string IdentityKey(const Document& document);

}  // namespace paragraf::store_internal
