// Running headers and footers of a text with pages (form feeds, as
// pdftotext writes them) are page furniture; sentences that happen to end
// pages are not.
#include <gtest/gtest.h>

#include <string>

#include "layout/layout.h"

namespace paragraf {
namespace {

std::string Page(int n, const std::string& body) {
  return (n > 1 ? "\f" : "") +
         ("Bergaby kommun  Kommunstyrelsen  Sammanträdesprotokoll 2005-02-17  Sida " +
          std::to_string(n)) +
         "\n\n" + body + "\nJusterandes sign\n";
}

TEST(PageEdges, RunningHeadersAndFootersOfATextWithPagesAreFurniture) {
  const std::string text =
      Page(1, "§ 1 Budget\nDnr KS 2005/1\n\nBeslut\nInformationen läggs till handlingarna.") +
      Page(2, "§ 2 Taxor\nDnr KS 2005/2\n\nBeslut\nInformationen läggs till handlingarna.") +
      Page(3, "§ 3 Plan\nDnr KS 2005/3\n\nBeslut\nInformationen läggs till handlingarna.");
  const TextLayout layout = LayoutText(text, SourceFormat::kText);
  ASSERT_EQ(layout.pages, 3);
  int headers = 0, footers = 0;
  for (const Line& line : layout.lines) {
    if (line.text.rfind("Bergaby kommun", 0) == 0) {
      EXPECT_TRUE(line.furniture) << line.text;
      ++headers;
    } else if (line.text == "Justerandes sign") {
      EXPECT_TRUE(line.furniture) << "page " << line.pos.page;
      ++footers;
    } else {
      EXPECT_FALSE(line.furniture) << line.text;
    }
  }
  EXPECT_EQ(headers, 3);
  EXPECT_EQ(footers, 3);
}

TEST(PageEdges, ASentenceEndingTwoPagesIsText) {
  const std::string text =
      "§ 1 Budget\nKommunstyrelsen ger förvaltningen i uppdrag att utreda bredband.\n"
      "\f§ 2 Taxor\nKommunstyrelsen ger förvaltningen i uppdrag att utreda bredband.\n"
      "\f§ 3 Plan\nTaxan fastställs.\n";
  const TextLayout layout = LayoutText(text, SourceFormat::kText);
  for (const Line& line : layout.lines) EXPECT_FALSE(line.furniture) << line.text;
}

TEST(PageEdges, ATextWithoutPagesIsLeftAlone) {
  const TextLayout layout = LayoutText(
      "Bergaby kommun  Sida 1\n§ 1 Budget\nBergaby kommun  Sida 2\n", SourceFormat::kText);
  for (const Line& line : layout.lines) EXPECT_FALSE(line.furniture) << line.text;
}

}  // namespace
}  // namespace paragraf
