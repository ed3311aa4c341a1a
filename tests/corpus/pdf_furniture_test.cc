// The generated corpus PDFs know their own page furniture: the @header and
// @footer lines of their sources (corpus/pdf-src/*.pdfsrc). None of it may
// survive in any paragraph's title, section text or decision. The real PDFs
// are checked the same way against their hand annotations (annotation_test).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "corpus_grammar.h"
#include "parse/parser.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string Escape(const std::string& s) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(s, special, R"(\$&)");
}

// One furniture string as a pattern: {page} and {pages} become numbers.
std::regex Pattern(const std::string& text) {
  std::string p = Escape(text);
  for (const std::string placeholder : {"\\{page\\}", "\\{pages\\}", "\\{para\\}"}) {
    for (size_t at; (at = p.find(placeholder)) != std::string::npos;) {
      p.replace(at, placeholder.size(), "\\d+");
    }
  }
  return std::regex("(^|[^\\w])" + p + "($|[^\\w])");
}

struct Furniture {
  std::string text;  // as in the source, for messages
  std::regex pattern;
};

// The distinctive furniture of a source: whole header rows, cells with a
// page number, and every footer label. A header cell that is only the
// body's name may rightly appear in text ("Kommunstyrelsen"), so it is not
// checked alone.
std::vector<Furniture> FurnitureOf(const fs::path& source) {
  std::vector<Furniture> out;
  std::ifstream in(source);
  std::string line;
  while (std::getline(in, line)) {
    const bool header = line.rfind("@header ", 0) == 0;
    const bool footer = line.rfind("@footer ", 0) == 0;
    if (!header && !footer) continue;
    std::string rest = line.substr(8);
    for (const std::string kind : {"boxes ", "cols ", "text "}) {
      if (footer && rest.rfind(kind, 0) == 0) rest = rest.substr(kind.size());
    }
    for (size_t at; (at = rest.find("**")) != std::string::npos;) rest.erase(at, 2);
    std::vector<std::string> cells;
    std::stringstream split(rest);
    std::string cell;
    while (std::getline(split, cell, '|')) {
      cell = Trim(cell);
      if (!cell.empty()) cells.push_back(cell);
    }
    std::string joined;
    for (const auto& c : cells) joined += (joined.empty() ? "" : " ") + c;
    if (cells.size() > 1) out.push_back({joined, Pattern(joined)});
    // Footer labels ("Justerandes sign") alone too; a "text" footer is like a header.
    const bool labels = footer && line.rfind("@footer text ", 0) != 0;
    for (const auto& c : cells) {
      if (labels || c.find('{') != std::string::npos) out.push_back({c, Pattern(c)});
    }
  }
  return out;
}

std::vector<std::string> TextsOf(const Paragraph& p) {
  std::vector<std::string> texts = {p.title};
  for (const Section& s : p.sections) texts.push_back(s.text);
  if (p.decision) {
    texts.push_back(p.decision->text);
    for (const auto& point : p.decision->points) texts.push_back(point);
  }
  return texts;
}

TEST(PdfFurniture, NoHeaderOrFooterOfAGeneratedPdfSurvivesInParagraphs) {
  int sources = 0, checked = 0;
  for (const auto& entry : fs::directory_iterator("corpus/pdf-src")) {
    if (entry.path().extension() != ".pdfsrc") continue;
    const fs::path pdf = "corpus/documents/gen-" + entry.path().stem().string() + ".pdf";
    ASSERT_TRUE(fs::exists(pdf)) << pdf << " missing: run tools/gen-pdfs";
    const std::vector<Furniture> furniture = FurnitureOf(entry.path());
    ASSERT_FALSE(furniture.empty()) << entry.path() << " has no @header or @footer";
    DocumentParser parser(TheGrammar());
    auto doc = parser.ParseFile(pdf, {});
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    ASSERT_FALSE(doc->paragraphs.empty()) << pdf;
    ++sources;
    for (const Paragraph& p : doc->paragraphs) {
      for (const std::string& text : TextsOf(p)) {
        std::stringstream lines(text);
        std::string l;
        while (std::getline(lines, l)) {
          std::replace(l.begin(), l.end(), '\t', ' ');  // cells of a table row
          while (!l.empty() && l.front() == ' ') l.erase(l.begin());
          for (const Furniture& f : furniture) {
            ++checked;
            EXPECT_FALSE(std::regex_search(l, f.pattern))
                << pdf << " § " << p.number.value_or(0) << ": '" << f.text << "' in '" << l << "'";
          }
        }
      }
    }
  }
  EXPECT_GE(sources, 10);
  EXPECT_GT(checked, 1000);
}

// The generated PDFs have clean text layers (embedded fonts with Unicode
// maps): the text-layer check must flag none of their pages, while it
// flags the garbled pages of the real Nykarleby PDFs (annotation_test).
TEST(PdfTextLayer, NoPageOfACleanPdfIsFlagged) {
  int pages = 0, judged = 0;
  for (const auto& entry : fs::directory_iterator("corpus/documents")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gen-", 0) != 0 || entry.path().extension() != ".pdf") continue;
    DocumentParser parser(TheGrammar());
    auto doc = parser.ParseFile(entry.path(), {});
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    ASSERT_EQ(doc->pages.size(), static_cast<size_t>(doc->source.pages)) << name;
    for (const PageText& page : doc->pages) {
      ++pages;
      if (page.quality == "ok") ++judged;
      EXPECT_NE(page.quality, "garbled")
          << name << " page " << page.page << ": " << page.unknown << " of " << page.checked;
      EXPECT_NE(page.quality, "no_text") << name << " page " << page.page;
    }
  }
  EXPECT_GE(pages, 50);
  EXPECT_GE(judged * 10, pages * 8);  // most pages have enough words to judge
}

}  // namespace
}  // namespace paragraf
