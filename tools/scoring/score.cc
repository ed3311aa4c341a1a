#include "score.h"

#include <algorithm>

namespace paragraf {

namespace {

using Json = nlohmann::json;

// A key of an object, or null: annotations written by hand may lack one.
const Json& At(const Json& j, const char* key) {
  static const Json null;
  if (!j.is_object()) return null;
  auto it = j.find(key);
  return it == j.end() ? null : *it;
}

std::string Str(const Json& j) {
  if (j.is_null()) return "";
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

// Whitespace collapsed: line breaks in a decision are layout, not content.
std::string Flat(const std::string& s) {
  std::string out;
  for (char c : s) {
    const char d = (c == '\n' || c == '\t') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(d);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

using Items = std::map<std::string, std::vector<std::string>>;

Items ItemsOf(const Json& doc) {
  Items items;
  for (const auto& field : ScoredFields()) items[field];
  const Json& meeting = doc.value("meeting", Json::object());
  for (const auto& a : meeting.value("attendance", Json::array())) {
    items["attendance"].push_back(Str(At(a, "name")) + "|" + Str(At(a, "party")) + "|" +
                                  Str(At(a, "role")));
  }
  for (const auto& a : doc.value("agenda", Json::array())) {
    items["agenda"].push_back(Str(At(a, "number")) + "|" + Str(At(a, "title")));
  }
  for (const auto& p : doc.value("paragraphs", Json::array())) {
    const std::string n = Str(At(p, "number"));
    items["paragraph"].push_back(n + "|" + Flat(Str(At(p, "title"))));
    for (const auto& c : p.value("case_numbers", Json::array())) {
      items["case_number"].push_back(n + "|" + Str(c));
    }
    if (p.contains("decision") && At(p, "decision").is_object()) {
      items["decision"].push_back(n + "|" + Flat(Str(At(At(p, "decision"), "text"))));
    }
    for (const auto& m : p.value("motions", Json::array())) {
      const Json& by = m.value("by", Json::array());
      std::string mover;
      if (!by.empty()) {
        mover = Str(At(by[0], "name"));
        mover += "|";
        mover += Str(At(by[0], "party"));
      }
      std::string item = n;
      item += "|";
      item += mover;
      item += "|";
      item += Str(At(m, "kind"));
      items["motion"].push_back(std::move(item));
    }
    for (const auto& v : p.value("votes", Json::array())) {
      items["vote"].push_back(n + "|" + Str(At(v, "yes")) + "|" + Str(At(v, "no")) + "|" +
                              Str(At(v, "abstain")));
    }
    for (const auto& r : p.value("reservations", Json::array())) {
      for (const auto& who : r.value("by", Json::array())) {
        items["reservation"].push_back(n + "|" + Str(At(who, "name")));
      }
    }
    for (const auto& c : p.value("conflicts", Json::array())) {
      items["conflict"].push_back(n + "|" + Str(At(c, "name")));
    }
    for (const auto& r : p.value("references", Json::array())) {
      items["reference"].push_back(n + "|" + Str(At(r, "kind")) + "|" + Str(At(r, "text")));
    }
  }
  return items;
}

FieldScore Compare(std::vector<std::string> gold, std::vector<std::string> predicted) {
  FieldScore s;
  s.gold = static_cast<int>(gold.size());
  s.predicted = static_cast<int>(predicted.size());
  std::sort(gold.begin(), gold.end());
  std::sort(predicted.begin(), predicted.end());
  std::vector<std::string> both;
  std::set_intersection(gold.begin(), gold.end(), predicted.begin(), predicted.end(),
                        std::back_inserter(both));
  s.correct = static_cast<int>(both.size());
  return s;
}

}  // namespace

const std::vector<std::string>& ScoredFields() {
  static const std::vector<std::string> fields = {
      "paragraph", "case_number", "attendance", "agenda",   "motion",
      "vote",      "reservation", "conflict",   "decision", "reference"};
  return fields;
}

std::map<std::string, FieldScore> ScoreDocument(const Json& parsed, const Json& gold) {
  const Items got = ItemsOf(parsed);
  const Items want = ItemsOf(gold);
  std::map<std::string, FieldScore> scores;
  for (const auto& field : ScoredFields()) scores[field] = Compare(want.at(field), got.at(field));
  return scores;
}

}  // namespace paragraf
