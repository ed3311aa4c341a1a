// paragraf followup … and paragraf balanslista: the follow-up commands of
// the command line. Exit codes as in main.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace paragraf::cli {

// Options of `paragraf followup` and `paragraf balanslista`.
struct FollowUpOptions {
  std::string db;
  std::string action;  // "list", "close", "reopen", "set-due", "assign"
  std::string id;      // the follow-up's key
  std::string value;   // set-due: the date; assign: the assignee
  std::string note;
  std::string ref;
  std::string on;  // the day the action takes effect (default today)
  // Filters.
  std::string body;
  std::string as_of;  // default today
  std::vector<std::string> kinds;
  std::string assignee;
  std::vector<std::string> statuses;
  bool json = false;
  // balanslista
  std::string format = "md";
  std::string out;  // default standard output
};

// Adds the `followup` and `balanslista` subcommands to `app`, filling
// `options`; returns the two subcommands.
std::pair<CLI::App*, CLI::App*> AddFollowUpCommands(CLI::App& app, FollowUpOptions* options);

int RunFollowUp(CLI::App& followup, const FollowUpOptions& options);
int RunBalanslista(const FollowUpOptions& options);

}  // namespace paragraf::cli
