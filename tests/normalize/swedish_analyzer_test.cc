#include "normalize/swedish_analyzer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace paragraf {
namespace {

// The analyzer over Debian's sv_SE dictionary (hunspell-sv), opened once.
const SwedishAnalyzer* Default() {
  static Result<std::unique_ptr<SwedishAnalyzer>>* analyzer =
      new Result<std::unique_ptr<SwedishAnalyzer>>(SwedishAnalyzer::Open({}));
  if (!analyzer->ok()) {
    ADD_FAILURE() << analyzer->status().ToString();
    return nullptr;
  }
  return analyzer->value().get();
}

// The terms of `text` as one string: "hemsjukvårdsavtal hem+ sjukvård+ avtal+
// förläng", where "+" marks a compound part.
std::string Canonical(const SwedishAnalyzer& analyzer, std::string_view text, TermUse use) {
  std::string out;
  for (const Term& term : analyzer.Terms(text, use)) {
    if (!out.empty()) out += ' ';
    out += term.text;
    if (term.part) out += '+';
  }
  return out;
}

struct Row {
  const char* input;
  const char* expected;
};

void ExpectRows(const std::vector<Row>& rows, TermUse use) {
  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  for (const Row& row : rows) {
    EXPECT_EQ(Canonical(*analyzer, row.input, use), row.expected) << "input: " << row.input;
  }
}

TEST(SwedishAnalyzer, StemsInflectedFormsAlike) {
  ExpectRows(
      {
          {"besluten beslutet beslut beslutets", "beslut beslut beslut beslut"},
          // Snowball's own stems of the verb forms.
          {"beslutade beslutar besluta beslutat", "beslut beslut beslut beslut"},
          {"nämnden nämndens nämnd", "nämnd nämnd nämnd"},
          {"ärendet ärenden ärende", "ärend ärend ärend"},
          {"mötet möte", "möt möt"},
          {"avtalet avtalen avtal", "avtal avtal avtal"},
          {"skolan skola skolor", "skol skol skol"},
          {"förlängs förlänga", "förläng förläng"},
          // Snowball alone gives "kostnad" for the first two, "kostn" for the last.
          {"kostnader kostnaden kostnad", "kostn kostn kostn"},
          {"resultaten resultat", "result result"},
          // "-et" and "-an" that are not endings stay: the dictionary has the word.
          {"budget budgeten", "budget budget"},
          {"ansökan mellan", "ansökan mellan"},
      },
      TermUse::kQuery);
}

TEST(SwedishAnalyzer, FoldsCaseAndKeepsSwedishLetters) {
  ExpectRows(
      {
          {"får far", "får far"},
          {"FÅR Får får", "får får får"},
          {"ÅTERREMISS Återremiss", "återremiss återremiss"},
          {"Café idé Müller", "café idé müller"},
          {"öl ol äta", "öl ol äta"},
      },
      TermUse::kQuery);
}

TEST(SwedishAnalyzer, SplitsCompoundsIntoStemmedParts) {
  ExpectRows(
      {
          {"Hemsjukvårdsavtalet förlängs", "hemsjukvårdsavtal hem+ sjukvård+ avtal+ förläng"},
          {"primärvården", "primärvård primär+ vård+"},
          // "läkar" is the dictionary's compound form of "läkare"; Snowball
          // stems both to "läk" and "kontakt" to "kontak".
          {"läkarkontakten", "läkarkontak läk+ kontak+"},
          {"fast läkarkontakt", "fast läkarkontak läk+ kontak+"},
          // The final part is stemmed as the word it is.
          {"sjukvårdskostnader", "sjukvårdskostn sjukvård+ kostn+"},
          {"utredningsenheten", "utredningsen utredning+ enhet+"},
          {"socialnämndens", "socialnämnd social+ nämnd+"},
          {"barn- och utbildningsnämnden", "barn och utbildningsnämnd utbildning+ nämnd+"},
          // Not split: "kon" may not begin a compound, "ande" is an ending,
          // short words are not split at all.
          {"kontakten", "kontak"},
          {"bindande", "bind"},
          {"kultur", "kultur"},
          {"hemvård", "hemvård hem+ vård+"},
      },
      TermUse::kIndex);
}

TEST(SwedishAnalyzer, QueriesGetWholeWordsOnly) {
  ExpectRows(
      {
          {"Hemsjukvårdsavtalet förlängs", "hemsjukvårdsavtal förläng"},
          {"primärvården", "primärvård"},
          {"fast läkarkontakt", "fast läkarkontak"},
      },
      TermUse::kQuery);
}

// The searches the issue asks for: every term of the query is among the
// terms indexed for the text.
TEST(SwedishAnalyzer, QueriesFindCompoundsTheirPartsNameAndInflectedForms) {
  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  struct Search {
    const char* query;
    const char* text;
  };
  for (const Search& search : std::vector<Search>{
           {"avtal", "Hemsjukvårdsavtalet förlängs"},
           {"läkarkontakt", "fast läkarkontakt"},
           {"läkarkontakt", "läkarkontakten"},
           {"kontakt", "läkarkontakten"},
           {"vård", "primärvården"},
           {"sjukvård", "hemsjukvårdsavtalet"},
           {"beslut", "besluten"},
           {"beslutet", "beslut"},
           {"kostnader", "sjukvårdskostnader"},
           {"kostnad", "sjukvårdskostnaderna"},
           {"månader", "under tre månad"},
           {"nämnd", "Socialnämndens beslut"},
           {"HSN/442/2023", "Dnr HSN/442/2023."},
           {"bun/2024:73", "(Bun/2024:73)"},
           {"t.ex.", "till exempel, t.ex. en ansökan"},
       }) {
    std::set<std::string> indexed;
    for (const Term& term : analyzer->Terms(search.text, TermUse::kIndex)) {
      indexed.insert(term.text);
    }
    for (const Term& term : analyzer->Terms(search.query, TermUse::kQuery)) {
      EXPECT_TRUE(indexed.count(term.text) == 1)
          << "query \"" << search.query << "\" (term \"" << term.text << "\") does not find \""
          << search.text
          << "\", indexed as: " << Canonical(*analyzer, search.text, TermUse::kIndex);
    }
  }
  // And "får" does not find "far".
  EXPECT_NE(Canonical(*analyzer, "får", TermUse::kQuery),
            Canonical(*analyzer, "far", TermUse::kIndex));
}

TEST(SwedishAnalyzer, KeepsIdentifiersWhole) {
  ExpectRows(
      {
          {"HSN/442/2023", "hsn/442/2023"},
          {"RS/195/2020", "rs/195/2020"},
          {"Bun/2024:73", "bun/2024:73"},
          {"KS 2021/123", "ks 2021/123"},
          {"DRNS 2024-00052", "drns 2024-00052"},
          {"Dnr 2020.456", "dnr 2020.456"},
          {"SN 2021/241", "sn 2021/241"},
          {"enligt 2017:30", "enl 2017:30"},
          {"SFS 2017:725", "sfs 2017:725"},
          {"den 2022-03-31.", "den 2022-03-31"},
          {"6.11.2020", "6.11.2020"},
          {"kl. 13.00 eller 13:00", "kl 13.00 ell 13:00"},
          {"kl.13.00", "kl 13.00"},
          // § numbers are one term, however they are written.
          {"§ 46", "§46"},
          {"§46", "§46"},
          {"§§ 12-14", "§12-14"},
          {"t.ex.", "t.ex"},
          {"bl.a. m.fl. d.v.s. o.s.v.", "bl.a m.fl d.v.s o.s.v"},
          {"FN:s", "fn"},
          {"BESLUTEN 2022-03-31", "besluten 2022-03-31"},
          {"Besluten 2022-03-31", "beslut 2022-03-31"},
      },
      TermUse::kIndex);

  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  for (const Term& term : analyzer->Terms("KS 2021/123 § 46 t.ex. 2017:30", TermUse::kIndex)) {
    EXPECT_TRUE(term.identifier) << term.text;
    EXPECT_FALSE(term.part) << term.text;
  }
  for (const Term& term : analyzer->Terms("besluten", TermUse::kIndex)) {
    EXPECT_FALSE(term.identifier) << term.text;
  }
}

TEST(SwedishAnalyzer, ARunOfParagraphSignsTakesLinearTime) {
  // Each § of "§ § § …!" looked ahead over the whole run for a number
  // that never came.
  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "§ ";
  text += "! § 7 beslut";
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Term> terms = analyzer->Terms(text, TermUse::kIndex);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);
  ASSERT_EQ(terms.size(), 2U);
  EXPECT_EQ(terms[0].text, "§7");
  EXPECT_EQ(terms[1].text, "beslut");
}

