#include "layout/layout.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>

namespace paragraf {
namespace {

TEST(Layout, StripsMarkdownAndKeepsLineNumbers) {
  auto layout =
      LayoutText("## **§ 4 Verksamhetsplan**\n\n> Plats och tid\n_Beslutet expedieras till:_",
                 SourceFormat::kMarkdown);
  ASSERT_EQ(layout.lines.size(), 4u);
  EXPECT_EQ(layout.lines[0].text, "§ 4 Verksamhetsplan");
  EXPECT_EQ(layout.lines[0].heading_level, 2);
  EXPECT_TRUE(layout.lines[0].emphasized);
  EXPECT_TRUE(layout.lines[1].blank());
  EXPECT_EQ(layout.lines[2].text, "Plats och tid");
  EXPECT_EQ(layout.lines[3].text, "Beslutet expedieras till:");
  EXPECT_EQ(layout.lines[3].pos.line, 4);
}

TEST(Layout, ReadsPipeTablesIncludingRowsThatSpanLines) {
  auto layout = LayoutText(
      "|§|72|Meddelanden||5|\n|---|---|---|---|---|\n- | 13. | Mötetider SVOM 2022\n"
      "Förslag till beslut\n2 december. | Tom Silverklo 15:30 |\nnästa",
      SourceFormat::kText);
  // The rule under the header stays as a blank line: lines map 1:1 to the source.
  ASSERT_EQ(layout.lines.size(), 4u);
  EXPECT_EQ(layout.lines[0].cells, (std::vector<std::string>{"§", "72", "Meddelanden", "", "5"}));
  EXPECT_TRUE(layout.lines[1].blank());
  EXPECT_EQ(
      layout.lines[2].cells,
      (std::vector<std::string>{"13.", "Mötetider SVOM 2022\nFörslag till beslut\n2 december.",
                                "Tom Silverklo 15:30"}));
  EXPECT_EQ(layout.lines[2].pos.line, 3);
  EXPECT_EQ(layout.lines[3].text, "nästa");
  EXPECT_EQ(layout.lines[3].pos.line, 6);
}

TEST(Layout, FormFeedsStartPages) {
  auto layout = LayoutText("ett\ntvå\fTre", SourceFormat::kPdf);
  ASSERT_EQ(layout.lines.size(), 3u);
  EXPECT_EQ(layout.lines[1].pos.page, 1);
  EXPECT_EQ(layout.lines[2].pos.page, 2);
  EXPECT_EQ(layout.pages, 2);
}

TEST(Layout, RecordsBoldRunsInsideALine) {
  auto layout = LayoutText("BEHANDLING **Nämndens beslut** − text", SourceFormat::kMarkdown);
  ASSERT_EQ(layout.lines[0].bold_spans.size(), 1u);
  const auto [b, e] = layout.lines[0].bold_spans[0];
  EXPECT_EQ(layout.lines[0].text.substr(b, e - b), "Nämndens beslut");
}

// --- Hyphens at line ends -------------------------------------------------

LayoutOptions SwedishHyphens() {
  LayoutOptions options;
  options.keeps_hanging_hyphen = [](std::string_view w) {
    return w == "och" || w == "eller" || w == "respektive";
  };
  return options;
}

std::vector<Line> TextLines(std::initializer_list<const char*> texts) {
  std::vector<Line> lines;
  for (const char* t : texts) {
    Line line;
    line.text = t;
    lines.push_back(std::move(line));
  }
  return lines;
}

TEST(JoinBrokenWords, JoinsACompoundBrokenAtTheLineEnd) {
  auto lines = TextLines({"Beslutet gäller sjukvårds-", "nämnden och regionen."});
  JoinBrokenWords(SwedishHyphens(), &lines);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "Beslutet gäller sjukvårdsnämnden");
  EXPECT_EQ(lines[1].text, "och regionen.");
}

TEST(JoinBrokenWords, KeepsTheHangingHyphenOfACoordinatedCompound) {
  auto lines = TextLines({"Ansvaret för hälso-", "och sjukvård ligger hos regionen."});
  JoinBrokenWords(SwedishHyphens(), &lines);
  EXPECT_EQ(lines[0].text, "Ansvaret för hälso-");
  EXPECT_EQ(lines[1].text, "och sjukvård ligger hos regionen.");
}

TEST(JoinBrokenWords, KeepsTheHyphenAfterCapitalsDigitsAndSingleLetters) {
  auto lines = TextLines({"Projektet får EU-", "medel och ett e-", "tjänstestöd."});
  JoinBrokenWords(SwedishHyphens(), &lines);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "Projektet får EU-medel");
  EXPECT_EQ(lines[1].text, "och ett e-tjänstestöd.");
}

