// Every input a fuzz target once broke (tests/fuzz/regressions/<target>/),
// fed to the same function of targets.h in the normal build: each must now
// keep every contract. A new crash goes in as a file named after what it
// broke.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "targets.h"

namespace paragraf::fuzz {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::function<std::string(std::string_view)>>& Targets() {
  static const auto* targets =
      new std::map<std::string, std::function<std::string(std::string_view)>>{
          {"text_parser", TextParser},        {"grammar_loader", GrammarLoader},
          {"pdf_import", PdfImport},          {"search_query", SearchQuery},
#ifdef PARAGRAF_FUZZ_WEB
          {"web_request", WebRequestHandler},
#endif
      };
  return *targets;
}

struct Input {
  std::string target;
  fs::path file;
};

std::vector<Input> Inputs() {
  std::vector<Input> inputs;
  const fs::path root = fs::path(PARAGRAF_SOURCE_DIR) / "tests/fuzz/regressions";
  for (const auto& [target, function] : Targets()) {
    if (!fs::is_directory(root / target)) continue;
    for (const auto& entry : fs::directory_iterator(root / target)) {
      if (entry.is_regular_file()) inputs.push_back({target, entry.path()});
    }
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.file < b.file; });
  return inputs;
}

// gtest prints an input by its target and file name.
void PrintTo(const Input& input, std::ostream* os) {
  *os << input.target << "/" << input.file.filename().string();
}

class FuzzRegression : public ::testing::TestWithParam<Input> {};

TEST_P(FuzzRegression, KeepsEveryContract) {
  std::ifstream in(GetParam().file, std::ios::binary);
  ASSERT_TRUE(in) << GetParam().file;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  EXPECT_EQ(Targets().at(GetParam().target)(bytes.str()), "") << GetParam().file;
}

TEST(FuzzRegressions, EveryTargetFolderIsKnown) {
  const fs::path root = fs::path(PARAGRAF_SOURCE_DIR) / "tests/fuzz/regressions";
  ASSERT_TRUE(fs::is_directory(root)) << root;
  for (const auto& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
#ifndef PARAGRAF_FUZZ_WEB
    if (name == "web_request") continue;
#endif
    EXPECT_EQ(Targets().count(name), 1U) << entry.path();
  }
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(Inputs()),
                         [](const ::testing::TestParamInfo<Input>& param) {
                           std::string name =
                               param.param.target + "_" + param.param.file.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace paragraf::fuzz