TEST(SwedishAnalyzer, OffsetsPointAtTheSourceWord) {
  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  const std::string text = "Nämnden förlänger hemsjukvårdsavtalet, § 46 (t.ex. HSN/442/2023).";
  std::string sources;
  for (const Term& term : analyzer->Terms(text, TermUse::kIndex)) {
    ASSERT_LE(0, term.start);
    ASSERT_LE(term.start, term.end);
    ASSERT_LE(static_cast<size_t>(term.end), text.size());
    if (!sources.empty()) sources += '|';
    sources +=
        text.substr(static_cast<size_t>(term.start), static_cast<size_t>(term.end - term.start));
  }
  EXPECT_EQ(sources,
            "Nämnden|förlänger|hemsjukvårdsavtalet|hemsjukvårdsavtalet|hemsjukvårdsavtalet|"
            "hemsjukvårdsavtalet|§ 46|t.ex.|HSN/442/2023");
}

TEST(SwedishAnalyzer, SurvivesOddInput) {
  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_EQ(Canonical(*analyzer, "", TermUse::kIndex), "");
  EXPECT_EQ(Canonical(*analyzer, " \n\t.,;:§ – ", TermUse::kIndex), "");
  // Ill-formed UTF-8 is skipped over; offsets stay inside the text.
  const std::string broken = "beslut\xC3 \xFF\xFEnämnden \xE2\x82";
  for (const Term& term : analyzer->Terms(broken, TermUse::kIndex)) {
    EXPECT_LE(static_cast<size_t>(term.end), broken.size());
  }
  EXPECT_EQ(Canonical(*analyzer, "nämnden", TermUse::kIndex), "nämnd");
  // Decomposed "ä" (a + U+0308) is the same letter as "ä".
  EXPECT_EQ(Canonical(*analyzer, "na\xCC\x88mnden", TermUse::kIndex), "nämnd");
  // A word too long to split is still one term.
  const std::string long_word(200, 'a');
  EXPECT_EQ(analyzer->Terms(long_word, TermUse::kIndex).size(), 1U);
}