TEST(JoinBrokenWords, AWordThatFillsTheNextLineTakesItAway) {
  auto lines = TextLines({"Ärendet gäller barn- och utbildnings-", "nämnden", "Beslut"});
  JoinBrokenWords(SwedishHyphens(), &lines);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "Ärendet gäller barn- och utbildningsnämnden");
  EXPECT_EQ(lines[1].text, "Beslut");
}

TEST(JoinBrokenWords, LeavesDashesCapitalsAndBlankLinesAlone) {
  auto lines = TextLines({"Punkt ett -", "två", "Budget-", "Arbete", "slut-", "", "text"});
  JoinBrokenWords(SwedishHyphens(), &lines);
  EXPECT_EQ(lines[0].text, "Punkt ett -");
  EXPECT_EQ(lines[2].text, "Budget-");
  EXPECT_EQ(lines[4].text, "slut-");
}

// --- PDF layout from word boxes ------------------------------------------

PdfWord W(const char* text, float x, float y, float size = 11, bool bold = false) {
  PdfWord w;
  w.text = text;
  w.x0 = x;
  w.x1 = x + 6.0F * static_cast<float>(std::string_view(text).size());
  w.y0 = y;
  w.y1 = y + size * 1.2F;
  w.font_size = size;
  w.bold = bold;
  w.space_after = true;
  return w;
}

PdfPage Page(int number, std::vector<PdfWord> words) {
  PdfPage page;
  page.number = number;
  page.width = 595;
  page.height = 842;
  page.words = std::move(words);
  return page;
}

TEST(LayoutPdf, LabelValueColumnsBecomeCellsNotInterleavedText) {
  // Poppler hands the label column first, then the values.
  auto layout =
      LayoutPdf({Page(1, {W("Organ", 70, 200, 11, true), W("Sammanträdesdatum", 70, 214, 11, true),
                          W("Välfärdsnämnden", 200, 200), W("2024-03-19", 200, 214)})},
                {});
  ASSERT_EQ(layout.lines.size(), 2u);
  EXPECT_EQ(layout.lines[0].cells, (std::vector<std::string>{"Organ", "Välfärdsnämnden"}));
  EXPECT_EQ(layout.lines[1].cells, (std::vector<std::string>{"Sammanträdesdatum", "2024-03-19"}));
  EXPECT_EQ(layout.lines[1].pos.page, 1);
}

TEST(LayoutPdf, DotLeadersSeparateTheTitleFromItsPage) {
  auto layout = LayoutPdf({Page(1, {W("16", 70, 300), W("§", 86, 300), W("Val", 96, 300),
                                    W("av", 118, 300), W("justerare", 134, 300),
                                    W("......................", 200, 300), W("2", 520, 300)})},
                          {});
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_EQ(layout.lines[0].cells, (std::vector<std::string>{"16 § Val av justerare", "2"}));
}

TEST(LayoutPdf, ACellThatReachesOverTheNextLosesNoText) {
  // A dot leader drawn wider than its place (a font with broken widths;
  // found by fuzz_pdf_import) reaches over the page number after it: the
  // first cell fits none of the row's own columns, and its text was written
  // before the row's first cell, out of bounds.
  PdfWord leader = W("Val..............................", 86, 300);
  ASSERT_GT(leader.x1, 210.0F);
  auto layout = LayoutPdf({Page(1, {W("16", 70, 300), leader, W("2", 200, 300)})}, {});
  ASSERT_EQ(layout.lines.size(), 1U);
  std::string text;  // the cells' text, in order
  for (const std::string& cell : layout.lines[0].cells) {
    if (cell.empty()) continue;
    text += (text.empty() ? "" : " ") + cell;
  }
  EXPECT_EQ(text, "16 Val 2");
}

