// Sammanträden and paragrafer: the list of meetings, a meeting with its
// attendance, agenda and paragraphs, a paragraph with everything the
// parser read and its follow-up trail both ways, and the stored source
// file; /api/meetings and /api/paragraphs give the same as JSON.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/followup_view.h"
#include "extract/source.h"
#include "report/balanslista.h"
#include "web/app_internal.h"

namespace paragraf::web {

namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

// The largest source file served.
constexpr std::uintmax_t kMaxSourceBytes = 256u << 20;

// --- Reading the stored JSON without throwing ---

const Json& Empty() {
  static const Json empty = Json::array();
  return empty;
}

const Json& Arr(const Json& j, const char* key) {
  if (!j.is_object()) return Empty();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : Empty();
}

const Json* Obj(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

std::string Str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int> Int(const Json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

bool Bool(const Json& j, const char* key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string StrList(const Json& list) {
  std::string out;
  for (const Json& v : list) {
    if (v.is_string()) out += (out.empty() ? "" : ", ") + v.get<std::string>();
  }
  return out;
}

// "Anna Berg (S)" (and what the text wrote, when it differed), escaped.
std::string PersonHtml(const Json& who) {
  std::string html = Esc(Str(who, "name"));
  if (const std::string party = Str(who, "party"); !party.empty()) html += " (" + Esc(party) + ")";
  if (const std::string written = Str(who, "written"); !written.empty()) {
    html += " <span class=\"muted\">[skrivet “" + Esc(written) + "”]</span>";
  }
  return html;
}

std::string PeopleHtml(const Json& list) {
  std::string html;
  for (const Json& who : list) html += (html.empty() ? "" : ", ") + PersonHtml(who);
  return html;
}

std::string MotionKindLabel(const std::string& kind) {
  static const std::map<std::string, std::string> labels = {
      {"bifall", "Bifall"},   {"avslag", "Avslag"},         {"ändring", "Ändring"},
      {"tillägg", "Tillägg"}, {"återremiss", "Återremiss"}, {"bordläggning", "Bordläggning"},
      {"annat", "Yrkande"}};
  auto it = labels.find(kind);
  return it == labels.end() ? kind : it->second;
}

std::string SectionKindLabel(const std::string& kind) {
  static const std::map<std::string, std::string> labels = {
      {"sammanfattning", "Sammanfattning"},
      {"bakgrund", "Bakgrund"},
      {"arendet", "Ärendet"},
      {"forslag", "Förslag till beslut"},
      {"behandling", "Behandling"},
      {"yrkanden", "Yrkanden"},
      {"propositionsordning", "Propositionsordning"},
      {"omrostning", "Omröstning"},
      {"beslut", "Beslut"},
      {"beslutsunderlag", "Beslutsunderlag"},
      {"expediering", "Expediering"},
      {"reservation", "Reservation"},
      {"protokollsanteckning", "Protokollsanteckning"},
      {"jav", "Jäv"},
      {"justering", "Justering"}};
  auto it = labels.find(kind);
  return it == labels.end() ? "" : it->second;
}

std::string BodyLabel(const StoredDocument& d) {
  if (!d.body) return "Okänt organ";
  return d.body->name;
}

std::string ShortBody(const StoredDocument& d) {
  if (!d.body) return "";
  return d.body->abbreviation.value_or(d.body->name);
}

std::string MeetingTitle(const StoredDocument& d) {
  return BodyLabel(d) + " " + (d.date ? FormatIsoDate(*d.date) : "odaterat");
}

// The link to the stored source file, at `page` for a PDF.
std::string SourceLink(int64_t document_id, const std::string& format, int page,
                       const std::string& label) {
  std::string href = fmt::format("/dokument/{}/kalla", document_id);
  if (format == "pdf" && page > 0) href += fmt::format("#page={}", page);
  return fmt::format("<a href=\"{}\">{}</a>", Esc(href), Esc(label));
}

struct LoadedDocument {
  StoredDocument doc;
  Json json;  // the stored JSON, schema 1; an object
  std::string format;
};

// The document and its stored JSON. nullopt with `*error` set on failure.
std::optional<LoadedDocument> Load(const Ctx& ctx, Store& store, int64_t document_id,
                                   WebResponse* error) {
  Result<std::optional<StoredDocument>> doc = store.FindDocument(document_id);
  if (!doc.ok()) {
    *error = StoreError(ctx, doc.status());
    return std::nullopt;
  }
  if (!*doc) {
    *error = ErrorResponse(ctx, 404, "Inget sammanträde eller dokument har det id:t.");
    return std::nullopt;
  }
  Result<std::string> text = store.DocumentJson(document_id);
  if (!text.ok()) {
    *error = StoreError(ctx, text.status());
    return std::nullopt;
  }
  LoadedDocument loaded{std::move(**doc), Json::parse(*text, nullptr, false), ""};
  if (!loaded.json.is_object()) loaded.json = Json::object();
  if (const Json* source = Obj(loaded.json, "source")) loaded.format = Str(*source, "format");
  return loaded;
}

std::string ParagraphLabel(const ParagraphRow& p) {
  return p.number ? fmt::format("§ {}", *p.number) : "Utan §";
}

// --- Meetings ---

std::string AttendanceHtml(const Json& meeting) {
  const Json& attendance = Arr(meeting, "attendance");
  if (attendance.empty()) return "";
  std::string html =
      "<h2 id=\"narvaro\">Närvaro</h2><table aria-labelledby=\"narvaro\"><thead><tr><th "
      "scope=\"col\">Namn</th><th scope=\"col\">Parti</th><th scope=\"col\">Roll</th><th "
      "scope=\"col\">Ersätter</th><th scope=\"col\">Närvarande</th><th "
      "scope=\"col\">Titel</th></tr></thead><tbody>";
  for (const Json& a : attendance) {
    const bool present = !a.is_object() || !a.contains("present") || Bool(a, "present");
    std::string presence = present ? "Ja" : "<span class=\"tag\">Frånvarande</span>";
    if (const std::string limited = Str(a, "paragraphs"); !limited.empty()) {
      presence = Esc(limited);
    }
    html +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    Esc(Str(a, "name")), Esc(Str(a, "party")), Esc(RoleLabel(Str(a, "role"))),
                    Esc(Str(a, "replaces")), presence, Esc(Str(a, "title")));
  }
  return html + "</tbody></table>";
}

std::string AgendaHtml(const LoadedDocument& d) {
  const Json& agenda = Arr(d.json, "agenda");
  if (agenda.empty()) return "";
  std::string html =
      "<h2 id=\"dagordning\">Dagordning</h2><table aria-labelledby=\"dagordning\"><thead><tr><th "
      "scope=\"col\">Nr</th><th scope=\"col\">Ärende</th><th scope=\"col\">Föredragande</th><th "
      "scope=\"col\">Tid</th><th scope=\"col\">Sida</th></tr></thead><tbody>";
  for (const Json& item : agenda) {
    const std::optional<int> number = Int(item, "number");
    const std::optional<int> page = Int(item, "page");
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        number ? std::to_string(*number) : "", Esc(Str(item, "title")),
        Esc(StrList(Arr(item, "presenters"))), Esc(Str(item, "time")),
        page ? (d.format == "pdf" ? SourceLink(d.doc.id, d.format, *page, std::to_string(*page))
                                  : std::to_string(*page))
             : "");
  }
  return html + "</tbody></table>";
}

std::string FactsHtml(const LoadedDocument& d) {
  const Json* meeting = Obj(d.json, "meeting");
  const Json& m = meeting ? *meeting : Empty();
  std::vector<std::pair<std::string, std::string>> facts;  // label, HTML
  facts.emplace_back("Handling", Esc(DocumentKindLabel(d.doc.kind)));
  facts.emplace_back("Organ", Esc(BodyLabel(d.doc)));
  if (d.doc.date) facts.emplace_back("Datum", Esc(FormatIsoDate(*d.doc.date)));
  const std::string start = Str(m, "start"), end = Str(m, "end");
  if (!start.empty() || !end.empty()) {
    facts.emplace_back("Tid", Esc(start + (end.empty() ? "" : "–" + end)));
  }
  if (const std::string breaks = StrList(Arr(m, "breaks")); !breaks.empty()) {
    facts.emplace_back("Ajournering", Esc(breaks));
  }
  if (const std::string place = Str(m, "place"); !place.empty())
    facts.emplace_back("Plats", Esc(place));
  if (const std::string chair = Str(m, "chair"); !chair.empty()) {
    facts.emplace_back("Ordförande", Esc(chair));
  }
  if (const std::string secretary = Str(m, "secretary"); !secretary.empty()) {
    facts.emplace_back("Sekreterare", Esc(secretary));
  }
  if (const std::string justerare = StrList(Arr(m, "justerare")); !justerare.empty()) {
    facts.emplace_back("Justerare", Esc(justerare));
  }
  if (const std::string date = Str(m, "justering_date"); !date.empty()) {
    facts.emplace_back("Justerat", Esc(date));
  }
  if (const Json* anslag = Obj(m, "anslag")) {
    const std::string posted = Str(*anslag, "posted"), removed = Str(*anslag, "removed");
    if (!posted.empty() || !removed.empty()) {
      facts.emplace_back("Anslag", Esc(posted + "–" + removed));
    }
  }
  if (const std::string appeal = Str(m, "appeal_deadline"); !appeal.empty()) {
    facts.emplace_back("Överklagande senast", Esc(appeal));
  }
  const Json* source = Obj(d.json, "source");
  const int pages = source ? Int(*source, "pages").value_or(0) : 0;
  facts.emplace_back(
      "Källa",
      SourceLink(d.doc.id, d.format, 1,
                 d.format == "pdf" ? fmt::format("Öppna PDF:en{}",
                                                 pages > 0 ? fmt::format(" ({} sidor)", pages) : "")
                                   : "Öppna källfilen (text)") +
          " <span class=\"muted\">" + Esc(d.doc.path) + "</span>");
  std::string html = "<dl class=\"facts\">";
  for (const auto& [label, value] : facts) {
    html += "<dt>" + Esc(label) + "</dt><dd>" + value + "</dd>";
  }
  return html + "</dl>";
}

// --- Paragraphs ---

std::string DeliberationHtml(const Json& p) {
  std::string html;
  const Json& motions = Arr(p, "motions");
  if (!motions.empty()) {
    html += "<h2 id=\"yrkanden\">Yrkanden</h2><ol class=\"motions\">";
    for (const Json& m : motions) {
      std::string line = "<strong>" + PeopleHtml(Arr(m, "by")) +
                         "</strong>: " + Esc(MotionKindLabel(Str(m, "kind")));
      if (const std::string concerns = Str(m, "concerns"); !concerns.empty()) {
        line += " – " + Esc(concerns);
      }
      if (Bool(m, "unanimous")) line += " <span class=\"tag\">enig</span>";
      const std::optional<int> number = Int(m, "number");
      html += fmt::format("<li{}>{}", number ? fmt::format(" value=\"{}\"", *number) : "", line);
      if (const std::string text = Str(m, "text"); !text.empty()) {
        html += "<div class=\"text\">" + TextBlocks(text) + "</div>";
      }
      html += "</li>";
    }
    html += "</ol>";
  }
  const Json& propositions = Arr(p, "propositions");
  if (!propositions.empty()) {
    html += "<h2 id=\"propositionsordning\">Propositionsordning</h2><ul>";
    for (const Json& prop : propositions) {
      const std::string method = Str(prop, "method");
      html += "<li><strong>" +
              Esc(method == "votering"      ? "Votering"
                  : method == "acklamation" ? "Acklamation"
                                            : method) +
              "</strong>";
      if (const std::string outcome = Str(prop, "outcome"); !outcome.empty()) {
        html += "; ordföranden finner bifall till " + Esc(outcome);
      }
      if (const std::string text = Str(prop, "text"); !text.empty()) {
        html += "<div class=\"text\">" + TextBlocks(text) + "</div>";
      }
      html += "</li>";
    }
    html += "</ul>";
  }
  const Json& votes = Arr(p, "votes");
  if (!votes.empty()) {
    html += "<h2 id=\"omrostning\">Omröstning</h2>";
    int n = 0;
    for (const Json& v : votes) {
      ++n;
      auto count = [&](const char* key) {
        const std::optional<int> c = Int(v, key);
        return c ? std::to_string(*c) : std::string("–");
      };
      html += "<div class=\"section\">";
      if (const std::string yes = Str(v, "yes_means"); !yes.empty()) {
        html += "<p>Ja: " + Esc(yes) + "<br>Nej: " + Esc(Str(v, "no_means")) + "</p>";
      }
      html += fmt::format(
          "<table><caption>Omröstning {}</caption><thead><tr><th scope=\"col\">Ja</th><th "
          "scope=\"col\">Nej</th><th scope=\"col\">Avstår</th><th "
          "scope=\"col\">Utfall</th></tr></thead><tbody><tr><td>{}</td><td>{}</td><td>{}</td>"
          "<td>{}</td></tr></tbody></table>",
          n, count("yes"), count("no"), count("abstain"),
          Str(v, "outcome").empty() ? "" : Esc(VoteLabel(Str(v, "outcome"))) + "-sidan vann");
      const Json& named = Arr(v, "named");
      if (!named.empty()) {
        html += fmt::format(
            "<details open><summary>Namnupprop ({} röster)</summary><table><thead><tr><th "
            "scope=\"col\">Namn</th><th scope=\"col\">Parti</th><th "
            "scope=\"col\">Röst</th></tr></thead><tbody>",
            named.size());
        for (const Json& who : named) {
          html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", Esc(Str(who, "name")),
                              Esc(Str(who, "party")), Esc(VoteLabel(Str(who, "vote"))));
        }
        html += "</tbody></table></details>";
      }
      html += "</div>";
    }
  }
  auto dissent = [&](const char* key, const char* id, const char* heading) {
    const Json& list = Arr(p, key);
    if (list.empty()) return;
    html += fmt::format("<h2 id=\"{}\">{}</h2><ul>", id, heading);
    for (const Json& r : list) {
      html += "<li><strong>" + PeopleHtml(Arr(r, "by")) + "</strong>";
      if (Bool(r, "for_own_motion")) html += ", till förmån för eget yrkande";
      if (Bool(r, "written")) html += ", skriftlig";
      if (const std::string text = Str(r, "text"); !text.empty()) {
        html += "<div class=\"text\">" + TextBlocks(text) + "</div>";
      }
      html += "</li>";
    }
    html += "</ul>";
  };
  dissent("reservations", "reservationer", "Reservationer");
  dissent("protocol_notes", "protokollsanteckningar", "Protokollsanteckningar");
  const Json& conflicts = Arr(p, "conflicts");
  if (!conflicts.empty()) {
    html += "<h2 id=\"jav\">Jäv</h2><p>" + PeopleHtml(conflicts) +
            " deltog inte i handläggningen på grund av jäv.</p>";
  }
  return html;
}

std::string DecisionHtml(const Json& p) {
  const Json* decision = Obj(p, "decision");
  if (!decision) return "";
  std::string html =
      "<section class=\"section decision\" aria-labelledby=\"beslut\"><h2 "
      "id=\"beslut\">Beslut</h2>";
  const Json& points = Arr(*decision, "points");
  const std::string text = Str(*decision, "text");
  if (!points.empty()) {
    html += "<ol>";
    for (const Json& point : points) {
      if (point.is_string()) html += "<li>" + Esc(point.get<std::string>()) + "</li>";
    }
    html += "</ol>";
  } else if (!text.empty()) {
    html += "<div class=\"text\">" + TextBlocks(text) + "</div>";
  }
  if (Bool(*decision, "immediately_adjusted")) {
    html += "<p><span class=\"tag\">Omedelbart justerad</span></p>";
  }
  return html + "</section>";
}

std::string ReferencesHtml(const Json& p, const StoredDocument& doc) {
  const Json& refs = Arr(p, "references");
  if (refs.empty()) return "";
  std::string html = "<h2 id=\"hanvisningar\">Hänvisningar</h2><ul>";
  for (const Json& r : refs) {
    const std::string text = Str(r, "text");
    const std::string date = Str(r, "date");
    const std::optional<int> number = Int(r, "paragraph");
    const std::string case_number = Str(r, "case_number");
    std::string body = Str(r, "body");
    if (body.empty() && doc.body) body = doc.body->name;
    if (!date.empty() && number) {
      html += fmt::format(
          "<li><a href=\"{}\">{}</a></li>",
          Esc(UrlWith("/hitta",
                      {{"organ", body}, {"datum", date}, {"nr", std::to_string(*number)}})),
          Esc(text));
    } else if (!case_number.empty()) {
      html += fmt::format("<li><a href=\"{}\">{}</a></li>",
                          Esc(UrlWith("/sok", {{"q", case_number}})), Esc(text));
    } else {
      html += "<li>" + Esc(text) + "</li>";
    }
  }
  return html + "</ul>";
}

std::string StepWhere(const TrailStep& s) {
  return ParagraphRef(s.body, s.date, s.number) + (s.title.empty() ? "" : " " + s.title);
}

std::string LinkNote(const TrailStep& s) {
  if (s.confidence >= kFactConfidence) return Esc(LinkLabel(s.link_kind));
  return "<span class=\"muted\">förslag: " + Esc(LinkLabel(s.link_kind)) + ", " + Esc(s.evidence) +
         "</span>";
}

std::string FollowUpHref(const std::string& key) { return "/uppfoljning/" + PercentEncode(key); }

// The trail both ways: what the decision started and what it answers.
std::string TrailHtml(Store& store, const FollowUpTrail& trail) {
  std::string html =
      "<section aria-labelledby=\"uppfoljning\"><h2 id=\"uppfoljning\">Uppföljning"
      "</h2>";
  html += "<h3 id=\"startade\">Det här beslutet gav</h3>";
  if (trail.started.empty()) {
    html += "<p class=\"muted\">Inga uppdrag, remisser eller annat att följa upp.</p>";
  } else {
    html += "<ul class=\"trail\" aria-labelledby=\"startade\">";
    for (size_t i = 0; i < trail.started.size();) {
      const std::string key = trail.started[i].followup_key;
      FollowUpQuery q;
      q.as_of = Today();
      q.key = key;
      Result<std::vector<StoredFollowUp>> found = store.FollowUps(q);
      const StoredFollowUp* f = found.ok() && !found->empty() ? &found->front() : nullptr;
      html +=
          fmt::format("<li><a href=\"{}\">{}</a>: {}", Esc(FollowUpHref(key)),
                      Esc(KindLabel(trail.started[i].followup_kind)), Esc(trail.started[i].task));
      if (f) {
        if (f->followup.assignee)
          html += " <span class=\"muted\">– " + Esc(*f->followup.assignee) + "</span>";
        if (f->followup.due)
          html +=
              " <span class=\"muted\">senast " + Esc(FormatIsoDate(*f->followup.due)) + "</span>";
        html += fmt::format(" <span class=\"tag status-{}\">{}</span>", Esc(f->status),
                            Esc(StatusLabel(f->status)));
      }
      std::string links;
      for (; i < trail.started.size() && trail.started[i].followup_key == key; ++i) {
        const TrailStep& s = trail.started[i];
        if (s.paragraph_id == 0) continue;
        links += fmt::format("<li>Följs upp i <a href=\"/paragraf/{}\">{}</a> ({})</li>",
                             s.paragraph_id, Esc(StepWhere(s)), LinkNote(s));
      }
      if (!links.empty()) html += "<ul>" + links + "</ul>";
      html += "</li>";
    }
    html += "</ul>";
  }
  html += "<h3 id=\"besvarar\">Det här beslutet svarar på</h3>";
  if (trail.answers.empty()) {
    html += "<p class=\"muted\">Inget tidigare beslut som det här följer upp.</p>";
  } else {
    html += "<ul class=\"trail\" aria-labelledby=\"besvarar\">";
    for (const TrailStep& s : trail.answers) {
      html += fmt::format("<li>{} <a href=\"{}\">{}</a> från ", Esc(KindLabel(s.followup_kind)),
                          Esc(FollowUpHref(s.followup_key)), Esc(s.task));
      html += s.paragraph_id ? fmt::format("<a href=\"/paragraf/{}\">{}</a>", s.paragraph_id,
                                           Esc(StepWhere(s)))
                             : Esc(StepWhere(s));
      html += " (" + LinkNote(s) + ")</li>";
    }
    html += "</ul>";
  }
  return html + "</section>";
}

OJson StepJson(const TrailStep& s) {
  return {{"followup", s.followup_key},
          {"followup_url", FollowUpHref(s.followup_key)},
          {"kind", s.followup_kind},
          {"task", s.task},
          {"link", s.link_kind.empty() ? OJson(nullptr) : OJson(s.link_kind)},
          {"confidence", s.confidence},
          {"fact", s.confidence >= kFactConfidence},
          {"evidence", s.evidence},
          {"paragraph_id", s.paragraph_id ? OJson(s.paragraph_id) : OJson(nullptr)},
          {"paragraph_url",
           s.paragraph_id ? OJson(fmt::format("/paragraf/{}", s.paragraph_id)) : OJson(nullptr)},
          {"body", s.body},
          {"date", s.date ? OJson(FormatIsoDate(*s.date)) : OJson(nullptr)},
          {"paragraph", s.number ? OJson(*s.number) : OJson(nullptr)},
          {"title", s.title}};
}

OJson DocumentSummaryJson(const StoredDocument& d) {
  return {{"id", d.id},
          {"url", fmt::format("/sammantrade/{}", d.id)},
          {"api", fmt::format("/api/meetings/{}", d.id)},
          {"source_url", fmt::format("/dokument/{}/kalla", d.id)},
          {"body", d.body ? OJson(d.body->name) : OJson(nullptr)},
          {"abbreviation",
           d.body && d.body->abbreviation ? OJson(*d.body->abbreviation) : OJson(nullptr)},
          {"date", d.date ? OJson(FormatIsoDate(*d.date)) : OJson(nullptr)},
          {"kind", d.kind},
          {"paragraphs", d.paragraphs},
          {"path", d.path},
          {"sha256", d.sha256}};
}

// The paragraph's JSON object in its document, or nullptr.
const Json* ParagraphJson(const LoadedDocument& d, int ordinal) {
  const Json& paragraphs = Arr(d.json, "paragraphs");
  if (ordinal < 0 || static_cast<size_t>(ordinal) >= paragraphs.size()) return nullptr;
  const Json& p = paragraphs[static_cast<size_t>(ordinal)];
  return p.is_object() ? &p : nullptr;
}

}  // namespace

