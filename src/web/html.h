// Writing HTML: escaping, links and the page frame every page shares.
//
// Every text that comes from a document or a request reaches the page
// through Esc() (element text and attribute values alike: the five
// characters & < > " ' are replaced), so a title holding "<script>" is shown
// as text. Pages are UTF-8, lang="sv", with inline CSS and one small script
// (/static/paragraf.js) that only adds to what works without it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"

namespace paragraf::web {

// & < > " ' as character references.
std::string Esc(std::string_view text);

// A snippet with its matches marked "[" … "]" (Store::Search) as HTML with
// <mark> around the matches; everything else escaped.
std::string HighlightSnippet(std::string_view snippet);

// Text with blank-line paragraphs as <p> elements and single line breaks as
// <br>, escaped.
std::string TextBlocks(std::string_view text);

// "/sok?q=avtal&organ=SVOM": `path` followed by the pairs with a value,
// percent-encoded. `path` is ours, never from a request.
std::string UrlWith(std::string_view path,
                    const std::vector<std::pair<std::string, std::string>>& params);

// "2024-05-16"; "" for nullopt.
std::string IsoOrEmpty(const std::optional<Date>& date);

// Swedish labels of stored codes.
std::string DocumentKindLabel(std::string_view kind);  // "protokoll" → "Protokoll"
std::string RoleLabel(std::string_view role);          // "ordforande" → "Ordförande"
std::string VoteLabel(std::string_view vote);          // "ja", "nej", "avstar" → "Avstår"

// The page frame. `nav` names the menu entry to mark as current ("sok",
// "sammantraden", "balanslista", "importera" or ""). `user` is the login
// box's state.
struct PageFrame {
  std::string title;  // plain text, escaped here
  std::string nav;
  bool logged_in = false;
  bool writes_enabled = false;  // a token is configured
  std::string csrf;             // for the logout form when logged in
  std::string path;             // the page's own path, to come back to after logging in
  std::string head_extra;       // trusted HTML for <head> (a refresh)
};
std::string RenderPage(const PageFrame& frame, std::string_view main_html);

// The script served at /static/paragraf.js.
std::string_view PageScript();

}  // namespace paragraf::web
