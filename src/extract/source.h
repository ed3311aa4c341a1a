// Reading source files: the first stage of the pipeline.
//
// ReadSource() loads one file, identifies it by the SHA-256 of its bytes and
// decides its format from content first and extension second. Text and
// Markdown come back as raw bytes (any encoding: normalize/ converts them);
// PDFs come back as the words of each page with their boxes and fonts,
// extracted through Poppler. Only
// this stage includes Poppler.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paragraf {

enum class SourceFormat { kText, kMarkdown, kPdf };
std::string_view ToString(SourceFormat format);  // "text", "markdown", "pdf"

// One word of a PDF page as Poppler places it. Coordinates are in points
// with the origin at the page's top left; y grows downwards.
struct PdfWord {
  std::string text;  // UTF-8 from the text layer, not yet normalised
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float font_size = 0;
  bool bold = false;         // from the font name: "…-Bold", "…Semibold", "…Black"
  bool italic = false;       // "…-Italic", "…Oblique"
  bool space_after = false;  // Poppler saw a space after the word
};

struct PdfPage {
  int number = 0;  // 1-based
  float width = 0, height = 0;
  std::vector<PdfWord> words;  // in Poppler's reading order
  // Where the words come from: the PDF's text layer, or OCR of the page
  // rendered as an image, with the OCR engine's mean word confidence
  // (0–100).
  bool from_ocr = false;
  float ocr_confidence = 0;
};

struct RawSource {
  std::string path;  // as given
  SourceFormat format = SourceFormat::kText;
  std::string sha256;  // lowercase hex of the file's bytes
  // kText, kMarkdown: the file's bytes, encoding not yet known.
  // kPdf: empty; the words are in pdf_pages.
  std::string text;
  int pages = 0;                   // kPdf: page count; otherwise 0
  std::vector<PdfPage> pdf_pages;  // kPdf: every page, also those without words
  // kPdf: the file's bytes, for rendering pages (OCR). Shared: copies of a
  // source are cheap.
  std::shared_ptr<const std::string> pdf_bytes;
  // Markdown front matter ("namnd", "datum" …), values unquoted.
  std::map<std::string, std::string> metadata;
  std::vector<std::string> warnings;  // damaged-but-readable notes
};

// Reads and identifies one file. Text with a UTF-16 byte order mark is
// text, not binary data (normalize/ decodes it). Errors (each message names
// the file):
//   NotFound      the path does not exist
//   IOError       it cannot be read (permissions, a folder)
//   InvalidInput  empty, binary data, or a .pdf that is no PDF (the message
//                 says when it is a web page)
//   Unsupported   an encrypted PDF
//   Corruption    a PDF Poppler cannot open, or one cut short (no %%EOF)
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