WebResponse MeetingsPage(Ctx& ctx) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto documents = (*store)->ListDocuments();
  if (!documents.ok()) return StoreError(ctx, documents.status());
  std::string organ = ctx.req.Param("organ");
  std::set<std::string> bodies;
  for (const StoredDocument& d : *documents) bodies.insert(BodyLabel(d));
  std::string options = "<option value=\"\">Alla organ</option>";
  for (const std::string& b : bodies) {
    options +=
        fmt::format("<option value=\"{0}\"{1}>{0}</option>", Esc(b), b == organ ? " selected" : "");
  }
  std::string html = fmt::format(
      "<h1>Sammanträden</h1><form class=\"filters\" method=\"get\" action=\"/sammantraden\">"
      "<label for=\"organ\">Organ<select id=\"organ\" name=\"organ\" data-autosubmit>{}</select>"
      "</label><button type=\"submit\">Visa</button></form>",
      options);
  html +=
      "<table><thead><tr><th scope=\"col\">Datum</th><th scope=\"col\">Organ</th><th "
      "scope=\"col\">Handling</th><th scope=\"col\">Paragrafer</th><th "
      "scope=\"col\">Källa</th></tr></thead><tbody>";
  std::vector<StoredDocument> list = *documents;
  std::stable_sort(list.begin(), list.end(), [](const StoredDocument& a, const StoredDocument& b) {
    return a.date.value_or(Date{}) > b.date.value_or(Date{});
  });
  size_t shown = 0;
  for (const StoredDocument& d : list) {
    if (!organ.empty() && BodyLabel(d) != organ) continue;
    ++shown;
    html += fmt::format(
        "<tr><td>{}</td><td><a href=\"/sammantrade/{}\">{}</a></td><td>{}</td><td>{}</td>"
        "<td class=\"muted\">{}</td></tr>",
        Esc(d.date ? FormatIsoDate(*d.date) : "odaterat"), d.id, Esc(BodyLabel(d)),
        Esc(DocumentKindLabel(d.kind)), d.paragraphs, Esc(d.path));
  }
  html += "</tbody></table>";
  html += fmt::format("<p class=\"meta\">{} handlingar</p>", shown);
  WebResponse response;
  response.body = RenderPage(ctx.Frame("Sammanträden", "sammantraden"), html);
  return response;
}

