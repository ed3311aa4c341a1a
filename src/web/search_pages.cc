// Sök: one search box, filters as facets with counts, hits with their
// matches marked, paging; /api/search gives the same as JSON.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "cli/references.h"
#include "web/app_internal.h"

namespace paragraf::web {

namespace {

// Hits read for the facets and the count; more are not counted.
constexpr int kFacetLimit = 1000;
constexpr int kPageSize = 10;
constexpr size_t kMaxQueryBytes = 500;

struct SearchForm {
  std::string q, organ, fran, till, in = "allt", parti, person, dnr;
  int page = 1;

  std::vector<std::pair<std::string, std::string>> Params() const {
    return {{"q", q},
            {"organ", organ},
            {"fran", fran},
            {"till", till},
            {"i", in == "allt" ? "" : in},
            {"parti", parti},
            {"person", person},
            {"dnr", dnr}};
  }
};

struct Facet {
  std::string value;
  std::string label;
  int count = 0;
};

struct SearchResult {
  SearchForm form;
  std::vector<SearchHit> hits;  // every hit up to kFacetLimit, best first
  std::vector<StoredParagraph> direct;
  std::vector<StoredParagraph> citing;  // paragraphs whose references cite `direct`
  std::vector<Facet> bodies, years, parties;
  std::map<std::string, int> in_counts;  // "allt", "beslut", "yrkanden", "rubrik"
};

std::string Trimmed(const std::string& text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

Result<SearchForm> ReadForm(const WebRequest& req) {
  SearchForm form;
  form.q = Trimmed(req.Param("q"));
  form.organ = Trimmed(req.Param("organ"));
  form.fran = Trimmed(req.Param("fran"));
  form.till = Trimmed(req.Param("till"));
  form.parti = Trimmed(req.Param("parti"));
  form.person = Trimmed(req.Param("person"));
  form.dnr = Trimmed(req.Param("dnr"));
  if (req.Has("i") && !req.Param("i").empty()) form.in = req.Param("i");
  if (form.q.size() > kMaxQueryBytes) {
    return Status::InvalidArgument(
        fmt::format("Sökfrågan är för lång (högst {} tecken).", kMaxQueryBytes));
  }
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"Från", &form.fran},
        std::pair<const char*, const std::string*>{"Till", &form.till}}) {
    if (!value->empty() && !ParseIsoDate(*value)) {
      return Status::InvalidArgument(
          fmt::format("{}-datumet \"{}\" ska skrivas ÅÅÅÅ-MM-DD.", name, *value));
    }
  }
  static const std::set<std::string> kIn = {"allt", "beslut", "yrkanden", "rubrik"};
  if (kIn.count(form.in) == 0) {
    return Status::InvalidArgument(
        fmt::format("Sök i \"{}\" finns inte: välj beslut, yrkanden, rubrik eller allt.", form.in));
  }
  if (const std::string page = req.Param("sida"); !page.empty()) {
    int value = 0;
    const auto [end, ec] = std::from_chars(page.data(), page.data() + page.size(), value);
    if (ec != std::errc() || end != page.data() + page.size() || value < 1 || value > 1000) {
      return Status::InvalidArgument("Sidnumret ska vara ett heltal från 1 till 1000.");
    }
    form.page = value;
  }
  return form;
}

SearchQuery ToQuery(const SearchForm& form) {
  SearchQuery q;
  q.text = form.q;
  if (!form.organ.empty()) q.body = form.organ;
  q.from = ParseIsoDate(form.fran);
  q.to = ParseIsoDate(form.till);
  q.in = form.in;
  if (!form.parti.empty()) q.party = form.parti;
  if (!form.person.empty()) q.person = form.person;
  if (!form.dnr.empty()) q.case_number = form.dnr;
  q.limit = kFacetLimit;
  return q;
}

