#include "parse/parser.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "normalize/normalize.h"
#include "parse/deliberation_reader.h"
#include "parse/followup_reader.h"
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

std::optional<OcrMode> ParseOcrMode(std::string_view name) {
  if (name == "auto") return OcrMode::kAuto;
  if (name == "always") return OcrMode::kAlways;
  if (name == "never") return OcrMode::kNever;
  return std::nullopt;
}

Result<DocumentParser::LaidOut> DocumentParser::LayOut(const RawSource& source,
                                                       const ParseOptions& options) const {
  Result<TextLayout> layout = Layout(source);
  if (!layout.ok()) return layout.status();
  LaidOut out;
  if (source.format != SourceFormat::kPdf) {
    out.layout = std::move(*layout);
    return out;
  }
  // Scored once here; ParseLines reuses the scores.
  Result<std::vector<PageQuality>> initial = ScorePages(*layout, source);
  if (initial.ok()) out.scores = *initial;
  if (options.ocr != OcrMode::kNever) {
    std::vector<int> pages;
    if (options.ocr == OcrMode::kAlways) {
      for (int page = 1; page <= source.pages; ++page) pages.push_back(page);
    } else if (initial.ok()) {
      // A font without a Unicode map garbles every page it is used on, also
      // those too short to judge: once one page is garbled, every page with
      // an unknown word is read by OCR too.
      const bool suspect_fonts =
          std::any_of(initial->begin(), initial->end(),
                      [](const PageQuality& q) { return q.status == PageQualityStatus::kGarbled; });
      for (const PageQuality& q : *initial) {
        if (q.status == PageQualityStatus::kGarbled || q.status == PageQualityStatus::kNoText ||
            (suspect_fonts && q.unknown > 0)) {
          pages.push_back(q.page);
        }
      }
    }
    if (!pages.empty()) {
      out.ocr_source = source;
      if (OcrPages(pages, &*out.ocr_source, &out.warnings) > 0) {
        layout = Layout(*out.ocr_source);
        if (!layout.ok()) return layout.status();
        // Each page keeps the reading the dictionary knows better: a page
        // whose text layer was only suspect may read worse by OCR.
        Result<std::vector<PageQuality>> after = ScorePages(*layout, *out.ocr_source);
        int kept = 0;
        if (after.ok()) out.scores = *after;
        if (initial.ok() && after.ok() && options.ocr == OcrMode::kAuto) {
          for (int page : pages) {
            const auto i = static_cast<size_t>(page - 1);
            if (i >= initial->size() || i >= after->size()) continue;
            const PageQuality& text_layer = (*initial)[i];
            const PageQuality& ocr = (*after)[i];
            if (text_layer.status == PageQualityStatus::kNoText) continue;
            if (ocr.checked > 0 && ocr.unknown_share() < text_layer.unknown_share()) continue;
            out.ocr_source->pdf_pages[i] = source.pdf_pages[i];
            out.scores[i] = text_layer;
            ++kept;
          }
        }
        if (initial.ok()) out.text_layer = *initial;
        if (kept == static_cast<int>(pages.size())) {
          out.ocr_source.reset();
          layout = Layout(source);
        } else if (kept > 0) {
          layout = Layout(*out.ocr_source);
        }
        if (!layout.ok()) return layout.status();
      } else {
        out.ocr_source.reset();
      }
    }
  }
  out.layout = std::move(*layout);
  return out;
}

