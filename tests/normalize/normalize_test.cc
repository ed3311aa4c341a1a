#include "normalize/normalize.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace paragraf