std::vector<Facet> Sorted(std::map<std::string, Facet>&& facets, bool by_value_desc) {
  std::vector<Facet> out;
  out.reserve(facets.size());
  for (auto& [key, facet] : facets) out.push_back(std::move(facet));
  std::stable_sort(out.begin(), out.end(), [&](const Facet& a, const Facet& b) {
    if (by_value_desc) return a.value > b.value;
    return a.count > b.count;
  });
  return out;
}

// Runs the search and the facets' searches: each facet counts the hits
// with every filter but its own, so that another value can be chosen.
// InvalidArgument: the query as the user wrote it cannot be searched.
Result<SearchResult> RunSearch(Store& store, const SearchForm& form) {
  SearchResult result;
  result.form = form;
  if (form.q.empty()) return result;
  const SearchQuery query = ToQuery(form);
  Result<std::vector<SearchHit>> hits = store.Search(query);
  if (!hits.ok()) return hits.status();
  result.hits = std::move(hits).value();

  // A diarienummer or "SVOM 2021-10-08 § 9" names its paragraphs directly.
  if (const std::optional<ParagraphQuery> ref = cli::AsReference(form.q)) {
    Result<std::vector<StoredParagraph>> found = store.FindParagraphs(*ref);
    const bool named = found.ok();
    if (named) result.direct = std::move(found).value();
    // And the paragraphs whose references cite it.
    if (named && ref->date && ref->number) {
      ParagraphQuery citing = *ref;
      citing.citing = true;
      Result<std::vector<StoredParagraph>> more = store.FindParagraphs(citing);
      if (more.ok()) result.citing = std::move(more).value();
    }
  }

  auto without = [&](auto&& clear) -> Result<std::vector<SearchHit>> {
    SearchQuery q = query;
    if (!clear(q)) return result.hits;
    return store.Search(q);
  };
  Result<std::vector<SearchHit>> by_body = without([](SearchQuery& q) {
    if (!q.body) return false;
    q.body.reset();
    return true;
  });
  if (!by_body.ok()) return by_body.status();
  std::map<std::string, Facet> bodies;
  for (const SearchHit& h : *by_body) {
    Facet& f = bodies[h.body];
    f.value = h.body;
    f.label = h.body_abbreviation.empty() ? h.body : h.body_abbreviation;
    ++f.count;
  }
  result.bodies = Sorted(std::move(bodies), false);

  Result<std::vector<SearchHit>> by_year = without([](SearchQuery& q) {
    if (!q.from && !q.to) return false;
    q.from.reset();
    q.to.reset();
    return true;
  });
  if (!by_year.ok()) return by_year.status();
  std::map<std::string, Facet> years;
  for (const SearchHit& h : *by_year) {
    const std::string year = h.date ? FormatIsoDate(*h.date).substr(0, 4) : "odaterat";
    Facet& f = years[year];
    f.value = f.label = year;
    ++f.count;
  }
  result.years = Sorted(std::move(years), true);

  Result<std::vector<SearchHit>> by_party = without([](SearchQuery& q) {
    if (!q.party) return false;
    q.party.reset();
    return true;
  });
  if (!by_party.ok()) return by_party.status();
  std::vector<int64_t> ids;
  for (const SearchHit& h : *by_party) ids.push_back(h.paragraph_id);
  Result<std::vector<std::pair<int64_t, std::string>>> parties = store.ParagraphParties(ids);
  if (!parties.ok()) return parties.status();
  std::map<std::string, Facet> party_facets;
  for (const auto& [id, party] : *parties) {
    Facet& f = party_facets[party];
    f.value = f.label = party;
    ++f.count;
  }
  result.parties = Sorted(std::move(party_facets), false);

  for (const char* in : {"allt", "beslut", "yrkanden", "rubrik"}) {
    if (form.in == in) {
      result.in_counts[in] = static_cast<int>(result.hits.size());
      continue;
    }
    SearchQuery q = query;
    q.in = in;
    Result<std::vector<SearchHit>> found = store.Search(q);
    if (!found.ok()) return found.status();
    result.in_counts[in] = static_cast<int>(found->size());
  }
  return result;
}