TEST(LayoutPdf, AWordWithoutAFiniteBoxIsLeftOut) {
  std::vector<PdfWord> words;  // four rows of ten words
  words.reserve(42);
  for (int row = 0; row < 4; ++row) {
    for (int column = 0; column < 10; ++column) {
      words.push_back(
          W("ord", static_cast<float>(70 + 30 * column), static_cast<float>(100 + 20 * row)));
    }
  }
  PdfWord lost = W("borta", 70, 300);
  lost.y0 = std::numeric_limits<float>::quiet_NaN();
  words.insert(words.begin() + 20, lost);
  PdfWord far = W("borta", 70, 320);
  far.x1 = std::numeric_limits<float>::infinity();
  words.push_back(far);
  auto layout = LayoutPdf({Page(1, words)}, {});
  int lines = 0;
  for (const Line& line : layout.lines) {
    if (line.blank()) continue;
    ++lines;
    EXPECT_EQ(line.text.find("borta"), std::string::npos) << line.text;
  }
  EXPECT_EQ(lines, 4);
}

TEST(LayoutPdf, WrappedTableCellsMergeIntoOneRow) {
  // Aktivitet | Ansvar | Tidsplan, the first row's cells wrapping over two lines.
  auto layout =
      LayoutPdf({Page(1, {W("Aktivitet", 70, 100, 11, true), W("Ansvar", 250, 100, 11, true),
                          W("Tidsplan", 430, 100, 11, true), W("Ta", 70, 122), W("fram", 88, 122),
                          W("en", 118, 122), W("hand-", 136, 122), W("Förvaltningen", 250, 122),
                          W("2025", 430, 122), W("lingsplan", 70, 135), W("och", 250, 135),
                          W("skolorna", 274, 135), W("Utbilda", 70, 157), W("personalen", 118, 157),
                          W("Rektor", 250, 157), W("2026", 430, 157)})},
                SwedishHyphens());
  ASSERT_EQ(layout.lines.size(), 3u);
  EXPECT_EQ(layout.lines[0].cells, (std::vector<std::string>{"Aktivitet", "Ansvar", "Tidsplan"}));
  EXPECT_TRUE(layout.lines[0].emphasized);
  EXPECT_EQ(
      layout.lines[1].cells,
      (std::vector<std::string>{"Ta fram en handlingsplan", "Förvaltningen och skolorna", "2025"}));
  EXPECT_EQ(layout.lines[2].cells,
            (std::vector<std::string>{"Utbilda personalen", "Rektor", "2026"}));
}

TEST(LayoutPdf, AnEntrysLowercaseTailGoesOnInTheRowAbove) {
  // Socialnämnden Bergaby: "Gustav Ring (M), 1:e vice" / "ordförande" in
  // the middle column, while the right column goes on with a name of its
  // own; under the signers, "ordförande | protokollförare" are captions.
  auto layout = LayoutPdf({Page(1, {W("Beslutande", 70, 100, 11, true),
                                    W("Lisa", 200, 100),
                                    W("Öhman", 230, 100),
                                    W("Lotta", 400, 100),
                                    W("Hägg", 436, 100),
                                    W("Gustav", 200, 114),
                                    W("Ring", 242, 114),
                                    W("(M),", 272, 114),
                                    W("1:e", 302, 114),
                                    W("vice", 326, 114),
                                    W("Tina", 400, 114),
                                    W("Sandén", 430, 114),
                                    W("ordförande", 212, 128),
                                    W("Kalle", 400, 128),
                                    W("Fransson", 436, 128),
                                    W("Emilia", 200, 142),
                                    W("Haverinen", 242, 142),
                                    W("Katarina", 400, 142),
                                    W("Östman", 454, 142),
                                    W("ordförande", 200, 156),
                                    W("protokollförare", 400, 156)})},
                          {});
  ASSERT_EQ(layout.lines.size(), 5u);
  EXPECT_EQ(layout.lines[1].cells,
            (std::vector<std::string>{"", "Gustav Ring (M), 1:e vice ordförande", "Tina Sandén"}));
  EXPECT_EQ(layout.lines[2].cells, (std::vector<std::string>{"", "", "Kalle Fransson"}));
  EXPECT_EQ(layout.lines[4].cells, (std::vector<std::string>{"", "ordförande", "protokollförare"}));
}

