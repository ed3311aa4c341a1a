// OCR of PDF pages without a trustworthy text layer: scans, and fonts
// without a correct Unicode map. Pages are drawn by Poppler (extract/) and
// read by Tesseract with its Swedish model (Debian's tesseract-ocr-swe).
// Part of extract/, the one stage that includes Poppler and Tesseract.
//
// OCR costs about a second per page, so results are kept in a cache folder
// keyed by the file's SHA-256, the page, the resolution, the language and
// the Tesseract version: importing or parsing a file again reads them back.
//
//   Result<std::unique_ptr<OcrEngine>> ocr = OcrEngine::Open({});
//   Result<PdfRenderer> pdf = PdfRenderer::Open(*source.pdf_bytes, source.path);
//   Result<PdfPage> page = (*ocr)->ReadPage(*pdf, source.sha256, 3);
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"
#include "extract/pdf_render.h"
#include "extract/source.h"

namespace tesseract {
class TessBaseAPI;
}

namespace paragraf {

struct OcrConfig {
  std::string language = "swe";  // Tesseract's language name
  // A second model asked about short numbers only: Tesseract's Swedish
  // model has no "§" and reads "§ 87" as "8 87" or "$ 87", "40 §" as "408";
  // the English one knows the sign. Empty: no second reading.
  std::string section_sign_language = "eng";
  int dpi = 300;  // resolution the page is drawn at
  // Words Tesseract is less sure of than this (0–100) are dropped: specks,
  // logos and signatures read as letters.
  int min_word_confidence = 0;
  // Where results are kept; empty: no cache. DefaultCacheDir() when not set.
  std::filesystem::path cache_dir;
};

// $PARAGRAF_OCR_CACHE, else $XDG_CACHE_HOME/paragraf/ocr, else
// $HOME/.cache/paragraf/ocr; empty when none is set. PARAGRAF_OCR_CACHE=""
// turns the cache off.
std::filesystem::path DefaultOcrCacheDir();

// Thread-safe: ReadPage() may be called from several threads (they take
// turns on the one Tesseract instance).
class OcrEngine {
 public:
  // Loads Tesseract's model for config.language. NotFound names the
  // Debian package that has it.
  static Result<std::unique_ptr<OcrEngine>> Open(OcrConfig config);
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // The words of page `page` (1-based) read from its image, in points with
  // the origin at the top left like the text layer's, with from_ocr set and
  // the mean word confidence. `sha256` identifies the file for the cache.
  Result<PdfPage> ReadPage(const PdfRenderer& pdf, std::string_view sha256, int page) const;

  // "tesseract 5.3.0 swe 300 dpi"
  std::string Describe() const;

 private:
  OcrEngine(OcrConfig config, std::unique_ptr<tesseract::TessBaseAPI> api,
            std::unique_ptr<tesseract::TessBaseAPI> section_api);
  std::filesystem::path CachePath(std::string_view sha256, int page) const;
  // Reads the words of the image set on api_ into `out`.
  void ReadWords(const GrayImage& image, PdfPage* out) const;

  OcrConfig config_;
  mutable std::mutex mu_;  // guards api_ and section_api_
  std::unique_ptr<tesseract::TessBaseAPI> api_;
  std::unique_ptr<tesseract::TessBaseAPI> section_api_;  // may be null
};

// A font without a Unicode map garbles letters, but its digits mostly
// survive, while OCR misreads a digit now and then ("17.38.2023" for
// "17.8.2023"). Each number OCR read (digits with . : - / , §) that lies on
// a number of the text layer takes the text layer's digits. Returns how many
// words changed.
int TakeNumbersFromTextLayer(const PdfPage& text_layer, PdfPage* ocr);

// The cache's text form of a page, one word per line; exposed for tests.
std::string SerializeOcrPage(const PdfPage& page);
Result<PdfPage> ParseOcrPage(std::string_view text);

}  // namespace paragraf