std::string CountText(size_t count) {
  return count >= static_cast<size_t>(kFacetLimit) ? fmt::format("{}+", kFacetLimit)
                                                   : std::to_string(count);
}

std::string HitWhere(const SearchHit& h) {
  return ParagraphRef(h.body_abbreviation.empty() ? h.body : h.body_abbreviation, h.date,
                      h.paragraph);
}

// One facet list: each value a link that sets (or, when chosen, clears) it.
std::string FacetList(const SearchForm& form, const std::string& heading, const std::string& name,
                      const std::vector<Facet>& facets, const std::string& chosen,
                      const std::function<SearchForm(const SearchForm&, const Facet*)>& with) {
  if (facets.empty()) return "";
  std::string html = fmt::format("<h2 id=\"facet-{0}\">{1}</h2><ul aria-labelledby=\"facet-{0}\">",
                                 name, Esc(heading));
  for (const Facet& f : facets) {
    const bool selected = !chosen.empty() && chosen == f.value;
    SearchForm next = with(form, selected ? nullptr : &f);
    next.page = 1;
    html +=
        fmt::format("<li><a href=\"{}\"{}>{}{}</a> <span class=\"count\">{}</span></li>",
                    Esc(UrlWith("/sok", next.Params())), selected ? " aria-current=\"true\"" : "",
                    selected ? "✓ " : "", Esc(f.label), f.count);
  }
  return html + "</ul>";
}

std::string RenderForm(const SearchForm& form, const std::vector<StoredDocument>& documents) {
  std::set<std::string> bodies;
  for (const StoredDocument& d : documents) {
    if (d.body) bodies.insert(d.body->name);
  }
  std::string body_options = "<option value=\"\">Alla organ</option>";
  for (const std::string& b : bodies) {
    body_options += fmt::format("<option value=\"{0}\"{1}>{0}</option>", Esc(b),
                                b == form.organ ? " selected" : "");
  }
  std::string in_options;
  for (const auto& [value, label] :
       std::vector<std::pair<std::string, std::string>>{{"allt", "Allt"},
                                                        {"beslut", "Beslut"},
                                                        {"yrkanden", "Yrkanden"},
                                                        {"rubrik", "Rubrik"}}) {
    in_options += fmt::format("<option value=\"{}\"{}>{}</option>", value,
                              value == form.in ? " selected" : "", label);
  }
  return fmt::format(
      "<form class=\"filters\" role=\"search\" method=\"get\" action=\"/sok\">"
      "<label for=\"q\">Sökord<input id=\"q\" type=\"search\" name=\"q\" value=\"{}\" "
      "placeholder=\"ord, &quot;fras&quot;, prefix*, OR, NOT eller ett diarienummer\"></label>"
      "<label for=\"organ\">Organ<select id=\"organ\" name=\"organ\">{}</select></label>"
      "<label for=\"fran\">Från<input id=\"fran\" type=\"date\" name=\"fran\" value=\"{}\"></label>"
      "<label for=\"till\">Till<input id=\"till\" type=\"date\" name=\"till\" value=\"{}\"></label>"
      "<label for=\"i\">Sök i<select id=\"i\" name=\"i\">{}</select></label>"
      "<label for=\"parti\">Parti<input id=\"parti\" name=\"parti\" size=\"4\" "
      "value=\"{}\"></label>"
      "<label for=\"person\">Person<input id=\"person\" name=\"person\" value=\"{}\"></label>"
      "<label for=\"dnr\">Diarienummer<input id=\"dnr\" name=\"dnr\" value=\"{}\"></label>"
      "<button type=\"submit\">Sök</button></form>",
      Esc(form.q), body_options, Esc(form.fran), Esc(form.till), in_options, Esc(form.parti),
      Esc(form.person), Esc(form.dnr));
}

