#include "extract/source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "extract/pdf_source.h"

namespace paragraf {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// True when the first 64 KiB hold a NUL byte or many control characters:
// text in any single-byte or UTF-8 encoding has neither.
bool LooksBinary(std::string_view bytes) {
  const size_t n = std::min<size_t>(bytes.size(), size_t{64} * 1024);
  size_t control = 0;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return n > 0 && control * 20 > n;  // more than 5 %
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A UTF-16 byte order mark, either byte order. Such text has a NUL byte in
// every ASCII character and is judged by its 16-bit units instead.
bool HasUtf16Bom(std::string_view bytes) {
  return StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF");
}

// LooksBinary for UTF-16 after its byte order mark: NUL characters, a
// surrogate without its pair (text never has one) or many control
// characters in the first 64 KiB.
bool LooksBinaryUtf16(std::string_view bytes) {
  const bool big_endian = bytes[0] == '\xFE';
  const size_t n = std::min<size_t>(bytes.size(), size_t{64} * 1024) / 2;  // units, BOM included
  auto unit = [&](size_t k) {
    const auto first = static_cast<unsigned char>(bytes[2 * k]);
    const auto second = static_cast<unsigned char>(bytes[2 * k + 1]);
    return big_endian ? (first << 8 | second) : (second << 8 | first);
  };
  size_t control = 0;
  for (size_t k = 1; k < n; ++k) {
    const int u = unit(k);
    if (u >= 0xD800 && u <= 0xDBFF) {  // a high surrogate: its low one must follow
      if (k + 1 < n && (unit(k + 1) < 0xDC00 || unit(k + 1) > 0xDFFF)) return true;
      ++k;
      continue;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) return true;
    if (u == 0) return true;
    if (u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != '\f') ++control;
  }
  return n > 1 && control * 20 > n - 1;  // more than 5 % of the characters
}

// An HTML page (what a browser saves when a link leads to a login or an
// error page instead of the file): "<!DOCTYPE html" or "<html" at its
// start, after white space and a UTF-8 byte order mark.
bool LooksLikeHtml(std::string_view bytes) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  while (!bytes.empty() && std::isspace(static_cast<unsigned char>(bytes.front()))) {
    bytes.remove_prefix(1);
  }
  const std::string start = Lower(std::string(bytes.substr(0, 14)));
  return StartsWith(start, "<!doctype html") || StartsWith(start, "<html");
}

// Moves a leading YAML-style front matter block ("---" … "---") into
// `metadata`, blanking its lines so line numbers stay those of the file.
void TakeFrontMatter(std::string* text, std::map<std::string, std::string>* metadata) {
  if (!StartsWith(*text, "---\n") && !StartsWith(*text, "---\r\n")) return;
  size_t pos = text->find('\n') + 1;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    if (end == std::string::npos) return;  // unterminated: not front matter
    std::string_view line(text->data() + pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "---") {
      // Blank everything up to and including this line, keeping newlines.
      for (size_t i = 0; i < end; ++i) {
        if ((*text)[i] != '\n') (*text)[i] = ' ';
      }
      return;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string key(line.substr(0, colon));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      (*metadata)[key] = std::string(value);
    }
    pos = end + 1;
  }
}

bool LooksLikeMarkdown(std::string_view text) {
  // Headings or pipe-table rules at line starts.
  return text.find("\n## ") != std::string_view::npos ||
         text.find("\n|---") != std::string_view::npos || StartsWith(text, "## ");
}

}  // namespace

std::string_view ToString(SourceFormat format) {
  switch (format) {
    case SourceFormat::kText:
      return "text";
    case SourceFormat::kMarkdown:
      return "markdown";
    case SourceFormat::kPdf:
      return "pdf";
  }
  return "text";
}

bool HasImportableExtension(const std::filesystem::path& path) {
  const std::string ext = Lower(path.extension().string());
  return ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".markdown" || ext == ".pdf";
}

Result<RawSource> ReadSourceBytes(std::string path, std::string bytes) {
  RawSource source;
  source.path = std::move(path);
  const std::string ext = Lower(std::filesystem::path(source.path).extension().string());
  if (bytes.empty()) {
    return Status::InvalidInput(fmt::format("{}: empty file", source.path));
  }
  source.sha256 = Sha256Hex(bytes);

  if (StartsWith(bytes, "%PDF-")) {
    source.format = SourceFormat::kPdf;
    Status s = ExtractPdfText(bytes, &source);
    if (!s.ok()) return s;
    source.pdf_bytes = std::make_shared<const std::string>(std::move(bytes));
    return source;
  }
  if (ext == ".pdf" && LooksLikeHtml(bytes)) {
    return Status::InvalidInput(fmt::format(
        "{}: not a PDF but a web page (HTML); download the PDF itself, not the page that links to "
        "it",
        source.path));
  }
  if (ext == ".pdf") {
    return Status::InvalidInput(
        fmt::format("{}: not a PDF (the file does not start with %PDF-)", source.path));
  }
  if (HasUtf16Bom(bytes) ? LooksBinaryUtf16(bytes) : LooksBinary(bytes)) {
    return Status::InvalidInput(
        fmt::format("{}: binary data, not a text, Markdown or PDF document", source.path));
  }
  source.text = std::move(bytes);
  TakeFrontMatter(&source.text, &source.metadata);
  const bool markdown_ext = ext == ".md" || ext == ".markdown";
  source.format = markdown_ext || !source.metadata.empty() || LooksLikeMarkdown(source.text)
                      ? SourceFormat::kMarkdown
                      : SourceFormat::kText;
  return source;
}

Result<RawSource> ReadSource(const std::filesystem::path& path) {
  std::error_code ec;
  const std::string name = path.string();
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Status::NotFound(fmt::format("{}: no such file", name));
  }
  if (std::filesystem::is_directory(status)) {
    return Status::IOError(fmt::format("{}: is a folder, not a file", name));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError(fmt::format("{}: cannot be read ({})", name, std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return Status::IOError(fmt::format("{}: read failed", name));
  }
  return ReadSourceBytes(name, std::move(buffer).str());
}

}  // namespace paragraf
