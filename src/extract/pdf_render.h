// Rendering PDF pages to images, for OCR of pages without a trustworthy
// text layer. Like the rest of extract/, only this stage includes Poppler.
//
//   Result<PdfRenderer> pdf = PdfRenderer::Open(*source.pdf_bytes, source.path);
//   Result<GrayImage> image = pdf->Render(3, 300);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace poppler {
class document;
}

namespace paragraf {

// 8-bit grey, one byte per pixel, rows top to bottom.
struct GrayImage {
  int width = 0, height = 0;
  int bytes_per_line = 0;
  int dpi = 0;
  std::vector<uint8_t> pixels;
};

// Thread-compatible: one renderer per thread.
class PdfRenderer {
 public:
  // Errors: Corruption when Poppler cannot open the bytes, Unsupported for
  // an encrypted PDF. `path` names the file in messages.
  static Result<PdfRenderer> Open(const std::string& bytes, std::string path);
  PdfRenderer(PdfRenderer&&) noexcept;
  PdfRenderer& operator=(PdfRenderer&&) noexcept;
  ~PdfRenderer();

  int pages() const;

  // Page `page` (1-based) at `dpi`, anti-aliased. Errors: InvalidInput for
  // a page out of range, Corruption when Poppler draws nothing.
  Result<GrayImage> Render(int page, int dpi) const;

 private:
  PdfRenderer(std::unique_ptr<poppler::document> doc, std::string path);
  std::unique_ptr<poppler::document> doc_;
  std::string path_;
};

}  // namespace paragraf