Result<Document> DocumentParser::ParseSource(const RawSource& source,
                                             const ParseOptions& options) const {
  Result<LaidOut> laid_out = LayOut(source, options);
  if (!laid_out.ok()) return laid_out.status();
  const RawSource& read = laid_out->ocr_source ? *laid_out->ocr_source : source;
  Document doc = ParseLines(laid_out->layout, read, options,
                            laid_out->scores.empty() ? nullptr : &laid_out->scores);
  // A page read by OCR is described by its text layer's figures (why it was
  // read again) and the verdict on the OCR text.
  for (PageText& page : doc.pages) {
    const auto i = static_cast<size_t>(page.page - 1);
    if (page.source != "ocr" || i >= laid_out->text_layer.size()) continue;
    const PageQuality& q = laid_out->text_layer[i];
    page.ocr_quality = std::move(page.quality);
    page.words = q.words;
    page.checked = q.checked;
    page.unknown = q.unknown;
    page.lost_ligatures = q.lost_ligatures;
    page.quality = std::string(ToString(q.status));
  }
  for (std::string& w : laid_out->warnings) doc.warnings.push_back({{}, std::move(w)});
  const bool has_proposal =
      std::any_of(doc.paragraphs.begin(), doc.paragraphs.end(), [](const Paragraph& p) {
        return p.decision.has_value() ||
               std::any_of(p.sections.begin(), p.sections.end(), [](const Section& s) {
                 return s.kind == SectionKind::kForslag || s.kind == SectionKind::kBeslut;
               });
      });
  // A PDF without a word to read (a scan not read by OCR, or one OCR found
  // nothing on) says so rather than that it is no protocol.
  const bool no_text = source.format == SourceFormat::kPdf &&
                       std::all_of(laid_out->layout.lines.begin(), laid_out->layout.lines.end(),
                                   [](const Line& line) { return line.blank(); });
  if (no_text && options.ocr == OcrMode::kNever) {
    return Status::InvalidInput(fmt::format(
        "{}: the PDF has no text layer (scanned?); import it without --ocr never to read it by "
        "OCR",
        source.path));
  }
  if (no_text) {
    return Status::InvalidInput(fmt::format(
        "{}: the PDF has no text, and OCR found none either (blank or unreadable pages?)",
        source.path));
  }
  if (!doc.body && !doc.date && doc.paragraphs.empty() && !has_proposal) {
    return Status::InvalidInput(fmt::format(
        "{}: not a protocol or report: no body, no date, no § paragraph and no proposal found",
        source.path));
  }
  return doc;
}

const TextQuality* DocumentParser::Quality() const {
  const Rule* rule = grammar_.Find("quality", "text-layer");
  if (rule == nullptr) return nullptr;
  std::call_once(quality_->once, [&] {
    QualityConfig config;
    config.dictionary = rule->Attr("dictionary", config.dictionary);
    config.max_unknown_share = std::stod(rule->Attr("max_unknown_share", "0.12"));
    config.min_distinct_unknown =
        rule->IntAttr("min_distinct_unknown", config.min_distinct_unknown);
    config.min_lost_ligatures = rule->IntAttr("min_lost_ligatures", config.min_lost_ligatures);
    config.min_checked_words = rule->IntAttr("min_checked_words", config.min_checked_words);
    quality_->quality = TextQuality::Open(config);
  });
  return quality_->quality.ok() ? quality_->quality->get() : nullptr;
}

const OcrEngine* DocumentParser::Ocr() const {
  std::call_once(ocr_once_, [&] {
    OcrConfig config;
    if (const Rule* rule = grammar_.Find("quality", "text-layer")) {
      config.language = rule->Attr("ocr_language", config.language);
      config.dpi = rule->IntAttr("ocr_dpi", config.dpi);
      config.min_word_confidence =
          rule->IntAttr("ocr_min_word_confidence", config.min_word_confidence);
    }
    ocr_ = OcrEngine::Open(config);
  });
  return ocr_.ok() ? ocr_->get() : nullptr;
}

Result<std::vector<PageQuality>> DocumentParser::ScorePages(const TextLayout& layout,
                                                            const RawSource& source) const {
  const Rule* rule = grammar_.Find("quality", "text-layer");
  const TextQuality* quality = Quality();
  if (rule == nullptr) return Status::NotFound("the grammar has no quality/text-layer rule");
  if (quality == nullptr) return quality_->quality.status();
  const int pages = std::max(source.pages, layout.pages);
  std::vector<std::vector<std::string_view>> lines(static_cast<size_t>(pages) + 1);
  for (const Line& line : layout.lines) {
    if (line.furniture || line.blank() || line.pos.page < 1 || line.pos.page > pages) continue;
    lines[static_cast<size_t>(line.pos.page)].push_back(line.text);
  }
  auto checkable = [rule](std::string_view word) { return Matches(*rule, word); };
  std::vector<PageQuality> out;
  out.reserve(static_cast<size_t>(pages));
  for (int page = 1; page <= pages; ++page) {
    PageQuality q = quality->Score(page, lines[static_cast<size_t>(page)], checkable);
    // A page whose few words moved to the page before (the end of a word
    // broken over the page break) has text all the same.
    const auto p = static_cast<size_t>(page - 1);
    if (q.status == PageQualityStatus::kNoText && p < source.pdf_pages.size() &&
        !source.pdf_pages[p].words.empty()) {
      q.status = PageQualityStatus::kTooLittleText;
    }
    out.push_back(q);
  }
  return out;
}