WebResponse MeetingsApi(Ctx& ctx) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto documents = (*store)->ListDocuments();
  if (!documents.ok()) return StoreError(ctx, documents.status());
  OJson out = OJson::array();
  for (const StoredDocument& d : *documents) out.push_back(DocumentSummaryJson(d));
  return WebResponse::Json(200, Dump(out));
}

WebResponse MeetingPage(Ctx& ctx, int64_t document_id) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  WebResponse error;
  std::optional<LoadedDocument> d = Load(ctx, **store, document_id, &error);
  if (!d) return error;
  auto paragraphs = (*store)->DocumentParagraphs(document_id);
  if (!paragraphs.ok()) return StoreError(ctx, paragraphs.status());

  std::string html = "<p class=\"crumbs\"><a href=\"/sammantraden\">Sammanträden</a> ›</p>";
  html += fmt::format("<h1>{} <span class=\"tag\">{}</span></h1>", Esc(MeetingTitle(d->doc)),
                      Esc(DocumentKindLabel(d->doc.kind)));
  html += FactsHtml(*d);
  if (const Json* meeting = Obj(d->json, "meeting")) html += AttendanceHtml(*meeting);
  html += AgendaHtml(*d);
  html += "<h2 id=\"paragrafer\">Paragrafer</h2>";
  if (paragraphs->empty()) {
    html += "<p class=\"muted\">Inga paragrafer lästes ur handlingen.</p>";
  } else {
    html +=
        "<table aria-labelledby=\"paragrafer\"><thead><tr><th scope=\"col\">§</th><th "
        "scope=\"col\">Rubrik</th><th scope=\"col\">Diarienummer</th><th "
        "scope=\"col\">Beslut</th><th scope=\"col\">Sida</th></tr></thead><tbody>";
    for (const ParagraphRow& p : *paragraphs) {
      const Json* pj = ParagraphJson(*d, p.ordinal);
      std::string decision;
      std::string cases;
      if (pj) {
        cases = StrList(Arr(*pj, "case_numbers"));
        if (const Json* dj = Obj(*pj, "decision")) {
          decision = Str(*dj, "text");
          decision = decision.substr(0, decision.find('\n'));
        }
      }
      html += fmt::format(
          "<tr><td class=\"nowrap\">{}</td><td><a href=\"/paragraf/{}\">{}</a></td><td>{}</td>"
          "<td>{}</td><td>{}</td></tr>",
          Esc(ParagraphLabel(p)), p.id, Esc(p.title.empty() ? "(utan rubrik)" : p.title),
          Esc(cases), Esc(decision),
          p.page > 0 ? (d->format == "pdf"
                            ? SourceLink(d->doc.id, d->format, p.page, std::to_string(p.page))
                            : std::to_string(p.page))
                     : "");
    }
    html += "</tbody></table>";
  }
  const Json& warnings = Arr(d->json, "warnings");
  if (!warnings.empty()) {
    html += fmt::format("<details><summary>{} varningar från inläsningen</summary><ul>",
                        warnings.size());
    for (const Json& w : warnings) {
      const std::optional<int> page = Int(w, "page");
      html += "<li>" + (page ? fmt::format("Sida {}: ", *page) : std::string()) +
              Esc(Str(w, "message")) + "</li>";
    }
    html += "</ul></details>";
  }
  WebResponse response;
  response.body = RenderPage(ctx.Frame(MeetingTitle(d->doc), "sammantraden"), html);
  return response;
}

