#include "normalize/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace paragraf {
namespace {

TEST(Normalize, ConvertsWindows1252ToUtf8) {
  std::string encoding;
  // "Välfärdsnämndens beslut – “godkänns”" in Windows-1252.
  auto utf8 = ToUtf8("V\xE4lf\xE4rdsn\xE4mndens beslut \x96 \x93godk\xE4nns\x94", &encoding);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(*utf8, "Välfärdsnämndens beslut – “godkänns”");
  EXPECT_EQ(encoding, "windows-1252");
}

TEST(Normalize, KeepsUtf8AndDropsItsBom) {
  std::string encoding;
  auto utf8 = ToUtf8("\xEF\xBB\xBFSammanträdesdatum", &encoding);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(*utf8, "Sammanträdesdatum");
  EXPECT_EQ(encoding, "UTF-8");
}

// `text` as UTF-16 bytes with a byte order mark.
std::string Utf16(std::u16string_view text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t unit : text) {
    const char high = static_cast<char>(unit >> 8), low = static_cast<char>(unit & 0xFF);
    out += big_endian ? std::string{high, low} : std::string{low, high};
  }
  return out;
}

TEST(Normalize, ReadsUtf16ByItsByteOrderMark) {
  for (bool big_endian : {false, true}) {
    std::string encoding;
    auto utf8 = ToUtf8(Utf16(u"§ 5 Åtgärd \u2013 klar", big_endian), &encoding);
    ASSERT_TRUE(utf8.ok()) << utf8.status().ToString();
    EXPECT_EQ(*utf8, "§ 5 Åtgärd – klar");
    EXPECT_EQ(encoding, big_endian ? "UTF-16BE" : "UTF-16LE");
  }
  // A stray byte at the end (a file cut short) becomes U+FFFD.
  auto cut = ToUtf8(Utf16(u"§ 5", false) + "x", nullptr);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_EQ(*cut, "§ 5\xEF\xBF\xBD");
}

TEST(Normalize, SettlesUnicodeOddities) {
  // Decomposed ä (a + U+0308), soft hyphen, no-break space, curly quotes, ligature, CRLF.
  EXPECT_EQ(
      NormalizeText("na\xCC\x88mnd sjukvårds\xC2\xADnämnden\xC2\xA0§ 36 \xE2\x80\x9Cok\xE2\x80\x9D "
                    "\xEF\xAC\x81nns\r\nrad"),
      "nämnd sjukvårdsnämnden § 36 \"ok\" finns\nrad");
}

TEST(Normalize, TurnsBulletGlyphsIntoDashes) {
  EXPECT_EQ(
      NormalizeText("\xEF\x82\xB7 Redovisningen godkänns\n· Region\n\xE2\x88\x92 punkt\nett · två"),
      "- Redovisningen godkänns\n- Region\n- punkt\nett · två");
}

TEST(Normalize, FoldsCaseWithSwedishLetters) {
  EXPECT_EQ(FoldCase("ÅTERREMISS Ärendet ÖVRIGT"), "återremiss ärendet övrigt");
}

TEST(Normalize, SplitsWordsAtAsciiPunctuationOnly) {
  const std::vector<std::string_view> words =
      Words("Plan för äldreomsorgen 2022–2025, klar 2022-06-30.");
  EXPECT_EQ(words, (std::vector<std::string_view>{"Plan", "för", "äldreomsorgen", "2022–2025",
                                                  "klar", "2022", "06", "30"}));
  EXPECT_TRUE(Words(" \t.,").empty());
}

}  // namespace
}  // namespace paragraf