int DocumentParser::OcrPages(const std::vector<int>& pages, RawSource* source,
                             std::vector<std::string>* warnings) const {
  const OcrEngine* ocr = Ocr();
  if (ocr == nullptr) {
    warnings->push_back(fmt::format("OCR not available: {}", ocr_.status().message()));
    return 0;
  }
  if (!source->pdf_bytes) return 0;
  Result<PdfRenderer> pdf = PdfRenderer::Open(*source->pdf_bytes, source->path);
  if (!pdf.ok()) {
    warnings->push_back(fmt::format("OCR not possible: {}", pdf.status().message()));
    return 0;
  }
  int read_pages = 0;
  std::vector<int> failed;
  std::string reason;
  for (int page : pages) {
    const auto index = static_cast<size_t>(page - 1);
    if (index >= source->pdf_pages.size()) continue;
    Result<PdfPage> read = ocr->ReadPage(*pdf, source->sha256, page);
    if (!read.ok()) {
      failed.push_back(page);
      if (reason.empty()) reason = read.status().message();
      continue;
    }
    TakeNumbersFromTextLayer(source->pdf_pages[index], &*read);
    source->pdf_pages[index] = std::move(*read);
    ++read_pages;
  }
  if (!failed.empty()) {
    warnings->push_back(fmt::format("{} {}: OCR failed ({}); the text layer is used",
                                    failed.size() == 1 ? "page" : "pages", fmt::join(failed, ", "),
                                    reason));
  }
  return read_pages;
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

void DocumentParser::ScoreTextLayer(TextLayout* layout, const RawSource& source, Document* doc,
                                    const std::vector<PageQuality>* known) const {
  if (grammar_.Find("quality", "text-layer") == nullptr) return;
  Result<std::vector<PageQuality>> scores =
      known != nullptr ? Result<std::vector<PageQuality>>(*known) : ScorePages(*layout, source);
  if (!scores.ok()) {
    doc->warnings.push_back(
        {{}, fmt::format("text-layer quality not measured: {}", scores.status().message())});
    return;
  }
  const TextQuality& quality = *Quality();
  std::vector<bool> repair(scores->size() + 1, false);
  std::vector<int> garbled, empty, ocr_read, ocr_garbled, ocr_empty;
  int unknown = 0, checked = 0, ligatures = 0;
  double confidence = 0;
  for (const PageQuality& q : *scores) {
    const auto p = static_cast<size_t>(q.page - 1);
    const PdfPage* pdf = p < source.pdf_pages.size() ? &source.pdf_pages[p] : nullptr;
    PageText page;
    page.page = q.page;
    page.words = q.words;
    page.checked = q.checked;
    page.unknown = q.unknown;
    page.lost_ligatures = q.lost_ligatures;
    page.quality = std::string(ToString(q.status));
    if (pdf != nullptr && pdf->from_ocr) {
      page.source = "ocr";
      page.ocr_confidence = pdf->ocr_confidence;
      if (q.status == PageQualityStatus::kNoText) {
        ocr_empty.push_back(q.page);
      } else {
        ocr_read.push_back(q.page);
        confidence += pdf->ocr_confidence;
      }
      if (q.status == PageQualityStatus::kGarbled) ocr_garbled.push_back(q.page);
      doc->pages.push_back(std::move(page));
      continue;
    }
    doc->pages.push_back(std::move(page));
    if (q.lost_ligatures >= quality.config().min_lost_ligatures) {
      repair[static_cast<size_t>(q.page)] = true;
    }
    if (q.status == PageQualityStatus::kGarbled) {
      garbled.push_back(q.page);
      unknown += q.unknown;
      checked += q.checked;
      ligatures += q.lost_ligatures;
    } else if (q.status == PageQualityStatus::kNoText) {
      empty.push_back(q.page);
    }
  }
  // One warning per kind, naming the pages; the per-page figures are in
  // doc->pages (and the database's pages table).
  auto page_list = [](const std::vector<int>& list) {
    return fmt::format("{} {}", list.size() == 1 ? "page" : "pages", fmt::join(list, ", "));
  };
  if (!ocr_read.empty()) {
    const OcrEngine* ocr = Ocr();
    doc->warnings.push_back(
        {{ocr_read.front(), 0},
         fmt::format("{}: the text layer is garbled or missing; read by OCR ({}), mean "
                     "confidence {:.0f}",
                     page_list(ocr_read), ocr != nullptr ? ocr->Describe() : "OCR",
                     confidence / static_cast<double>(ocr_read.size()))});
  }
  if (!ocr_empty.empty()) {
    doc->warnings.push_back(
        {{ocr_empty.front(), 0},
         fmt::format("{}: no text layer, and OCR found no text either (a blank page or a picture?)",
                     page_list(ocr_empty))});
  }
  if (!ocr_garbled.empty()) {
    doc->warnings.push_back(
        {{ocr_garbled.front(), 0},
         fmt::format("{}: OCR could not read the text cleanly either; check these pages by eye",
                     page_list(ocr_garbled))});
  }
  if (!garbled.empty()) {
    doc->warnings.push_back(
        {{garbled.front(), 0},
         fmt::format("{}: the text layer looks garbled ({} of {} words unknown to the {} "
                     "dictionary, {} words with a lost ligature); OCR needed",
                     page_list(garbled), unknown, checked, quality.config().dictionary,
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
    if (page < repair.size() && repair[page] && !line.blank()) RepairLine(quality, &line);
  }
}

void DocumentParser::DateExtracts(const std::string& head_text, Document* doc) const {
  if (!doc->date) return;
  DateReader dates(grammar_);
  for (const Rule& rule : grammar_.Group("extracts")) {
    for (const RuleMatch& m : AllMatches(rule, head_text)) {
      const std::optional<Date> decided = dates.First(m.Group("date"));
      if (!decided || !(*decided < *doc->date)) continue;
      // "Protokollsutdrag SVOM …" names this document's body, if any.
      if (const std::string body = Lower(m.Group("body")); !body.empty() && doc->body) {
        if (body != Lower(doc->body->name) && body != Lower(doc->body->abbreviation.value_or(""))) {
          continue;
        }
      }
      const int number = std::atoi(m.Group("paragraph").c_str());
      for (Paragraph& p : doc->paragraphs) {
        if (p.number == number && !p.decided_on) p.decided_on = decided;
      }
    }
  }
}

Document DocumentParser::ParseLines(const TextLayout& layout, const RawSource& source,
                                    const ParseOptions& options) const {
  return ParseLines(layout, source, options, nullptr);
}

Document DocumentParser::ParseLines(const TextLayout& layout, const RawSource& raw,
                                    const ParseOptions& options,
                                    const std::vector<PageQuality>* scores) const {
  // Front matter leaves the file's bytes before they are decoded (extract/
  // knows no encodings): its keys and values are decoded here, in the
  // encoding of the whole text, and normalised as the text is.
  std::optional<RawSource> decoded;
  if (!raw.metadata.empty()) {
    std::string encoding = "UTF-8";
    if (!ToUtf8(raw.text, &encoding).ok()) encoding = "windows-1252";
    decoded = raw;
    decoded->metadata.clear();
    for (const auto& [key, value] : raw.metadata) {
      decoded->metadata[NormalizeText(ToUtf8From(key, encoding))] =
          NormalizeText(ToUtf8From(value, encoding));
    }
  }
  const RawSource& source = decoded ? *decoded : raw;
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
    ScoreTextLayer(&repaired, source, &doc, scores);
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
  // A tjänsteskrivelse only proposes: its follow-ups come with the decision.
  FollowUpReader followups(grammar_);
  for (Paragraph& p : doc.paragraphs) {
    if (doc.kind != DocumentKind::kTjansteskrivelse) {
      followups.Read(doc.date, doc.body ? std::optional<std::string>(doc.body->name) : std::nullopt,
                     &p);
    }
    followups.ReadCues(&p);
    followups.ReadActivities(doc.date, &p);
  }
  std::string head_text;
  SourcePos head_pos;
  for (size_t i = 0; i < head_end && i < index.size(); ++i) {
    if (index.furniture(i)) continue;
    if (head_pos.page == 0 && head_pos.line == 0) head_pos = index[i].pos;
    head_text += index[i].text;
    head_text += '\n';
  }
  DateExtracts(head_text, &doc);
  // Action plans before the first § (a kallelse's underlag): follow-ups of
  // the document itself.
  if (doc.kind != DocumentKind::kTjansteskrivelse) {
    followups.ReadActionPlanText(doc.date, head_text, head_pos, &doc.followups);
    for (FollowUp& f : doc.followups) followups.Derive(&f);
  }
  return doc;
}

}  // namespace paragraf
