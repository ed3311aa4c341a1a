#include "web/http.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace paragraf::web {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    size_t extra = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Status::InvalidArgument("felaktig procentkodning i adressen (%XX väntades)");
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!IsValidUtf8(out)) {
    return Status::InvalidArgument("adressen eller formuläret är inte giltig UTF-8");
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

Status ParseQueryString(std::string_view query,
                        std::vector<std::pair<std::string, std::string>>* out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    Result<std::string> name = PercentDecode(pair.substr(0, eq), true);
    if (!name.ok()) return name.status();
    Result<std::string> value = PercentDecode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!value.ok()) return value.status();
    out->emplace_back(std::move(name).value(), std::move(value).value());
  }
  return Status::OK();
}

Result<WebRequest> WebRequest::Parse(std::string method, std::string_view target) {
  WebRequest request;
  request.method = std::move(method);
  const size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  if (raw_path.empty() || raw_path.front() != '/') {
    return Status::InvalidArgument("adressen måste börja med /");
  }
  Result<std::string> path = PercentDecode(raw_path, false);
  if (!path.ok()) return path.status();
  request.path = std::move(path).value();
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    query = query.substr(0, query.find('#'));
    if (Status status = ParseQueryString(query, &request.params); !status.ok()) return status;
  }
  return request;
}

std::string WebRequest::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return "";
}

std::vector<std::string> WebRequest::Params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : params) {
    if (key == name) out.push_back(value);
  }
  return out;
}

bool WebRequest::Has(std::string_view name) const {
  return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
}

std::string WebRequest::Header(std::string_view lower_case_name) const {
  auto it = headers.find(std::string(lower_case_name));
  return it == headers.end() ? "" : it->second;
}

std::string WebRequest::Cookie(std::string_view name) const {
  const std::string header = Header("cookie");
  std::string_view cookies = header;
  while (!cookies.empty()) {
    const size_t semi = cookies.find(';');
    const std::string_view pair = Trim(cookies.substr(0, semi));
    cookies = semi == std::string_view::npos ? std::string_view() : cookies.substr(semi + 1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) {
      return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return "";
}

bool WebRequest::WantsJson() const {
  if (path == "/api" || path.rfind("/api/", 0) == 0) return true;
  return Header("accept").find("application/json") != std::string::npos;
}

std::string WebResponse::Header(std::string_view name) const {
  const std::string wanted = Lower(name);
  for (const auto& [key, value] : headers) {
    if (Lower(key) == wanted) return value;
  }
  return "";
}

WebResponse WebResponse::Redirect(const std::string& location) {
  WebResponse response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "Se " + location + "\n";
  response.SetHeader("Location", location);
  return response;
}

WebResponse WebResponse::Json(int status, const std::string& body) {
  WebResponse response;
  response.status = status;
  response.content_type = "application/json; charset=utf-8";
  response.body = body;
  return response;
}

}  // namespace paragraf::web
