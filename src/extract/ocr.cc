#include "extract/ocr.h"

#include <fmt/format.h>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

namespace paragraf {

namespace {

constexpr std::string_view kCacheHeader = "paragraf-ocr 1";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool EnvSet(const char* name) { return std::getenv(name) != nullptr; }

// Splits at tabs.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t at; (at = line.find('\t', start)) != std::string_view::npos; start = at + 1) {
    out.push_back(line.substr(start, at - start));
  }
  out.push_back(line.substr(start));
  return out;
}

bool ToFloat(std::string_view s, float* out) {
  // std::from_chars for float is in GCC 11+; locale-independent.
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::filesystem::path DefaultOcrCacheDir() {
  if (EnvSet("PARAGRAF_OCR_CACHE")) return Env("PARAGRAF_OCR_CACHE");
  if (const std::string xdg = Env("XDG_CACHE_HOME"); !xdg.empty()) {
    return std::filesystem::path(xdg) / "paragraf" / "ocr";
  }
  if (const std::string home = Env("HOME"); !home.empty()) {
    return std::filesystem::path(home) / ".cache" / "paragraf" / "ocr";
  }
  return {};
}

std::string SerializeOcrPage(const PdfPage& page) {
  std::string out = fmt::format("{}\n{}\t{:.2f}\t{:.2f}\t{:.1f}\n", kCacheHeader, page.number,
                                page.width, page.height, page.ocr_confidence);
  for (const PdfWord& w : page.words) {
    out += fmt::format("{:.2f}\t{:.2f}\t{:.2f}\t{:.2f}\t{:.2f}\t{}\t{}\n", w.x0, w.y0, w.x1, w.y1,
                       w.font_size, w.space_after ? 1 : 0, w.text);
  }
  return out;
}

Result<PdfPage> ParseOcrPage(std::string_view text) {
  auto bad = [](std::string_view why) {
    return Status::Corruption(fmt::format("OCR cache entry: {}", why));
  };
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t at; (at = text.find('\n', start)) != std::string_view::npos; start = at + 1) {
    lines.push_back(text.substr(start, at - start));
  }
  if (start != text.size()) return bad("cut short");
  if (lines.size() < 2 || lines[0] != kCacheHeader) return bad("unknown format");
  PdfPage page;
  page.from_ocr = true;
  const std::vector<std::string_view> head = Fields(lines[1]);
  const auto [p, ec] =
      std::from_chars(head[0].data(), head[0].data() + head[0].size(), page.number);
  if (head.size() != 4 || ec != std::errc() || !ToFloat(head[1], &page.width) ||
      !ToFloat(head[2], &page.height) || !ToFloat(head[3], &page.ocr_confidence)) {
    return bad("bad page line");
  }
  for (size_t i = 2; i < lines.size(); ++i) {
    const std::vector<std::string_view> f = Fields(lines[i]);
    PdfWord w;
    if (f.size() != 7 || !ToFloat(f[0], &w.x0) || !ToFloat(f[1], &w.y0) || !ToFloat(f[2], &w.x1) ||
        !ToFloat(f[3], &w.y1) || !ToFloat(f[4], &w.font_size) || f[6].empty()) {
      return bad(fmt::format("bad word line {}", i + 1));
    }
    w.space_after = f[5] == "1";
    w.text = std::string(f[6]);
    page.words.push_back(std::move(w));
  }
  return page;
}

OcrEngine::OcrEngine(OcrConfig config, std::unique_ptr<tesseract::TessBaseAPI> api,
                     std::unique_ptr<tesseract::TessBaseAPI> section_api)
    : config_(std::move(config)), api_(std::move(api)), section_api_(std::move(section_api)) {}

OcrEngine::~OcrEngine() {
  if (api_) api_->End();
  if (section_api_) section_api_->End();
}

Result<std::unique_ptr<OcrEngine>> OcrEngine::Open(OcrConfig config) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  // Tesseract's own messages ("Estimating resolution …") are not for the
  // user's terminal.
  api->SetVariable("debug_file", "/dev/null");
  if (api->Init(nullptr, config.language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::NotFound(
        fmt::format("Tesseract has no model for language '{}' (install the Debian package "
                    "tesseract-ocr-{})",
                    config.language, config.language));
  }
  api->SetPageSegMode(tesseract::PSM_AUTO);
  // Keep inter-word spaces as Tesseract saw them; no dictionary
  // correction beyond the model's own.
  api->SetVariable("preserve_interword_spaces", "1");
  std::unique_ptr<tesseract::TessBaseAPI> section_api;
  if (!config.section_sign_language.empty()) {
    section_api = std::make_unique<tesseract::TessBaseAPI>();
    section_api->SetVariable("debug_file", "/dev/null");
    if (section_api->Init(nullptr, config.section_sign_language.c_str(),
                          tesseract::OEM_LSTM_ONLY) != 0) {
      section_api.reset();  // "§" stays as the Swedish model reads it
    } else {
      section_api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    }
  }
  if (config.cache_dir.empty()) config.cache_dir = DefaultOcrCacheDir();
  return std::unique_ptr<OcrEngine>(
      new OcrEngine(std::move(config), std::move(api), std::move(section_api)));
}

