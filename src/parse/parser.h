// Parse: reads the document model out of laid-out lines with the Swedish
// grammar. Also the convenience entry point that runs the stages before it
// (extract → normalize → layout → parse) on one file.
//
//   Result<Grammar> grammar = Grammar::LoadDefault();
//   DocumentParser parser(*grammar);
//   Result<Document> doc = parser.ParseFile("corpus/seed-002.txt", {});
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/document.h"
#include "core/result.h"
#include "extract/ocr.h"
#include "extract/source.h"
#include "layout/layout.h"
#include "parse/grammar.h"
#include "quality/text_quality.h"

namespace paragraf {

// When PDF pages are read by OCR instead of from their text layer.
enum class OcrMode {
  kAuto,    // pages whose text layer is garbled or missing, when OCR is installed
  kAlways,  // every page
  kNever,   // none: such pages are only reported
};
// "auto", "always", "never"; nullopt for anything else.
std::optional<OcrMode> ParseOcrMode(std::string_view name);

// What the caller knows that the text may not say, and how to read it.
struct ParseOptions {
  std::optional<std::string> body;  // --body: name or abbreviation
  std::optional<Date> date;         // --date: the meeting or document date
  OcrMode ocr = OcrMode::kAuto;     // --ocr
};

// Thread-compatible: Parse* are const and may run concurrently.
class DocumentParser {
 public:
  // REQUIRES: `grammar` outlives the parser.
  explicit DocumentParser(const Grammar& grammar) : grammar_(grammar) {}

  // A parser for another thread: it shares `other`'s grammar and spelling
  // dictionary (loaded once, with one cache of the words looked up) but has
  // its own OCR engine, so that threads OCR in parallel.
  static std::unique_ptr<DocumentParser> SharingDictionary(const DocumentParser& other) {
    return std::unique_ptr<DocumentParser>(new DocumentParser(other.grammar_, other.quality_));
  }

  // Reads, normalises, lays out and parses one file. Errors name the file:
  // those of ReadSource(), InvalidInput for text in no readable encoding,
  // InvalidInput for a PDF without a word of text (not even by OCR), and
  // InvalidInput for a text that is no protocol or report at all (no body,
  // no date, no paragraph and no proposal).
  Result<Document> ParseFile(const std::filesystem::path& path, const ParseOptions& options) const;

  // The lines of a source as the parser reads them: text decoded,
  // normalised and laid out, or PDF words laid out; words broken at line
  // ends joined with the grammar's hyphenation rule. Errors: InvalidInput
  // for text in no readable encoding.
  Result<TextLayout> Layout(const RawSource& source) const;

  // The lines as the parser reads them, after OCR of the PDF pages whose
  // text layer is garbled or missing (as options.ocr says).
  struct LaidOut {
    TextLayout layout;
    std::optional<RawSource> ocr_source;  // the source with its OCR pages, if any
    std::vector<PageQuality> text_layer;  // each page's text layer, when OCR ran
    std::vector<PageQuality> scores;      // each page as laid out here (PDFs)
    std::vector<std::string> warnings;    // OCR that could not run
  };
  Result<LaidOut> LayOut(const RawSource& source, const ParseOptions& options) const;

  // The same, from a source already read. PDF pages whose text layer is
  // garbled or missing are read again by OCR as options.ocr says; the
  // document's pages tell which.
  Result<Document> ParseSource(const RawSource& source, const ParseOptions& options) const;

  // Parses lines already laid out. Never fails: what cannot be read is left
  // empty and reported in Document::warnings.
  Document ParseLines(const TextLayout& layout, const RawSource& source,
                      const ParseOptions& options) const;

 private:
  // Scores each PDF page's text layer into doc->pages, with a warning per
  // garbled or empty page, and repairs lost ligatures on the pages that
  // show them. The dictionary loads on first use.
  // `known`: the pages' scores when LayOut has them already.
  void ScoreTextLayer(TextLayout* layout, const RawSource& source, Document* doc,
                      const std::vector<PageQuality>* known = nullptr) const;
  Document ParseLines(const TextLayout& layout, const RawSource& source,
                      const ParseOptions& options, const std::vector<PageQuality>* scores) const;
  // Sets decided_on of the paragraphs that a protokollsutdrag in the text
  // before the first § (extracts.rules) dates to an earlier meeting.
  void DateExtracts(const std::string& head_text, Document* doc) const;

  // The quality of each page's text (index 0 is page 1). Errors: the
  // dictionary cannot be loaded.
  Result<std::vector<PageQuality>> ScorePages(const TextLayout& layout,
                                              const RawSource& source) const;
  const TextQuality* Quality() const;  // nullptr when it cannot load
  const OcrEngine* Ocr() const;        // nullptr when it cannot load

  // Reads `pages` of `source` by OCR into its pdf_pages; returns how many
  // it read. Pages OCR cannot read keep their text layer, with a warning.
  int OcrPages(const std::vector<int>& pages, RawSource* source,
               std::vector<std::string>* warnings) const;

  // The spelling dictionary, loaded on first use; shared by the parsers
  // SharingDictionary() makes.
  struct LazyQuality {
    std::once_flag once;
    Result<std::unique_ptr<TextQuality>> quality{Status::NotFound("not loaded")};
  };
  DocumentParser(const Grammar& grammar, std::shared_ptr<LazyQuality> quality)
      : grammar_(grammar), quality_(std::move(quality)) {}

  const Grammar& grammar_;
  std::shared_ptr<LazyQuality> quality_ = std::make_shared<LazyQuality>();
  mutable std::once_flag ocr_once_;
  mutable Result<std::unique_ptr<OcrEngine>> ocr_{Status::NotFound("not loaded")};
};

}  // namespace paragraf
