// Balanslista and uppföljningar: the filtered list with downloads in every
// format (src/report renders them), one follow-up with its history, and the
// secretariat's actions behind the login; /api/followups and
// /api/balanslista give the same to programs.
#include <fmt/format.h>

#include <set>

#include "cli/followup_view.h"
#include "report/balanslista.h"
#include "web/app_internal.h"

namespace paragraf::web {

namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

constexpr size_t kMaxNoteBytes = 4000;

// The kinds in the order the filter offers them.
const std::vector<std::string>& Kinds() {
  static const std::vector<std::string> kinds = {"uppdrag",      "remiss",           "aterremiss",
                                                 "bordlaggning", "rekommendation",   "forlangning",
                                                 "motion",       "medborgarforslag", "aktivitet"};
  return kinds;
}

struct ListForm {
  std::string organ, per, typ, ansvarig, status;
  std::vector<std::pair<std::string, std::string>> Params() const {
    return {
        {"organ", organ}, {"per", per}, {"typ", typ}, {"ansvarig", ansvarig}, {"status", status}};
  }
};

// The first non-empty of the Swedish and the English name of a field.
std::string Field(const WebRequest& req, const char* swedish, const char* english) {
  std::string value = req.Param(swedish);
  if (value.empty()) value = req.Param(english);
  return value;
}

ListForm ReadListForm(const WebRequest& req) {
  ListForm form;
  form.organ = Field(req, "organ", "body");
  form.per = Field(req, "per", "as_of");
  form.typ = Field(req, "typ", "type");
  form.ansvarig = Field(req, "ansvarig", "assignee");
  form.status = req.Param("status");
  return form;
}

// The query of the form; `default_statuses` when no status is chosen.
// InvalidArgument, in Swedish, for a value that is not one.
Result<FollowUpQuery> ToQuery(const ListForm& form, std::vector<std::string> default_statuses) {
  FollowUpQuery q;
  q.as_of = Today();
  if (!form.per.empty()) {
    const std::optional<Date> d = ParseIsoDate(form.per);
    if (!d)
      return Status::InvalidArgument(
          fmt::format("Datumet \"{}\" ska skrivas ÅÅÅÅ-MM-DD.", form.per));
    q.as_of = *d;
  }
  if (!form.organ.empty()) q.body = form.organ;
  if (!form.ansvarig.empty()) q.assignee = form.ansvarig;
  if (!form.typ.empty()) {
    const std::optional<std::string> kind = FollowUpKindCode(form.typ);
    if (!kind) {
      return Status::InvalidArgument(
          fmt::format("Typen \"{}\" finns inte: välj uppdrag, remiss, återremiss, bordläggning, "
                      "rekommendation, förlängning, motion, medborgarförslag eller aktivitet.",
                      form.typ));
    }
    q.kinds.push_back(*kind);
  }
  q.statuses = std::move(default_statuses);
  if (!form.status.empty()) {
    const std::optional<std::string> status = FollowUpStatusCode(form.status);
    if (!status) {
      return Status::InvalidArgument(fmt::format(
          "Statusen \"{}\" finns inte: välj öppen, försenad, besvarad, avslutad, ersatt eller "
          "alla.",
          form.status));
    }
    q.statuses.clear();
    if (!status->empty()) q.statuses.push_back(*status);
  }
  return q;
}

std::string FollowUpHref(const std::string& key, const std::string& per) {
  return UrlWith("/uppfoljning/" + PercentEncode(key), {{"per", per}});
}

std::string JsonStr(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string FiltersHtml(const ListForm& form, const std::vector<StoredDocument>& documents,
                        const Date& as_of) {
  std::set<std::string> bodies;
  for (const StoredDocument& d : documents) {
    if (d.body) bodies.insert(d.body->name);
  }
  std::string organ = "<option value=\"\">Alla organ</option>";
  for (const std::string& b : bodies) {
    organ += fmt::format("<option value=\"{0}\"{1}>{0}</option>", Esc(b),
                         b == form.organ ? " selected" : "");
  }
  const std::optional<std::string> chosen_kind = FollowUpKindCode(form.typ);
  std::string typ = "<option value=\"\">Alla typer</option>";
  for (const std::string& k : Kinds()) {
    typ += fmt::format("<option value=\"{}\"{}>{}</option>", k,
                       chosen_kind && *chosen_kind == k ? " selected" : "", Esc(KindLabel(k)));
  }
  const std::optional<std::string> chosen_status =
      form.status.empty() ? std::nullopt : FollowUpStatusCode(form.status);
  std::string status = fmt::format("<option value=\"\"{}>Öppna och försenade</option>",
                                   form.status.empty() ? " selected" : "");
  for (const char* s : {"open", "overdue", "answered", "closed", "superseded"}) {
    status +=
        fmt::format("<option value=\"{}\"{}>{}</option>", s,
                    chosen_status && *chosen_status == s ? " selected" : "", Esc(StatusLabel(s)));
  }
  status += fmt::format("<option value=\"alla\"{}>Alla</option>",
                        chosen_status && chosen_status->empty() ? " selected" : "");
  return fmt::format(
      "<form class=\"filters\" method=\"get\" action=\"/balanslista\" aria-label=\"Filter\">"
      "<label for=\"organ\">Organ<select id=\"organ\" name=\"organ\">{}</select></label>"
      "<label for=\"per\">Per datum<input id=\"per\" type=\"date\" name=\"per\" value=\"{}\" "
      "required></label>"
      "<label for=\"typ\">Typ<select id=\"typ\" name=\"typ\">{}</select></label>"
      "<label for=\"ansvarig\">Ansvarig<input id=\"ansvarig\" name=\"ansvarig\" value=\"{}\">"
      "</label>"
      "<label for=\"status\">Status<select id=\"status\" name=\"status\">{}</select></label>"
      "<button type=\"submit\">Visa</button></form>",
      organ, Esc(FormatIsoDate(as_of)), typ, Esc(form.ansvarig), status);
}

std::string ItemsHtml(const Json& report, const std::map<std::string, FollowUpPlace>& places,
                      const std::string& per) {
  const auto items = report.find("items");
  if (items == report.end() || !items->is_array() || items->empty()) {
    return "<p>Inga uppföljningar matchar filtren.</p>";
  }
  std::string html;
  std::string group;
  bool open = false;
  auto count_of = [&](const std::string& kind) {
    const auto summary = report.find("summary");
    if (summary == report.end()) return 0;
    const auto by_kind = summary->find("by_kind");
    if (by_kind == summary->end()) return 0;
    const auto it = by_kind->find(kind);
    return it != by_kind->end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  for (const Json& item : *items) {
    const std::string kind = JsonStr(item, "kind");
    if (kind != group || !open) {
      if (open) html += "</tbody></table>";
      group = kind;
      open = true;
      html += fmt::format(
          "<table class=\"balans\"><caption>{} ({})</caption><thead><tr>"
          "<th scope=\"col\">Id</th><th scope=\"col\">Beslut</th><th scope=\"col\">Uppgift</th>"
          "<th scope=\"col\">Ansvarig</th><th scope=\"col\">Senast</th><th "
          "scope=\"col\">Status</th><th scope=\"col\">Händelser</th></tr></thead><tbody>",
          Esc(JsonStr(item, "kind_label")), count_of(kind));
    }
    const std::string id = JsonStr(item, "id");
    const bool overdue = item.value("overdue", false);
    const bool old = item.value("older_than_one_year", false);
    std::string body = JsonStr(item, "body_abbreviation");
    if (body.empty()) body = JsonStr(item, "body");
    std::optional<int> number;
    if (auto p = item.find("paragraph"); p != item.end() && p->is_number_integer()) {
      number = p->get<int>();
    }
    const std::string where =
        ParagraphRef(body, ParseIsoDate(JsonStr(item, "origin_date")), number);
    std::string decision = Esc(where);
    if (auto place = places.find(id); place != places.end()) {
      decision = place->second.paragraph_id ? fmt::format("<a href=\"/paragraf/{}\">{}</a>",
                                                          place->second.paragraph_id, Esc(where))
                                            : fmt::format("<a href=\"/sammantrade/{}\">{}</a>",
                                                          place->second.document_id, Esc(where));
    }
    decision += "<br><span class=\"muted\">" + Esc(JsonStr(item, "title")) + "</span>";
    const std::string due_date = JsonStr(item, "due");
    std::string due = due_date.empty() ? "" : "<span class=\"nowrap\">" + Esc(due_date) + "</span>";
    // What the decision wrote, when it says more than the date.
    if (const std::string text = JsonStr(item, "due_text");
        !text.empty() && (due_date.empty() || text.find(due_date) == std::string::npos)) {
      if (!due.empty()) due += "<br>";
      due += "<span class=\"muted\">";
      due += Esc(text);
      due += "</span>";
    }
    std::string status = Esc(JsonStr(item, "status_label"));
    if (overdue && JsonStr(item, "status") == "overdue") {
      status = fmt::format("<span class=\"late nowrap\">⚠ {}</span>", status);
    } else if (overdue) {
      status += " <span class=\"late nowrap\">⚠ förfallen</span>";
    }
    if (old) status += " <span class=\"tag\">äldre än ett år</span>";
    std::string events;
    if (auto history = item.find("history"); history != item.end() && history->is_array()) {
      for (const Json& h : *history) {
        if (!h.is_string()) continue;
        events += "<li>";
        events += Esc(h.get<std::string>());
        events += "</li>";
      }
    }
    if (!events.empty()) events = fmt::format("<ul>{}</ul>", events);
    if (const std::string note = JsonStr(item, "note"); !note.empty()) {
      events += fmt::format("<p><em>Anteckning:</em> {}</p>", Esc(note));
    }
    html += fmt::format(
        "<tr{}><td class=\"id\"><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        overdue ? " class=\"overdue\"" : "", Esc(FollowUpHref(id, per)), Esc(id), decision,
        Esc(JsonStr(item, "task")), Esc(JsonStr(item, "assignee")), due, status, events);
  }
  if (open) html += "</tbody></table>";
  return html;
}

std::string SummaryHtml(const Json& report) {
  const auto summary = report.find("summary");
  if (summary == report.end() || !summary->is_object()) return "";
  const int total = summary->value("total", 0);
  const int overdue = summary->value("overdue", 0);
  const int old = summary->value("older_than_one_year", 0);
  std::string html = fmt::format(
      "<p class=\"notice\" id=\"balans-summary\" role=\"status\"><strong>{}</strong> poster per "
      "{}{}: {} försenade, {} äldre än ett år.",
      total, Esc(JsonStr(report, "as_of")),
      JsonStr(report, "body").empty() ? "" : " för " + Esc(JsonStr(report, "body")), overdue, old);
  if (const auto by_status = summary->find("by_status");
      by_status != summary->end() && by_status->is_object() && !by_status->empty()) {
    std::string parts;
    for (const auto& [code, count] : by_status->items()) {
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ",
                           count.is_number() ? count.get<int>() : 0, Esc(StatusLabel(code)));
    }
    html += " Status: " + parts + ".";
  }
  return html + "</p>";
}

std::string DownloadsHtml(const ListForm& form) {
  std::string html =
      "<h2 id=\"ladda-ned\">Ladda ned</h2><ul class=\"downloads\" "
      "aria-labelledby=\"ladda-ned\">";
  for (const auto& [format, label] :
       std::vector<std::pair<std::string, std::string>>{{"xlsx", "Excel (XLSX)"},
                                                        {"csv", "CSV"},
                                                        {"html", "HTML för utskrift"},
                                                        {"md", "Markdown"},
                                                        {"json", "JSON"}}) {
    auto params = form.Params();
    params.emplace_back("format", format);
    html += fmt::format("<li><a class=\"button\" href=\"{}\" data-format=\"{}\">{}</a></li>",
                        Esc(UrlWith("/balanslista/ladda-ned", params)), format, Esc(label));
  }
  return html + "</ul>";
}

std::string ContentType(ReportFormat format) {
  switch (format) {
    case ReportFormat::kHtml:
      return "text/html; charset=utf-8";
    case ReportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case ReportFormat::kCsv:
      return "text/csv; charset=utf-8";
    case ReportFormat::kMarkdown:
      return "text/markdown; charset=utf-8";
    case ReportFormat::kJson:
      return "application/json; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string ActionForms(const Ctx& ctx, const std::string& key, const StoredFollowUp& f) {
  const std::string action = "/uppfoljning/" + PercentEncode(key);
  const std::string today = FormatIsoDate(Today());
  const std::string csrf = CsrfField(ctx);
  auto on_field = [&](const char* id) {
    return fmt::format(
        "<label for=\"{0}\">Gäller från<input id=\"{0}\" type=\"date\" name=\"galler_fran\" "
        "value=\"{1}\"></label>",
        id, today);
  };
  std::string html = "<h2 id=\"atgarder\">Åtgärder</h2><div class=\"cards\">";
  if (f.status == "closed") {
    html += fmt::format(
        "<form class=\"stack\" method=\"post\" action=\"{}\" aria-label=\"Återöppna\">{}"
        "<input type=\"hidden\" name=\"atgard\" value=\"reopen\"><h3>Återöppna</h3>"
        "<label for=\"reopen-note\">Anteckning<textarea id=\"reopen-note\" name=\"notering\" "
        "rows=\"2\"></textarea></label>{}<div><button type=\"submit\">Återöppna</button></div>"
        "</form>",
        Esc(action), csrf, on_field("reopen-on"));
  } else {
    html += fmt::format(
        "<form class=\"stack\" method=\"post\" action=\"{}\" aria-label=\"Avsluta\">{}"
        "<input type=\"hidden\" name=\"atgard\" value=\"close\"><h3>Avsluta</h3>"
        "<label for=\"close-note\">Anteckning (krävs)<textarea id=\"close-note\" name=\"notering\" "
        "rows=\"2\" required></textarea></label>"
        "<label for=\"close-ref\">Avslutad genom<input id=\"close-ref\" name=\"hanvisning\" "
        "placeholder=\"t.ex. KS 2022-05-02 § 12\"></label>{}"
        "<div><button type=\"submit\">Avsluta</button></div></form>",
        Esc(action), csrf, on_field("close-on"));
  }
  html += fmt::format(
      "<form class=\"stack\" method=\"post\" action=\"{}\" aria-label=\"Ändra datum\">{}"
      "<input type=\"hidden\" name=\"atgard\" value=\"set_due\"><h3>Ändra datum</h3>"
      "<label for=\"due-date\">Ny tidpunkt<input id=\"due-date\" type=\"date\" name=\"datum\" "
      "value=\"{}\" required></label>"
      "<label for=\"due-note\">Anteckning<textarea id=\"due-note\" name=\"notering\" "
      "rows=\"2\"></textarea></label>{}"
      "<div><button type=\"submit\">Spara datum</button></div></form>",
      Esc(action), csrf, Esc(f.followup.due ? FormatIsoDate(*f.followup.due) : ""),
      on_field("due-on"));
  html += fmt::format(
      "<form class=\"stack\" method=\"post\" action=\"{}\" aria-label=\"Ändra ansvarig\">{}"
      "<input type=\"hidden\" name=\"atgard\" value=\"assign\"><h3>Ändra ansvarig</h3>"
      "<label for=\"assignee\">Ansvarig<input id=\"assignee\" name=\"ansvarig\" value=\"{}\" "
      "required></label>"
      "<label for=\"assign-note\">Anteckning<textarea id=\"assign-note\" name=\"notering\" "
      "rows=\"2\"></textarea></label>{}"
      "<div><button type=\"submit\">Spara ansvarig</button></div></form>",
      Esc(action), csrf, Esc(f.followup.assignee.value_or("")), on_field("assign-on"));
  return html + "</div>";
}

OJson FollowUpApiJson(const StoredFollowUp& f, const std::map<std::string, FollowUpPlace>& places) {
  OJson json = FollowUpJson(f);
  json["url"] = "/uppfoljning/" + PercentEncode(f.key);
  json["status_label"] = StatusLabel(f.status);
  json["kind_label"] = KindLabel(f.followup.kind);
  if (auto place = places.find(f.key); place != places.end()) {
    json["meeting_url"] = fmt::format("/sammantrade/{}", place->second.document_id);
    json["paragraph_url"] = place->second.paragraph_id
                                ? OJson(fmt::format("/paragraf/{}", place->second.paragraph_id))
                                : OJson(nullptr);
  }
  return json;
}

}  // namespace

WebResponse BalanslistaPage(Ctx& ctx) {
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto documents = (*store)->ListDocuments();
  if (!documents.ok()) return StoreError(ctx, documents.status());
  const ListForm form = ReadListForm(ctx.req);
  std::string html = "<h1>Balanslista</h1>";
  Result<FollowUpQuery> q = ToQuery(form, {"open", "overdue"});
  if (!q.ok()) {
    html += FiltersHtml(ListForm{}, *documents, Today());
    html += "<p class=\"error\" role=\"alert\">" + Esc(q.status().message()) + "</p>";
    WebResponse response;
    response.status = 400;
    response.body = RenderPage(ctx.Frame("Balanslista", "balanslista"), html);
    return response;
  }
  Result<Balanslista> list = LoadBalanslista(**store, *q);
  if (!list.ok()) return StoreError(ctx, list.status());
  Result<std::string> report = RenderBalanslista(*list, ReportFormat::kJson);
  if (!report.ok()) return ErrorResponse(ctx, 500, report.status().message());
  const Json json = Json::parse(*report, nullptr, false);
  auto places = (*store)->FollowUpPlaces();
  if (!places.ok()) return StoreError(ctx, places.status());
  ListForm shown = form;
  shown.per = FormatIsoDate(q->as_of);
  html += FiltersHtml(form, *documents, q->as_of);
  if (json.is_object()) {
    html += SummaryHtml(json);
    html += DownloadsHtml(shown);
    html += "<h2 id=\"poster\">Poster</h2>" + ItemsHtml(json, *places, shown.per);
  }
  if (!ctx.LoggedIn() && ctx.state.options.token) {
    html +=
        "<p class=\"muted no-print\"><a href=\"/logga-in?nasta=%2Fbalanslista\">Logga in</a> "
        "för att avsluta, återöppna eller ändra datum på en uppföljning.</p>";
  }
  WebResponse response;
  response.body = RenderPage(ctx.Frame("Balanslista", "balanslista"), html);
  return response;
}

WebResponse BalanslistaDownload(Ctx& ctx) {
  const bool api = ctx.req.WantsJson() && ctx.req.path.rfind("/api/", 0) == 0;
  std::string name = ctx.req.Param("format");
  if (name.empty() && api) name = "json";
  const std::optional<ReportFormat> format = ParseReportFormat(name);
  if (!format) {
    return ErrorResponse(ctx, 400,
                         fmt::format("Formatet \"{}\" finns inte: välj html, xlsx, csv, md eller "
                                     "json.",
                                     name));
  }
  Result<FollowUpQuery> q = ToQuery(ReadListForm(ctx.req), {"open", "overdue"});
  if (!q.ok()) return ErrorResponse(ctx, 400, q.status().message());
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  Result<Balanslista> list = LoadBalanslista(**store, *q);
  if (!list.ok()) return StoreError(ctx, list.status());
  Result<std::string> bytes = RenderBalanslista(*list, *format);
  if (!bytes.ok()) return ErrorResponse(ctx, 500, bytes.status().message());
  WebResponse response;
  response.content_type = ContentType(*format);
  response.body = std::move(bytes).value();
  const std::string extension = name;
  const bool inline_json = api && *format == ReportFormat::kJson;
  if (!inline_json) {
    response.SetHeader("Content-Disposition",
                       fmt::format("attachment; filename=\"balanslista-{}.{}\"",
                                   FormatIsoDate(q->as_of), extension));
  }
  return response;
}

WebResponse FollowUpPage(Ctx& ctx, const std::string& key) {
  ListForm form;
  form.per = ctx.req.Param("per");
  Date as_of = Today();
  if (!form.per.empty()) {
    const std::optional<Date> d = ParseIsoDate(form.per);
    if (!d) return ErrorResponse(ctx, 400, "per ska skrivas ÅÅÅÅ-MM-DD.");
    as_of = *d;
  }
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  FollowUpQuery q;
  q.as_of = as_of;
  q.key = key;
  auto found = (*store)->FollowUps(q);
  if (!found.ok()) return StoreError(ctx, found.status());
  if (found->empty()) {
    return ErrorResponse(
        ctx, 404, fmt::format("Ingen uppföljning har id {} per {}.", key, FormatIsoDate(as_of)));
  }
  const StoredFollowUp& f = found->front();
  auto places = (*store)->FollowUpPlaces();
  if (!places.ok()) return StoreError(ctx, places.status());
  const std::string where = ParagraphRef(f.body_abbreviation.empty() ? f.body : f.body_abbreviation,
                                         f.origin_date, f.paragraph);
  std::string origin = Esc(where);
  if (auto place = places->find(key); place != places->end()) {
    origin = place->second.paragraph_id ? fmt::format("<a href=\"/paragraf/{}\">{}</a>",
                                                      place->second.paragraph_id, Esc(where))
                                        : fmt::format("<a href=\"/sammantrade/{}\">{}</a>",
                                                      place->second.document_id, Esc(where));
  }
  std::string html =
      fmt::format("<p class=\"crumbs\"><a href=\"{}\">Balanslista</a> ›</p><h1>{}: {}</h1>",
                  Esc(UrlWith("/balanslista", {{"per", form.per}})),
                  Esc(KindLabel(f.followup.kind)), Esc(f.followup.task));
  if (ctx.req.Param("sparat") == "1") {
    html += "<p class=\"notice\" role=\"status\">Åtgärden är sparad.</p>";
  }
  std::string cases;
  for (const std::string& c : f.case_numbers) cases += (cases.empty() ? "" : ", ") + c;
  html += "<dl class=\"facts\">";
  html += "<dt>Id</dt><dd><code>" + Esc(f.key) + "</code></dd>";
  html += fmt::format(
      "<dt>Status per {}</dt><dd><span class=\"tag\" id=\"followup-status\">{}</span></dd>",
      Esc(FormatIsoDate(as_of)), Esc(StatusLabel(f.status)));
  html += "<dt>Beslut</dt><dd>" + origin + (f.title.empty() ? "" : " " + Esc(f.title)) + "</dd>";
  if (!cases.empty()) html += "<dt>Diarienummer</dt><dd>" + Esc(cases) + "</dd>";
  html += "<dt>Organ</dt><dd>" + Esc(f.body) + "</dd>";
  html += "<dt>Ansvarig</dt><dd>" + Esc(f.followup.assignee.value_or("–")) + "</dd>";
  html += "<dt>Senast</dt><dd>" +
          Esc(f.followup.due ? FormatIsoDate(*f.followup.due) : "ingen tidpunkt") +
          (f.followup.due_text.empty() ||
                   (f.followup.due &&
                    f.followup.due_text.find(FormatIsoDate(*f.followup.due)) != std::string::npos)
               ? ""
               : " <span class=\"muted\">(" + Esc(f.followup.due_text) + ")</span>") +
          "</dd>";
  if (f.note) html += "<dt>Anteckning</dt><dd>" + Esc(*f.note) + "</dd>";
  html += "</dl>";
  html += "<h2>Underlag</h2><blockquote>" + TextBlocks(f.followup.text) + "</blockquote>";
  html += "<h2 id=\"historik\">Historik</h2>";
  if (f.links.empty() && f.actions.empty()) {
    html += "<p class=\"muted\">Inget har hänt ännu.</p>";
  } else {
    html += "<ul aria-labelledby=\"historik\">";
    for (const FollowUpLink& link : f.links) {
      const std::string text = ParagraphRef(link.body, link.date, link.paragraph) +
                               (link.title.empty() ? "" : " " + link.title);
      std::string href;
      if (link.date && link.paragraph) {
        href = UrlWith("/hitta", {{"organ", link.body},
                                  {"datum", FormatIsoDate(*link.date)},
                                  {"nr", std::to_string(*link.paragraph)}});
      }
      html += "<li>" + (href.empty() ? Esc(text)
                                     : fmt::format("<a href=\"{}\">{}</a>", Esc(href), Esc(text)));
      html += link.confidence >= kFactConfidence
                  ? " (" + Esc(LinkLabel(link.kind)) + ")"
                  : " <span class=\"muted\">(förslag: " + Esc(LinkLabel(link.kind)) + ", " +
                        Esc(link.evidence) + ")</span>";
      html += "</li>";
    }
    for (const std::string& a : f.actions) html += "<li>" + Esc(a) + "</li>";
    html += "</ul>";
  }
  if (ctx.LoggedIn() && ctx.session) {
    html += ActionForms(ctx, key, f);
  } else if (ctx.state.options.token) {
    html += fmt::format(
        "<p class=\"notice no-print\"><a href=\"{}\">Logga in</a> för att avsluta, återöppna "
        "eller ändra datum.</p>",
        Esc(UrlWith("/logga-in", {{"nasta", "/uppfoljning/" + PercentEncode(key)}})));
  } else {
    html +=
        "<p class=\"muted no-print\">Åtgärder är avstängda: servern har ingen token "
        "konfigurerad (PARAGRAF_WEB_TOKEN eller --token-file).</p>";
  }
  WebResponse response;
  response.body = RenderPage(ctx.Frame(f.key, "balanslista"), html);
  return response;
}

WebResponse FollowUpActionPost(Ctx& ctx, const std::string& key) {
  if (std::optional<WebResponse> refusal = RefuseWrite(ctx)) return *refusal;
  const WebRequest& req = ctx.req;
  FollowUpAction action;
  action.key = key;
  action.action = Field(req, "atgard", "action");
  if (action.action == "set-due") action.action = "set_due";
  static const std::set<std::string> kActions = {"close", "reopen", "set_due", "assign"};
  if (kActions.count(action.action) == 0) {
    return ErrorResponse(ctx, 400, "Åtgärden ska vara close, reopen, set_due eller assign.");
  }
  const std::string note = Field(req, "notering", "note");
  const std::string ref = Field(req, "hanvisning", "ref");
  const std::string on = Field(req, "galler_fran", "on");
  if (note.size() > kMaxNoteBytes || ref.size() > kMaxNoteBytes) {
    return ErrorResponse(ctx, 400,
                         fmt::format("Anteckningen är för lång (högst {} byte).", kMaxNoteBytes));
  }
  if (!note.empty()) action.note = note;
  if (!ref.empty()) action.ref = ref;
  action.acted_on = Today();
  if (!on.empty()) {
    const std::optional<Date> d = ParseIsoDate(on);
    if (!d) return ErrorResponse(ctx, 400, "Gäller från ska skrivas ÅÅÅÅ-MM-DD.");
    action.acted_on = *d;
  }
  if (action.action == "close" && note.empty()) {
    return ErrorResponse(ctx, 400, "Skriv en anteckning om varför uppföljningen avslutas.");
  }
  if (action.action == "set_due") {
    const std::string due = Field(req, "datum", "date");
    if (!ParseIsoDate(due))
      return ErrorResponse(ctx, 400, "Det nya datumet ska skrivas ÅÅÅÅ-MM-DD.");
    action.value = due;
  }
  if (action.action == "assign") {
    const std::string assignee = Field(req, "ansvarig", "assignee");
    if (assignee.empty() || assignee.size() > kMaxNoteBytes) {
      return ErrorResponse(ctx, 400, "Skriv vem som blir ansvarig.");
    }
    action.value = assignee;
  }
  Status status;
  {
    std::lock_guard<std::mutex> lock(ctx.state.write_mu);
    status = ctx.state.writer->AddFollowUpAction(action);
  }
  if (!status.ok()) {
    if (status.code() == Status::Code::kNotFound) {
      return ErrorResponse(ctx, 404, fmt::format("Ingen uppföljning har id {}.", key));
    }
    if (status.code() == Status::Code::kInvalidArgument) {
      return ErrorResponse(ctx, 400, status.message());
    }
    return StoreError(ctx, status);
  }
  if (req.WantsJson()) {
    return WebResponse::Json(200, Dump(OJson{{"ok", true},
                                             {"id", key},
                                             {"action", action.action},
                                             {"label", FollowUpActionLabel(action.action)},
                                             {"acted_on", FormatIsoDate(action.acted_on)},
                                             {"url", "/uppfoljning/" + PercentEncode(key)}}));
  }
  return WebResponse::Redirect(
      UrlWith("/uppfoljning/" + PercentEncode(key), {{"per", req.Param("per")}, {"sparat", "1"}}));
}

WebResponse FollowUpsApi(Ctx& ctx) {
  Result<FollowUpQuery> q = ToQuery(ReadListForm(ctx.req), {});
  if (!q.ok()) return ErrorResponse(ctx, 400, q.status().message());
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto found = (*store)->FollowUps(*q);
  if (!found.ok()) return StoreError(ctx, found.status());
  auto places = (*store)->FollowUpPlaces();
  if (!places.ok()) return StoreError(ctx, places.status());
  OJson items = OJson::array();
  for (const StoredFollowUp& f : *found) items.push_back(FollowUpApiJson(f, *places));
  return WebResponse::Json(
      200, Dump(OJson{
               {"as_of", FormatIsoDate(q->as_of)}, {"count", items.size()}, {"followups", items}}));
}

WebResponse FollowUpApi(Ctx& ctx, const std::string& key) {
  ListForm form = ReadListForm(ctx.req);
  Result<FollowUpQuery> q = ToQuery(form, {});
  if (!q.ok()) return ErrorResponse(ctx, 400, q.status().message());
  q->key = key;
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto found = (*store)->FollowUps(*q);
  if (!found.ok()) return StoreError(ctx, found.status());
  if (found->empty()) {
    return ErrorResponse(ctx, 404,
                         fmt::format("no follow-up has id {} on {}", key, FormatIsoDate(q->as_of)));
  }
  auto places = (*store)->FollowUpPlaces();
  if (!places.ok()) return StoreError(ctx, places.status());
  return WebResponse::Json(200, Dump(FollowUpApiJson(found->front(), *places)));
}

}  // namespace paragraf::web
