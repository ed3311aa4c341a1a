// Reading source files: the first stage of the pipeline.
//
// ReadSource() loads one file, identifies it by the SHA-256 of its bytes and
// decides its format from content first and extension second. Text and
// Markdown come back as raw bytes (any encoding: normalize/ converts them);
// PDFs come back as the text of each page, extracted through Poppler. Only
// this stage includes Poppler.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paragraf {

enum class SourceFormat { kText, kMarkdown, kPdf };
std::string_view ToString(SourceFormat format);  // "text", "markdown", "pdf"

struct RawSource {
  std::string path;  // as given
  SourceFormat format = SourceFormat::kText;
  std::string sha256;  // lowercase hex of the file's bytes
  // kText, kMarkdown: the file's bytes, encoding not yet known.
  // kPdf: UTF-8 text of all pages, pages separated by '\f'.
  std::string text;
  int pages = 0;  // kPdf: page count; otherwise 0
  // Markdown front matter ("namnd", "datum" …), values unquoted.
  std::map<std::string, std::string> metadata;
  std::vector<std::string> warnings;  // damaged-but-readable notes
};

// Reads and identifies one file. Errors (each message names the file):
//   NotFound      the path does not exist
//   IOError       it cannot be read (permissions, a folder)
//   InvalidInput  empty, binary data, or a PDF that is no PDF
//   Unsupported   an encrypted PDF
//   Corruption    a PDF Poppler cannot open
Result<RawSource> ReadSource(const std::filesystem::path& path);

// Same, from bytes already in memory; `path` names them in messages.
Result<RawSource> ReadSourceBytes(std::string path, std::string bytes);

// True when `path` looks like something paragraf imports when walking a
// folder: .txt, .text, .md, .markdown, .pdf (any case). Other files are
// skipped silently.
bool HasImportableExtension(const std::filesystem::path& path);

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace paragraf