std::string RenderFacets(const SearchResult& r) {
  const SearchForm& form = r.form;
  std::string html = "<aside class=\"facets\" aria-label=\"Filter\">";
  html += FacetList(form, "Organ", "organ", r.bodies, form.organ,
                    [](const SearchForm& f, const Facet* v) {
                      SearchForm n = f;
                      n.organ = v ? v->value : "";
                      return n;
                    });
  std::string chosen_year;
  if (form.fran.size() == 10 && form.till.size() == 10 &&
      form.fran.substr(0, 4) == form.till.substr(0, 4) && form.fran.substr(4) == "-01-01" &&
      form.till.substr(4) == "-12-31") {
    chosen_year = form.fran.substr(0, 4);
  }
  std::vector<Facet> years;
  for (const Facet& f : r.years) {
    if (f.value != "odaterat") years.push_back(f);
  }
  html += FacetList(form, "Period", "period", years, chosen_year,
                    [](const SearchForm& f, const Facet* v) {
                      SearchForm n = f;
                      n.fran = v ? v->value + "-01-01" : "";
                      n.till = v ? v->value + "-12-31" : "";
                      return n;
                    });
  std::vector<Facet> in;
  for (const auto& [value, label] :
       std::vector<std::pair<std::string, std::string>>{{"allt", "Allt"},
                                                        {"beslut", "Beslut"},
                                                        {"yrkanden", "Yrkanden"},
                                                        {"rubrik", "Rubrik"}}) {
    auto it = r.in_counts.find(value);
    if (it != r.in_counts.end()) in.push_back(Facet{value, label, it->second});
  }
  html += FacetList(form, "Sök i", "i", in, form.in, [](const SearchForm& f, const Facet* v) {
    SearchForm n = f;
    n.in = v ? v->value : "allt";
    return n;
  });
  html += FacetList(form, "Parti", "parti", r.parties, form.parti,
                    [](const SearchForm& f, const Facet* v) {
                      SearchForm n = f;
                      n.parti = v ? v->value : "";
                      return n;
                    });
  return html + "</aside>";
}

