#include "store/keys.h"

#include <algorithm>

#include "core/date.h"

namespace paragraf::store_internal {

namespace {

// UTF-8 for U+00C0..U+00DE (À..Þ) and U+00E0..U+00FE (à..þ) is 0xC3 followed
// by 0x80..0x9E and 0xA0..0xBE; upper and lower case differ by 0x20 in the
// second byte. U+00D7 (×) and U+00F7 (÷) are not letters.
constexpr unsigned char kLatin1Lead = 0xC3;

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the space character at text[i] (ASCII whitespace, U+00A0 no-break
// space, U+202F narrow no-break space), or 0 when there is none.
size_t SpaceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  if (IsAsciiSpace(byte(i))) return 1;
  if (byte(i) == 0xC2 && i + 1 < text.size() && byte(i + 1) == 0xA0) return 2;
  if (byte(i) == 0xE2 && i + 2 < text.size() && byte(i + 1) == 0x80 && byte(i + 2) == 0xAF) {
    return 3;
  }
  return 0;
}

// Appends text[i] (and, for a Latin-1 letter, text[i + 1]) to `out` in the
// wanted case. Returns how many bytes were consumed.
size_t AppendCased(std::string_view text, size_t i, bool upper, std::string& out) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    out.push_back(static_cast<char>(c));
    return 1;
  }
  if (c == kLatin1Lead && i + 1 < text.size()) {
    auto next = static_cast<unsigned char>(text[i + 1]);
    if (upper && next >= 0xA0 && next <= 0xBE && next != 0xB7) next -= 0x20;
    if (!upper && next >= 0x80 && next <= 0x9E && next != 0x97) next += 0x20;
    out.push_back(static_cast<char>(c));
    out.push_back(static_cast<char>(next));
    return 2;
  }
  out.push_back(static_cast<char>(c));
  return 1;
}

}  // namespace

std::string FoldKey(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    if (size_t space = SpaceLength(text, i); space > 0) {
      pending_space = !out.empty();
      i += space;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    i += AppendCased(text, i, /*upper=*/false, out);
  }
  return out;
}

std::string ActivityKey(std::string_view text) {
  // The first sentence: up to ". " or " (" (a parenthesis adds who or what).
  size_t end = text.size();
  for (std::string_view stop : {". ", " ("}) end = std::min(end, text.find(stop));
  std::string cut;
  cut.reserve(end);
  for (char c : text.substr(0, end)) {
    // ASCII punctuation and quotes become spaces; letters beyond ASCII
    // (å, ä, ö and their UTF-8 bytes) stay.
    const auto b = static_cast<unsigned char>(c);
    const bool ascii_word =
        (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80;
    cut.push_back(ascii_word ? c : ' ');
  }
  std::string out = FoldKey(cut);
  // Typographic quotes (U+201C, U+201D, U+201E, U+00AB, U+00BB) are letters
  // to the loop above: drop them here.
  for (std::string_view quote : {"\u201C", "\u201D", "\u201E", "\u00AB", "\u00BB"}) {
    for (size_t at; (at = out.find(quote)) != std::string::npos;) out.erase(at, quote.size());
  }
  return FoldKey(out);
}

std::string NormalizeCaseNumber(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (size_t space = SpaceLength(text, i); space > 0) {
      i += space;
      continue;
    }
    i += AppendCased(text, i, /*upper=*/true, out);
  }
  return out;
}

std::string IdentityKey(const Document& document) {
  // Only a meeting's minutes and its agenda are one-per-meeting documents:
  // a new file for the same body, date and kind is a new version. An
  // extract is identified by the paragraphs it holds as well; reports and
  // attachments (several a day) by their path.
  const bool per_meeting = document.kind == DocumentKind::kProtokoll ||
                           document.kind == DocumentKind::kKallelse ||
                           document.kind == DocumentKind::kProtokollsutdrag;
  if (per_meeting && document.body && document.date && document.date->ok()) {
    std::string key = document.body->name;
    key += '|';
    key += FormatIsoDate(*document.date);
    key += '|';
    key += ToString(document.kind);
    if (document.kind == DocumentKind::kProtokollsutdrag) {
      for (const Paragraph& p : document.paragraphs) {
        key += p.number ? "|" + std::to_string(*p.number) : "|-";
      }
    }
    return key;
  }
  return "path:" + document.source.path;
}

}  // namespace paragraf::store_internal
