#include "parse/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "normalize/normalize.h"
#include "parse/head_reader.h"
#include "parse/line_index.h"
#include "parse/matcher.h"
#include "parse/paragraph_reader.h"

namespace paragraf {

Result<Document> DocumentParser::ParseFile(const std::filesystem::path& path,
                                           const ParseOptions& options) const {
  Result<RawSource> source = ReadSource(path);
  if (!source.ok()) return source.status();
  return ParseSource(*source, options);
}

Result<Document> DocumentParser::ParseSource(const RawSource& source,
                                             const ParseOptions& options) const {
  std::string text;
  if (source.format == SourceFormat::kPdf) {
    text = source.text;
  } else {
    std::string encoding;
    Result<std::string> utf8 = ToUtf8(source.text, &encoding);
    if (!utf8.ok()) return utf8.status().WithContext(source.path);
    text = std::move(*utf8);
  }
  const TextLayout layout = LayoutText(NormalizeText(text), source.format);
  Document doc = ParseLines(layout, source, options);
  const bool has_proposal =
      std::any_of(doc.paragraphs.begin(), doc.paragraphs.end(), [](const Paragraph& p) {
        return p.decision.has_value() ||
               std::any_of(p.sections.begin(), p.sections.end(), [](const Section& s) {
                 return s.kind == SectionKind::kForslag || s.kind == SectionKind::kBeslut;
               });
      });
  if (!doc.body && !doc.date && doc.paragraphs.empty() && !has_proposal) {
    return Status::InvalidInput(fmt::format(
        "{}: not a protocol or report: no body, no date, no § paragraph and no proposal found",
        source.path));
  }
  return doc;
}

Document DocumentParser::ParseLines(const TextLayout& layout, const RawSource& source,
                                    const ParseOptions& options) const {
  Document doc;
  doc.source.path = source.path;
  doc.source.sha256 = source.sha256;
  doc.source.format = std::string(ToString(source.format));
  doc.source.pages = source.pages > 0 ? source.pages : layout.pages;
  for (const auto& w : source.warnings) doc.warnings.push_back({{}, w});

  LineIndex index(grammar_, layout.lines);
  ParagraphReader paragraphs(grammar_, index);
  const size_t head_end = paragraphs.Read(&doc);
  HeadReader head(grammar_, index, head_end);
  head.Read(source, options, &doc);
  return doc;
}

}  // namespace paragraf
