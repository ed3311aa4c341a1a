#include "parse/grammar.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "parse/matcher.h"

namespace paragraf {
namespace {

TEST(Grammar, EveryRuleOfTheSwedishGrammarPassesItsExamples) {
  auto grammar = Grammar::Load("grammars/sv");
  ASSERT_TRUE(grammar.ok()) << grammar.status().ToString();
  for (const char* group : {"furniture", "paragraphs", "sections", "case_numbers", "bodies",
                            "kinds", "dates", "months", "meeting", "agenda", "attendance"}) {
    EXPECT_FALSE(grammar->Group(group).empty()) << group;
  }
  const auto failures = grammar->CheckExamples();
  for (const auto& f : failures) ADD_FAILURE() << f;
}

// A group's rules found in one pass are those found rule by rule, on every
// example text of the grammar (what each rule must and must not match).
TEST(Grammar, OnePassOverAGroupFindsTheRulesOneByOneFinds) {
  auto grammar = Grammar::Load("grammars/sv");
  ASSERT_TRUE(grammar.ok()) << grammar.status().ToString();
  std::vector<std::string> groups, texts;
  for (const auto& entry : std::filesystem::directory_iterator("grammars/sv")) {
    if (entry.path().extension() != ".rules") continue;
    groups.push_back(entry.path().stem().string());
    for (const Rule& rule : grammar->Group(groups.back())) {
      texts.insert(texts.end(), rule.matches.begin(), rule.matches.end());
      texts.insert(texts.end(), rule.nomatches.begin(), rule.nomatches.end());
    }
  }
  ASSERT_GT(texts.size(), 300u);
  int grouped = 0, found = 0;
  for (const std::string& group : groups) {
    const std::vector<Rule>& rules = grammar->Group(group);
    if (!rules.empty() && rules.front().group != nullptr) ++grouped;
    for (const std::string& text : texts) {
      std::vector<const Rule*> one_by_one;
      for (const Rule& rule : rules) {
        if (Matches(rule, text)) one_by_one.push_back(&rule);
      }
      EXPECT_EQ(MatchingRules(rules, text), one_by_one) << group << ": " << text;
      found += static_cast<int>(one_by_one.size());
    }
  }
  EXPECT_GE(grouped, 15);  // most groups have a set
  EXPECT_GT(found, 300);
}

TEST(Grammar, ReportsABadPatternWithFileAndLine) {
  Grammar g;
  Status s =
      g.AddFile("sections.rules", "# heading\n\n[broken]\npattern = (?i)^beslut(\nkind = beslut\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("sections.rules:3: rule 'broken': bad pattern:", 0), 0u)
      << s.message();
}

struct BadRule {
  const char* text;
  const char* message;
};

TEST(Grammar, RejectsMalformedRuleFiles) {
  for (const BadRule& row : {
           BadRule{"pattern = x\n", "x.rules:1: 'pattern' before the first [rule-name]"},
           BadRule{"[a]\nkind = beslut\n", "x.rules:1: rule 'a' has no pattern"},
           BadRule{"[a]\npattern = x\npattern = y\n", "x.rules:3: rule 'a' has a second pattern"},
           BadRule{"[a\npattern = x\n", "x.rules:1: a rule header looks like [name]"},
           BadRule{"[a]\njust words\n", "x.rules:2: expected 'key = value' or [rule-name]"},
       }) {
    Grammar g;
    Status s = g.AddFile("x.rules", row.text);
    EXPECT_FALSE(s.ok()) << row.text;
    EXPECT_EQ(s.message(), row.message);
  }
}

TEST(Grammar, ExamplesThatFailAreNamed) {
  Grammar g;
  ASSERT_TRUE(g.AddFile("t.rules",
                        "[beslut]\npattern = ^Beslut$\nmatch = Beslut\n"
                        "match = Beslutet\nnomatch = Beslut\n")
                  .ok());
  const auto failures = g.CheckExamples();
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0], "t.rules:1: rule 'beslut': 'Beslutet' should match");
  EXPECT_EQ(failures[1], "t.rules:1: rule 'beslut': 'Beslut' should not match");
}

TEST(Grammar, MissingFolderSaysWhereToLook) {
  auto g = Grammar::Load("/nonexistent/grammar");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("PARAGRAF_GRAMMAR"), std::string::npos);
}

}  // namespace
}  // namespace paragraf