TEST(LayoutPdf, RunningHeadersAndFootersAreFurnitureContentIsNot) {
  std::vector<PdfPage> pages;
  for (int n = 1; n <= 4; ++n) {
    const std::string page_no = std::to_string(n);
    static std::vector<std::string> keep;  // word texts must outlive the call
    keep.push_back(page_no);
    pages.push_back(
        Page(n, {W("Socialnämnden", 70, 40), W("Sida", 480, 40), W(keep.back().c_str(), 510, 40),
                 W("Beslutet", 70, 300), W("gäller", 130, 300), W("Justerandes", 70, 800),
                 W("sign", 150, 800)}));
  }
  auto layout = LayoutPdf(pages, {});
  int furniture = 0, content = 0;
  for (const Line& line : layout.lines) {
    if (line.blank()) continue;
    if (line.text.rfind("Beslutet", 0) == 0) {
      EXPECT_FALSE(line.furniture);
      ++content;
    } else {
      EXPECT_TRUE(line.furniture) << line.text;
      ++furniture;
    }
  }
  EXPECT_EQ(content, 4);
  EXPECT_EQ(furniture, 8);
}

TEST(LayoutPdf, FurnitureOfThousandsOfPagesIsFoundInLinearTime) {
  // A footer on 6 000 pages is 6 000 rows of one key: comparing every pair
  // of them (and every pair of pairs) took minutes.
  constexpr int kPages = 6000;
  std::vector<PdfPage> pages;
  for (int n = 1; n <= kPages; ++n) {
    // Content at a height that varies; the footer always at the same one.
    const auto y = static_cast<float>(300 + n % 23 * 12);
    pages.push_back(Page(
        n, {W("Beslutet", 70, y), W("gäller", 130, y), W("Sida", 480, 800), W("1", 510, 800)}));
  }
  const auto start = std::chrono::steady_clock::now();
  auto layout = LayoutPdf(pages, {});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);
  int furniture = 0, content = 0;
  for (const Line& line : layout.lines) {
    if (line.blank()) continue;
    (line.furniture ? furniture : content) += 1;
    EXPECT_EQ(line.furniture, line.text.rfind("Sida", 0) == 0) << line.text;
  }
  EXPECT_EQ(furniture, kPages);
  EXPECT_EQ(content, kPages);
}

TEST(LayoutPdf, LargerTypeIsAHeadingAndBoldIsEmphasis) {
  auto layout =
      LayoutPdf({Page(1, {W("§", 70, 100, 14, true), W("12", 84, 100, 14, true),
                          W("Budget", 104, 100, 14, true), W("Beslut", 70, 140, 11, true),
                          W("Nämnden", 70, 160), W("beslutar", 130, 160), W("att", 190, 160),
                          W("godkänna", 214, 160), W("budgeten", 274, 160)})},
                {});
  std::vector<const Line*> text;
  for (const Line& l : layout.lines) {
    if (!l.blank()) text.push_back(&l);
  }
  ASSERT_EQ(text.size(), 3u);
  EXPECT_EQ(text[0]->text, "§ 12 Budget");
  EXPECT_GT(text[0]->heading_level, 0);
  EXPECT_EQ(text[1]->text, "Beslut");
  EXPECT_EQ(text[1]->heading_level, 0);
  EXPECT_TRUE(text[1]->emphasized);
  EXPECT_FALSE(text[2]->emphasized);
}

}  // namespace
}  // namespace paragraf
