#include "extract/pdf_source.h"

#include <fmt/format.h>
#include <poppler/Error.h>
#include <poppler/GlobalParams.h>
#include <poppler/PDFDoc.h>
#include <poppler/Page.h>
#include <poppler/Stream.h>
#include <poppler/TextOutputDev.h>
#include <poppler/goo/GooString.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace paragraf {

namespace {

// Poppler reports what it repairs through one global callback. While a
// document is read, the messages go to the reading thread's sink so a
// damaged-but-readable file can be reported as such; otherwise they are
// dropped, never printed to the user's terminal.
thread_local std::vector<std::string>* poppler_messages = nullptr;

void CollectPopplerMessage(ErrorCategory /*category*/, Goffset /*pos*/, const char* message) {
  if (poppler_messages == nullptr || poppler_messages->size() >= 20) return;
  // "xref num 13 not found but needed, try to reconstruct<0a>"
  std::string text = message == nullptr ? "" : message;
  for (size_t at; (at = text.find("<0a>")) != std::string::npos;) text.erase(at, 4);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  poppler_messages->push_back(text);
}

// Poppler's global parameters, set up once for the process (poppler-cpp,
// which renders pages for OCR, shares them), with the callback above.
void InitPoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    static GlobalParamsIniter initer(CollectPopplerMessage);
    setErrorCallback(CollectPopplerMessage);
  });
}

class PopplerMessageScope {
 public:
  explicit PopplerMessageScope(std::vector<std::string>* sink) {
    InitPoppler();
    poppler_messages = sink;
  }
  ~PopplerMessageScope() { poppler_messages = nullptr; }
  PopplerMessageScope(const PopplerMessageScope&) = delete;
  PopplerMessageScope& operator=(const PopplerMessageScope&) = delete;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct FontStyle {
  bool bold = false;
  bool italic = false;
};

// Bold and italic from the font's name: "BAAAAA+Calibri-Bold",
// "Arial,BoldItalic", "LiberationSerif-Italic", "Verdana-Semibold".
FontStyle StyleFromFontName(std::string_view name) {
  const std::string lower = Lower(name);
  FontStyle style;
  for (std::string_view w : {"bold", "black", "heavy", "semibold", "demi"}) {
    if (lower.find(w) != std::string::npos) style.bold = true;
  }
  for (std::string_view w : {"italic", "oblique"}) {
    if (lower.find(w) != std::string::npos) style.italic = true;
  }
  return style;
}

// Poppler's UTF-8 with anything malformed (a surrogate a font maps a glyph
// to) as U+FFFD, so that every later stage reads valid UTF-8.
void AppendValidUtf8(std::string_view in, std::string* out) {
  out->reserve(out->size() + in.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(in.data());
  const auto length = static_cast<int32_t>(in.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      out->append("\xEF\xBF\xBD");
    } else {
      out->append(in.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
}

// A PDF ends with "%%EOF" (perhaps followed by a line break or padding).
// Without it the file was cut short on its way here.
bool HasEofMarker(const std::string& bytes) {
  const size_t tail = std::min<size_t>(bytes.size(), 2048);
  return std::string_view(bytes).substr(bytes.size() - tail).find("%%EOF") !=
         std::string_view::npos;
}

}  // namespace

Status ExtractPdfText(const std::string& bytes, RawSource* source) {
  std::vector<std::string> messages;
  PopplerMessageScope scope(&messages);
  if (!HasEofMarker(bytes)) {
    return Status::Corruption(fmt::format(
        "{}: the PDF is truncated (it does not end with %%EOF); copy or download it again",
        source->path));
  }
  // Poppler reads the bytes in place; they outlive the document.
  auto doc = std::make_unique<PDFDoc>(
      new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull)));
  if (!doc->isOk()) {
    if (doc->getErrorCode() == errEncrypted) {
      return Status::Unsupported(fmt::format(
          "{}: the PDF is encrypted with a password; save an unprotected copy", source->path));
    }
    return Status::Corruption(fmt::format("{}: damaged PDF, Poppler cannot open it", source->path));
  }
  const int pages = doc->getNumPages();
  if (pages <= 0) {
    return Status::InvalidInput(fmt::format("{}: the PDF has no pages", source->path));
  }
  std::unordered_map<std::string, FontStyle> styles;
  source->pdf_pages.clear();
  source->pdf_pages.reserve(static_cast<size_t>(pages));
  for (int i = 0; i < pages; ++i) {
    PdfPage out;
    out.number = i + 1;
    Page* page = doc->getPage(i + 1);
    if (page == nullptr) {
      source->warnings.push_back(fmt::format("page {} cannot be read", i + 1));
      source->pdf_pages.push_back(std::move(out));
      continue;
    }
    const PDFRectangle* crop = page->getCropBox();
    out.width = static_cast<float>(crop->x2 - crop->x1);
    out.height = static_cast<float>(crop->y2 - crop->y1);
    // Words as Poppler's own text tools find them: reading order, not
    // physical layout (ours lays the page out), at 72 dpi, unrotated.
    TextOutputDev text(nullptr, /*physLayoutA=*/false, /*fixedPitchA=*/0, /*rawOrderA=*/false,
                       /*append=*/false);
    doc->displayPageSlice(&text, i + 1, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/false,
                          /*printing=*/false, -1, -1, -1, -1);
    std::unique_ptr<TextWordList> words = text.makeWordList();
    const int count = words ? words->getLength() : 0;
    out.words.reserve(static_cast<size_t>(count));
    for (int w = 0; w < count; ++w) {
      const TextWord* box = words->get(w);
      PdfWord word;
      const std::unique_ptr<GooString> utf8(box->getText());
      AppendValidUtf8(utf8->toStr(), &word.text);
      if (word.text.empty()) continue;
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      box->getBBox(&x0, &y0, &x1, &y1);
      word.x0 = static_cast<float>(x0);
      word.y0 = static_cast<float>(y0);
      word.x1 = static_cast<float>(x1);
      word.y1 = static_cast<float>(y1);
      word.space_after = box->hasSpaceAfter();
      word.font_size = static_cast<float>(box->getFontSize());
      const GooString* font = box->getLength() > 0 ? box->getFontName(0) : nullptr;
      const std::string name = font == nullptr ? std::string() : font->toStr();
      auto it = styles.find(name);
      if (it == styles.end()) it = styles.emplace(name, StyleFromFontName(name)).first;
      word.bold = it->second.bold;
      word.italic = it->second.italic;
      out.words.push_back(std::move(word));
    }
    source->pdf_pages.push_back(std::move(out));
  }
  source->pages = pages;
  if (!messages.empty()) {
    source->warnings.push_back(
        fmt::format("the PDF is damaged but readable; Poppler repaired it ({}{})", messages.front(),
                    messages.size() > 1 ? fmt::format(" and {} more", messages.size() - 1) : ""));
  }
  return Status::OK();
}

}  // namespace paragraf
