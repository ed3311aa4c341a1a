#include "parse/grammar.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "parse/group_patterns.h"

#ifndef PARAGRAF_GRAMMAR_DIR
#define PARAGRAF_GRAMMAR_DIR "grammars/sv"
#endif

namespace paragraf {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

Status Compile(Rule* rule) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  auto re = std::make_shared<RE2>(rule->pattern, options);
  if (!re->ok()) {
    return Status::InvalidInput(fmt::format("{}:{}: rule '{}': bad pattern: {}", rule->file,
                                            rule->line, rule->name, re->error()));
  }
  rule->re = std::move(re);
  return Status::OK();
}

// The group a rule file holds: its name without the extension.
std::string GroupOf(std::string_view file) {
  std::string group(file);
  if (auto dot = group.rfind('.'); dot != std::string::npos) group.resize(dot);
  return group;
}

}  // namespace

std::string Rule::Attr(std::string_view key, std::string_view fallback) const {
  auto it = attrs.find(key);
  return it == attrs.end() ? std::string(fallback) : it->second;
}

int Rule::IntAttr(std::string_view key, int fallback) const {
  auto it = attrs.find(key);
  if (it == attrs.end()) return fallback;
  return std::atoi(it->second.c_str());
}

std::filesystem::path Grammar::DefaultDir() {
  if (const char* env = std::getenv("PARAGRAF_GRAMMAR"); env != nullptr && *env != '\0') {
    return env;
  }
  return PARAGRAF_GRAMMAR_DIR;
}

Result<Grammar> Grammar::LoadDefault() { return Load(DefaultDir()); }

Result<Grammar> Grammar::Load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound(
        fmt::format("{}: grammar folder not found (set PARAGRAF_GRAMMAR to the grammars/sv folder)",
                    dir.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".rules") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  Grammar grammar;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status::IOError(fmt::format("{}: cannot be read", file.string()));
    Status s = grammar.ReadFile(file.filename().string(), text.str(), /*compile=*/false);
    if (!s.ok()) return s;
  }
  if (Status s = grammar.CompileAll(); !s.ok()) return s;
  grammar.CompileGroups({});
  return grammar;
}

void Grammar::CompileGroups(const std::vector<std::string>& names) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  // The group's DFA holds the states of all its patterns at once.
  options.set_max_mem(int64_t{64} << 20);
  for (auto& [name, rules] : groups_) {
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
    std::shared_ptr<const GroupPatterns> compiled;
    RE2::Set set(options, RE2::UNANCHORED);
    bool ok = rules.size() > 1;
    for (size_t i = 0; ok && i < rules.size(); ++i) {
      ok = set.Add(rules[i].pattern, nullptr) == static_cast<int>(i);
    }
    // Without it (a single rule, or patterns too large together) the
    // group's rules are tried one by one.
    if (ok && set.Compile())
      compiled = std::make_shared<GroupPatterns>(std::move(set), rules.size());
    for (Rule& rule : rules) rule.group = compiled;
  }
}

Status Grammar::CompileAll() {
  std::vector<Rule*> rules;
  for (auto& [group, group_rules] : groups_) {
    for (Rule& rule : group_rules) rules.push_back(&rule);
  }
  std::vector<Status> compiled(rules.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < rules.size(); i = next++) compiled[i] = Compile(rules[i]);
  };
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  for (const Status& s : compiled) {
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status Grammar::AddFile(std::string_view file, std::string_view text) {
  Status read = ReadFile(file, text, /*compile=*/true);
  if (read.ok()) CompileGroups({GroupOf(file)});
  return read;
}

Status Grammar::ReadFile(std::string_view file, std::string_view text, bool compile) {
  std::vector<Rule>& rules = groups_[GroupOf(file)];
  Rule* current = nullptr;
  auto finish = [&]() -> Status {
    if (current == nullptr) return Status::OK();
    if (current->pattern.empty()) {
      return Status::InvalidInput(
          fmt::format("{}:{}: rule '{}' has no pattern", file, current->line, current->name));
    }
    return compile ? Compile(current) : Status::OK();
  };
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    ++line_no;
    pos = end + 1;
    if (line.empty() || line.front() == '#') {
      if (end == text.size()) break;
      continue;
    }
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3) {
        return Status::InvalidInput(
            fmt::format("{}:{}: a rule header looks like [name]", file, line_no));
      }
      if (Status s = finish(); !s.ok()) return s;
      rules.emplace_back();
      current = &rules.back();
      current->name = std::string(line.substr(1, line.size() - 2));
      current->file = std::string(file);
      current->line = line_no;
    } else {
      size_t eq = line.find('=');
      if (eq == std::string_view::npos) {
        return Status::InvalidInput(
            fmt::format("{}:{}: expected 'key = value' or [rule-name]", file, line_no));
      }
      if (current == nullptr) {
        return Status::InvalidInput(fmt::format("{}:{}: '{}' before the first [rule-name]", file,
                                                line_no, Trim(line.substr(0, eq))));
      }
      std::string key(Trim(line.substr(0, eq)));
      std::string value(Trim(line.substr(eq + 1)));
      if (key == "pattern") {
        if (!current->pattern.empty()) {
          return Status::InvalidInput(
              fmt::format("{}:{}: rule '{}' has a second pattern", file, line_no, current->name));
        }
        current->pattern = std::move(value);
      } else if (key == "match") {
        current->matches.push_back(std::move(value));
      } else if (key == "nomatch") {
        current->nomatches.push_back(std::move(value));
      } else {
        current->attrs[key] = std::move(value);
      }
    }
    if (end == text.size()) break;
  }
  return finish();
}

const std::vector<Rule>& Grammar::Group(std::string_view group) const {
  static const std::vector<Rule> kEmpty;
  auto it = groups_.find(group);
  return it == groups_.end() ? kEmpty : it->second;
}

const Rule* Grammar::Find(std::string_view group, std::string_view name) const {
  for (const Rule& rule : Group(group)) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

std::vector<std::string> Grammar::CheckExamples() const {
  std::vector<std::string> failures;
  for (const auto& [group, rules] : groups_) {
    for (const Rule& rule : rules) {
      if (rule.matches.empty()) {
        failures.push_back(
            fmt::format("{}:{}: rule '{}' has no match example", rule.file, rule.line, rule.name));
      }
      for (const auto& example : rule.matches) {
        if (!RE2::PartialMatch(example, *rule.re)) {
          failures.push_back(fmt::format("{}:{}: rule '{}': '{}' should match", rule.file,
                                         rule.line, rule.name, example));
        }
      }
      for (const auto& example : rule.nomatches) {
        if (RE2::PartialMatch(example, *rule.re)) {
          failures.push_back(fmt::format("{}:{}: rule '{}': '{}' should not match", rule.file,
                                         rule.line, rule.name, example));
        }
      }
    }
  }
  return failures;
}

}  // namespace paragraf
