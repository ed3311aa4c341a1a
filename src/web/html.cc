#include "web/html.h"

#include <fmt/format.h>

#include "report/balanslista.h"
#include "web/http.h"

namespace paragraf::web {

namespace {

constexpr std::string_view kStyle = R"css(
:root{--ink:#1d2430;--muted:#5b6472;--line:#d5dae1;--accent:#0b5394;--bg:#f6f7f9;--warn:#9c2a00;--ok:#1e6b34}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0b400;outline-offset:1px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header{background:var(--accent);color:#fff}
header nav{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;max-width:72rem;margin:auto;padding:.6rem 1rem}
header a{color:#fff;text-decoration:none}
header .brand{font-weight:700;font-size:1.2rem;margin-right:1rem}
header ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0;flex:1}
header a[aria-current=page]{text-decoration:underline;text-underline-offset:.3em}
header form{margin:0}
header button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;padding:.2rem .6rem;cursor:pointer}
main{max-width:72rem;margin:auto;padding:1rem}
footer{max-width:72rem;margin:2rem auto;padding:0 1rem;color:var(--muted);font-size:.85rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin-bottom:.3rem}
.muted,.meta{color:var(--muted)}
.crumbs{font-size:.9rem;color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
caption{text-align:left;font-weight:600;padding:.3rem 0}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;background:var(--bg);padding:.8rem;border-radius:6px}
form.filters label,form.stack label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input,select,textarea,button{font:inherit}
input[type=search]{min-width:22rem;max-width:100%}
input,select,textarea{border:1px solid #9aa3ae;border-radius:4px;padding:.3rem .4rem;color:var(--ink)}
button,.button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.4rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
.layout{display:grid;grid-template-columns:15rem 1fr;gap:1.5rem}
@media (max-width:50rem){.layout{grid-template-columns:1fr}input[type=search]{min-width:0}}
.facets h2{font-size:1rem;margin:1rem 0 .3rem}
.facets ul{list-style:none;margin:0;padding:0}
.facets li{display:flex;justify-content:space-between;gap:.5rem}
.facets a[aria-current=true]{font-weight:700}
.count{color:var(--muted);font-variant-numeric:tabular-nums}
ol.hits{list-style:none;padding:0}
ol.hits li{margin:0 0 1.2rem}
.hit h3{margin:0}.snippet{margin:.2rem 0}
mark{background:#ffe58a;padding:0 .1em}
.direct{border-left:4px solid var(--accent);padding:.3rem .8rem;background:var(--bg)}
.pager{display:flex;gap:.5rem;flex-wrap:wrap;list-style:none;padding:0}
.pager a,.pager span{padding:.2rem .6rem;border:1px solid var(--line);border-radius:4px}
.pager [aria-current=page]{background:var(--accent);color:#fff}
.notice{padding:.6rem .8rem;border-radius:6px;background:#eef4fb;border:1px solid #b9cfe8}
.error{padding:.6rem .8rem;border-radius:6px;background:#fdecea;border:1px solid #e3a79f;color:var(--warn)}
.ok{color:var(--ok)}
.late{color:var(--warn);font-weight:600}
tr.overdue td:first-child{border-left:4px solid var(--warn)}
table.balans{font-size:.9rem}
td.id{white-space:nowrap;font-size:.8rem}
.nowrap{white-space:nowrap}
.hit p{margin:.15rem 0}
.tag{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;background:var(--bg);border:1px solid var(--line)}
.section{margin:1rem 0}
.text p{margin:.4rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.downloads{display:flex;gap:.5rem;flex-wrap:wrap;list-style:none;padding:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;padding:0;list-style:none}
.cards li,.cards>form{border:1px solid var(--line);border-radius:6px;padding:.8rem}
progress{width:100%;height:1.2rem}
form.stack{display:grid;gap:.6rem;max-width:40rem}
details{margin:.5rem 0}
@media print{header,footer,form,.pager,.facets,.no-print,.skip{display:none!important}
 .layout{display:block}a{color:inherit;text-decoration:none}body{font-size:11pt}
 main{max-width:none;padding:0}th{background:none}tr{break-inside:avoid}}
)css";

constexpr std::string_view kScript = R"js(// paragraf: small helpers; every page works without them.
(function () {
  'use strict';
  // Importera: show the upload's progress, then go to the job's page.
  var form = document.getElementById('import-form');
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var bar = document.getElementById('upload-progress');
      var status = document.getElementById('upload-status');
      var button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      bar.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) {
          bar.max = e.total;
          bar.value = e.loaded;
          status.textContent = 'Laddar upp: ' + Math.round(100 * e.loaded / e.total) + ' %';
        }
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
        } else {
          var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
          var err = doc.querySelector('.error');
          status.textContent = err ? err.textContent : ('Fel ' + xhr.status);
          status.className = 'error';
          if (button) button.disabled = false;
        }
      });
      xhr.addEventListener('error', function () {
        status.textContent = 'Uppladdningen avbröts.';
        status.className = 'error';
        if (button) button.disabled = false;
      });
      status.textContent = 'Laddar upp …';
      xhr.send(new FormData(form));
    });
  }
  // An import in progress: poll its state, reload when it is done.
  var job = document.querySelector('[data-import-job]');
  if (job && window.fetch) {
    var url = '/api/import/' + encodeURIComponent(job.getAttribute('data-import-job'));
    var tick = function () {
      fetch(url, {headers: {'Accept': 'application/json'}}).then(function (r) {
        return r.json();
      }).then(function (state) {
        var bar = document.getElementById('job-progress');
        var text = document.getElementById('job-status');
        if (bar) { bar.max = state.files; bar.value = state.done; }
        if (text && state.current) text.textContent = 'Läser ' + state.current + ' (' +
            (state.done + 1) + ' av ' + state.files + ')';
        if (state.finished) { window.location.reload(); } else { setTimeout(tick, 500); }
      }).catch(function () { setTimeout(tick, 2000); });
    };
    setTimeout(tick, 300);
  }
  // Filters that apply as soon as they change.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });
})();
)js";

