#include "extract/pdf_source.h"

#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <vector>

namespace paragraf {

namespace {

// Poppler prints diagnostics to stderr by default; keep them out of the
// user's terminal.
void QuietPoppler(const std::string& /*message*/, void* /*closure*/) {}

}  // namespace

Status ExtractPdfText(const std::string& bytes, RawSource* source) {
  poppler::set_debug_error_function(QuietPoppler, nullptr);
  std::vector<char> data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (!doc) {
    return Status::Corruption(fmt::format("{}: damaged PDF, Poppler cannot open it", source->path));
  }
  if (doc->is_locked()) {
    return Status::Unsupported(fmt::format(
        "{}: the PDF is encrypted with a password; save an unprotected copy", source->path));
  }
  const int pages = doc->pages();
  if (pages <= 0) {
    return Status::InvalidInput(fmt::format("{}: the PDF has no pages", source->path));
  }
  std::string text;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (i > 0) text.push_back('\f');
    if (!page) {
      source->warnings.push_back(fmt::format("page {} cannot be read", i + 1));
      continue;
    }
    poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    text.append(utf8.begin(), utf8.end());
  }
  source->text = std::move(text);
  source->pages = pages;
  return Status::OK();
}

}  // namespace paragraf
