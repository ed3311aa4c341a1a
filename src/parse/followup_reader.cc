#include "parse/followup_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "normalize/normalize.h"
#include "parse/deliberation_reader.h"
#include "parse/matcher.h"

namespace paragraf {

namespace {

// "- ", "– ", "• ", "* ", "1. ", "2) ": a point of a list.
size_t PointMarker(std::string_view line) {
  for (std::string_view bullet : {"- ", "– ", "• ", "* "}) {
    if (line.substr(0, bullet.size()) == bullet) return bullet.size();
  }
  size_t digits = 0;
  while (digits < line.size() && digits < 3 &&
         std::isdigit(static_cast<unsigned char>(line[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      line[digits + 1] == ' ') {
    return digits + 2;
  }
  return 0;
}

std::string Clean(std::string_view text) {
  std::string_view t = TrimView(text);
  while (!t.empty() && (t.back() == '.' || t.back() == ',' || t.back() == ';' || t.back() == ':')) {
    t.remove_suffix(1);
    t = TrimView(t);
  }
  for (std::string_view word : {"att ", "dessutom ", "även ", "också "}) {
    if (t.substr(0, word.size()) == word) t.remove_prefix(word.size());
  }
  return std::string(t);
}

// True when a follow-up rule (not a title, plan-column or helper rule)
// matches `text`.
bool IsFollowUp(const std::vector<Rule>& rules, std::string_view text) {
  return std::any_of(rules.begin(), rules.end(),
                     [&](const Rule& r) { return r.Attr("role").empty() && Matches(r, text); });
}

// The activities quoted on a line: "…" or ”…” or “…”, of two words or more.
std::vector<std::string> QuotedActivities(std::string_view line) {
  std::vector<std::string> out;
  static constexpr std::string_view kOpen[] = {"\"", "\u201D", "\u201C"};
  size_t at = 0;
  while (at < line.size()) {
    size_t open = std::string_view::npos, open_size = 0;
    for (std::string_view q : kOpen) {
      const size_t found = line.find(q, at);
      if (found < open) {
        open = found;
        open_size = q.size();
      }
    }
    if (open == std::string_view::npos) break;
    size_t close = std::string_view::npos, close_size = 0;
    for (std::string_view q : kOpen) {
      const size_t found = line.find(q, open + open_size);
      if (found < close) {
        close = found;
        close_size = q.size();
      }
    }
    if (close == std::string_view::npos) break;
    const std::string_view inside =
        TrimView(line.substr(open + open_size, close - open - open_size));
    if (inside.find(' ') != std::string_view::npos) out.emplace_back(inside);
    at = close + close_size;
  }
  return out;
}

}  // namespace

std::vector<std::string> FollowUpReader::Units(const Decision& decision) const {
  // Points first (a new point starts a unit, so does a blank line), then
  // the sentences of each.
  std::vector<std::string> blocks;
  std::string current;
  for (std::string_view raw : Split(decision.text, '\n')) {
    const std::string_view line = TrimView(raw);
    if (line.empty() || PointMarker(line) > 0) {
      if (!current.empty()) blocks.push_back(std::move(current));
      current.clear();
    }
    if (line.empty()) continue;
    if (!current.empty()) current.push_back(' ');
    current.append(line);
  }
  if (!current.empty()) blocks.push_back(std::move(current));
  DeliberationReader sentences(grammar_);
  std::vector<std::string> units;
  for (const std::string& block : blocks) {
    const size_t marker = PointMarker(block);
    bool first = true;
    for (std::string& sentence : sentences.Statements(block.substr(marker))) {
      // A point keeps its marker on its first sentence: "- " tells a point
      // of a list from running text.
      units.push_back(first && marker > 0 ? block.substr(0, marker) + sentence : sentence);
      first = false;
    }
  }
  return units;
}

FollowUpReader::Due FollowUpReader::FindDue(const std::string& text,
                                            const std::optional<Date>& meeting) const {
  Due due;
  const std::optional<RuleMatch> m = FirstMatch(grammar_.Group("due_dates"), text);
  if (!m) return due;
  due.text = std::string(TrimView(m->groups[0]));
  due.meeting = m->rule->Attr("meeting");
  const std::string resolve = m->rule->Attr("resolve");
  if (resolve == "date") {
    due.date = DateReader(grammar_).First(m->Group("date"));
  } else if (resolve == "month_end") {
    const std::optional<RuleMatch> month =
        FirstMatch(grammar_.Group("months"), m->Group("month_word"));
    const int year = std::atoi(m->Group("year").c_str());
    if (month && year > 1900) due.date = EndOfMonth(year, month->rule->IntAttr("month", 1));
  } else if (resolve == "year_end") {
    const int year = std::atoi(m->Group("year").c_str());
    if (year > 1900) due.date = MakeDate(year, 12, 31);
  } else if (resolve == "after" && meeting) {
    const std::string count_text = Lower(m->Group("count"));
    int count = std::atoi(count_text.c_str());
    if (count == 0) {
      if (const Rule* words = grammar_.Find("votes", "number-words")) {
        count = words->IntAttr(count_text, 0);
      }
    }
    const std::string unit = Lower(m->Group("unit"));
    if (count > 0) {
      if (unit.rfind("dag", 0) == 0) {
        due.date = AddDays(*meeting, count);
      } else if (unit.rfind("veck", 0) == 0) {
        due.date = AddDays(*meeting, 7 * count);
      } else if (unit.rfind('m', 0) == 0) {
        due.date = AddMonths(*meeting, count);
      } else {
        due.date = AddMonths(*meeting, 12 * count);
      }
    }
  }
  return due;
}

std::vector<std::string> FollowUpReader::SplitAssignees(const std::string& text) const {
  // "Region Jämtland Härjedalen och kommunerna", "Berg, Bräcke och Åre
  // kommuner": at commas and "och", but not inside "hälso- och sjukvård".
  std::vector<std::string> out;
  std::string part;
  auto flush = [&] {
    std::string p = Clean(part);
    if (!p.empty()) out.push_back(std::move(p));
    part.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ',') {
      flush();
      ++i;
      continue;
    }
    if (text.compare(i, 5, " och ") == 0 && !part.empty() && part.back() != '-') {
      flush();
      i += 5;
      continue;
    }
    part.push_back(text[i++]);
  }
  flush();
  return out;
}

void FollowUpReader::Read(const std::optional<Date>& meeting, Paragraph* p) const {
  Read(meeting, std::nullopt, p);
}

void FollowUpReader::Read(const std::optional<Date>& meeting,
                          const std::optional<std::string>& body_name, Paragraph* p) const {
  p->followups.clear();
  if (!p->decision) return;
  const std::string verb = p->decision->verb.value_or("");
  // A proposal to fullmäktige is not yet a decision.
  if (verb == "föreslår" || verb == "tillstyrker") return;
  const std::vector<std::string> units = Units(*p->decision);
  std::vector<FollowUp> out;
  const auto& rules = grammar_.Group("followups");
  // Whom the decision recommends ("rekommendera X att"), as it names them.
  std::map<std::string, std::string> named_by_kind;
  for (size_t u = 0; u < units.size(); ++u) {
    const std::string& unit = units[u];
    const std::string_view body = std::string_view(unit).substr(PointMarker(unit));
    for (const Rule& rule : rules) {
      if (!rule.Attr("role").empty()) continue;
      if (const std::string title_rule = rule.Attr("title_rule"); !title_rule.empty()) {
        const Rule* title = grammar_.Find("followups", title_rule);
        if (title == nullptr || !Matches(*title, p->title)) continue;
      }
      std::vector<RuleMatch> matches = AllMatches(rule, body);
      if (matches.empty()) continue;
      const RuleMatch& m = matches.front();
      std::string task = Clean(m.Group("task"));
      std::string evidence(body);
      // "med följande uppdrag:" / "att:": the points that follow are the task.
      if (rule.Attr("following_points") == "yes" || rule.Attr("points_task") == "yes") {
        std::string points;
        size_t next = u + 1;
        while (next < units.size() && PointMarker(units[next]) > 0 &&
               !IsFollowUp(rules, std::string_view(units[next]).substr(PointMarker(units[next])))) {
          if (!points.empty()) points += "; ";
          points += Clean(std::string_view(units[next]).substr(PointMarker(units[next])));
          evidence += "\n" + units[next];
          ++next;
        }
        if (task.empty()) task = points;
        if (next > u + 1 && rule.Attr("following_points") == "yes") u = next - 1;
      }
      // A recommendation's points are what to adopt, not when: its due
      // date is in its own sentence.
      Due due = FindDue(rule.Attr("points_task") == "yes" ? std::string(body) : evidence, meeting);
      // "Uppdraget ska återrapporteras senast 2022-03-31." in the next sentence.
      if (due.text.empty() && u + 1 < units.size()) {
        const Rule* follows = grammar_.Find("followups", "due-follows");
        if (!IsFollowUp(rules, units[u + 1]) && follows != nullptr &&
            Matches(*follows, units[u + 1])) {
          due = FindDue(units[u + 1], meeting);
          if (!due.text.empty()) evidence += " " + units[u + 1];
        }
      }
      // A motion is answered within a year (KL 5 kap. 35 §); a date in its
      // sentence is the remiss's ("yttrande senast …") unless it says
      // when the motion itself is answered ("… besvaras senast …").
      if (meeting && rule.IntAttr("due_years", 0) > 0 &&
          Lower(evidence).find("besvar") == std::string::npos) {
        due.date = AddMonths(*meeting, 12 * rule.IntAttr("due_years", 0));
        due.text = "inom ett år (KL 5 kap. 35 §)";
        due.meeting.clear();
      }
      std::vector<std::string> assignees;
      if (rule.Attr("split_assignees") == "yes") {
        assignees = SplitAssignees(m.Group("assignee"));
      } else if (std::string a = Clean(m.Group("assignee")); !a.empty()) {
        assignees.push_back(std::move(a));
      }
      // "Skickas till": one follow-up per recipient.
      if (const std::string from = rule.Attr("assignees_from");
          assignees.empty() && !from.empty()) {
        for (const Section& section : p->sections) {
          if (ToString(section.kind) != from) continue;
          for (std::string_view line : Split(section.text, '\n')) {
            if (std::string a = Clean(line); !a.empty()) assignees.push_back(std::move(a));
          }
        }
      }
      if (assignees.empty() && rule.Attr("assignee_is_body") == "yes" && body_name) {
        assignees.push_back(*body_name);
      }
      if (const std::string group = Clean(m.Group("assignee")); !group.empty()) {
        named_by_kind.try_emplace(rule.Attr("kind"), group);
      }
      if (const std::string from = rule.Attr("assignee_from_kind");
          assignees.empty() && !from.empty()) {
        if (auto named = named_by_kind.find(from); named != named_by_kind.end()) {
          assignees.push_back(named->second);
        }
      }
      if (assignees.empty()) assignees.emplace_back();
      for (const std::string& assignee : assignees) {
        FollowUp f;
        f.kind = rule.Attr("kind");
        if (!assignee.empty()) f.assignee = assignee;
        f.task = task.empty() ? Clean(body) : task;
        f.due = due.date;
        f.due_text = due.text;
        f.due_meeting = due.meeting;
        f.text = evidence;
        f.pos = p->decision->pos;
        out.push_back(std::move(f));
      }
      // The first rule that matches a unit wins, unless it lets the next
      // ones try too (a motion remitted: the motion and the remiss).
      if (rule.Attr("continue") != "yes") break;
    }
  }
  ReadActionPlans(meeting, *p, &out);
  for (FollowUp& f : out) Derive(&f);
  p->followups = std::move(out);
}

void FollowUpReader::Derive(FollowUp* f) const {
  f->task_words = TaskWords(f->task);
  for (const Rule& rule : grammar_.Group("followups")) {
    if (rule.Attr("role") == "outcome" && Matches(rule, f->text)) {
      f->outcome = rule.Attr("outcome");
      break;
    }
  }
}

std::string FollowUpReader::TaskWords(std::string_view text) const {
  const Rule* stop = grammar_.Find("followups", "stopwords");
  const std::string task = FoldCase(text);
  std::string out;
  std::vector<std::string_view> seen;
  for (std::string_view word : Words(task)) {
    if (stop != nullptr && Matches(*stop, word)) continue;
    if (std::find(seen.begin(), seen.end(), word) != seen.end()) continue;
    if (!out.empty()) out.push_back(' ');
    out += word;
    seen.push_back(word);
  }
  return out;
}

void FollowUpReader::ReadCues(Paragraph* p) const {
  p->cues.clear();
  std::string text = p->title;
  if (p->decision) text += "\n" + p->decision->text;
  std::string all = p->title;
  for (const Section& section : p->sections) all += "\n" + section.text;
  if (p->decision) all += "\n" + p->decision->text;
  for (const Rule& rule : grammar_.Group("links")) {
    const std::string kind = rule.Attr("cue");
    if (kind.empty()) continue;
    const bool known = std::any_of(p->cues.begin(), p->cues.end(),
                                   [&](const LinkCue& c) { return c.kind == kind; });
    if (known) continue;
    const std::string scope = rule.Attr("where");
    const std::string_view where = scope == "title" ? std::string_view(p->title)
                                   : scope == "all" ? std::string_view(all)
                                                    : std::string_view(text);
    for (std::string_view line : Split(where, '\n')) {
      std::vector<RuleMatch> m = AllMatches(rule, line);
      if (m.empty()) continue;
      p->cues.push_back({kind, std::string(TrimView(m.front().groups[0]))});
      break;
    }
  }
}

void FollowUpReader::ReadActivities(const std::optional<Date>& meeting, Paragraph* p) const {
  const std::vector<Rule>& rules = grammar_.Group("links");
  auto state_of = [&](std::string_view line) -> std::string {
    for (const Rule& rule : rules) {
      if (!rule.Attr("activity").empty() && Matches(rule, line)) return rule.Attr("activity");
    }
    return "";
  };
  auto add_cue = [&](const std::string& kind, const std::string& text) {
    const bool known = std::any_of(p->cues.begin(), p->cues.end(), [&](const LinkCue& c) {
      return c.kind == kind && c.text == text;
    });
    if (!known) p->cues.push_back({kind, text});
  };
  std::vector<const std::string*> texts;
  for (const Section& section : p->sections) texts.push_back(&section.text);
  if (p->decision) texts.push_back(&p->decision->text);
  for (const std::string* text : texts) {
    const bool decision = p->decision && text == &p->decision->text;
    std::string list_state;  // of "Följande aktiviteter är genomförda:"
    for (std::string_view raw : Split(*text, '\n')) {
      const std::string_view line = TrimView(raw);
      const std::string own = state_of(line);
      const std::vector<std::string> quoted = QuotedActivities(line);
      if (quoted.empty()) {
        if (!line.empty() && line.back() == ':') {
          list_state = own;
        } else if (!line.empty() && PointMarker(line) == 0) {
          list_state.clear();
        }
        // How some work stands, in the report's own words: the store
        // matches it to an action-plan row by the row's task words.
        if ((own == "done" || own == "open") && !line.empty() && line.back() != ':') {
          add_cue("statement_" + own, std::string(line));
        }
        continue;
      }
      const std::string state = !own.empty() ? own : PointMarker(line) > 0 ? list_state : "";
      if (state.empty()) continue;
      for (const std::string& activity : quoted) {
        add_cue("activity_" + state, activity);
        // The decision moves it to a new date: the row continues as a
        // new follow-up of this paragraph, unless a table here has it.
        if (state != "moved" || !decision) continue;
        const std::string key = Lower(activity);
        const bool listed =
            std::any_of(p->followups.begin(), p->followups.end(), [&](const FollowUp& f) {
              return f.kind == "aktivitet" && Lower(f.task).rfind(key, 0) == 0;
            });
        const std::string line_text(line);
        const Due due = FindDue(line_text, meeting);
        if (listed || !due.date) continue;
        FollowUp moved;
        moved.kind = "aktivitet";
        moved.task = activity;
        moved.due = due.date;
        moved.due_text = due.text;
        moved.text = line_text;
        moved.pos = p->decision->pos;
        Derive(&moved);
        p->followups.push_back(std::move(moved));
      }
    }
  }
}

void FollowUpReader::ReadActionPlans(const std::optional<Date>& meeting, const Paragraph& p,
                                     std::vector<FollowUp>* out) const {
  // An action plan in a paragraph whose decision adopts something; not one
  // only proposed, recommended to fullmäktige or noted.
  if (!p.decision) return;
  const std::string verb = p.decision->verb.value_or("");
  if (verb == "föreslår" || verb == "tillstyrker" || verb == "noterar") return;
  for (const Section& section : p.sections)
    ReadActionPlanText(meeting, section.text, section.pos, out);
}

void FollowUpReader::ReadActionPlanText(const std::optional<Date>& meeting, const std::string& text,
                                        const SourcePos& pos, std::vector<FollowUp>* out) const {
  std::vector<const Rule*> columns;
  for (const Rule& rule : grammar_.Group("followups")) {
    if (rule.Attr("role") == "plan_column") columns.push_back(&rule);
  }
  if (columns.empty()) return;
  {
    int task = -1, assignee = -1, due = -1;
    std::string header;
    FollowUp* last = nullptr;
    for (std::string_view raw : Split(text, '\n')) {
      const std::string_view line = TrimView(raw);
      if (line.empty()) {
        last = nullptr;
        continue;
      }
      std::vector<std::string_view> cells = Split(line, '\t');
      if (cells.size() >= 2) {
        // A header row names the columns; the same header again (a table
        // going on over a page break) changes nothing.
        int t = -1, a = -1, d = -1, decider = -1;
        for (size_t c = 0; c < cells.size(); ++c) {
          for (const Rule* rule : columns) {
            if (!Matches(*rule, TrimView(cells[c]))) continue;
            const std::string column = rule->Attr("column");
            if (column == "task") t = static_cast<int>(c);
            if (column == "assignee") a = static_cast<int>(c);
            if (column == "decider") decider = static_cast<int>(c);
            if (column == "due") d = static_cast<int>(c);
          }
        }
        // A table of ongoing work that names who decides but no time
        // ("Aktivitet | Ansvar för genomförande | Beslutande organ")
        // describes work owned elsewhere; it assigns nothing.
        const bool plan = t >= 0 && (d >= 0 || (a >= 0 && decider < 0));
        if (t >= 0 && !plan) {
          task = -1;
          last = nullptr;
          continue;
        }
        if (plan) {
          task = t;
          assignee = a;
          due = d;
          last = nullptr;
          continue;
        }
      }
      if (task < 0) continue;
      if (cells.size() < 2) {
        // A wrapped row's last line: the rest of its task.
        if (last != nullptr) last->task += " " + std::string(line);
        continue;
      }
      auto cell = [&](int c) {
        return c >= 0 && static_cast<size_t>(c) < cells.size()
                   ? Clean(cells[static_cast<size_t>(c)])
                   : std::string();
      };
      FollowUp f;
      f.kind = "aktivitet";
      f.task = cell(task);
      if (f.task.empty()) continue;
      std::string owner = cell(assignee);
      std::string when = cell(due);
      // A row that lost a cell boundary ("Dialog … om Förvaltningschef" |
      // "2024-12-31"): its last cell is the time when it reads as one.
      if (cells.size() < static_cast<size_t>(std::max({task, assignee, due})) + 1 &&
          !FindDue(Clean(cells.back()), meeting).text.empty()) {
        when = Clean(cells.back());
        owner = cells.size() > 2 ? cell(assignee) : std::string();
      }
      // "Hälso- och sjukvårdsdirektör 2025-06-30": a date glued to the owner.
      if (when.empty() && owner.size() > 11) {
        const std::string tail = owner.substr(owner.size() - 10);
        if (ParseIsoDate(tail) && owner[owner.size() - 11] == ' ') {
          when = tail;
          owner = Clean(owner.substr(0, owner.size() - 11));
        }
      }
      // An owner that is a time ("Kvartalsvis") was the time.
      if (when.empty() && !owner.empty() && !FindDue(owner, meeting).text.empty()) {
        when = owner;
        owner.clear();
      }
      if (!owner.empty()) f.assignee = std::move(owner);
      const Due found = FindDue(when, meeting);
      f.due = found.date;
      f.due_text = when;
      f.text = std::string(line);
      f.pos = pos;
      out->push_back(std::move(f));
      last = &out->back();
    }
  }
}

}  // namespace paragraf