WebResponse MeetingApi(Ctx& ctx, int64_t document_id) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  WebResponse error;
  std::optional<LoadedDocument> d = Load(ctx, **store, document_id, &error);
  if (!d) return error;
  auto paragraphs = (*store)->DocumentParagraphs(document_id);
  if (!paragraphs.ok()) return StoreError(ctx, paragraphs.status());
  OJson out = DocumentSummaryJson(d->doc);
  OJson list = OJson::array();
  for (const ParagraphRow& p : *paragraphs) {
    list.push_back({{"id", p.id},
                    {"url", fmt::format("/paragraf/{}", p.id)},
                    {"api", fmt::format("/api/paragraphs/{}", p.id)},
                    {"number", p.number ? OJson(*p.number) : OJson(nullptr)},
                    {"title", p.title},
                    {"page", p.page > 0 ? OJson(p.page) : OJson(nullptr)}});
  }
  out["paragraph_list"] = list;
  out["document"] = d->json;
  return WebResponse::Json(200, Dump(out));
}

WebResponse SourceFile(Ctx& ctx, int64_t document_id) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  WebResponse error;
  std::optional<LoadedDocument> d = Load(ctx, **store, document_id, &error);
  if (!d) return error;
  // Where the bytes may be: an upload kept under its SHA-256, or the file
  // the document was imported from. Both names come from the database;
  // what is served must have the stored SHA-256.
  const std::string extension = d->format == "pdf" ? "pdf" : d->format == "markdown" ? "md" : "txt";
  const std::vector<std::filesystem::path> candidates = {
      ctx.state.options.uploads / (d->doc.sha256 + "." + extension),
      std::filesystem::path(d->doc.path)};
  for (const std::filesystem::path& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxSourceBytes) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof()) continue;
    std::string content = std::move(bytes).str();
    if (Sha256Hex(content) != d->doc.sha256) continue;
    WebResponse response;
    if (d->format == "pdf") {
      response.content_type = "application/pdf";
    } else {
      response.content_type =
          IsValidUtf8(content) ? "text/plain; charset=utf-8" : "text/plain; charset=windows-1252";
      response.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    }
    response.SetHeader("Content-Disposition",
                       fmt::format("inline; filename=\"dokument-{}.{}\"", document_id, extension));
    response.SetHeader("Cache-Control", "private, max-age=300");
    response.body = std::move(content);
    return response;
  }
  return ErrorResponse(ctx, 404,
                       fmt::format("Källfilen till dokument {} finns inte längre där den "
                                   "importerades från ({}).",
                                   document_id, d->doc.path));
}

