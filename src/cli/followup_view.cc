#include "cli/followup_view.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

namespace paragraf {

std::optional<std::string> FollowUpKindCode(const std::string& text) {
  static const std::map<std::string, std::string> kinds = {{"uppdrag", "uppdrag"},
                                                           {"remiss", "remiss"},
                                                           {"aterremiss", "aterremiss"},
                                                           {"återremiss", "aterremiss"},
                                                           {"bordlaggning", "bordlaggning"},
                                                           {"bordläggning", "bordlaggning"},
                                                           {"bordlagt", "bordlaggning"},
                                                           {"rekommendation", "rekommendation"},
                                                           {"forlangning", "forlangning"},
                                                           {"förlängning", "forlangning"},
                                                           {"motion", "motion"},
                                                           {"medborgarforslag", "medborgarforslag"},
                                                           {"medborgarförslag", "medborgarforslag"},
                                                           {"aktivitet", "aktivitet"}};
  std::string lower;
  for (char c : text)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower.rfind("\xc3\x85", 0) == 0) lower.replace(0, 2, "\xc3\xa5");  // Å → å
  auto it = kinds.find(lower);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FollowUpStatusCode(const std::string& text) {
  static const std::map<std::string, std::string> statuses = {{"open", "open"},
                                                              {"öppen", "open"},
                                                              {"overdue", "overdue"},
                                                              {"försenad", "overdue"},
                                                              {"answered", "answered"},
                                                              {"besvarad", "answered"},
                                                              {"closed", "closed"},
                                                              {"avslutad", "closed"},
                                                              {"superseded", "superseded"},
                                                              {"ersatt", "superseded"},
                                                              {"alla", ""},
                                                              {"all", ""}};
  auto it = statuses.find(text);
  if (it == statuses.end()) return std::nullopt;
  return it->second;
}

std::string LinkLabel(const std::string& kind) {
  if (kind == "answers") return "besvarar";
  if (kind == "continues") return "fortsätter";
  if (kind == "corrects") return "rättar";
  if (kind == "same_case") return "samma ärende";
  return kind;
}

std::vector<std::string> FollowUpHistory(const StoredFollowUp& f) {
  std::vector<std::string> out;
  for (const FollowUpLink& link : f.links) {
    std::string line = link.date ? FormatIsoDate(*link.date) : "?";
    line += " " + link.body;
    if (link.paragraph) line += fmt::format(" § {}", *link.paragraph);
    if (!link.title.empty()) line += " " + link.title;
    line += link.confidence >= kFactConfidence
                ? fmt::format(" ({})", LinkLabel(link.kind))
                : fmt::format(" (förslag: {}, {})", LinkLabel(link.kind), link.evidence);
    out.push_back(std::move(line));
  }
  for (const std::string& a : f.actions) out.push_back(a);
  return out;
}

nlohmann::ordered_json FollowUpJson(const StoredFollowUp& f) {
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (const FollowUpLink& l : f.links) {
    links.push_back({{"kind", l.kind},
                     {"confidence", l.confidence},
                     {"fact", l.confidence >= kFactConfidence},
                     {"body", l.body},
                     {"date", l.date ? nlohmann::ordered_json(FormatIsoDate(*l.date)) : nullptr},
                     {"paragraph", l.paragraph ? nlohmann::ordered_json(*l.paragraph) : nullptr},
                     {"title", l.title},
                     {"evidence", l.evidence}});
  }
  const FollowUp& u = f.followup;
  return {{"id", f.key},
          {"kind", u.kind},
          {"status", f.status},
          {"body", f.body},
          {"origin_date",
           f.origin_date ? nlohmann::ordered_json(FormatIsoDate(*f.origin_date)) : nullptr},
          {"paragraph", f.paragraph ? nlohmann::ordered_json(*f.paragraph) : nullptr},
          {"title", f.title},
          {"case_numbers", f.case_numbers},
          {"assignee", u.assignee ? nlohmann::ordered_json(*u.assignee) : nullptr},
          {"task", u.task},
          {"due", u.due ? nlohmann::ordered_json(FormatIsoDate(*u.due)) : nullptr},
          {"due_text", u.due_text},
          {"evidence", u.text},
          {"links", links},
          {"actions", f.actions}};
}

BalanslistaItem ToBalanslistaItem(StoredFollowUp&& f, const Date& as_of) {
  BalanslistaItem item;
  item.history = FollowUpHistory(f);
  item.id = std::move(f.key);
  item.kind = std::move(f.followup.kind);
  item.status = std::move(f.status);
  item.body = std::move(f.body);
  item.body_abbreviation = std::move(f.body_abbreviation);
  item.origin_date = f.origin_date.value_or(as_of);
  item.paragraph = f.paragraph;
  item.title = std::move(f.title);
  item.case_numbers = std::move(f.case_numbers);
  item.assignee = std::move(f.followup.assignee);
  item.task = std::move(f.followup.task);
  item.due = f.followup.due;
  item.due_text = std::move(f.followup.due_text);
  item.age_days = f.origin_date ? DaysBetween(*f.origin_date, as_of) : 0;
  item.evidence = std::move(f.followup.text);
  item.note = std::move(f.note);
  return item;
}

Result<Balanslista> LoadBalanslista(Store& store, const FollowUpQuery& query) {
  Balanslista list;
  list.as_of = query.as_of;
  list.body = query.body;
  Status status = store.ForEachFollowUp(query, [&](StoredFollowUp&& followup, size_t at_most) {
    if (list.items.empty()) list.items.reserve(at_most);
    list.items.push_back(ToBalanslistaItem(std::move(followup), query.as_of));
  });
  if (!status.ok()) return status;
  return list;
}

}  // namespace paragraf
