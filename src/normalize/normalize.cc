#include "normalize/normalize.h"

#include <fmt/format.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cctype>
#include <memory>
#include <utility>

namespace paragraf {

namespace {

bool IsValidUtf8(std::string_view bytes) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(bytes.size());
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// Picks the best single-byte encoding for non-UTF-8 bytes. ICU reports
// ISO-8859-1 for Swedish text without 0x80-0x9F bytes; Windows-1252 reads
// those bytes identically and also the curly quotes and dashes Word writes.
std::string DetectEncoding(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return "windows-1252";
  ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return "windows-1252";
  std::string name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == "ISO-8859-1" || name == "UTF-8") return "windows-1252";
  return name;
}

// Replacement for one code point, or nullptr to keep it. "" deletes it.
const char16_t* Replacement(UChar32 c) {
  switch (c) {
    case 0x00AD:  // soft hyphen
    case 0x200B:  // zero width space
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:  // BOM / zero width no-break space
      return u"";
    case 0x00A0:  // no-break space
    case 0x2000:
    case 0x2001:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2007:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x202F:  // narrow no-break space
    case 0x205F:
    case 0x3000:
      return u" ";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
      return u"\"";
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
      return u"'";
    case 0xFB00:
      return u"ff";
    case 0xFB01:
      return u"fi";
    case 0xFB02:
      return u"fl";
    case 0xFB03:
      return u"ffi";
    case 0xFB04:
      return u"ffl";
    case 0xFB05:
    case 0xFB06:
      return u"st";
    default:
      return nullptr;
  }
}

bool IsBullet(UChar32 c) {
  switch (c) {
    case 0x2022:  // •
    case 0x00B7:  // ·
    case 0x25AA:  // ▪
    case 0x25CF:  // ●
    case 0x2212:  // − minus sign used as a dash bullet
    case 0x2023:  // ‣
    case 0x25E6:  // ◦
    case 0xF0B7:  // Symbol-font bullet in the private use area
    case 0xF0A7:
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<std::string> ToUtf8(std::string_view bytes, std::string* encoding) {
  // A UTF-16 byte order mark names the encoding outright (FF FE and FE FF
  // are never UTF-8); the converter drops the mark.
  const bool utf16_le = bytes.substr(0, 2) == "\xFF\xFE";
  const bool utf16_be = bytes.substr(0, 2) == "\xFE\xFF";
  if (!utf16_le && !utf16_be && IsValidUtf8(bytes)) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (encoding) *encoding = "UTF-8";
    return std::string(bytes);
  }
  const std::string name = utf16_le ? "UTF-16LE" : utf16_be ? "UTF-16BE" : DetectEncoding(bytes);
  if (utf16_le || utf16_be) bytes.remove_prefix(2);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), name.c_str());
  if (text.isBogus()) {
    return Status::InvalidInput(fmt::format("text in an encoding ICU cannot read ({})", name));
  }
  (void)status;
  if (encoding) *encoding = name;
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string ToUtf8From(std::string_view bytes, const std::string& encoding) {
  // ICU's converters put U+FFFD for what they cannot read.
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), encoding.c_str());
  if (text.isBogus()) {
    text = icu::UnicodeString(bytes.data(), static_cast<int32_t>(bytes.size()), "windows-1252");
  }
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string NormalizeText(std::string_view utf8) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString out;
  out.getBuffer(in.length() + 16);
  out.releaseBuffer(0);
  bool line_start = true;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (c == '\r') {
      if (i < in.length() && in.charAt(i) == '\n') continue;  // CRLF: keep the LF
      c = '\n';
    }
    if (line_start && IsBullet(c)) {
      out.append(u"- ");
      // Swallow the spaces that followed the bullet glyph.
      while (i < in.length() &&
             (in.charAt(i) == ' ' || in.charAt(i) == '\t' || in.charAt(i) == 0x00A0)) {
        ++i;
      }
      line_start = false;
      continue;
    }
    if (const char16_t* rep = Replacement(c)) {
      out.append(icu::UnicodeString(rep));
    } else {
      out.append(c);
    }
    if (c == '\n' || c == '\f') {
      line_start = true;
    } else if (c != ' ' && c != '\t') {
      line_start = false;
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString normalized = U_SUCCESS(status) ? nfc->normalize(out, status) : out;
  if (U_FAILURE(status)) normalized = out;
  std::string result;
  normalized.toUTF8String(result);
  return result;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool in_word =
        i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) != 0 ||
                            static_cast<unsigned char>(text[i]) >= 0x80);
    if (in_word) continue;
    if (i > start) out.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

std::string FoldCase(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text.toLower(icu::Locale("sv", "SE"));
  std::string out;
  text.toUTF8String(out);
  return out;
}

namespace {

// The Swedish collator, opened once; nullptr when ICU has no data for it.
// Never used to compare: threads compare with clones of it.
const icu::Collator* SwedishCollator() {
  static const std::unique_ptr<const icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> opened(icu::Collator::createInstance(icu::Locale("sv"), status));
    if (U_FAILURE(status)) opened.reset();
    return std::unique_ptr<const icu::Collator>(std::move(opened));
  }();
  return collator.get();
}

}  // namespace

int CompareSwedish(std::string_view a, std::string_view b) {
  // ICU allows a Collator one thread at a time: each thread has its own clone.
  thread_local const std::unique_ptr<icu::Collator> collator(
      SwedishCollator() != nullptr ? SwedishCollator()->clone() : nullptr);
  if (collator != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult order =
        collator->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                              icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
    if (U_SUCCESS(status)) return order == UCOL_LESS ? -1 : order == UCOL_GREATER ? 1 : 0;
  }
  const int bytes = a.compare(b);
  return bytes < 0 ? -1 : bytes > 0 ? 1 : 0;
}

}  // namespace paragraf
