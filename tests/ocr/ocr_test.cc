// OCR: the cache format, numbers taken from a garbled text layer, and
// scanned copies of corpus PDFs read like their text-layer originals.
#include "extract/ocr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/edit_distance.h"
#include "corpus/corpus_grammar.h"
#include "parse/parser.h"

namespace paragraf {
namespace {

PdfWord Word(std::string text, float x0, float y0, float x1, float y1) {
  PdfWord w;
  w.text = std::move(text);
  w.x0 = x0;
  w.y0 = y0;
  w.x1 = x1;
  w.y1 = y1;
  w.font_size = 11;
  w.space_after = true;
  return w;
}

TEST(OcrCache, PageRoundTrips) {
  PdfPage page;
  page.number = 4;
  page.width = 595.28F;
  page.height = 841.89F;
  page.from_ocr = true;
  page.ocr_confidence = 91;
  page.words = {Word("40 §", 70, 100, 95, 112), Word("Val", 100, 100, 118, 112),
                Word("välfärdsnämnden", 120, 100, 200, 112)};
  Result<PdfPage> back = ParseOcrPage(SerializeOcrPage(page));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->number, 4);
  EXPECT_TRUE(back->from_ocr);
  EXPECT_FLOAT_EQ(back->ocr_confidence, 91);
  ASSERT_EQ(back->words.size(), 3U);
  EXPECT_EQ(back->words[0].text, "40 §");
  EXPECT_EQ(back->words[2].text, "välfärdsnämnden");
  EXPECT_NEAR(back->words[2].x1, 200, 0.01);
}

TEST(OcrCache, DamagedEntriesAreRejected) {
  EXPECT_FALSE(ParseOcrPage("").ok());
  EXPECT_FALSE(ParseOcrPage("paragraf-ocr 1\n4\t595\t842\t90\n1\t2\t3").ok());  // cut short
  EXPECT_FALSE(ParseOcrPage("something else\n4\t595\t842\t90\n").ok());
  EXPECT_FALSE(ParseOcrPage("paragraf-ocr 1\n4\t595\t842\t90\nx\t2\t3\t4\t11\t1\tord\n").ok());
}

TEST(OcrNumbers, DigitsComeFromTheTextLayerWhereItHasANumber) {
  // Nykarleby 2023 § 21: OCR read "17.38.2023" where the text layer, garbled
  // in its letters, has the date right.
  PdfPage text_layer;
  text_layer.words = {Word("Kulturnafen", 100, 200, 160, 211),
                      Word("17.8.2023", 163, 200, 210, 211)};
  PdfPage ocr;
  ocr.words = {Word("Kulturnatten", 100, 198, 161, 213), Word("17.38.2023", 164, 198, 212, 213)};
  EXPECT_EQ(TakeNumbersFromTextLayer(text_layer, &ocr), 1);
  EXPECT_EQ(ocr.words[0].text, "Kulturnatten");  // letters stay OCR's
  EXPECT_EQ(ocr.words[1].text, "17.8.2023");
  // A number elsewhere on the page is no match.
  PdfPage far;
  far.words = {Word("17.38.2023", 164, 400, 212, 413)};
  EXPECT_EQ(TakeNumbersFromTextLayer(text_layer, &far), 0);
  EXPECT_EQ(far.words[0].text, "17.38.2023");
}

// Scanned copies (tools/pdfgen/scan.py, 150 dpi grey, no text layer) made
// by the Ocr.MakeScans test.
class ScannedCopy : public ::testing::TestWithParam<const char*> {};

std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    const char d = (c == '\n' || c == '\t') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(d);
  }
  return out;
}

// OCR reads an en dash as a hyphen: "2026–2027" as "2026-2027".
std::string Dashes(std::string s) {
  for (size_t at; (at = s.find("–")) != std::string::npos;) s.replace(at, 3, "-");
  return s;
}

TEST_P(ScannedCopy, ReadsLikeItsTextLayerOriginal) {
  const std::string name = GetParam();
  const std::string scan = std::string(PARAGRAF_SCAN_DIR) + "/" + name;
  ASSERT_TRUE(std::filesystem::exists(scan)) << scan << " (made by the Ocr.MakeScans test)";
  DocumentParser parser(TheGrammar());
  Result<Document> original = parser.ParseFile("corpus/documents/" + name, {});
  Result<Document> scanned = parser.ParseFile(scan, {});
  ASSERT_TRUE(original.ok()) << original.status().ToString();
  ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
  for (const PageText& page : scanned->pages) {
    EXPECT_EQ(page.quality, "no_text") << "page " << page.page;
    EXPECT_EQ(page.source, "ocr") << "page " << page.page;
    EXPECT_GT(page.ocr_confidence, 70) << "page " << page.page;
  }
  ASSERT_TRUE(scanned->body.has_value());
  EXPECT_EQ(scanned->body->name, original->body->name);
  EXPECT_EQ(scanned->date, original->date);
  ASSERT_EQ(scanned->paragraphs.size(), original->paragraphs.size());
  for (size_t i = 0; i < original->paragraphs.size(); ++i) {
    const Paragraph& a = original->paragraphs[i];
    const Paragraph& b = scanned->paragraphs[i];
    EXPECT_EQ(b.number, a.number);
    EXPECT_EQ(Dashes(b.title), Dashes(a.title));
    EXPECT_EQ(b.case_numbers, a.case_numbers) << "§ " << a.number.value_or(0);
    ASSERT_EQ(b.decision.has_value(), a.decision.has_value()) << "§ " << a.number.value_or(0);
    if (!a.decision) continue;
    EXPECT_GE(Similarity(Squeeze(a.decision->text), Squeeze(b.decision->text)), 0.98)
        << "§ " << a.number.value_or(0) << "\n"
        << a.decision->text << "\n---\n"
        << b.decision->text;
    EXPECT_EQ(b.decision->points.size(), a.decision->points.size());
  }
}

INSTANTIATE_TEST_SUITE_P(Ocr, ScannedCopy,
                         ::testing::Values("gen-seed-002-drn-sodra-2024-05-16.pdf",
                                           "gen-kf-solvik-2024-06-17.pdf"));

}  // namespace
}  // namespace paragraf