TEST(SwedishAnalyzer, GivesTheSameTermsFromSeveralThreads) {
  const SwedishAnalyzer* analyzer = Default();
  ASSERT_NE(analyzer, nullptr);
  const std::string text =
      "Hälso- och sjukvårdsnämnden beslutar att förlänga hemsjukvårdsavtalet med "
      "primärvården, dnr HSN/442/2023, enligt § 46 och t.ex. SFS 2017:725. ";
  const std::string expected = Canonical(*analyzer, text, TermUse::kIndex);
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) results[t] = Canonical(*analyzer, text, TermUse::kIndex);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, expected);
}

// A dictionary written for the test: its .aff says which words may begin
// (X) and end (Y) a compound.
class SwedishAnalyzerDictionary : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("swedish_analyzer_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, const std::string& content) {
    std::filesystem::path path = dir_ / name;
    std::ofstream(path) << content;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(SwedishAnalyzerDictionary, SplitsOnlyWhereTheFlagsAllow) {
  Write("mini.aff", "SET UTF-8\nCOMPOUNDBEGIN X\nCOMPOUNDEND Y\n");
  AnalyzerOptions options;
  options.dictionaries = {Write("mini.dic", "5\nSol/XY\npanel/AY\nkon/D\ntakt/XY\nbåt/Y\n")};
  auto analyzer = SwedishAnalyzer::Open(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  EXPECT_EQ(Canonical(**analyzer, "solpanelerna", TermUse::kIndex), "solpanel sol+ panel+");
  EXPECT_EQ(Canonical(**analyzer, "solbåt", TermUse::kIndex), "solbåt sol+ båt+");
  // "kon" may not begin a compound, "panel" may not.
  EXPECT_EQ(Canonical(**analyzer, "kontakt", TermUse::kIndex), "kontak");
  EXPECT_EQ(Canonical(**analyzer, "panelsol", TermUse::kIndex), "panelsol");
}

TEST_F(SwedishAnalyzerDictionary, WithoutFlagsEveryWordMayStandAnywhere) {
  AnalyzerOptions options;
  options.dictionaries = {Write("plain.dic", "3\npanel/AY\nsol\ntakt\n")};
  options.extra_words = {"Båt"};
  auto analyzer = SwedishAnalyzer::Open(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  EXPECT_EQ(Canonical(**analyzer, "panelsol", TermUse::kIndex), "panelsol panel+ sol+");
  EXPECT_EQ(Canonical(**analyzer, "solsbåtar", TermUse::kIndex), "solsbåt sol+ båt+");
  EXPECT_EQ(Canonical(**analyzer, "solsbåtar", TermUse::kQuery), "solsbåt");
}

TEST_F(SwedishAnalyzerDictionary, PartsHaveMinPartLengthCodePoints) {
  AnalyzerOptions options;
  options.dictionaries = {};
  options.extra_words = {"ål", "åker", "bär", "bärs"};
  options.min_part_length = 3;
  auto analyzer = SwedishAnalyzer::Open(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  // Each part is stemmed as its own word: "åker" keeps its "er" (Snowball
  // finds it outside the region it may cut), the whole word loses it.
  EXPECT_EQ(Canonical(**analyzer, "bäråker", TermUse::kIndex), "bäråk bär+ åker+");
  EXPECT_EQ(Canonical(**analyzer, "ålåker", TermUse::kIndex), "ålåk");
}

TEST_F(SwedishAnalyzerDictionary, ReportsAMissingDictionaryAndBadOptions) {
  AnalyzerOptions options;
  options.dictionaries = {dir_ / "missing.dic"};
  auto analyzer = SwedishAnalyzer::Open(options);
  ASSERT_FALSE(analyzer.ok());
  EXPECT_EQ(analyzer.status().code(), Status::Code::kNotFound);
  EXPECT_NE(analyzer.status().message().find("hunspell-sv"), std::string::npos);
  EXPECT_NE(analyzer.status().message().find("missing.dic"), std::string::npos);

  options.dictionaries = {};
  options.min_part_length = 0;
  analyzer = SwedishAnalyzer::Open(options);
  ASSERT_FALSE(analyzer.ok());
  EXPECT_EQ(analyzer.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace paragraf
