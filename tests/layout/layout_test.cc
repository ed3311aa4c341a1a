#include "layout/layout.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace paragraf