void NavItem(std::string& out, std::string_view current, std::string_view key,
             std::string_view href, std::string_view label) {
  out += fmt::format("<li><a href=\"{}\"{}>{}</a></li>", href,
                     current == key ? " aria-current=\"page\"" : "", label);
}

}  // namespace

std::string Esc(std::string_view text) { return EscapeHtml(text); }

std::string HighlightSnippet(std::string_view snippet) {
  std::string out;
  bool open = false;
  size_t start = 0;
  for (size_t i = 0; i <= snippet.size(); ++i) {
    const bool end = i == snippet.size();
    const char c = end ? '\0' : snippet[i];
    if (!end && c != '[' && c != ']') continue;
    out += Esc(snippet.substr(start, i - start));
    start = i + 1;
    if (end) break;
    if (c == '[' && !open) {
      out += "<mark>";
      open = true;
    } else if (c == ']' && open) {
      out += "</mark>";
      open = false;
    } else {
      out.push_back(c);  // a bracket of the text itself
    }
  }
  if (open) out += "</mark>";
  return out;
}

std::string TextBlocks(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view block = text.substr(start, end - start);
    while (!block.empty() && block.front() == '\n') block.remove_prefix(1);
    if (!block.empty()) {
      std::string escaped = Esc(block);
      std::string with_breaks;
      for (char c : escaped) {
        if (c == '\n') {
          with_breaks += "<br>";
        } else {
          with_breaks.push_back(c);
        }
      }
      out += "<p>" + with_breaks + "</p>";
    }
    start = end + 2;
  }
  return out;
}

std::string UrlWith(std::string_view path,
                    const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(path);
  char separator = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out += separator + PercentEncode(name) + "=" + PercentEncode(value);
    separator = '&';
  }
  return out;
}

std::string IsoOrEmpty(const std::optional<Date>& date) {
  return date && date->ok() ? FormatIsoDate(*date) : "";
}

std::string DocumentKindLabel(std::string_view kind) {
  if (kind == "protokoll") return "Protokoll";
  if (kind == "protokollsutdrag") return "Protokollsutdrag";
  if (kind == "kallelse") return "Kallelse";
  if (kind == "tjansteskrivelse") return "Tjänsteskrivelse";
  if (kind == "bilaga") return "Bilaga";
  return "Okänd handling";
}

std::string RoleLabel(std::string_view role) {
  if (role == "ordforande") return "Ordförande";
  if (role == "vice_ordforande") return "Vice ordförande";
  if (role == "ledamot") return "Ledamot";
  if (role == "tjanstgorande_ersattare") return "Tjänstgörande ersättare";
  if (role == "ersattare") return "Ersättare";
  if (role == "ovrig") return "Övrig närvarande";
  if (role == "sekreterare") return "Sekreterare";
  return std::string(role);
}

std::string VoteLabel(std::string_view vote) {
  if (vote == "ja") return "Ja";
  if (vote == "nej") return "Nej";
  if (vote == "avstar") return "Avstår";
  return std::string(vote);
}

std::string RenderPage(const PageFrame& frame, std::string_view main_html) {
  std::string nav;
  NavItem(nav, frame.nav, "sok", "/sok", "Sök");
  NavItem(nav, frame.nav, "sammantraden", "/sammantraden", "Sammanträden");
  NavItem(nav, frame.nav, "balanslista", "/balanslista", "Balanslista");
  NavItem(nav, frame.nav, "importera", "/importera", "Importera");
  std::string user;
  if (frame.logged_in) {
    user = fmt::format(
        "<form method=\"post\" action=\"/logga-ut\"><input type=\"hidden\" name=\"csrf\" "
        "value=\"{}\"><button type=\"submit\">Logga ut</button></form>",
        Esc(frame.csrf));
  } else if (frame.writes_enabled) {
    user = fmt::format("<a href=\"{}\">Logga in</a>",
                       Esc(frame.path.empty() || frame.path == "/logga-in"
                               ? std::string("/logga-in")
                               : UrlWith("/logga-in", {{"nasta", frame.path}})));
  }
  return fmt::format(
      "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{} – paragraf</title><link rel=\"icon\" href=\"data:,\">"
      "<style>{}</style><script src=\"/static/paragraf.js\" defer></script>{}</head>\n"
      "<body><a class=\"skip\" href=\"#main\">Hoppa till innehållet</a>"
      "<header><nav aria-label=\"Huvudmeny\"><a class=\"brand\" href=\"/\">paragraf</a>"
      "<ul>{}</ul>{}</nav></header>\n<main id=\"main\">\n{}\n</main>\n"
      "<footer>paragraf – protokoll, beslut och uppföljningar. "
      "<a href=\"/api\">API</a></footer></body></html>\n",
      Esc(frame.title), kStyle, frame.head_extra, nav, user, main_html);
}

std::string_view PageScript() { return kScript; }

}  // namespace paragraf::web
