#include "extract/pdf_source.h"

#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
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

void CollectPopplerMessage(const std::string& message, void* /*closure*/) {
  if (poppler_messages == nullptr || poppler_messages->size() >= 20) return;
  // "error: xref num 13 not found but needed, try to reconstruct<0a>"
  std::string text = message;
  for (size_t at; (at = text.find("<0a>")) != std::string::npos;) text.erase(at, 4);
  if (text.rfind("error: ", 0) == 0) text.erase(0, 7);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  poppler_messages->push_back(text);
}

class PopplerMessageScope {
 public:
  explicit PopplerMessageScope(std::vector<std::string>* sink) {
    poppler::set_debug_error_function(CollectPopplerMessage, nullptr);
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

// UTF-16 (Poppler's ustring) to UTF-8. ustring::to_utf8() opens an iconv
// converter for every call, which cost more than the rest of our extraction
// per word (callgrind); this is the same conversion without it. Unpaired
// surrogates become U+FFFD.
void AppendUtf8(const poppler::ustring& in, std::string* out) {
  out->reserve(out->size() + in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    uint32_t c = in[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < in.size() && in[i + 1] >= 0xDC00 &&
        in[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (in[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
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
  std::unordered_map<std::string, FontStyle> styles;
  source->pdf_pages.clear();
  source->pdf_pages.reserve(static_cast<size_t>(pages));
  for (int i = 0; i < pages; ++i) {
    PdfPage out;
    out.number = i + 1;
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      source->warnings.push_back(fmt::format("page {} cannot be read", i + 1));
      source->pdf_pages.push_back(std::move(out));
      continue;
    }
    const poppler::rectf rect = page->page_rect();
    out.width = static_cast<float>(rect.width());
    out.height = static_cast<float>(rect.height());
    std::vector<poppler::text_box> boxes = page->text_list(poppler::page::text_list_include_font);
    out.words.reserve(boxes.size());
    for (const poppler::text_box& box : boxes) {
      PdfWord word;
      AppendUtf8(box.text(), &word.text);
      if (word.text.empty()) continue;
      const poppler::rectf b = box.bbox();
      word.x0 = static_cast<float>(b.left());
      word.y0 = static_cast<float>(b.top());
      word.x1 = static_cast<float>(b.right());
      word.y1 = static_cast<float>(b.bottom());
      word.space_after = box.has_space_after();
      if (box.has_font_info()) {
        word.font_size = static_cast<float>(box.get_font_size());
        std::string name = box.get_font_name();
        auto it = styles.find(name);
        if (it == styles.end()) it = styles.emplace(name, StyleFromFontName(name)).first;
        word.bold = it->second.bold;
        word.italic = it->second.italic;
      } else {
        word.font_size = word.y1 - word.y0;
      }
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
