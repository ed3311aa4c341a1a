#include "cli/followup_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/followup_view.h"
#include "report/balanslista.h"
#include "store/store.h"

namespace paragraf::cli {

namespace {

enum ExitCode { kOk = 0, kUsage = 2, kDatabase = 3, kNotFound = 4 };

Date Today() {
  return Date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

// The query the filters describe. Errors are usage errors.
Result<FollowUpQuery> MakeQuery(const FollowUpOptions& o, std::vector<std::string> statuses) {
  FollowUpQuery q;
  q.as_of = Today();
  if (!o.as_of.empty()) {
    const std::optional<Date> d = ParseIsoDate(o.as_of);
    if (!d) return Status::InvalidArgument(fmt::format("--as-of {}: expected YYYY-MM-DD", o.as_of));
    q.as_of = *d;
  }
  if (!o.body.empty()) q.body = o.body;
  if (!o.assignee.empty()) q.assignee = o.assignee;
  for (const std::string& k : o.kinds) {
    const std::optional<std::string> code = FollowUpKindCode(k);
    if (!code) {
      return Status::InvalidArgument(fmt::format(
          "--type {}: expected uppdrag, remiss, återremiss, bordläggning, rekommendation, "
          "förlängning, motion, medborgarförslag or aktivitet",
          k));
    }
    q.kinds.push_back(*code);
  }
  if (!o.statuses.empty()) statuses.clear();
  for (const std::string& s : o.statuses) {
    const std::optional<std::string> code = FollowUpStatusCode(s);
    if (!code) {
      return Status::InvalidArgument(fmt::format(
          "--status {}: expected öppen, försenad, besvarad, avslutad, ersatt or alla", s));
    }
    if (code->empty()) {
      statuses.clear();
      break;
    }
    statuses.push_back(*code);
  }
  q.statuses = std::move(statuses);
  return q;
}

}  // namespace

std::pair<CLI::App*, CLI::App*> AddFollowUpCommands(CLI::App& app, FollowUpOptions* o) {
  auto add_filters = [o](CLI::App* cmd) {
    cmd->add_option("--body", o->body, "organ (namn eller förkortning)");
    cmd->add_option("--as-of", o->as_of, "läget per detta datum YYYY-MM-DD (standard: i dag)");
    cmd->add_option("--type", o->kinds,
                    "typ: uppdrag, remiss, återremiss, bordläggning, rekommendation, "
                    "förlängning, motion, medborgarförslag, aktivitet");
    cmd->add_option("--assignee", o->assignee, "ansvarig (del av namnet)");
    cmd->add_option("--status", o->statuses,
                    "status: öppen, försenad, besvarad, avslutad, ersatt, alla");
  };
  CLI::App* followup = app.add_subcommand("followup", "uppföljningar: lista och åtgärda");
  followup->require_subcommand(1);
  CLI::App* list = followup->add_subcommand("list", "lista uppföljningar");
  add_filters(list);
  list->add_flag("--json", o->json, "skriv JSON");
  CLI::App* close = followup->add_subcommand("close", "avsluta en uppföljning för hand");
  close->add_option("id", o->id, "uppföljningens id, t.ex. SVOM-2021-10-08-9-1")->required();
  close->add_option("--note", o->note, "varför")->required();
  close->add_option("--ref", o->ref, "vad som avslutade den, t.ex. 'KS 2022-05-02 § 12'");
  CLI::App* reopen = followup->add_subcommand("reopen", "öppna en uppföljning igen");
  reopen->add_option("id", o->id, "uppföljningens id")->required();
  reopen->add_option("--note", o->note, "varför");
  CLI::App* set_due = followup->add_subcommand("set-due", "ändra när den ska vara klar");
  set_due->add_option("id", o->id, "uppföljningens id")->required();
  set_due->add_option("date", o->value, "nytt datum YYYY-MM-DD")->required();
  set_due->add_option("--note", o->note, "varför");
  CLI::App* assign = followup->add_subcommand("assign", "ändra vem som är ansvarig");
  assign->add_option("id", o->id, "uppföljningens id")->required();
  assign->add_option("assignee", o->value, "ny ansvarig")->required();
  assign->add_option("--note", o->note, "varför");
  for (CLI::App* cmd : {close, reopen, set_due, assign}) {
    cmd->add_option("--on", o->on, "gäller från YYYY-MM-DD (standard: i dag)");
  }

  CLI::App* balanslista =
      app.add_subcommand("balanslista", "det som ännu är öppet: uppdrag, remisser, motioner …");
  add_filters(balanslista);
  balanslista->add_option("--format", o->format, "html, xlsx, csv, md eller json (standard md)")
      ->check(CLI::IsMember({"html", "xlsx", "csv", "md", "json"}));
  balanslista->add_option("--out", o->out, "fil att skriva (standard: skärmen; xlsx kräver fil)");
  return {followup, balanslista};
}

int RunFollowUp(CLI::App& followup, const FollowUpOptions& o) {
  auto store = Store::Open(o.db);
  if (!store.ok()) {
    std::cerr << "paragraf followup: " << store.status().message() << "\n";
    return kDatabase;
  }
  const std::string action = followup.get_subcommands().front()->get_name();
  if (action == "list") {
    Result<FollowUpQuery> q = MakeQuery(o, {});
    if (!q.ok()) {
      std::cerr << "paragraf followup list: " << q.status().message() << "\n";
      return kUsage;
    }
    Result<std::vector<StoredFollowUp>> found = (*store)->FollowUps(*q);
    if (!found.ok()) {
      std::cerr << "paragraf followup list: " << found.status().message() << "\n";
      return kDatabase;
    }
    if (o.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const StoredFollowUp& f : *found) out.push_back(FollowUpJson(f));
      std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << "\n";
      return kOk;
    }
    for (const StoredFollowUp& f : *found) {
      std::cout << fmt::format("{:<30} {:<9} {:<16} {:<10} {} – {}\n", f.key, StatusLabel(f.status),
                               KindLabel(f.followup.kind),
                               f.followup.due ? FormatIsoDate(*f.followup.due) : "–",
                               f.followup.assignee.value_or("–"), f.followup.task);
      for (const std::string& h : FollowUpHistory(f)) std::cout << "    " << h << "\n";
    }
    std::cout << fmt::format("{} uppföljningar per {}\n", found->size(), FormatIsoDate(q->as_of));
    return kOk;
  }
  FollowUpAction a;
  a.key = o.id;
  a.action = action == "set-due" ? "set_due" : action;
  if (!o.value.empty()) a.value = o.value;
  if (!o.note.empty()) a.note = o.note;
  if (!o.ref.empty()) a.ref = o.ref;
  a.acted_on = Today();
  if (!o.on.empty()) {
    const std::optional<Date> d = ParseIsoDate(o.on);
    if (!d) {
      std::cerr << "paragraf followup: --on " << o.on << ": expected YYYY-MM-DD\n";
      return kUsage;
    }
    a.acted_on = *d;
  }
  Status status = (*store)->AddFollowUpAction(a);
  if (!status.ok()) {
    std::cerr << "paragraf followup " << action << ": " << status.message() << "\n";
    if (status.code() == Status::Code::kNotFound) return kNotFound;
    if (status.code() == Status::Code::kInvalidArgument) return kUsage;
    return kDatabase;
  }
  std::cout << fmt::format("{}: {} ({})\n", a.key, action, FormatIsoDate(a.acted_on));
  return kOk;
}

int RunBalanslista(const FollowUpOptions& o) {
  Result<FollowUpQuery> q = MakeQuery(o, {"open", "overdue"});
  const std::optional<ReportFormat> format = ParseReportFormat(o.format);
  if (!q.ok() || !format) {
    std::cerr << "paragraf balanslista: "
              << (q.ok() ? "--format: expected html, xlsx, csv, md or json" : q.status().message())
              << "\n";
    return kUsage;
  }
  if (*format == ReportFormat::kXlsx && o.out.empty()) {
    std::cerr << "paragraf balanslista: --format xlsx needs --out FILE.xlsx\n";
    return kUsage;
  }
  auto store = Store::Open(o.db);
  if (!store.ok()) {
    std::cerr << "paragraf balanslista: " << store.status().message() << "\n";
    return kDatabase;
  }
  Result<Balanslista> list = LoadBalanslista(**store, *q);
  if (!list.ok()) {
    std::cerr << "paragraf balanslista: " << list.status().message() << "\n";
    return kDatabase;
  }
  Result<std::string> bytes = RenderBalanslista(*list, *format);
  if (!bytes.ok()) {
    std::cerr << "paragraf balanslista: " << bytes.status().message() << "\n";
    return kDatabase;
  }
  if (o.out.empty()) {
    std::cout << *bytes;
    return kOk;
  }
  std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
  file << *bytes;
  file.close();
  if (!file) {
    std::cerr << "paragraf balanslista: " << o.out << ": cannot write the file\n";
    return kDatabase;
  }
  std::cerr << fmt::format("{}: {} poster per {}\n", o.out, list->items.size(),
                           FormatIsoDate(list->as_of));
  return kOk;
}

}  // namespace paragraf::cli