WebResponse ParagraphPage(Ctx& ctx, int64_t paragraph_id) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto row = (*store)->FindParagraphRow(paragraph_id);
  if (!row.ok()) return StoreError(ctx, row.status());
  if (!*row) return ErrorResponse(ctx, 404, "Ingen paragraf har det id:t.");
  WebResponse error;
  std::optional<LoadedDocument> d = Load(ctx, **store, (*row)->document_id, &error);
  if (!d) return error;
  const ParagraphRow& p = **row;
  const Json* pj = ParagraphJson(*d, p.ordinal);
  const Json& pjson = pj ? *pj : Empty();
  auto trail = (*store)->FollowUpTrailOf(paragraph_id);
  if (!trail.ok()) return StoreError(ctx, trail.status());

  const std::string where = ParagraphRef(ShortBody(d->doc), d->doc.date, p.number);
  std::string html = fmt::format(
      "<p class=\"crumbs\"><a href=\"/sammantraden\">Sammanträden</a> › <a "
      "href=\"/sammantrade/{}\">{}</a> ›</p>",
      d->doc.id, Esc(MeetingTitle(d->doc)));
  html += fmt::format("<h1><span class=\"muted\">{}</span> {}</h1>", Esc(ParagraphLabel(p)),
                      Esc(p.title.empty() ? "(utan rubrik)" : p.title));
  html += "<dl class=\"facts\">";
  html += "<dt>Paragraf</dt><dd>" + Esc(where) + "</dd>";
  if (const std::string cases = StrList(Arr(pjson, "case_numbers")); !cases.empty()) {
    html += "<dt>Diarienummer</dt><dd>" + Esc(cases) + "</dd>";
  }
  if (const std::string decided = Str(pjson, "decided_on"); !decided.empty()) {
    html += "<dt>Beslutad</dt><dd>" + Esc(decided) + "</dd>";
  }
  html += "<dt>Källa</dt><dd>" +
          SourceLink(d->doc.id, d->format, p.page,
                     d->format == "pdf" && p.page > 0 ? fmt::format("PDF:en, sida {}", p.page)
                                                      : "Källfilen") +
          "</dd></dl>";
  const bool has_decision = Obj(pjson, "decision") != nullptr;
  for (const Json& s : Arr(pjson, "sections")) {
    const std::string kind = Str(s, "kind");
    if (kind == "beslut" && has_decision) continue;  // shown as the decision below
    std::string heading = Str(s, "heading");
    if (heading.empty()) heading = SectionKindLabel(kind);
    const std::string text = Str(s, "text");
    if (text.empty() && heading.empty()) continue;
    html += "<section class=\"section\">";
    if (!heading.empty()) html += "<h3>" + Esc(heading) + "</h3>";
    html += "<div class=\"text\">" + TextBlocks(text) + "</div></section>";
  }
  html += DeliberationHtml(pjson);
  html += DecisionHtml(pjson);
  html += ReferencesHtml(pjson, d->doc);
  html += TrailHtml(**store, *trail);
  if (d->doc.body && d->doc.date && p.number) {
    auto notes = (*store)->Notes(d->doc.body->name, *d->doc.date, *p.number);
    if (notes.ok() && !notes->empty()) {
      html += "<h2>Anteckningar</h2><ul>";
      for (const std::string& n : *notes) html += "<li>" + Esc(n) + "</li>";
      html += "</ul>";
    }
  }
  WebResponse response;
  response.body = RenderPage(ctx.Frame(where + " " + p.title, "sammantraden"), html);
  return response;
}

