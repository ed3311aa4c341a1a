#include "parse/head_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>

namespace paragraf {

namespace {

std::optional<RuleMatch> MatchNamed(const Grammar& g, std::string_view group, std::string_view name,
                                    std::string_view text) {
  const Rule* rule = g.Find(group, name);
  if (rule == nullptr) return std::nullopt;
  auto all = AllMatches(*rule, text);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::string StripPunct(std::string_view s) {
  s = TrimView(s);
  while (!s.empty() && (s.back() == ',' || s.back() == '-' || s.back() == ';')) {
    s.remove_suffix(1);
    s = TrimView(s);
  }
  while (!s.empty() && (s.front() == ',' || s.front() == '-')) {
    s.remove_prefix(1);
    s = TrimView(s);
  }
  return std::string(s);
}

// "Jessica Isaksson, Elsy Bäckström och Elin Ring" → three names.
std::vector<std::string> SplitNames(std::string_view text) {
  std::vector<std::string> names;
  std::string s(text);
  for (std::string_view sep : {" och ", " & "}) {
    size_t pos;
    while ((pos = s.find(sep)) != std::string::npos) s.replace(pos, sep.size(), ",");
  }
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string name = StripPunct(std::string_view(s).substr(start, comma - start));
    if (!name.empty()) names.push_back(name);
    start = comma + 1;
  }
  return names;
}

// "kom-" + "munens" joins; "hälso-" + "och sjukvård" keeps its hyphen.
void AppendWrapped(std::string* text, std::string_view more) {
  more = TrimView(more);
  if (more.empty()) return;
  if (!text->empty() && text->back() == '-' && StartsWithLower(more)) {
    const std::string_view first = more.substr(0, more.find(' '));
    if (first != "och" && first != "eller" && first != "samt" && first != "respektive") {
      text->pop_back();
      text->append(more);
      return;
    }
  }
  if (!text->empty()) text->push_back(' ');
  text->append(more);
}

// "Göran Isberg, utbildningsdirektör David Norrfjärd, chef grundskola Peter
// Lindström, chef förskola" → "Göran Isberg, utbildningsdirektör", "David
// Norrfjärd, chef grundskola", "Peter Lindström, chef förskola": between two
// commas, the capitalised words at the end are the next person's name.
std::vector<std::string> SplitOfficials(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    parts.emplace_back(TrimView(text.substr(start, comma - start)));
    start = comma + 1;
  }
  if (parts.size() < 3) return {};
  auto capitalised = [](std::string_view w) {
    if (w.empty()) return false;
    const auto c = static_cast<unsigned char>(w[0]);
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    return c == 0xC3 && w.size() > 1 && static_cast<unsigned char>(w[1]) < 0xA0;
  };
  std::vector<std::string> people;
  std::string current = parts[0];  // the first part is a name
  for (size_t k = 1; k < parts.size(); ++k) {
    // Words of this part; the trailing run of capitalised words (2 or 3) is a name.
    std::vector<std::string_view> words;
    std::string_view part = parts[k];
    size_t w = 0;
    while (w < part.size()) {
      size_t end = part.find(' ', w);
      if (end == std::string_view::npos) end = part.size();
      if (end > w) words.push_back(part.substr(w, end - w));
      w = end + 1;
    }
    size_t name_start = words.size();
    while (name_start > 0 && words.size() - name_start < 3 && capitalised(words[name_start - 1])) {
      --name_start;
    }
    const bool last = k + 1 == parts.size();
    if (last || words.size() - name_start < 2 || name_start == 0) {
      current += ", " + std::string(part);  // the title goes on ("personalchef, närvarande § 52")
      continue;
    }
    std::string title;
    for (size_t i = 0; i < name_start; ++i) title += (i ? " " : "") + std::string(words[i]);
    current += ", " + title;
    people.push_back(current);
    current.clear();
    for (size_t i = name_start; i < words.size(); ++i) {
      current += (i > name_start ? " " : "") + std::string(words[i]);
    }
  }
  people.push_back(current);
  return people;
}

std::string RoleFromWords(std::string_view words, const std::string& fallback) {
  const std::string w = Lower(TrimView(words));
  if (w.find("vice ordförande") != std::string::npos ||
      w.find("viceordförande") != std::string::npos) {
    return "vice_ordforande";
  }
  if (w.find("ordförande") != std::string::npos) return "ordforande";
  if (w.find("tjänstgörande ersättare") != std::string::npos) return "tjanstgorande_ersattare";
  if (w.find("sekreterare") != std::string::npos ||
      w.find("protokollförare") != std::string::npos ||
      w.find("prot.förare") != std::string::npos) {
    return "sekreterare";
  }
  return fallback;
}

}  // namespace

