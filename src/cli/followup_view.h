// Follow-ups as people read them, shared by the command line (`paragraf
// followup`, `paragraf balanslista`) and the web app (`paragraf serve`):
// the codes behind what users type, the history lines, the JSON of
// `followup list --json` and the balanslista's items.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "report/balanslista.h"
#include "store/store.h"

namespace paragraf {

// A follow-up kind as typed ("återremiss", "Återremiss", "aterremiss") →
// its code ("aterremiss"); nullopt for an unknown kind.
std::optional<std::string> FollowUpKindCode(const std::string& text);

// A status as typed ("försenad", "overdue") → its code ("overdue"); "" for
// "alla"/"all" (every status); nullopt for an unknown status.
std::optional<std::string> FollowUpStatusCode(const std::string& text);

// A link kind in Swedish: "answers" → "besvarar", "continues" →
// "fortsätter", "corrects" → "rättar", "same_case" → "samma ärende".
std::string LinkLabel(const std::string& kind);

// What has happened since: links as facts or suggestions ("2022-03-04 SVOM
// § 12 Återrapportering … (besvarar)"), then the secretariat's actions.
std::vector<std::string> FollowUpHistory(const StoredFollowUp& followup);

// One follow-up as `paragraf followup list --json` prints it.
nlohmann::ordered_json FollowUpJson(const StoredFollowUp& followup);

// One follow-up as a row of the balanslista on `as_of`; its texts move
// into the item.
BalanslistaItem ToBalanslistaItem(StoredFollowUp&& followup, const Date& as_of);

// The balanslista `query` asks for, as `paragraf balanslista`, the web page
// and tools/bench read it from the store: the follow-ups as they stood on
// query.as_of, one item each, in no particular order (the renderers sort
// them). Errors: the store's.
Result<Balanslista> LoadBalanslista(Store& store, const FollowUpQuery& query);

}  // namespace paragraf