WebResponse ParagraphApi(Ctx& ctx, int64_t paragraph_id) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto row = (*store)->FindParagraphRow(paragraph_id);
  if (!row.ok()) return StoreError(ctx, row.status());
  if (!*row) return ErrorResponse(ctx, 404, "no paragraph has that id");
  WebResponse error;
  std::optional<LoadedDocument> d = Load(ctx, **store, (*row)->document_id, &error);
  if (!d) return error;
  auto trail = (*store)->FollowUpTrailOf(paragraph_id);
  if (!trail.ok()) return StoreError(ctx, trail.status());
  const Json* pj = ParagraphJson(*d, (*row)->ordinal);
  OJson started = OJson::array();
  for (const TrailStep& s : trail->started) started.push_back(StepJson(s));
  OJson answers = OJson::array();
  for (const TrailStep& s : trail->answers) answers.push_back(StepJson(s));
  OJson out = {{"id", paragraph_id},
               {"url", fmt::format("/paragraf/{}", paragraph_id)},
               {"meeting", DocumentSummaryJson(d->doc)},
               {"number", (*row)->number ? OJson(*(*row)->number) : OJson(nullptr)},
               {"title", (*row)->title},
               {"page", (*row)->page > 0 ? OJson((*row)->page) : OJson(nullptr)},
               {"paragraph", pj ? OJson(*pj) : OJson(nullptr)},
               {"followups", {{"started", started}, {"answers", answers}}}};
  return WebResponse::Json(200, Dump(out));
}

WebResponse FindParagraphRedirect(Ctx& ctx) {
  ParagraphQuery q;
  if (const std::string organ = ctx.req.Param("organ"); !organ.empty()) q.body = organ;
  const std::string datum = ctx.req.Param("datum");
  q.date = ParseIsoDate(datum);
  if (!q.date) return ErrorResponse(ctx, 400, "datum ska skrivas ÅÅÅÅ-MM-DD.");
  const std::optional<int64_t> nr = ParseId(ctx.req.Param("nr"));
  if (!nr || *nr > 100000) return ErrorResponse(ctx, 400, "nr ska vara ett paragrafnummer.");
  q.number = static_cast<int>(*nr);
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto found = (*store)->FindParagraphs(q);
  if (!found.ok()) return StoreError(ctx, found.status());
  if (found->empty()) {
    return ErrorResponse(ctx, 404,
                         fmt::format("{} finns inte i databasen.",
                                     ParagraphRef(q.body.value_or(""), q.date, q.number)));
  }
  return WebResponse::Redirect(fmt::format("/paragraf/{}", found->front().id));
}

}  // namespace paragraf::web
