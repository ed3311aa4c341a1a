// Text normalisation: the one place where encodings and Unicode oddities are
// settled. Everything after this stage sees NFC UTF-8 with plain spaces,
// straight quotes, '\n' line ends and "- " bullets. Only this stage includes
// ICU.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paragraf {

// Converts `bytes` to UTF-8. Valid UTF-8 is kept (a BOM is dropped); text
// with a UTF-16 byte order mark is read as UTF-16 in that byte order (a
// stray byte at the end becomes U+FFFD); anything else is identified with
// ICU's charset detector and converted
// (Windows-1252 is preferred to Latin-1, whose superset it is). Sets
// *encoding to the name of the encoding found ("UTF-8", "windows-1252" …).
// Returns InvalidInput when no text encoding fits.
Result<std::string> ToUtf8(std::string_view bytes, std::string* encoding);

// Converts `bytes` from `encoding`, a name ToUtf8 gave ("UTF-8",
// "windows-1252", "UTF-16LE" …), to UTF-8: for a part of a file whose
// encoding ToUtf8 found from the whole. Bytes that do not convert (and
// invalid UTF-8) become U+FFFD; an encoding ICU does not know is read as
// Windows-1252.
std::string ToUtf8From(std::string_view bytes, const std::string& encoding);

// Normalises UTF-8 text once and for all:
//   - NFC; CRLF and CR become LF;
//   - soft hyphens and zero-width characters are removed;
//   - no-break, thin and other odd spaces become ' ';
//   - typographic quotes become '"' and '\'';
//   - ligatures (U+FB00-FB06) are expanded;
//   - bullets at a line start (• · ▪ ● − ‣ and the Symbol-font private-use
//     bullet) become "- ".
// REQUIRES: `utf8` is valid UTF-8.
std::string NormalizeText(std::string_view utf8);

// Lowercases with Swedish rules (å, ä, ö stay letters of their own).
std::string FoldCase(std::string_view utf8);

// The words of `text`, in order: runs of ASCII letters and digits and of
// bytes beyond ASCII (so "2022–2025" and "mötesplatser" are one word each,
// "2022-06-30" three). Views into `text`. For matching the words of folded
// text, not for the search index (SwedishAnalyzer reads words with ICU).
std::vector<std::string_view> Words(std::string_view text);

// Compares two UTF-8 strings in Swedish collation order (ICU locale "sv"):
// å, ä, ö are letters of their own after z ("Zeta" < "Åsa" < "Ärla" <
// "Örjan"), case and accents count only when the letters tie. Returns a
// negative number, 0 or a positive number, as strcmp does. Falls back to
// byte order if ICU has no collator. Thread-safe.
int CompareSwedish(std::string_view a, std::string_view b);

}  // namespace paragraf