std::string RenderHits(const SearchResult& r) {
  const SearchForm& form = r.form;
  std::string html;
  if (!r.direct.empty()) {
    html +=
        "<section class=\"direct\" aria-labelledby=\"direct-h\"><h2 id=\"direct-h\">Direkt "
        "träff</h2>";
    std::set<std::string> seen;
    auto list = [&](const std::vector<StoredParagraph>& paragraphs) {
      std::string items;
      for (const StoredParagraph& sp : paragraphs) {
        const std::string body =
            sp.body ? sp.body->abbreviation.value_or(sp.body->name) : std::string();
        const std::string where = ParagraphRef(body, sp.date, sp.paragraph.number);
        if (!seen.insert(where + sp.paragraph.title).second) continue;
        items += fmt::format("<li><a href=\"/paragraf/{}\">{} – {}</a></li>", sp.id, Esc(where),
                             Esc(sp.paragraph.title));
      }
      return items;
    };
    html += "<ul>" + list(r.direct) + "</ul>";
    if (const std::string citing = list(r.citing); !citing.empty()) {
      html += "<p>Paragrafer som hänvisar hit:</p><ul>" + citing + "</ul>";
    }
    html += "</section>";
  }
  const size_t total = r.hits.size();
  const size_t first = static_cast<size_t>(form.page - 1) * kPageSize;
  html += fmt::format(
      "<p class=\"meta\" id=\"hit-count\" role=\"status\">{} träffar för "
      "<strong>{}</strong>{}</p>",
      CountText(total), Esc(form.q),
      total > 0 && first < total
          ? fmt::format(", visar {}–{}", first + 1, std::min(total, first + kPageSize))
          : "");
  if (total == 0) {
    html +=
        "<p>Inga paragrafer hittades. Pröva ett annat ord, färre filter eller "
        "<code>ord*</code> för alla ord som börjar så.</p>";
    return html;
  }
  html += fmt::format("<ol class=\"hits\" start=\"{}\">", first + 1);
  for (size_t i = first; i < total && i < first + kPageSize; ++i) {
    const SearchHit& h = r.hits[i];
    html += fmt::format("<li class=\"hit\"><h3><a href=\"/paragraf/{}\">{} – {}</a></h3>",
                        h.paragraph_id, Esc(HitWhere(h)), Esc(h.title));
    html += "<p class=\"snippet\">" + HighlightSnippet(h.snippet) + "</p>";
    std::string meta;
    if (!h.case_numbers.empty()) {
      std::string cases;
      for (const std::string& c : h.case_numbers) cases += (cases.empty() ? "" : ", ") + c;
      meta += "Diarienummer: " + Esc(cases);
    }
    if (!h.body.empty() && h.body != h.body_abbreviation) {
      meta += std::string(meta.empty() ? "" : " · ") + Esc(h.body);
    }
    if (!meta.empty()) html += "<p class=\"meta\">" + meta + "</p>";
    if (!h.decision_first_line.empty()) {
      html += "<p><strong>Beslut:</strong> " + Esc(h.decision_first_line) + "</p>";
    }
    html += "</li>";
  }
  html += "</ol>";
  const size_t pages = (total + kPageSize - 1) / kPageSize;
  if (pages > 1) {
    html += "<nav aria-label=\"Sidor\"><ul class=\"pager\">";
    auto link = [&](size_t page, const std::string& label, const char* rel) {
      auto params = form.Params();
      params.emplace_back("sida", page == 1 ? "" : std::to_string(page));
      if (page == static_cast<size_t>(form.page)) {
        return fmt::format("<li><span aria-current=\"page\">{}</span></li>", label);
      }
      return fmt::format("<li><a href=\"{}\"{}>{}</a></li>", Esc(UrlWith("/sok", params)),
                         rel[0] ? fmt::format(" rel=\"{}\"", rel) : "", label);
    };
    if (form.page > 1) html += link(static_cast<size_t>(form.page) - 1, "Föregående", "prev");
    for (size_t p = 1; p <= pages && p <= 20; ++p) html += link(p, std::to_string(p), "");
    if (static_cast<size_t>(form.page) < pages) {
      html += link(static_cast<size_t>(form.page) + 1, "Nästa", "next");
    }
    html += "</ul></nav>";
  }
  return html;
}

nlohmann::ordered_json HitJson(const SearchHit& h) {
  return {{"paragraph_id", h.paragraph_id},
          {"url", fmt::format("/paragraf/{}", h.paragraph_id)},
          {"api", fmt::format("/api/paragraphs/{}", h.paragraph_id)},
          {"body", h.body},
          {"abbreviation", h.body_abbreviation},
          {"date", h.date ? nlohmann::ordered_json(FormatIsoDate(*h.date)) : nullptr},
          {"paragraph", h.paragraph ? nlohmann::ordered_json(*h.paragraph) : nullptr},
          {"title", h.title},
          {"case_numbers", h.case_numbers},
          {"snippet", h.snippet},
          {"decision", h.decision_first_line},
          {"score", h.score}};
}

nlohmann::ordered_json DirectJson(const StoredParagraph& sp, bool citing) {
  return {
      {"paragraph_id", sp.id},
      {"url", fmt::format("/paragraf/{}", sp.id)},
      {"body", sp.body ? nlohmann::ordered_json(sp.body->name) : nullptr},
      {"date", sp.date ? nlohmann::ordered_json(FormatIsoDate(*sp.date)) : nullptr},
      {"paragraph", sp.paragraph.number ? nlohmann::ordered_json(*sp.paragraph.number) : nullptr},
      {"title", sp.paragraph.title},
      {"cites", citing}};
}

nlohmann::ordered_json FacetsJson(const std::vector<Facet>& facets) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Facet& f : facets)
    out.push_back({{"value", f.value}, {"label", f.label}, {"count", f.count}});
  return out;
}

}  // namespace

