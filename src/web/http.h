// The web app's own view of HTTP: a request as the handlers read it and the
// response they return, and the parsing of what comes from outside (query
// strings, form bodies, cookies). The HTTP library stays in server.cc; the
// handlers and their tests see only these types.
//
//   WebRequest r = WebRequest::Get("/sok?q=avtal&organ=SVOM");
//   r.Param("q") == "avtal"
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace paragraf::web {

// One file of a multipart upload. `filename` is what the browser said; it
// is only ever shown, never used as a path.
struct UploadedFile {
  std::string field;
  std::string filename;
  std::string content_type;
  std::string content;
};

struct WebRequest {
  std::string method;  // "GET", "POST", "HEAD" …
  std::string path;    // percent-decoded, without the query: "/sammantrade/12"
  // Query parameters and the fields of a form body (URL-encoded, or the
  // non-file parts of a multipart body), in order, decoded.
  std::vector<std::pair<std::string, std::string>> params;
  std::map<std::string, std::string> headers;  // names lower-case
  std::vector<UploadedFile> files;
  std::string remote_addr;

  // A GET of `target` ("/sok?q=avtal"); InvalidArgument for a malformed one.
  // For tests and for the server, which passes the raw request target.
  static Result<WebRequest> Parse(std::string method, std::string_view target);

  // The first value of `name`, or "" when absent.
  std::string Param(std::string_view name) const;
  std::vector<std::string> Params(std::string_view name) const;
  bool Has(std::string_view name) const;
  std::string Header(std::string_view lower_case_name) const;  // "" when absent
  std::string Cookie(std::string_view name) const;             // "" when absent
  // True when the client asks for JSON (an /api/ path, or Accept: application/json).
  bool WantsJson() const;
};

struct WebResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  std::string Header(std::string_view name) const;  // the first, case-insensitive; "" when absent

  static WebResponse Redirect(const std::string& location);  // 303 See Other
  static WebResponse Json(int status, const std::string& body);
};

// Decodes %XX escapes (and '+' as space when `plus_is_space`).
// InvalidArgument for a bad escape, a NUL byte or text that is not UTF-8.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Encodes everything but unreserved ASCII (A–Z a–z 0–9 - . _ ~) as %XX.
std::string PercentEncode(std::string_view text);

// Parses "a=1&b=2" into `out`, decoded. InvalidArgument as PercentDecode.
Status ParseQueryString(std::string_view query,
                        std::vector<std::pair<std::string, std::string>>* out);

// True when `text` is well-formed UTF-8 without NUL bytes.
bool IsValidUtf8(std::string_view text);

}  // namespace paragraf::web