std::string OcrEngine::Describe() const {
  return fmt::format(
      "tesseract {} {}{} {} dpi", tesseract::TessBaseAPI::Version(), config_.language,
      section_api_ ? fmt::format(" (§: {})", config_.section_sign_language) : "", config_.dpi);
}

namespace {

// A short number whose first or last glyph may be a "§" the Swedish model
// cannot read: "8", "$", "&", "887", "408", "S87", "16-228".
bool MaySwallowSectionSign(std::string_view word) {
  if (word.empty() || word.size() > 5) return false;
  bool digit = false;
  for (char c : word) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '$' && c != 'S' && c != '&' && c != '-') {
      return false;
    }
  }
  auto sign_like = [](char c) { return c == '8' || c == '3' || c == '$' || c == 'S' || c == '&'; };
  return (digit || word == "$" || word == "&") &&
         (sign_like(word.front()) || sign_like(word.back()));
}

// "40§" → "40 §", "§87" → "§ 87": the sign stands apart from its number, as
// protocols print it and the grammar reads it.
std::string SpaceSectionSign(std::string_view text) {
  constexpr std::string_view kSign = "§";
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, kSign.size()) == kSign) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      out += kSign;
      i += kSign.size();
      if (i < text.size() && text[i] != ' ' && text.substr(i, kSign.size()) != kSign) out += ' ';
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

void OcrEngine::ReadWords(const GrayImage& image, PdfPage* out) const {
  const float to_points = 72.0F / static_cast<float>(config_.dpi);
  std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
  constexpr auto kWord = tesseract::RIL_WORD;
  if (it == nullptr || it->Empty(kWord)) return;
  bool section_image_set = false;
  do {
    std::unique_ptr<char[]> text(it->GetUTF8Text(kWord));
    if (text == nullptr || text[0] == '\0') continue;
    if (it->Confidence(kWord) < static_cast<float>(config_.min_word_confidence)) continue;
    int left = 0, top = 0, right = 0, bottom = 0;
    it->BoundingBox(kWord, &left, &top, &right, &bottom);
    PdfWord w;
    w.text = text.get();
    // A dash alone, between times or page numbers: OCR reads an en dash as
    // "—", "—-" or "--"; protocols set "–".
    if (w.text.find_first_not_of("-\xE2\x80\x93\x94") == std::string::npos) w.text = "–";
    if (section_api_ && MaySwallowSectionSign(w.text)) {
      if (!section_image_set) {
        section_api_->SetImage(image.pixels.data(), image.width, image.height, 1,
                               image.bytes_per_line);
        section_api_->SetSourceResolution(image.dpi);
        section_image_set = true;
      }
      // The crop's margin changes what the model sees; a few are tried.
      std::string second;
      for (int divisor : {4, 8, 2, 3}) {
        const int pad = (bottom - top) / divisor;
        section_api_->SetRectangle(std::max(0, left - pad), std::max(0, top - pad),
                                   right - left + 2 * pad, bottom - top + 2 * pad);
        std::unique_ptr<char[]> again(section_api_->GetUTF8Text());
        second = again == nullptr ? "" : again.get();
        while (!second.empty() && (second.back() == '\n' || second.back() == ' ')) {
          second.pop_back();
        }
        if (second.find("§") != std::string::npos) break;
      }
      // "418" read as "418§" by the second model: it saw the sign and the
      // first model's stand-in for it.
      if (second == w.text + "§" && (w.text.back() == '8' || w.text.back() == '3')) {
        second = w.text.substr(0, w.text.size() - 1) + "§";
      }
      if (second.find("§") != std::string::npos) w.text = SpaceSectionSign(second);
    }
    // Words take their line's height: a word of small letters ("av") sits
    // lower than its neighbours and would otherwise start a line of its own.
    int line_left = 0, line_top = 0, line_right = 0, line_bottom = 0;
    it->BoundingBox(tesseract::RIL_TEXTLINE, &line_left, &line_top, &line_right, &line_bottom);
    w.x0 = static_cast<float>(left) * to_points;
    w.y0 = static_cast<float>(line_top) * to_points;
    w.x1 = static_cast<float>(right) * to_points;
    w.y1 = static_cast<float>(line_bottom) * to_points;
    // The type size from Tesseract's row height (its x_size), the same for
    // every line of a font whatever letters it holds; about 0.92 em in the
    // fonts protocols use (11 pt Liberation Sans measured 10.1 pt).
    float row_height = 0, descenders = 0, ascenders = 0;
    it->RowAttributes(&row_height, &descenders, &ascenders);
    w.font_size = row_height * to_points / 0.92F;
    w.space_after = !it->IsAtFinalElement(tesseract::RIL_TEXTLINE, kWord);
    out->words.push_back(std::move(w));
  } while (it->Next(kWord));
  if (section_image_set) section_api_->Clear();
  // Row heights vary a little from line to line of one font; body text
  // read as 12 % larger would pass for a heading. Sizes near the page's
  // median become the median.
  std::vector<float> sizes;
  sizes.reserve(out->words.size());
  for (const PdfWord& w : out->words) sizes.push_back(w.font_size);
  if (sizes.empty()) return;
  std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2),
                   sizes.end());
  const float median = sizes[sizes.size() / 2];
  for (PdfWord& w : out->words) {
    if (std::fabs(w.font_size - median) <= 0.15F * median) w.font_size = median;
  }
}

