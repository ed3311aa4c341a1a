// Grammar: the Swedish rules kept as data in grammars/sv/*.rules.
//
// A rule file holds named rules, each a RE2 pattern with attributes and the
// examples it must and must not match:
//
//   # Section headings.
//   [beslut]
//   pattern = (?i)^beslut:?$
//   kind    = beslut
//   match   = Beslut
//   nomatch = Beslutsunderlag
//
// Examples are checked with RE2::PartialMatch, so a rule meant for whole
// lines anchors itself with ^ and $. A file is a group ("sections" for
// sections.rules); rules keep their file order, which is their priority.
// The loader compiles every pattern once and reports a bad rule as
// "file:line: message". Only parse/ includes RE2.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace paragraf {

// A group's patterns compiled together (an RE2::Set); opaque outside parse/.
struct GroupPatterns;

struct Rule {
  std::string name;
  std::string file;  // file name, for messages
  int line = 0;      // line of the [name] header
  std::string pattern;
  std::shared_ptr<const re2::RE2> re;
  // Every pattern of the rule's group, for telling in one pass which of
  // them match a text (matcher.h's MatchingRules); shared by the group's
  // rules, null when the group could not be compiled as one.
  std::shared_ptr<const GroupPatterns> group;
  std::map<std::string, std::string, std::less<>>
      attrs;  // every key other than pattern/match/nomatch
  std::vector<std::string> matches;
  std::vector<std::string> nomatches;

  // The attribute's value, or `fallback` when absent.
  std::string Attr(std::string_view key, std::string_view fallback = "") const;
  // The attribute read as an integer (capture group numbers), or `fallback`.
  int IntAttr(std::string_view key, int fallback) const;
};

class Grammar {
 public:
  // Loads every *.rules file in `dir`. Errors name file:line.
  static Result<Grammar> Load(const std::filesystem::path& dir);

  // Loads from $PARAGRAF_GRAMMAR when set, otherwise from the grammar folder
  // of the source tree this binary was built from.
  static Result<Grammar> LoadDefault();

  // Parses one file's text; `file` names it in messages.
  Status AddFile(std::string_view file, std::string_view text);

  // The rules of a group in file order; empty when the group is unknown.
  const std::vector<Rule>& Group(std::string_view group) const;

  // The rule `name` of `group`, or nullptr.
  const Rule* Find(std::string_view group, std::string_view name) const;

  // Every example that does not behave as declared, as
  // "file:line: rule 'name': 'example' should match". Empty when all pass.
  std::vector<std::string> CheckExamples() const;

  // The folder the default grammar is read from.
  static std::filesystem::path DefaultDir();

 private:
  // AddFile without compiling the patterns (CompileAll does).
  Status ReadFile(std::string_view file, std::string_view text, bool compile);
  // Compiles every rule's pattern, on a few threads: most of a load's time.
  // Errors: the first bad pattern in file order.
  Status CompileAll();
  // Sets each rule's `group`, for the groups named (every group when empty).
  void CompileGroups(const std::vector<std::string>& names);

  std::map<std::string, std::vector<Rule>, std::less<>> groups_;
};

}  // namespace paragraf
