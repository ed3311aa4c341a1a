// The statements of a section's text (DeliberationReader::Statements).
#include "parse/deliberation_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "corpus/corpus_grammar.h"

namespace paragraf {
namespace {

TEST(DeliberationReader, SplitsSentencesButNotAbbreviationsOrItemNumbers) {
  const DeliberationReader reader(TheGrammar());
  EXPECT_EQ(reader.Statements("1. Anna Ek (S) yrkar bifall. Per Al (M) yrkar avslag, t.ex. nu."),
            (std::vector<std::string>{"1. Anna Ek (S) yrkar bifall.",
                                      "Per Al (M) yrkar avslag, t.ex. nu."}));
}

TEST(DeliberationReader, ALongLineOfSentencesTakesLinearTime) {
  // Each full stop copied the rest of the line to look at the next letter:
  // a 4 MB line of sentences took a minute.
  const DeliberationReader reader(TheGrammar());
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "Nämnden noterar att kostnaderna ökar. ";
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> statements = reader.Statements(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);
  ASSERT_EQ(statements.size(), 100000U);
  EXPECT_EQ(statements.back(), "Nämnden noterar att kostnaderna ökar.");
}

}  // namespace
}  // namespace paragraf
