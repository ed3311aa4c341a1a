#include "parse/parser.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "normalize/normalize.h"
#include "parse/deliberation_reader.h"
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

Result<TextLayout> DocumentParser::Layout(const RawSource& source) const {
  LayoutOptions layout_options;
  layout_options.keeps_hanging_hyphen = [this](std::string_view word) {
    return FirstMatch(grammar_.Group("hyphenation"), word).has_value();
  };
  layout_options.never_furniture = [this](std::string_view line) {
    return FirstMatch(grammar_.Group("paragraphs"), line).has_value() ||
           FirstMatch(grammar_.Group("case_lines"), line).has_value() ||
           FirstMatch(grammar_.Group("sections"), line).has_value();
  };
  TextLayout layout;
  if (source.format == SourceFormat::kPdf) {
    layout = LayoutPdf(source.pdf_pages, layout_options);
  } else {
    std::string encoding;
    Result<std::string> utf8 = ToUtf8(source.text, &encoding);
    if (!utf8.ok()) return utf8.status().WithContext(source.path);
    layout = LayoutText(NormalizeText(*utf8), source.format);
    JoinBrokenWords(layout_options, &layout.lines);
  }
  return layout;
}

Result<Document> DocumentParser::ParseSource(const RawSource& source,
                                             const ParseOptions& options) const {
  Result<TextLayout> layout = Layout(source);
  if (!layout.ok()) return layout.status();
  Document doc = ParseLines(*layout, source, options);
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

namespace {

// Repairs a line piecewise so that its bold spans still cover the same words.
void RepairLine(const TextQuality& quality, Line* line) {
  std::vector<size_t> cuts = {0, line->text.size()};
  for (const auto& [b, e] : line->bold_spans) {
    cuts.push_back(std::min(b, line->text.size()));
    cuts.push_back(std::min(e, line->text.size()));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::string text;
  std::vector<size_t> moved(cuts.size());
  for (size_t k = 0; k < cuts.size(); ++k) {
    moved[k] = text.size();
    if (k + 1 < cuts.size()) {
      text += quality.RepairLigatures(
          std::string_view(line->text).substr(cuts[k], cuts[k + 1] - cuts[k]));
    }
  }
  auto map = [&](size_t at) {
    const auto it = std::lower_bound(cuts.begin(), cuts.end(), std::min(at, line->text.size()));
    return moved[static_cast<size_t>(it - cuts.begin())];
  };
  for (auto& [b, e] : line->bold_spans) {
    b = map(b);
    e = map(e);
  }
  line->text = std::move(text);
  for (auto& cell : line->cells) cell = quality.RepairLigatures(cell);
}

}  // namespace

void DocumentParser::ScoreTextLayer(TextLayout* layout, const RawSource& source,
                                    Document* doc) const {
  const Rule* rule = grammar_.Find("quality", "text-layer");
  if (rule == nullptr) return;
  std::call_once(quality_once_, [&] {
    QualityConfig config;
    config.dictionary = rule->Attr("dictionary", config.dictionary);
    config.max_unknown_share = std::stod(rule->Attr("max_unknown_share", "0.12"));
    config.min_distinct_unknown =
        rule->IntAttr("min_distinct_unknown", config.min_distinct_unknown);
    config.min_lost_ligatures = rule->IntAttr("min_lost_ligatures", config.min_lost_ligatures);
    config.min_checked_words = rule->IntAttr("min_checked_words", config.min_checked_words);
    quality_ = TextQuality::Open(config);
  });
  if (!quality_.ok()) {
    doc->warnings.push_back(
        {{}, fmt::format("text-layer quality not measured: {}", quality_.status().message())});
    return;
  }
  const int pages = std::max(source.pages, layout->pages);
  std::vector<std::vector<std::string_view>> lines(static_cast<size_t>(pages) + 1);
  for (const Line& line : layout->lines) {
    if (line.furniture || line.blank() || line.pos.page < 1 || line.pos.page > pages) continue;
    lines[static_cast<size_t>(line.pos.page)].push_back(line.text);
  }
  auto checkable = [rule](std::string_view word) { return Matches(*rule, word); };
  std::vector<bool> repair(static_cast<size_t>(pages) + 1, false);
  std::vector<int> garbled, empty;
  int unknown = 0, checked = 0, ligatures = 0;
  for (int page = 1; page <= pages; ++page) {
    PageQuality q = (*quality_)->Score(page, lines[static_cast<size_t>(page)], checkable);
    // A page whose few words moved to the page before (the end of a word
    // broken over the page break) has text all the same.
    const auto p = static_cast<size_t>(page - 1);
    if (q.status == PageQualityStatus::kNoText && p < source.pdf_pages.size() &&
        !source.pdf_pages[p].words.empty()) {
      q.status = PageQualityStatus::kTooLittleText;
    }
    doc->pages.push_back(
        {page, q.words, q.checked, q.unknown, q.lost_ligatures, std::string(ToString(q.status))});
    if (q.lost_ligatures >= (*quality_)->config().min_lost_ligatures) {
      repair[static_cast<size_t>(page)] = true;
    }
    if (q.status == PageQualityStatus::kGarbled) {
      garbled.push_back(page);
      unknown += q.unknown;
      checked += q.checked;
      ligatures += q.lost_ligatures;
    } else if (q.status == PageQualityStatus::kNoText) {
      empty.push_back(page);
    }
  }
  // One warning per kind, naming the pages; the per-page figures are in
  // doc->pages (and the database's pages table).
  auto page_list = [](const std::vector<int>& list) {
    return fmt::format("{} {}", list.size() == 1 ? "page" : "pages", fmt::join(list, ", "));
  };
  if (!garbled.empty()) {
    doc->warnings.push_back(
        {{garbled.front(), 0},
         fmt::format("{}: the text layer looks garbled ({} of {} words unknown to the {} "
                     "dictionary, {} words with a lost ligature); OCR needed",
                     page_list(garbled), unknown, checked, (*quality_)->config().dictionary,
                     ligatures)});
  }
  if (!empty.empty()) {
    doc->warnings.push_back(
        {{empty.front(), 0},
         fmt::format("{}: no text layer (scanned?); OCR needed", page_list(empty))});
  }
  // Pages whose font lost its ligatures: put back the letters where only one
  // word can be meant. The score above is of the text as extracted.
  for (Line& line : layout->lines) {
    const auto page = static_cast<size_t>(line.pos.page);
    if (page < repair.size() && repair[page] && !line.blank()) RepairLine(**quality_, &line);
  }
}

Document DocumentParser::ParseLines(const TextLayout& layout, const RawSource& source,
                                    const ParseOptions& options) const {
  Document doc;
  doc.source.path = source.path;
  doc.source.sha256 = source.sha256;
  doc.source.format = std::string(ToString(source.format));
  doc.source.pages = source.pages > 0 ? source.pages : layout.pages;
  for (const auto& w : source.warnings) doc.warnings.push_back({{}, w});

  TextLayout repaired;
  const TextLayout* lines = &layout;
  if (source.format == SourceFormat::kPdf) {
    repaired = layout;
    ScoreTextLayer(&repaired, source, &doc);
    lines = &repaired;
  }

  LineIndex index(grammar_, lines->lines);
  ParagraphReader paragraphs(grammar_, index);
  const size_t head_end = paragraphs.Read(&doc);
  HeadReader head(grammar_, index, head_end);
  head.Read(source, options, &doc);
  DeliberationReader deliberation(grammar_);
  std::vector<std::pair<int, PersonRef>> elsewhere;
  for (Paragraph& p : doc.paragraphs) deliberation.Read(&p, &elsewhere);
  for (auto& moved : elsewhere) {
    const int number = moved.first;
    const std::string name = moved.second.name;
    auto it = std::find_if(doc.paragraphs.begin(), doc.paragraphs.end(),
                           [number](const Paragraph& p) { return p.number == number; });
    if (it == doc.paragraphs.end()) continue;
    const bool known = std::any_of(it->conflicts.begin(), it->conflicts.end(),
                                   [&name](const PersonRef& c) { return c.name == name; });
    if (!known) it->conflicts.push_back(std::move(moved.second));
  }
  for (Paragraph& p : doc.paragraphs) DeliberationReader::MatchPeople(doc.meeting.attendance, &p);
  return doc;
}

}  // namespace paragraf
