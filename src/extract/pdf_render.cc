#include "extract/pdf_render.h"

#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <cstring>
#include <utility>

namespace paragraf {

PdfRenderer::PdfRenderer(std::unique_ptr<poppler::document> doc, std::string path)
    : doc_(std::move(doc)), path_(std::move(path)) {}
PdfRenderer::PdfRenderer(PdfRenderer&&) noexcept = default;
PdfRenderer& PdfRenderer::operator=(PdfRenderer&&) noexcept = default;
PdfRenderer::~PdfRenderer() = default;

Result<PdfRenderer> PdfRenderer::Open(const std::string& bytes, std::string path) {
  std::vector<char> data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (!doc) return Status::Corruption(fmt::format("{}: damaged PDF, Poppler cannot open it", path));
  if (doc->is_locked()) {
    return Status::Unsupported(fmt::format("{}: the PDF is encrypted with a password", path));
  }
  return PdfRenderer(std::move(doc), std::move(path));
}

int PdfRenderer::pages() const { return doc_->pages(); }

Result<GrayImage> PdfRenderer::Render(int page, int dpi) const {
  if (page < 1 || page > doc_->pages()) {
    return Status::InvalidInput(
        fmt::format("{}: no page {} (the PDF has {})", path_, page, doc_->pages()));
  }
  std::unique_ptr<poppler::page> p(doc_->create_page(page - 1));
  if (!p) return Status::Corruption(fmt::format("{}: page {} cannot be read", path_, page));
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  const poppler::image image = renderer.render_page(p.get(), dpi, dpi);
  if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) {
    return Status::Corruption(fmt::format("{}: page {} cannot be drawn", path_, page));
  }
  GrayImage out;
  out.width = image.width();
  out.height = image.height();
  out.bytes_per_line = image.bytes_per_row();
  out.dpi = dpi;
  const size_t size = static_cast<size_t>(out.bytes_per_line) * static_cast<size_t>(out.height);
  out.pixels.resize(size);
  std::memcpy(out.pixels.data(), image.const_data(), size);
  return out;
}

}  // namespace paragraf