namespace {

bool IsNumber(std::string_view word) {
  bool digit = false;
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (word.substr(i, 2) == "§") {
      ++i;
    } else if (c != '.' && c != ':' && c != '-' && c != '/' && c != ',' && c != ' ') {
      return false;
    }
  }
  return digit;
}

float Overlap(const PdfWord& a, const PdfWord& b) {
  const float w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  const float h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const float smaller = std::min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0));
  return smaller <= 0 ? 0 : w * h / smaller;
}

}  // namespace

int TakeNumbersFromTextLayer(const PdfPage& text_layer, PdfPage* ocr) {
  int changed = 0;
  for (PdfWord& word : ocr->words) {
    if (!IsNumber(word.text)) continue;
    for (const PdfWord& original : text_layer.words) {
      if (!IsNumber(original.text) || original.text == word.text) continue;
      // The text layer's box is the glyphs' own; the OCR word's spans its
      // line's height, so most of the smaller box must be covered, and the
      // two must be about as wide.
      const float ow = original.x1 - original.x0;
      const float w = word.x1 - word.x0;
      if (Overlap(original, word) < 0.6F || ow < 0.7F * w || w < 0.7F * ow) continue;
      word.text = original.text;
      ++changed;
      break;
    }
  }
  return changed;
}

std::filesystem::path OcrEngine::CachePath(std::string_view sha256, int page) const {
  if (config_.cache_dir.empty() || sha256.empty()) return {};
  return config_.cache_dir / fmt::format("{}-p{}-{}{}-{}dpi-t{}.tsv", sha256, page,
                                         config_.language,
                                         section_api_ ? "+" + config_.section_sign_language : "",
                                         config_.dpi, tesseract::TessBaseAPI::Version());
}

Result<PdfPage> OcrEngine::ReadPage(const PdfRenderer& pdf, std::string_view sha256,
                                    int page) const {
  const std::filesystem::path cached = CachePath(sha256, page);
  if (!cached.empty()) {
    std::ifstream in(cached, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      Result<PdfPage> from_cache = ParseOcrPage(text.str());
      if (from_cache.ok() && from_cache->number == page) return from_cache;
      // A damaged entry is read again below and overwritten.
    }
  }

  Result<GrayImage> image = pdf.Render(page, config_.dpi);
  if (!image.ok()) return image.status();
  const float to_points = 72.0F / static_cast<float>(config_.dpi);
  PdfPage out;
  out.number = page;
  out.from_ocr = true;
  out.width = static_cast<float>(image->width) * to_points;
  out.height = static_cast<float>(image->height) * to_points;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Debian's Tesseract runs its networks in OpenMP teams whose threads
    // spin while they wait: on a small machine that made a page take five
    // times as long (4.2 s against 0.86 s, most of it system time). One
    // page is read on one thread; parallel imports read pages side by side.
    omp_set_max_active_levels(0);
    api_->SetImage(image->pixels.data(), image->width, image->height, 1, image->bytes_per_line);
    api_->SetSourceResolution(config_.dpi);
    if (api_->Recognize(nullptr) != 0) {
      api_->Clear();
      return Status::Corruption(fmt::format("page {}: OCR failed", page));
    }
    out.ocr_confidence = static_cast<float>(api_->MeanTextConf());
    ReadWords(*image, &out);
    api_->Clear();
  }

  if (!cached.empty()) {
    // Written beside and renamed: a reader never sees half an entry.
    std::error_code ec;
    std::filesystem::create_directories(cached.parent_path(), ec);
    const std::filesystem::path tmp =
        cached.string() + fmt::format(".{}.tmp", static_cast<long>(::getpid()));
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << SerializeOcrPage(out);
    }
    std::filesystem::rename(tmp, cached, ec);
    if (ec) std::filesystem::remove(tmp, ec);
  }
  return out;
}

}  // namespace paragraf