std::string HeadReader::HeadText(size_t i) const {
  const Line& line = lines_[i];
  if (!line.is_table_row()) return line.text;
  std::string out;
  for (const auto& cell : line.cells) {
    if (cell.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += cell;
  }
  return out;
}

std::optional<Body> HeadReader::BodyFromRule(const RuleMatch& m) const {
  Body body;
  std::string name = m.rule->Attr("name");
  if (name == "$1") name = m.groups.size() > 1 ? m.groups[1] : "";
  if (name.empty()) return std::nullopt;
  body.name = name;
  if (std::string abbr = m.rule->Attr("abbreviation"); !abbr.empty()) body.abbreviation = abbr;
  return body;
}

std::optional<Body> HeadReader::FindBody(const RawSource& source, const ParseOptions& options,
                                         const Document& doc) const {
  const auto& rules = grammar_.Group("bodies");
  auto registry = [&](std::string_view text) -> std::optional<Body> {
    for (const Rule& rule : rules) {
      if (rule.Attr("generic") == "yes") continue;
      auto m = AllMatches(rule, text);
      if (!m.empty()) return BodyFromRule(m.front());
    }
    return std::nullopt;
  };
  // 1. What the caller said, matched against the registry when possible.
  if (options.body) {
    for (const Rule& rule : rules) {
      if (rule.Attr("generic") == "yes") continue;
      if (Lower(rule.Attr("name")) == Lower(*options.body) ||
          Lower(rule.Attr("abbreviation")) == Lower(*options.body)) {
        Body b{rule.Attr("name"), std::nullopt};
        if (!rule.Attr("abbreviation").empty()) b.abbreviation = rule.Attr("abbreviation");
        return b;
      }
    }
    if (auto b = registry(*options.body)) return b;
    return Body{*options.body, std::nullopt};
  }
  // 2. Front matter of a Markdown conversion.
  for (const char* key : {"namnd", "nämnd", "organ", "body"}) {
    if (auto it = source.metadata.find(key); it != source.metadata.end()) {
      if (auto b = registry(it->second)) return b;
      return Body{it->second, std::nullopt};
    }
  }
  // 3. The head, furniture included (running headers name the body).
  const size_t head_scan = std::min<size_t>(head_end_, 60);
  for (size_t i = 0; i < head_scan; ++i) {
    if (lines_[i].blank()) continue;
    if (auto b = registry(HeadText(i))) return b;
  }
  for (size_t i = 0; i < head_scan; ++i) {
    if (lines_[i].blank()) continue;
    for (const Rule& rule : rules) {
      if (rule.Attr("generic") != "yes") continue;
      auto m = AllMatches(rule, HeadText(i));
      if (!m.empty()) return BodyFromRule(m.front());
    }
  }
  // 4. The prefix of the paragraphs' case numbers ("HSN/442/2023").
  for (const Paragraph& p : doc.paragraphs) {
    for (const auto& c : p.case_numbers) {
      for (const Rule& rule : rules) {
        const std::string prefix = rule.Attr("prefix");
        if (!prefix.empty() && Lower(c.substr(0, prefix.size())) == Lower(prefix)) {
          return Body{rule.Attr("name"), rule.Attr("abbreviation").empty()
                                             ? std::nullopt
                                             : std::optional(rule.Attr("abbreviation"))};
        }
      }
    }
  }
  // 5. The body named most often (twice or more) anywhere.
  std::map<std::string, std::pair<int, Body>> counts;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].blank()) continue;
    if (auto b = registry(HeadText(i))) {
      auto& entry = counts[b->name];
      ++entry.first;
      entry.second = *b;
    }
  }
  const std::pair<int, Body>* best = nullptr;
  for (const auto& [name, entry] : counts) {
    if (entry.first >= 2 && (best == nullptr || entry.first > best->first)) best = &entry;
  }
  if (best != nullptr) return best->second;
  return std::nullopt;
}