WebResponse SearchPage(Ctx& ctx) {
  Result<SearchForm> form = ReadForm(ctx.req);
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  auto documents = (*store)->ListDocuments();
  if (!documents.ok()) return StoreError(ctx, documents.status());
  WebResponse response;
  std::string html = "<h1>Sök bland besluten</h1>";
  if (!form.ok()) {
    response.status = 400;
    html += RenderForm(SearchForm{}, *documents);
    html += "<p class=\"error\" role=\"alert\">" + Esc(form.status().message()) + "</p>";
    response.body = RenderPage(ctx.Frame("Sök", "sok"), html);
    return response;
  }
  html += RenderForm(*form, *documents);
  Result<SearchResult> result = RunSearch(**store, *form);
  if (!result.ok()) {
    if (result.status().code() != Status::Code::kInvalidArgument) {
      return StoreError(ctx, result.status());
    }
    response.status = 400;
    html += "<p class=\"error\" role=\"alert\">" + Esc(result.status().message()) + "</p>";
  } else if (form->q.empty()) {
    html +=
        "<p>Skriv ett eller flera ord. Sökningen hittar böjda former (<em>beslut</em> hittar "
        "<em>besluten</em>) och delar av sammansatta ord (<em>avtal</em> hittar "
        "<em>hemsjukvårdsavtalet</em>). <code>\"fast läkarkontakt\"</code> söker en fras, "
        "<code>vård*</code> ett prefix, <code>avtal NOT hyra</code> utesluter. Ett "
        "diarienummer eller <code>SVOM 2021-10-08 § 9</code> leder direkt till paragrafen.</p>";
  } else {
    html += "<div class=\"layout\">" + RenderFacets(*result) + "<section aria-label=\"Träffar\">" +
            RenderHits(*result) + "</section></div>";
  }
  response.body = RenderPage(ctx.Frame(form->q.empty() ? "Sök" : "Sök: " + form->q, "sok"), html);
  return response;
}

WebResponse SearchApi(Ctx& ctx) {
  Result<SearchForm> form = ReadForm(ctx.req);
  if (!form.ok()) return ErrorResponse(ctx, 400, form.status().message());
  if (form->q.empty()) return ErrorResponse(ctx, 400, "q: give something to search for");
  auto store = ctx.Reader();
  if (!store.ok()) return StoreError(ctx, store.status());
  Result<SearchResult> result = RunSearch(**store, *form);
  if (!result.ok()) {
    if (result.status().code() == Status::Code::kInvalidArgument) {
      return ErrorResponse(ctx, 400, result.status().message());
    }
    return StoreError(ctx, result.status());
  }
  nlohmann::ordered_json query = nlohmann::ordered_json::object();
  for (const auto& [name, value] : form->Params()) {
    if (!value.empty()) query[name] = value;
  }
  const size_t first = static_cast<size_t>(form->page - 1) * kPageSize;
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (size_t i = first; i < result->hits.size() && i < first + kPageSize; ++i) {
    hits.push_back(HitJson(result->hits[i]));
  }
  nlohmann::ordered_json direct = nlohmann::ordered_json::array();
  for (const StoredParagraph& sp : result->direct) direct.push_back(DirectJson(sp, false));
  for (const StoredParagraph& sp : result->citing) direct.push_back(DirectJson(sp, true));
  nlohmann::ordered_json in = nlohmann::ordered_json::object();
  for (const auto& [key, count] : result->in_counts) in[key] = count;
  nlohmann::ordered_json out = {
      {"query", query},
      {"page", form->page},
      {"per_page", kPageSize},
      {"total", result->hits.size()},
      {"total_capped", result->hits.size() >= static_cast<size_t>(kFacetLimit)},
      {"direct", direct},
      {"hits", hits},
      {"facets",
       {{"bodies", FacetsJson(result->bodies)},
        {"years", FacetsJson(result->years)},
        {"parties", FacetsJson(result->parties)},
        {"in", in}}}};
  return WebResponse::Json(200, Dump(out));
}

}  // namespace paragraf::web
