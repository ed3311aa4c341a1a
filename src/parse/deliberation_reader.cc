#include "parse/deliberation_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/edit_distance.h"
#include "parse/matcher.h"

namespace paragraf {

namespace {

std::string Flatten(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const char d = (c == '\n' || c == '\t') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(d);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool StartsUpperOrQuote(std::string_view s) {
  if (s.empty()) return false;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c == '"') return true;
  if (c < 0x80) return std::isupper(c) != 0 || std::isdigit(c) != 0;
  return !StartsWithLower(s);
}

// "Arvastsson Daniel" for "Daniel Arvastsson".
std::string Swapped(const std::string& name) {
  const size_t space = name.find(' ');
  if (space == std::string::npos) return name;
  return name.substr(space + 1) + " " + name.substr(0, space);
}

void MatchPerson(const std::vector<Attendee>& attendance, PersonRef* person) {
  // A surname alone ("Mattsson", as Finland-Swedish minutes write it) is the
  // one listed person whose name has it as its first or last word.
  if (person->name.find(' ') == std::string::npos) {
    const Attendee* only = nullptr;
    int found = 0;
    for (const Attendee& a : attendance) {
      const size_t space = a.name.find(' ');
      if (space == std::string::npos) continue;
      if (a.name.substr(0, space) == person->name ||
          a.name.substr(a.name.rfind(' ') + 1) == person->name) {
        only = &a;
        ++found;
      }
    }
    if (found == 1) {
      person->written = person->name;
      person->name = only->name;
      if (!person->party) person->party = only->party;
    }
    return;
  }
  const Attendee* best = nullptr;
  size_t best_distance = 0;
  for (const Attendee& a : attendance) {
    if (a.name == person->name) return;  // listed as written
    if (person->party && a.party && *person->party != *a.party) continue;
    for (const std::string& form : {a.name, Swapped(a.name)}) {
      if (form == person->name) {
        best = &a;
        best_distance = 0;
        break;
      }
      const size_t d = EditDistance(form, person->name);
      // A slip of a letter or two, never a different name.
      if (d <= 2 && d * 6 <= person->name.size() && (best == nullptr || d < best_distance)) {
        best = &a;
        best_distance = d;
      }
    }
  }
  if (best == nullptr) return;
  person->written = person->name;
  person->name = best->name;
  if (!person->party) person->party = best->party;
}

}  // namespace

std::vector<std::string> DeliberationReader::Statements(const std::string& text) const {
  // Numbered items and blank-line blocks first: "1. Tom Silverklo (C) yrkar …".
  std::vector<std::string> blocks;
  std::string current;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string_view line = TrimView(std::string_view(text).substr(pos, nl - pos));
    const bool numbered = line.size() > 2 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                          (line[1] == '.' || (std::isdigit(static_cast<unsigned char>(line[1])) &&
                                              line.size() > 3 && line[2] == '.'));
    if (line.empty() || numbered) {
      if (!current.empty()) blocks.push_back(current);
      current.clear();
    }
    if (!line.empty()) {
      if (!current.empty()) current.push_back('\n');
      current.append(line);
    }
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  if (!current.empty()) blocks.push_back(current);

  // Then sentences: a full stop, a space and a capital, unless the word
  // before the stop is an abbreviation.
  const auto& abbreviations = grammar_.Group("abbreviations");
  std::vector<std::string> out;
  for (const std::string& block : blocks) {
    const std::string flat = Flatten(block);
    size_t start = 0;
    for (size_t i = 0; i + 2 < flat.size(); ++i) {
      if (flat[i] != '.') continue;
      // A quotation that closes the sentence: "… från SD och D." Axel …
      size_t end = i + 1;
      if (flat[end] == '"') ++end;
      if (end + 1 >= flat.size() || flat[end] != ' ' ||
          !StartsUpperOrQuote(std::string_view(flat).substr(end + 1))) {
        continue;
      }
      size_t word = i;
      while (word > start && flat[word - 1] != ' ' && flat[word - 1] != '(') --word;
      const std::string_view before = std::string_view(flat).substr(word, i - word);
      if (before.empty() || FirstMatch(abbreviations, before)) continue;
      // "1. Tom …": the number of a numbered item is no sentence.
      if (std::all_of(before.begin(), before.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
          word == start) {
        continue;
      }
      out.push_back(flat.substr(start, end - start));
      start = end + 1;
    }
    if (start < flat.size()) out.push_back(flat.substr(start));
  }
  return out;
}

std::vector<PersonRef> DeliberationReader::People(const std::string& text) const {
  std::vector<PersonRef> people;
  if (const Rule* group = grammar_.Find("statements", "party-group")) {
    for (const RuleMatch& m : AllMatches(*group, text)) {
      PersonRef p;
      p.name = m.Group("group");
      people.push_back(std::move(p));
    }
  }
  if (const Rule* person = grammar_.Find("attendance", "person-with-party")) {
    const Rule* role = grammar_.Find("statements", "role-prefix");
    for (const RuleMatch& m : AllMatches(*person, text)) {
      PersonRef p;
      p.name = m.Group("name");
      // "Ordföranden Jonas Attenius (S)": the role is no part of the name.
      if (role != nullptr) {
        if (auto r = FindFirst(*role, p.name); r && r->begin == 0) {
          p.name.erase(0, r->end);
        }
      }
      p.party = m.Group("party");
      people.push_back(std::move(p));
    }
  }
  return people;
}

std::vector<PersonRef> DeliberationReader::BareNames(const std::string& text) const {
  std::vector<PersonRef> people;
  const Rule* name = grammar_.Find("statements", "bare-names");
  if (name == nullptr) return people;
  std::string list = text;
  for (size_t at; (at = list.find(" och ")) != std::string::npos;) list.replace(at, 5, ", ");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string part(TrimView(std::string_view(list).substr(start, comma - start)));
    start = comma + 1;
    if (part.empty()) continue;
    if (!Matches(*name, part)) return {};  // not a list of names after all
    PersonRef p;
    p.name = part;
    people.push_back(std::move(p));
  }
  return people;
}

std::vector<PersonRef> DeliberationReader::StatementPeople(const std::string& full) const {
  // "… reserverar sig till förmån för Per-Åke Linds (M) återremissyrkande":
  // whose motion it favours is not who reserves.
  std::string statement = full;
  if (const Rule* favour = grammar_.Find("statements", "in-favour-of")) {
    if (auto m = FindFirst(*favour, statement); m) statement.resize(m->begin);
  }
  std::vector<PersonRef> people = People(statement);
  if (!people.empty()) return people;
  // "Mattsson och Högnäs reserverade sig": bare names before the verb.
  if (const Rule* verb = grammar_.Find("statements", "statement-verb")) {
    if (auto m = FindFirst(*verb, statement); m) {
      people = BareNames(statement.substr(0, m->begin));
    }
  }
  return people;
}

std::optional<int> DeliberationReader::Count(const std::string& word) const {
  if (word.empty()) return std::nullopt;
  if (std::all_of(word.begin(), word.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::atoi(word.c_str());
  }
  const Rule* words = grammar_.Find("votes", "number-words");
  if (words == nullptr || !Matches(*words, word)) return std::nullopt;
  std::string lower = word;
  if (!lower.empty())
    lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
  const std::string value = words->Attr(lower);
  if (value.empty()) return std::nullopt;
  return std::atoi(value.c_str());
}

size_t DeliberationReader::SupportersEnd(const std::string& text, size_t pos,
                                         std::vector<PersonRef>* people, bool* unanimous) const {
  const Rule* person = grammar_.Find("attendance", "person-with-party");
  const Rule* all = grammar_.Find("motions", "unanimous");
  const std::string_view rest = std::string_view(text).substr(pos);
  if (all != nullptr && Matches(*all, rest)) {
    *unanimous = true;
    const size_t comma = text.find(',', pos);
    return comma == std::string::npos ? text.size() : comma;
  }
  size_t at = pos;
  while (person != nullptr && at < text.size()) {
    auto m = AllMatches(*person, std::string_view(text).substr(at));
    if (m.empty() || m.front().begin != 0) break;
    PersonRef p;
    p.name = m.front().Group("name");
    p.party = m.front().Group("party");
    people->push_back(std::move(p));
    at += m.front().end;
    // ", " or " och " or " samt " before the next name.
    size_t next = at;
    while (next < text.size() && (text[next] == ' ' || text[next] == ',')) ++next;
    for (std::string_view word : {"och ", "samt "}) {
      if (text.compare(next, word.size(), word) == 0) next += word.size();
    }
    auto following = AllMatches(*person, std::string_view(text).substr(next));
    if (following.empty() || following.front().begin != 0) break;
    at = next;
  }
  return at;
}

void DeliberationReader::ReadMotion(const std::string& statement, const SourcePos& pos,
                                    Paragraph* p) const {
  const Rule* verb = grammar_.Find("motions", "verb");
  if (verb == nullptr) return;
  std::string text = statement;
  Motion motion;
  motion.pos = pos;
  if (const Rule* numbered = grammar_.Find("motions", "numbered")) {
    if (auto m = FindFirst(*numbered, text); m && m->begin == 0) {
      motion.number = std::atoi(m->Group("number").c_str());
      text = m->Group("rest");
    }
  }
  auto m = AllMatches(*verb, text);
  std::vector<PersonRef> inverted_supporters;
  bool inverted = false;
  if (m.empty()) {
    // "Under diskussionen föreslog Mattsson, understödd av Högnäs, att …"
    if (const Rule* first = grammar_.Find("motions", "verb-inverted")) {
      m = AllMatches(*first, text);
      inverted = !m.empty();
      if (inverted) inverted_supporters = BareNames(m.front().Group("supporters"));
    }
  }
  if (m.empty()) {
    // "Stefan Gustafsson (C) föreslår …"
    if (const Rule* proposes = grammar_.Find("motions", "verb-proposes"))
      m = AllMatches(*proposes, text);
  }
  if (m.empty()) {
    // "På förslag av Daniel Bernmar (V): Ärendet bordläggs …"
    const Rule* proposal = grammar_.Find("motions", "on-proposal");
    if (proposal == nullptr) return;
    m = AllMatches(*proposal, text);
    if (m.empty() || People(m.front().Group("who")).empty()) return;
  }
  std::string who = m.front().Group("who");
  std::string what = m.front().Group("what");
  // "med instämmande av …" in either half.
  std::vector<PersonRef> supporters;
  if (const Rule* support = grammar_.Find("motions", "supporters")) {
    for (std::string* half : {&who, &what}) {
      auto s = AllMatches(*support, *half);
      if (s.empty()) continue;
      const size_t end = SupportersEnd(*half, s.front().end, &supporters, &motion.unanimous);
      half->erase(s.front().begin, end - s.front().begin);
      *half = std::string(TrimView(*half));
      if (!half->empty() && half->front() == ',') *half = std::string(TrimView(half->substr(1)));
    }
  }
  motion.by = inverted ? BareNames(who) : People(who);
  for (auto& s : inverted_supporters) supporters.push_back(std::move(s));
  if (motion.by.empty()) {
    // "Ordföranden yrkar …": a role or group without a listed name.
    std::string mover(TrimView(who));
    if (!mover.empty() && mover.size() <= 60) {
      PersonRef r;
      r.name = mover;
      motion.by.push_back(std::move(r));
    }
  }
  for (auto& s : supporters) motion.by.push_back(std::move(s));
  for (const Rule& rule : grammar_.Group("motions")) {
    const std::string kind = rule.Attr("kind");
    if (kind.empty() || !Matches(rule, what)) continue;
    motion.kind = MotionKindFromString(kind).value_or(MotionKind::kAnnat);
    break;
  }
  if (const Rule* concerns = grammar_.Find("motions", "concerns")) {
    if (auto c = FindFirst(*concerns, what); c) motion.concerns = c->Group("what");
  }
  motion.text = statement;
  p->motions.push_back(std::move(motion));
}

void DeliberationReader::ReadVotes(const Section& section, Paragraph* p) const {
  Vote vote;
  vote.pos = section.pos;
  bool any = false;
  const Rule* proposition = grammar_.Find("votes", "voteringsproposition");
  const Rule* named = grammar_.Find("votes", "named");
  const Rule* counts = grammar_.Find("votes", "counts");
  // A voting list set as a table: "Ledamot\tJa\tNej\tAvstår", then one row a
  // member with an X under how they voted.
  const Rule* table_head = grammar_.Find("votes", "vote-table-header");
  const Rule* mark = grammar_.Find("votes", "vote-mark");
  const Rule* member = grammar_.Find("attendance", "person-with-party");
  const Rule* result = grammar_.Find("votes", "result-with-names");
  const Rule* with_names = grammar_.Find("votes", "counts-with-names");
  const Rule* abstained = grammar_.Find("votes", "named-abstain");
  std::vector<std::string> columns;
  const bool tables = table_head != nullptr && mark != nullptr && member != nullptr;
  for (std::string_view line : Split(section.text, '\n')) {
    if (!tables) break;
    std::vector<std::string> cells;
    for (std::string_view cell : Split(line, '\t')) cells.emplace_back(TrimView(cell));
    if (Matches(*table_head, line)) {
      columns = cells;
      for (auto& c : columns) {
        std::transform(c.begin(), c.end(), c.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      }
      continue;
    }
    if (columns.empty() || cells.size() < 2) continue;
    auto who = AllMatches(*member, cells[0]);
    if (who.empty()) continue;
    for (size_t c = 1; c < cells.size() && c < columns.size(); ++c) {
      if (!Matches(*mark, cells[c])) continue;
      const std::string& col = columns[c];
      const std::string value = col == "ja" ? "ja" : col == "nej" ? "nej" : "avstar";
      vote.named.push_back({who.front().Group("name"), who.front().Group("party"), value});
      any = true;
    }
  }
  // "Den som vill bifalla … röstar Ja. Den som … röstar Nej.": over sentences.
  for (const char* name : {"voteringsproposition-den-som", "voteringsproposition-understoder"}) {
    const Rule* den_som = grammar_.Find("votes", name);
    if (den_som == nullptr || vote.yes_means) continue;
    const std::string flat = Flatten(section.text);
    if (auto m = FindFirst(*den_som, flat); m) {
      vote.yes_means = std::string(TrimView(m->Group("yes")));
      vote.no_means = std::string(TrimView(m->Group("no")));
      any = true;
    }
  }
  for (const std::string& s : Statements(section.text)) {
    if (proposition != nullptr) {
      if (auto m = FindFirst(*proposition, s); m) {
        vote.yes_means = std::string(TrimView(m->Group("yes")));
        vote.no_means = std::string(TrimView(m->Group("no")));
        any = true;
        continue;
      }
    }
    // "Omröstningsresultat: Ja 4 (Lindström, …), Nej 2 (…), Avstår 1 (…)"
    if (result != nullptr) {
      if (auto m = FindFirst(*result, s); m) {
        vote.yes = Count(m->Group("yes"));
        vote.no = Count(m->Group("no"));
        if (auto a = Count(m->Group("abstain"))) vote.abstain = a;
        for (const auto& [group, value] : {std::pair<const char*, const char*>{"yes_names", "ja"},
                                           {"no_names", "nej"},
                                           {"abstain_names", "avstar"}}) {
          std::vector<PersonRef> who = People(m->Group(group));
          if (who.empty()) who = BareNames(m->Group(group));
          for (const auto& person : who) vote.named.push_back({person.name, person.party, value});
        }
        any = true;
        continue;
      }
    }
    if (with_names != nullptr) {
      if (auto m = FindFirst(*with_names, s); m) {
        vote.yes = Count(m->Group("yes"));
        vote.no = Count(m->Group("no"));
        for (const auto& who : People(m->Group("yes_names"))) {
          vote.named.push_back({who.name, who.party, "ja"});
        }
        for (const auto& who : People(m->Group("no_names"))) {
          vote.named.push_back({who.name, who.party, "nej"});
        }
        any = true;
        continue;
      }
    }
    if (counts != nullptr) {
      if (auto m = FindFirst(*counts, s); m) {
        vote.yes = Count(m->Group("yes"));
        vote.no = Count(m->Group("no"));
        if (auto a = Count(m->Group("abstain"))) vote.abstain = a;
        any = any || vote.yes || vote.no;
      }
    }
    if (abstained != nullptr) {
      if (auto m = FindFirst(*abstained, s); m) {
        const std::vector<PersonRef> people = People(m->Group("names"));
        for (const auto& who : people) vote.named.push_back({who.name, who.party, "avstar"});
        const std::optional<int> n = Count(m->Group("count"));
        vote.abstain = n ? n : std::optional<int>(static_cast<int>(people.size()));
        any = true;
        continue;
      }
    }
    if (named != nullptr) {
      if (auto m = FindFirst(*named, s); m) {
        std::string how = m->Group("vote");
        std::transform(how.begin(), how.end(), how.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const std::string value = how == "ja" ? "ja" : how == "nej" ? "nej" : "avstar";
        const std::vector<PersonRef> people = People(m->Group("names"));
        // "Den som vill bifalla … röstar Ja": a proposition, not a vote cast.
        if (people.empty() && m->Group("count").empty()) continue;
        for (const auto& person : people) {
          vote.named.push_back({person.name, person.party, value});
        }
        const std::optional<int> n = Count(m->Group("count"));
        const int listed = static_cast<int>(people.size());
        std::optional<int>& slot = value == "ja"    ? vote.yes
                                   : value == "nej" ? vote.no
                                                    : vote.abstain;
        slot = n ? n : std::optional<int>(listed);
        any = true;
      }
    }
  }
  if (!any) return;
  // Counts from a named list when the text gives none.
  if (!vote.yes && !vote.named.empty()) {
    int yes = 0, no = 0, abstain = 0;
    for (const auto& n : vote.named) {
      (n.vote == "ja" ? yes : n.vote == "nej" ? no : abstain)++;
    }
    vote.yes = yes;
    vote.no = no;
    vote.abstain = abstain;
  }
  // One vote over several sections (Voteringsproposition, Omröstningsresultat,
  // the voting list): what a later section adds goes into the vote begun in
  // the section before, unless that vote is complete.
  if (!p->votes.empty()) {
    Vote& last = p->votes.back();
    const bool last_counted = last.yes.has_value();
    const bool adds_list = !vote.named.empty() && last.named.empty();
    if (!last_counted || adds_list) {
      if (vote.yes_means) last.yes_means = vote.yes_means;
      if (vote.no_means) last.no_means = vote.no_means;
      if (!last_counted) {
        last.yes = vote.yes;
        last.no = vote.no;
        last.abstain = vote.abstain;
      }
      for (auto& n : vote.named) last.named.push_back(std::move(n));
      if (last.yes && last.no && *last.yes != *last.no) {
        last.outcome = *last.yes > *last.no ? "ja" : "nej";
      }
      return;
    }
  }
  if (vote.yes && vote.no && *vote.yes != *vote.no) {
    vote.outcome = *vote.yes > *vote.no ? "ja" : "nej";
  }
  p->votes.push_back(std::move(vote));
}

void DeliberationReader::Read(Paragraph* p,
                              std::vector<std::pair<int, PersonRef>>* elsewhere) const {
  const Rule* proposition = grammar_.Find("propositions", "proposition");
  const Rule* acklamation = grammar_.Find("propositions", "acklamation");
  const Rule* votering = grammar_.Find("propositions", "votering");
  const Rule* verb = grammar_.Find("motions", "verb");
  const Rule* inverted_verb = grammar_.Find("motions", "verb-inverted");
  const Rule* on_proposal = grammar_.Find("motions", "on-proposal");
  const Rule* proposes = grammar_.Find("motions", "verb-proposes");
  const Rule* reservation = grammar_.Find("statements", "reservation");
  const Rule* own = grammar_.Find("statements", "for-own-motion");
  const Rule* written = grammar_.Find("statements", "written");
  const Rule* jav = grammar_.Find("statements", "jav");
  const Rule* jav_paragraph = grammar_.Find("statements", "jav-paragraph");
  const Rule* vote_result = grammar_.Find("votes", "result-with-names");
  const bool voted = std::any_of(p->sections.begin(), p->sections.end(), [](const Section& s) {
    return s.kind == SectionKind::kOmrostning;
  });
  for (const Section& section : p->sections) {
    const SectionKind kind = section.kind;
    if (kind == SectionKind::kOmrostning) {
      ReadVotes(section, p);
      continue;
    }
    // A vote written into the treatment ("… röstar Ja, … röstar Nej.
    // Omröstningsresultat: Ja 4 (…), Nej 2 (…)") without a heading of its own.
    if (vote_result != nullptr && Matches(*vote_result, Flatten(section.text))) {
      ReadVotes(section, p);
    }
    const bool deliberation = kind == SectionKind::kYrkanden ||
                              kind == SectionKind::kPropositionsordning ||
                              kind == SectionKind::kBehandling;
    bool motion_goes_on = false;  // "… yrkar tillägg enligt följande:" and its quote
    for (const std::string& s : Statements(section.text)) {
      if (motion_goes_on && !p->motions.empty() && (verb == nullptr || !Matches(*verb, s)) &&
          (proposition == nullptr || !Matches(*proposition, s))) {
        p->motions.back().text += "\n" + s;
        continue;
      }
      motion_goes_on = false;
      if (jav != nullptr && Matches(*jav, s)) {
        // "… anmäler jäv under paragraf 313": jäv for another paragraph.
        std::optional<int> target;
        if (jav_paragraph != nullptr) {
          if (auto m = FindFirst(*jav_paragraph, s); m) {
            target = std::atoi(m->Group("number").c_str());
          }
        }
        for (auto& person : StatementPeople(s)) {
          if (target && target != p->number && elsewhere != nullptr) {
            elsewhere->emplace_back(*target, std::move(person));
          } else {
            p->conflicts.push_back(std::move(person));
          }
        }
        continue;
      }
      if (reservation != nullptr &&
          (Matches(*reservation, s) || kind == SectionKind::kReservation)) {
        if (kind != SectionKind::kReservation && !Matches(*reservation, s)) continue;
        Reservation r;
        r.by = StatementPeople(s);
        if (r.by.empty()) continue;
        r.text = s;
        r.pos = section.pos;
        r.for_own_motion = own != nullptr && Matches(*own, s);
        r.written = written != nullptr && Matches(*written, s);
        p->reservations.push_back(std::move(r));
        continue;
      }
      if (kind == SectionKind::kProtokollsanteckning) {
        Reservation note;
        note.by = People(s);
        note.text = s;
        note.pos = section.pos;
        if (!note.by.empty()) p->protocol_notes.push_back(std::move(note));
        continue;
      }
      // "Under diskussionen föreslog Mattsson, …" and "På förslag av X (P):"
      // stand in any section.
      if (!deliberation && ((inverted_verb != nullptr && Matches(*inverted_verb, s)) ||
                            (on_proposal != nullptr && Matches(*on_proposal, s)) ||
                            (proposes != nullptr && Matches(*proposes, s)))) {
        const size_t before = p->motions.size();
        ReadMotion(s, section.pos, p);
        motion_goes_on = p->motions.size() > before && s.back() == ':';
        continue;
      }
      if (!deliberation) continue;
      if (proposition != nullptr && Matches(*proposition, s)) {
        Proposition prop;
        prop.text = s;
        prop.pos = section.pos;
        const bool by_vote = (votering != nullptr && Matches(*votering, s)) ||
                             (voted && (acklamation == nullptr || !Matches(*acklamation, s)));
        prop.method = by_vote ? PropositionMethod::kVotering : PropositionMethod::kAcklamation;
        p->propositions.push_back(std::move(prop));
      } else if (verb != nullptr &&
                 (Matches(*verb, s) || (inverted_verb != nullptr && Matches(*inverted_verb, s)) ||
                  (proposes != nullptr && Matches(*proposes, s)))) {
        const size_t before = p->motions.size();
        ReadMotion(s, section.pos, p);
        motion_goes_on = p->motions.size() > before && s.back() == ':';
        continue;
      }
      // "Ordföranden finner att förslag 1 har vunnit majoritet": the outcome
      // of the last proposition, on its own sentence or in it.
      for (const Rule& rule : grammar_.Group("propositions")) {
        if (rule.name.rfind("outcome", 0) != 0) continue;
        auto m = AllMatches(rule, s);
        if (m.empty()) continue;
        std::string outcome = rule.Attr("outcome");
        if (outcome.empty()) outcome = std::string(TrimView(m.front().Group("what")));
        if (p->propositions.empty()) {
          Proposition prop;
          prop.text = s;
          prop.pos = section.pos;
          prop.method = voted ? PropositionMethod::kVotering : PropositionMethod::kAcklamation;
          p->propositions.push_back(std::move(prop));
        }
        p->propositions.back().outcome = outcome;
        break;
      }
    }
  }
  ReadReferences(p);
  if (p->decision) {
    for (const Rule& rule : grammar_.Group("decisions")) {
      if (!Matches(rule, p->decision->text)) continue;
      p->decision->verb = rule.Attr("verb");
      break;
    }
  }
}

void DeliberationReader::ReadReferences(Paragraph* p) const {
  DateReader dates(grammar_);
  std::vector<std::string> texts = {p->title};
  for (const Section& s : p->sections) texts.push_back(Flatten(s.text));
  auto add = [&](Reference r) {
    for (Reference& known : p->references) {
      if (known.kind == r.kind && known.text == r.text) return;
      // One decision found by two rules: "Kommunstyrelsen har 2024-05-21,
      // § 74" and "beslut 2024-05-21, § 74". Keep the one naming the body.
      if (known.kind == "beslut" && r.kind == "beslut" && known.date && known.date == r.date &&
          known.paragraph && known.paragraph == r.paragraph) {
        if (!known.body && r.body) known = std::move(r);
        return;
      }
    }
    p->references.push_back(std::move(r));
  };
  for (const std::string& text : texts) {
    for (const Rule* rule : MatchingRules(grammar_.Group("references"), text)) {
      const std::string kind = rule->Attr("kind");
      if (kind.empty()) continue;  // not a reference rule
      for (const RuleMatch& m : AllMatches(*rule, text)) {
        Reference r;
        r.kind = kind;
        r.text = std::string(TrimView(m.groups[0]));
        if (const std::string written = m.Group("text"); !written.empty()) r.text = written;
        if (!r.text.empty() && r.text.front() == '(' && r.text.back() != ')') r.text.erase(0, 1);
        r.pos = p->pos;
        if (std::string body = m.Group("body"); !body.empty()) r.body = body;
        if (std::string date = m.Group("date"); !date.empty()) r.date = dates.First(date);
        std::string number = m.Group("paragraph");
        if (number.empty()) number = m.Group("paragraph_alt");
        if (!number.empty()) r.paragraph = std::atoi(number.c_str());
        if (r.kind == "lag" || r.kind == "rapport")
          r.text = m.groups.size() > 1 ? m.groups[1] : r.text;
        add(std::move(r));
      }
    }
    // Other cases this one mentions, by their diarienummer.
    for (const std::string& number : FindCaseNumbers(grammar_, text)) {
      if (std::find(p->case_numbers.begin(), p->case_numbers.end(), number) !=
          p->case_numbers.end()) {
        continue;
      }
      Reference r;
      r.kind = "diarienummer";
      r.text = number;
      r.case_number = number;
      r.pos = p->pos;
      add(std::move(r));
    }
  }
}

void DeliberationReader::MatchPeople(const std::vector<Attendee>& attendance, Paragraph* p) {
  if (attendance.empty()) return;
  for (auto& m : p->motions) {
    for (auto& person : m.by) MatchPerson(attendance, &person);
  }
  for (auto* list : {&p->reservations, &p->protocol_notes}) {
    for (auto& r : *list) {
      for (auto& person : r.by) MatchPerson(attendance, &person);
    }
  }
  for (auto& person : p->conflicts) MatchPerson(attendance, &person);
  for (auto& vote : p->votes) {
    for (auto& n : vote.named) {
      PersonRef person;
      person.name = n.name;
      person.party = n.party;
      MatchPerson(attendance, &person);
      n.name = person.name;
      n.party = person.party;
    }
  }
}

}  // namespace paragraf