std::optional<Date> HeadReader::FindDate(const RawSource& source, const ParseOptions& options,
                                         const Document& doc) const {
  if (options.date) return options.date;
  for (const char* key : {"datum", "date"}) {
    if (auto it = source.metadata.find(key); it != source.metadata.end()) {
      if (auto d = dates_.First(it->second)) return d;
    }
  }
  const auto& meeting_rules = grammar_.Group("meeting");
  const size_t head_scan = std::min<size_t>(head_end_, 80);
  for (size_t i = 0; i < head_scan; ++i) {
    if (lines_[i].blank()) continue;
    const std::string text = HeadText(i);
    for (const Rule& rule : meeting_rules) {
      if (rule.Attr("date").empty()) continue;
      auto m = AllMatches(rule, text);
      if (m.empty()) continue;
      if (auto d = dates_.First(m.front().Group("date"))) return d;
    }
  }
  // Running headers repeat the meeting date, in the head and below it; in a
  // PDF the page number sits in a cell of its own ("… 2024-05-16 | 1 (2)").
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (!lines_.furniture(i)) continue;
    const Line& line = lines_[i];
    std::vector<std::string> texts =
        line.is_table_row() ? line.cells : std::vector<std::string>{line.text};
    for (const std::string& text : texts) {
      auto m = MatchNamed(grammar_, "meeting", "protokoll-header-date", text);
      if (!m) continue;
      if (auto d = dates_.First(m->Group("date"))) return d;
    }
  }
  // A report's own date: the first date line of its head.
  // In a PDF letterhead the date is a cell of its own ("Sekretariatet | 2023-03-27").
  for (size_t i = 0; i < head_scan; ++i) {
    if (lines_[i].blank()) continue;
    const Line& line = lines_[i];
    std::vector<std::string> texts =
        line.is_table_row() ? line.cells : std::vector<std::string>{line.text};
    for (const std::string& text : texts) {
      if (text.size() > 12) continue;
      if (auto d = dates_.First(text)) return d;
    }
  }
  // "Handlingsplan Nära vård SVOM 211008": a compact date after the body's abbreviation.
  if (doc.body && doc.body->abbreviation) {
    const Rule* rule = grammar_.Find("meeting", "compact-date-after-abbreviation");
    for (size_t i = 0; rule != nullptr && i < head_end_; ++i) {
      for (const RuleMatch& m : AllMatches(*rule, HeadText(i))) {
        if (m.Group("abbreviation") != *doc.body->abbreviation) continue;
        const int yy = std::atoi(m.Group("year").c_str());
        if (auto d = MakeDate(2000 + yy, std::atoi(m.Group("month").c_str()),
                              std::atoi(m.Group("day").c_str()))) {
          return d;
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> HeadReader::FindOrganisation() const {
  const size_t head_scan = std::min<size_t>(head_end_, 15);
  size_t seen = 0;
  for (size_t i = 0; i < head_scan && seen < 6; ++i) {
    if (lines_[i].blank()) continue;
    ++seen;
    if (std::optional<RuleMatch> m = FirstMatch(grammar_.Group("organisations"), lines_[i].text)) {
      return m->Group("name");
    }
  }
  return std::nullopt;
}

DocumentKind HeadReader::FindKind(const Document& doc) const {
  const auto& rules = grammar_.Group("kinds");
  const size_t head_scan = std::min<size_t>(head_end_, 15);
  size_t seen = 0;
  for (size_t i = 0; i < head_scan && seen < 12; ++i) {
    if (lines_[i].blank()) continue;
    ++seen;
    for (const Rule& rule : rules) {
      if (rule.Attr("anywhere") == "yes") continue;
      if (FindFirst(rule, HeadText(i))) {
        return DocumentKindFromString(rule.Attr("kind")).value_or(DocumentKind::kOkand);
      }
    }
  }
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_.skip(i)) continue;
    for (const Rule& rule : rules) {
      if (rule.Attr("anywhere") != "yes") continue;
      if (FindFirst(rule, lines_[i].text)) {
        return DocumentKindFromString(rule.Attr("kind")).value_or(DocumentKind::kOkand);
      }
    }
  }
  const bool numbered = std::any_of(doc.paragraphs.begin(), doc.paragraphs.end(),
                                    [](const Paragraph& p) { return p.number.has_value(); });
  if (numbered) {
    if (!doc.agenda.empty() && doc.meeting.justerare.empty()) return DocumentKind::kKallelse;
    if (!doc.meeting.attendance.empty() || !doc.meeting.justerare.empty()) {
      return DocumentKind::kProtokoll;
    }
    return doc.paragraphs.size() <= 3 ? DocumentKind::kProtokollsutdrag : DocumentKind::kProtokoll;
  }
  if (!doc.paragraphs.empty()) return DocumentKind::kTjansteskrivelse;
  if (!doc.agenda.empty()) return DocumentKind::kKallelse;
  return DocumentKind::kOkand;
}

void HeadReader::ReadPlaceAndTime(Meeting* meeting) const {
  const size_t head_scan = std::min<size_t>(head_end_, 80);
  for (size_t i = 0; i < head_scan; ++i) {
    if (lines_[i].blank()) continue;
    std::string text = HeadText(i);
    if (!meeting->place) {
      if (MatchNamed(grammar_, "meeting", "place-heading", text)) {
        size_t next = i + 1;
        while (next < head_end_ && lines_.skip(next)) ++next;
        if (next < head_end_) text = "Plats " + HeadText(next);
      }
      if (auto m = MatchNamed(grammar_, "meeting", "place-label", text)) {
        std::string place = StripPunct(m->Group("place"));
        if (!place.empty()) meeting->place = place;
      }
    }
    if (!meeting->start) {
      if (auto m = MatchNamed(grammar_, "meeting", "time-range", text)) {
        meeting->start = NormalizeClock(m->Group("start"));
        std::string end = m->Group("end_alt");
        if (end.empty()) end = m->Group("end");
        meeting->end = NormalizeClock(end);
        if (const std::string resume = m->Group("resume"); !resume.empty()) {
          meeting->breaks.push_back(NormalizeClock(m->Group("end")) + "–" + NormalizeClock(resume));
        }
      }
    }
    if (auto m = MatchNamed(grammar_, "meeting", "break-line", text)) {
      const std::string pause =
          NormalizeClock(m->Group("from")) + "–" + NormalizeClock(m->Group("to"));
      if (std::find(meeting->breaks.begin(), meeting->breaks.end(), pause) ==
          meeting->breaks.end()) {
        meeting->breaks.push_back(pause);
      }
    }
  }
}

void HeadReader::ReadAttendance(Meeting* meeting) const {
  std::vector<const Rule*> headings;
  for (const Rule& rule : grammar_.Group("attendance")) {
    if (!rule.Attr("role").empty()) headings.push_back(&rule);
  }
  const Rule* person = grammar_.Find("attendance", "person");
  const Rule* person_party = grammar_.Find("attendance", "person-with-party");
  const Rule* replaces = grammar_.Find("attendance", "replaces");
  const Rule* presence = grammar_.Find("attendance", "presence");
  if (person == nullptr || person_party == nullptr) return;

  std::string role;
  std::vector<std::string> column_roles;
  auto add = [&](Attendee a) {
    if (role == "justerare") {
      meeting->justerare.push_back(a.name);
      return;
    }
    if (role == "sekreterare") {
      meeting->secretary = a.name;
      return;
    }
    auto same = std::find_if(meeting->attendance.begin(), meeting->attendance.end(),
                             [&](const Attendee& x) { return x.name == a.name; });
    if (role == "ordforande" || a.role == "ordforande") meeting->chair = a.name;
    if (same != meeting->attendance.end()) {
      if (role == "ordforande") same->role = "ordforande";
      return;
    }
    meeting->attendance.push_back(std::move(a));
  };
  // One list entry: "Karin Näsmark (S), Vice ordförande", "Göran Isberg, utbildningsdirektör".
  std::map<std::string, std::string> replaced_party;  // the party written after a replaced name
  const Rule* checkbox = grammar_.Find("attendance", "checkbox");
  const Rule* switch_role = grammar_.Find("attendance", "run-on-heading");
  std::function<bool(std::string_view, const SourcePos&)> read_one;
  auto read_entry = [&](std::string_view text, const SourcePos& pos) -> bool {
    // "[X] Haverinen Emilia, ordförande" came; "[ ] Nystedt Elias" did not.
    bool present = true;
    std::string unboxed;
    if (checkbox != nullptr) {
      if (auto box = FindFirst(*checkbox, text); box) {
        present = !box->Group("mark").empty();
        unboxed = box->Group("entry");
        text = unboxed;
      }
    }
    auto all = AllMatches(*person_party, text);
    if (all.size() >= 2) {
      // A run-on list: "Anna Carlsson (S) Berith Gustafsson (S) tjänstgör för Thomas Bolin (S) …"
      bool next_is_replaced = false;
      std::string run_role = role;
      for (size_t k = 0; k < all.size(); ++k) {
        const RuleMatch& m = all[k];
        const size_t gap_end = k + 1 < all.size() ? all[k + 1].begin : text.size();
        const std::string_view gap = text.substr(m.end, gap_end - m.end);
        // "… Kerstin Lindberg (MP) Övriga närvarande Inger Grund (M) …": a
        // list heading inside the run switches the role of who follows.
        const size_t gap_before_start = k == 0 ? 0 : all[k - 1].end;
        const std::string_view before = text.substr(gap_before_start, m.begin - gap_before_start);
        if (switch_role != nullptr) {
          if (auto h = FindFirst(*switch_role, before); h)
            run_role = switch_role->Attr("switch_to");
        }
        if (next_is_replaced && !meeting->attendance.empty()) {
          meeting->attendance.back().replaces = m.Group("name");
          replaced_party[m.Group("name")] = m.Group("party");
          next_is_replaced = false;
        } else {
          Attendee a;
          a.name = m.Group("name");
          a.party = m.Group("party");
          a.role = RoleFromWords(gap.substr(0, std::min<size_t>(gap.size(), 40)), run_role);
          a.pos = pos;
          add(std::move(a));
        }
        if (replaces != nullptr && !meeting->attendance.empty()) {
          auto r = AllMatches(*replaces, gap);
          if (!r.empty()) {
            Attendee& last = meeting->attendance.back();
            last.role = "tjanstgorande_ersattare";
            if (const std::string who = r.front().Group("name"); !who.empty()) {
              last.replaces = who;
              replaced_party[who] = r.front().Group("party");
            } else {
              next_is_replaced = true;
            }
          }
        }
        if (presence != nullptr && !meeting->attendance.empty()) {
          auto p = AllMatches(*presence, gap);
          if (!p.empty() && !next_is_replaced) {
            meeting->attendance.back().paragraphs = StripPunct(p.front().groups[1]);
          }
        }
      }
      return true;
    }
    auto m = AllMatches(*person, text);
    if (m.empty() || m.front().begin != 0) {
      // Officials run together on one line: "Göran Isberg, utbildningsdirektör
      // David Norrfjärd, chef grundskola Peter Lindström, chef förskola".
      const std::vector<std::string> split = SplitOfficials(text);
      if (split.size() < 2) return false;
      bool any = false;
      for (const std::string& one : split) any = read_one(one, pos) || any;
      return any;
    }
    Attendee a;
    a.name = m.front().Group("name");
    a.present = present;
    if (std::string party = m.front().Group("party"); !party.empty()) a.party = party;
    std::string rest = m.front().Group("rest");
    a.role = RoleFromWords(rest, role);
    // An official's title may name a chair: "revisorernas ordförande" is no
    // chair of this body.
    if (role == "ovrig" && (a.role == "ordforande" || a.role == "vice_ordforande")) a.role = role;
    // "Magnus Öberg (C), ej § 39", "Carl Nordin, chefläkare, §§ 59–60".
    if (presence != nullptr) {
      if (auto p = FindFirst(*presence, rest); p) {
        a.paragraphs = StripPunct(p->groups[1]);
        rest = StripPunct(std::string_view(rest).substr(0, p->begin));
      }
    }
    if (role == "ovrig" && !rest.empty()) a.title = StripPunct(rest);
    a.pos = pos;
    add(std::move(a));
    return true;
  };
  read_one = read_entry;

  const std::vector<Line> head = JoinWrappedEntries();
  for (size_t i = 0; i < head_end_; ++i) {
    if (lines_.skip(i) || head[i].blank()) continue;
    const Line& line = head[i];
    std::vector<std::string> entries;
    std::string label;
    if (line.is_table_row()) {
      // "Beslutande: | Anna Carlsson (S), ordförande" or a continuation "| Bo Högberg (S)".
      label = line.cells.empty() ? "" : line.cells.front();
      for (size_t c = 1; c < line.cells.size(); ++c) {
        for (std::string_view part : Split(line.cells[c], '\n'))
          entries.emplace_back(TrimView(part));
      }
    } else {
      label = line.text;
    }
    if (line.is_table_row() && ReadSignatures(i, meeting)) continue;
    // "ordinarie | ersättare": a list in columns, each with its own role.
    if (line.is_table_row()) {
      std::vector<std::string> roles;
      for (const auto& cell : line.cells) {
        std::string found;
        for (const Rule* rule : headings) {
          auto m = AllMatches(*rule, cell);
          if (!m.empty() && m.front().Group("rest").empty()) found = rule->Attr("role");
        }
        roles.push_back(found);
      }
      if (roles.size() >= 2 && std::none_of(roles.begin(), roles.end(),
                                            [](const std::string& r) { return r.empty(); })) {
        column_roles = roles;
        role = roles.front();
        continue;
      }
    }
    bool is_heading = false;
    for (const Rule* rule : headings) {
      auto m = AllMatches(*rule, label);
      if (m.empty()) continue;
      role = rule->Attr("role");
      is_heading = true;
      if (!line.is_table_row()) {
        column_roles.clear();  // a heading of its own starts a list of its own
        entries.clear();
        if (std::string rest = m.front().Group("rest"); !rest.empty()) entries.push_back(rest);
      }
      break;
    }
    if (!is_heading && !line.is_table_row() && line.heading_level > 0 && line.emphasized) {
      // A bold heading of another kind ("Dagordning") ends the lists.
      role.clear();
      column_roles.clear();
      continue;
    }
    if (!is_heading && line.is_table_row() && !role.empty() &&
        (!label.empty() || !column_roles.empty())) {
      // A list set in columns: "[X] Haverinen Emilia | [X] Sjöström William",
      // each cell perhaps several entries, one a line, under sub-headings of
      // its own ("Ledamöter" in the "Ordförande" column); a line that starts
      // in lowercase goes on with the entry above ("… (M), 1:a" / "vice ordförande").
      const std::string list_role = role;
      bool any = false;
      // A row without the label column is shifted: align it from the right.
      const size_t offset =
          column_roles.size() > line.cells.size() ? column_roles.size() - line.cells.size() : 0;
      for (size_t c = 0; c < line.cells.size(); ++c) {
        const size_t column = c + offset;
        std::string column_role = column < column_roles.size() && !column_roles[column].empty()
                                      ? column_roles[column]
                                      : list_role;
        std::vector<std::string> items;
        for (std::string_view part : Split(line.cells[c], '\n')) {
          const std::string item(TrimView(part));
          if (item.empty()) continue;
          if (!items.empty() && StartsWithLower(item)) {
            items.back() += " " + item;
          } else {
            items.push_back(item);
          }
        }
        for (const std::string& item : items) {
          bool sub_heading = false;
          for (const Rule* rule : headings) {
            auto m = AllMatches(*rule, item);
            if (m.empty() || !m.front().Group("rest").empty()) continue;
            column_role = rule->Attr("role");
            if (column < column_roles.size()) column_roles[column] = column_role;
            sub_heading = true;
            break;
          }
          if (sub_heading) {
            any = true;
            continue;
          }
          role = column_role;
          any = read_entry(item, line.pos) || any;
        }
      }
      role = list_role;
      if (!any) {
        role.clear();  // the list has ended
        column_roles.clear();
      }
      continue;
    }
    if (!is_heading) {
      if (role.empty()) continue;
      // A plain line under a list set in columns of different roles: its
      // column is unknown, so its role would be a guess.
      if (!line.is_table_row() && !column_roles.empty() &&
          std::adjacent_find(column_roles.begin(), column_roles.end(), std::not_equal_to<>()) !=
              column_roles.end()) {
        continue;
      }
      if (!line.is_table_row()) entries = {line.text};
    }
    if (is_heading) column_roles.clear();
    const bool by_column = !is_heading && line.is_table_row() &&
                           column_roles.size() == line.cells.size() &&
                           entries.size() == line.cells.size();
    const std::string list_role = role;
    bool any = false;
    for (size_t e = 0; e < entries.size(); ++e) {
      if (entries[e].empty()) continue;
      if (by_column) role = column_roles[e];
      any = read_entry(entries[e], line.pos) || any;
    }
    role = list_role;
    if (!any && !is_heading) {
      role.clear();  // the list has ended
      column_roles.clear();
    }
  }
  // A member a tjänstgörande ersättare stands in for was absent: listed as
  // such, so the balance of who decided is on record ("Per Nilsson (M)
  // tjänstgör för Eva Ek (M)": Eva Ek, ledamot, not present).
  if (replaces != nullptr) {
    std::vector<Attendee> absent;
    for (const Attendee& a : meeting->attendance) {
      if (!a.replaces || a.paragraphs) continue;  // for some § only: present otherwise
      const std::string& who = *a.replaces;
      const bool listed = std::any_of(meeting->attendance.begin(), meeting->attendance.end(),
                                      [&](const Attendee& x) { return x.name == who; }) ||
                          std::any_of(absent.begin(), absent.end(),
                                      [&](const Attendee& x) { return x.name == who; });
      if (listed) continue;
      Attendee member;
      member.name = who;
      const auto party = replaced_party.find(who);
      member.party = party != replaced_party.end() && !party->second.empty()
                         ? std::optional<std::string>(party->second)
                         : a.party;
      member.role = "ledamot";
      member.present = false;
      member.pos = a.pos;
      absent.push_back(std::move(member));
    }
    for (auto& m : absent) meeting->attendance.push_back(std::move(m));
  }
}

std::vector<Line> HeadReader::JoinWrappedEntries() const {
  std::vector<Line> head;
  head.reserve(head_end_);
  for (size_t i = 0; i < head_end_; ++i) head.push_back(lines_[i]);
  const Rule* replaces = grammar_.Find("attendance", "replaces");
  const Rule* surname = grammar_.Find("attendance", "surname-with-party");
  const Rule* roles = grammar_.Find("attendance", "signature-roles");
  auto last_line = [](const std::string& cell) {
    const size_t nl = cell.rfind('\n');
    return nl == std::string::npos ? cell : cell.substr(nl + 1);
  };
  // The cell above is an entry cut short: "… tjänstgör för" or "… tjänstgör
  // för Eva Ek" without the party letters yet.
  auto open_replacement = [&](const std::string& above) {
    const std::string tail(TrimView(last_line(above)));
    if (replaces == nullptr || tail.empty() || tail.back() == ')') return false;
    return FindFirst(*replaces, tail).has_value();
  };
  auto continues = [&](const std::string& cell, const std::string& above) {
    const std::string_view text = TrimView(cell);
    if (text.empty() || TrimView(above).empty()) return false;
    const auto first = static_cast<unsigned char>(text[0]);
    if (text[0] == '(' || std::isdigit(first) != 0 || StartsWithLower(text)) return true;
    if (!open_replacement(above)) return false;
    // "Robert Ahl (S)" after "… tjänstgör för", "Kron (V)" after "… för Sofia".
    const std::string tail(TrimView(last_line(above)));
    constexpr std::string_view kFor = " för";  // five bytes: ö is two
    const bool name_open = tail.size() >= kFor.size() &&
                           std::string_view(tail).substr(tail.size() - kFor.size()) == kFor;
    return name_open || (surname != nullptr && Matches(*surname, text));
  };
  size_t above = std::string::npos;  // the table row before, in `head`
  for (size_t i = 0; i < head.size(); ++i) {
    if (lines_.skip(i)) continue;
    Line& line = head[i];
    if (!line.is_table_row()) {
      // A plain line under a list row finishing its last entry: "(SD)",
      // "93–96" after "… Rasmus Holmgren" / "… §§".
      if (above != std::string::npos && !line.blank()) {
        auto& cells = head[above].cells;
        auto last = std::find_if(cells.rbegin(), cells.rend(),
                                 [](const std::string& c) { return !TrimView(c).empty(); });
        if (last != cells.rend() && continues(line.text, *last)) {
          *last += " " + std::string(TrimView(line.text));
          line.text.clear();
          continue;
        }
      }
      above = std::string::npos;
      continue;
    }
    // "ordförande | protokollförare" under the signers' names is a row of its own.
    const bool signature_roles =
        roles != nullptr && std::all_of(line.cells.begin(), line.cells.end(), [&](const auto& c) {
          return TrimView(c).empty() || Matches(*roles, std::string(TrimView(c)));
        });
    if (above != std::string::npos && !signature_roles &&
        head[above].cells.size() >= line.cells.size()) {
      Line& prev = head[above];
      // Align from the right: a row without the label column is shifted.
      const size_t offset = prev.cells.size() - line.cells.size();
      bool moved = false;
      for (size_t c = 0; c < line.cells.size(); ++c) {
        std::string& target = prev.cells[c + offset];
        if (!continues(line.cells[c], target)) continue;
        target += " " + std::string(TrimView(line.cells[c]));
        line.cells[c].clear();
        moved = true;
      }
      if (moved && std::all_of(line.cells.begin(), line.cells.end(),
                               [](const std::string& c) { return TrimView(c).empty(); })) {
        line.cells.clear();
        line.text.clear();  // nothing left: a blank the reader skips
        continue;
      }
    }
    above = i;
  }
  return head;
}

bool HeadReader::StartsWithSectionHeading(const std::string& text) const {
  size_t cut = std::min(text.find(" - "), text.find(':'));
  if (cut == std::string::npos) cut = text.size();
  const std::string prefix(TrimView(std::string_view(text).substr(0, cut)));
  return !prefix.empty() && FirstMatch(grammar_.Group("sections"), prefix).has_value();
}

bool HeadReader::ReadSignatures(size_t i, Meeting* meeting) const {
  // "ordförande | protokollförare" under "Emilia Haverinen | Katarina Östman".
  const Rule* roles = grammar_.Find("attendance", "signature-roles");
  const Rule* person = grammar_.Find("attendance", "person");
  if (roles == nullptr || person == nullptr || i == 0) return false;
  const Line& line = lines_[i];
  size_t above = i;
  while (above > 0 && lines_.skip(above - 1)) --above;
  if (above == 0) return false;
  const Line& names = lines_[above - 1];
  if (!names.is_table_row() || names.cells.size() != line.cells.size()) return false;
  bool any = false;
  for (size_t c = 0; c < line.cells.size(); ++c) {
    if (line.cells[c].empty() || names.cells[c].empty()) continue;
    auto role = AllMatches(*roles, line.cells[c]);
    auto name = AllMatches(*person, names.cells[c]);
    if (role.empty() || name.empty()) continue;
    const std::string who = name.front().Group("name");
    const std::string what = RoleFromWords(line.cells[c], "");
    if (what == "ordforande") meeting->chair = who;
    if (what == "sekreterare") meeting->secretary = who;
    any = true;
  }
  return any;
}

void HeadReader::ReadAgenda(const Meeting& meeting, std::vector<AgendaItem>* agenda) const {
  std::vector<std::string> known;
  for (const auto& a : meeting.attendance) known.push_back(a.name);
  const Rule* numbered = grammar_.Find("agenda", "numbered-item");
  const Rule* number_cell = grammar_.Find("agenda", "item-number-cell");
  const Rule* trailing_time = grammar_.Find("agenda", "trailing-time");
  const Rule* page_cell = grammar_.Find("agenda", "page-cell");
  const Rule* and_more = grammar_.Find("agenda", "and-more");
  const Rule* titled_cell = grammar_.Find("agenda", "numbered-title-cell");
  const Rule* goes_on = grammar_.Find("agenda", "title-goes-on");
  if (!titled_cell || !numbered || !number_cell || !trailing_time || !page_cell || !and_more)
    return;

  auto strip_more = [&](std::string s) {
    auto m = AllMatches(*and_more, s);
    if (!m.empty()) s.resize(m.front().begin);
    return StripPunct(s);
  };
  // Splits "Nutrition Jessica Isaksson, Elsy Bäckström" at the first known name.
  auto split_presenters = [&](std::string rest, AgendaItem* item) {
    rest = strip_more(rest);
    size_t cut = std::string::npos;
    for (const auto& name : known) {
      size_t at = rest.find(name);
      while (at != std::string::npos && at > 0 && rest[at - 1] != ' ') at = rest.find(name, at + 1);
      if (at != std::string::npos && at < cut) cut = at;
    }
    if (cut == std::string::npos) return rest;
    for (auto& n : SplitNames(std::string_view(rest).substr(cut))) item->presenters.push_back(n);
    return StripPunct(std::string_view(rest).substr(0, cut));
  };
  auto read_time = [&](std::string* text, AgendaItem* item) {
    auto m = AllMatches(*trailing_time, *text);
    if (m.empty()) return false;
    item->time = NormalizeClock(m.front().Group("time"));
    *text = m.front().Group("before");
    return true;
  };

  int last = 0;
  bool continuing = false;  // the item's presenters may go on on the next line
  bool in_table = false;
  for (size_t i = 0; i < head_end_; ++i) {
    const Line& line = lines_[i];
    if (line.blank()) {
      continuing = false;
      continue;
    }
    if (lines_.furniture(i)) continue;
    if (line.is_table_row()) {
      // Find the number: "12." or "§ 52" in a cell, or "§" | "72" in two.
      const auto& cells = line.cells;
      std::optional<int> number;
      size_t after = 0;
      std::string cell_title;  // "16 § Sammanträdets laglighet": number and title in one cell
      for (size_t c = 0; c < cells.size() && !number; ++c) {
        if (cells[c].empty()) continue;
        if (auto t = FindFirst(*titled_cell, cells[c]); t) {
          std::string digits = t->Group("number");
          if (digits.empty()) digits = t->Group("number_alt");
          if (digits.empty()) digits = t->Group("number_dot");
          number = std::atoi(digits.c_str());
          cell_title = t->Group("title");
          after = c + 1;
          break;
        }
        if (cells[c] == "§" && c + 1 < cells.size()) {
          auto m = AllMatches(*number_cell, cells[c + 1]);
          if (!m.empty()) {
            number = std::atoi(m.front().Group("number").c_str());
            after = c + 2;
          }
          break;
        }
        auto m = AllMatches(*number_cell, cells[c]);
        if (!m.empty()) {
          number = std::atoi(m.front().Group("number").c_str());
          after = c + 1;
        }
        break;
      }
      if (number && (last == 0 || *number == last + 1)) {
        AgendaItem item;
        item.number = number;
        item.pos = line.pos;
        bool titled = !cell_title.empty();
        if (titled) item.title = StripPunct(cell_title);
        for (size_t c = after; c < cells.size(); ++c) {
          std::string cell = cells[c];
          if (cell.empty()) continue;
          if (!titled) {
            item.title = StripPunct(cell.substr(0, cell.find('\n')));
            titled = true;
            continue;
          }
          if (c + 1 == cells.size() ||
              std::all_of(cells.begin() + static_cast<long>(c) + 1, cells.end(),
                          [](const std::string& x) { return x.empty(); })) {
            if (auto p = FindFirst(*page_cell, cell); p) {
              item.page = std::atoi(p->Group("page").c_str());
              continue;
            }
          }
          if (read_time(&cell, &item)) {
            for (auto& n : SplitNames(strip_more(cell))) item.presenters.push_back(n);
          }
        }
        last = *number;
        agenda->push_back(std::move(item));
        in_table = true;
        continue;
      }
      if (!number && in_table && !agenda->empty()) {
        // A continuation row: the title goes on, or the page or case number stands here.
        AgendaItem& item = agenda->back();
        std::vector<std::string> texts;
        for (const auto& cell : cells) {
          if (!cell.empty()) texts.push_back(cell);
        }
        for (size_t k = 0; k < texts.size(); ++k) {
          if (k + 1 == texts.size() && FindFirst(*page_cell, texts[k])) {
            item.page = std::atoi(AllMatches(*page_cell, texts[k]).front().Group("page").c_str());
          } else if (FirstMatch(grammar_.Group("case_lines"), texts[k])) {
            continue;  // the item's case number
          } else if (texts[k] != "-" && !StartsWithSectionHeading(texts[k]) &&
                     (StartsWithLower(texts[k]) ||
                      (goes_on != nullptr && Matches(*goes_on, item.title)))) {
            // A title wrapped onto the next row ("representation i organ och
            // utskott"); a capitalised row under it is a sub-item
            // ("Informationsärende" / "Aktuellt från förskola …") or the
            // item's documents ("Beslutsunderlag - Handlingsplan …").
            AppendWrapped(&item.title, texts[k]);
          }
        }
      }
      continue;
    }
    in_table = false;
    if (auto m = FindFirst(*numbered, line.text); m) {
      const int number = std::atoi(m->Group("number").c_str());
      if (last == 0 || number == last + 1) {
        AgendaItem item;
        item.number = number;
        item.pos = line.pos;
        std::string rest = m->Group("rest");
        const bool timed = read_time(&rest, &item);
        item.title = split_presenters(rest, &item);
        last = number;
        continuing = !timed;
        agenda->push_back(std::move(item));
        continue;
      }
    }
    if (continuing && !agenda->empty()) {
      // "Veronica Molander," / "Maria Höög m.fl. 13:05" under "5. God och nära vård"
      std::string text = line.text;
      AgendaItem probe;
      const bool timed = read_time(&text, &probe);
      const std::string names = strip_more(text);
      const bool known_name = std::any_of(
          known.begin(), known.end(), [&](const std::string& n) { return names.rfind(n, 0) == 0; });
      if (!known_name && !timed) {
        continuing = false;
        continue;
      }
      AgendaItem& item = agenda->back();
      for (auto& n : SplitNames(names)) item.presenters.push_back(n);
      if (timed) {
        item.time = probe.time;
        continuing = false;
      }
    }
  }
}

std::optional<Date> HeadReader::DateFromLabelColumn(const Line& line, const Rule& rule) const {
  auto lines_of = [](const std::string& cell) {
    std::vector<std::string> out;
    for (std::string_view part : Split(cell, '\n')) out.emplace_back(TrimView(part));
    return out;
  };
  // Labels that own a date: the meeting date, justering and anslag.
  auto dated = [&](const std::string& label) {
    if (MatchNamed(grammar_, "meeting", "date-label", label + " 2000-01-01")) return true;
    for (const Rule& r : grammar_.Group("meeting")) {
      if (!r.Attr("field").empty() && Matches(r, label)) return true;
    }
    return false;
  };
  int ordinal = -1, k = 0;
  for (const std::string& label : lines_of(line.cells[0])) {
    if (!dated(label)) continue;
    if (Matches(rule, label)) {
      ordinal = k;
      break;
    }
    ++k;
  }
  if (ordinal < 0) return std::nullopt;
  int seen = 0;
  for (size_t c = 1; c < line.cells.size(); ++c) {
    for (const std::string& value : lines_of(line.cells[c])) {
      auto date = dates_.First(value);
      if (!date) continue;
      if (seen++ == ordinal) return date;
    }
  }
  return std::nullopt;
}

void HeadReader::ReadJustering(Meeting* meeting) const {
  bool appeal = false;
  // The first date found for each field stands.
  auto set = [&](const std::string& field, const Date& date, const Rule& rule) {
    if (field == "justering" && !meeting->justering_date) meeting->justering_date = date;
    if (field == "posted" && !meeting->anslag.posted) {
      meeting->anslag.posted = date;
      appeal = rule.Attr("appeal") == "yes";
    }
    if (field == "removed" && !meeting->anslag.removed) meeting->anslag.removed = date;
  };
  for (const Rule& rule : grammar_.Group("meeting")) {
    const std::string field = rule.Attr("field");
    if (field.empty()) continue;
    for (size_t i = 0; i < head_end_; ++i) {
      if (lines_[i].blank()) continue;
      const Line& line = lines_[i];
      // A box set as two cells of many lines (labels | values): the k-th
      // dated label takes the k-th date among the values.
      if (line.is_table_row() && line.cells.size() >= 2 &&
          line.cells[0].find('\n') != std::string::npos) {
        if (auto date = DateFromLabelColumn(line, rule)) set(field, *date, rule);
        continue;
      }
      const std::string text = HeadText(i);
      auto m = AllMatches(rule, text);
      if (m.empty()) continue;
      // The first date after the label, here or on the next two lines.
      std::optional<Date> date = dates_.First(std::string_view(text).substr(m.front().end));
      for (size_t j = i + 1, seen = 0; !date && j < head_end_ && seen < 2; ++j) {
        if (lines_[j].blank()) continue;
        ++seen;
        date = dates_.First(HeadText(j));
      }
      if (!date) continue;
      set(field, *date, rule);
      break;
    }
  }
  // Laglighetsprövning: three weeks from the day the anslag went up.
  if (appeal && meeting->anslag.posted)
    meeting->appeal_deadline = AddDays(*meeting->anslag.posted, 21);
}

void HeadReader::Read(const RawSource& source, const ParseOptions& options, Document* doc) const {
  ReadAttendance(&doc->meeting);
  ReadPlaceAndTime(&doc->meeting);
  ReadJustering(&doc->meeting);
  ReadAgenda(doc->meeting, &doc->agenda);
  doc->kind = FindKind(*doc);
  doc->body = FindBody(source, options, *doc);
  doc->organisation = FindOrganisation();
  doc->date = FindDate(source, options, *doc);
  if (doc->kind != DocumentKind::kTjansteskrivelse) doc->meeting.date = doc->date;
  if (!doc->body) {
    doc->warnings.push_back({{}, "no body (organ) found; give it with --body"});
  }
  if (!doc->date) {
    doc->warnings.push_back({{}, "no meeting or document date found; give it with --date"});
  }
}

}  // namespace paragraf
