// Whole-document behaviour from data: every corpus document parses to its
// hand-checked expected JSON (corpus/expected/<name>.json), and no page
// furniture survives in any paragraph text.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/document_json.h"
#include "corpus_grammar.h"
#include "parse/parser.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> CorpusDocuments() {
  std::vector<fs::path> docs;
  for (const auto& e : fs::directory_iterator("corpus/documents")) {
    const auto ext = e.path().extension();
    if (ext == ".txt" || ext == ".md" || ext == ".pdf") docs.push_back(e.path());
  }
  std::sort(docs.begin(), docs.end());
  return docs;
}

Document Parse(const fs::path& path) {
  DocumentParser parser(TheGrammar());
  auto doc = parser.ParseFile(path, {});
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(*doc) : Document{};
}

// One line per difference: "replace /paragraphs/0/title: expected "…", got "…"".
std::string ReadableDiff(const nlohmann::json& expected, const nlohmann::json& actual) {
  std::ostringstream out;
  int shown = 0;
  for (const auto& op : nlohmann::json::diff(expected, actual)) {
    if (++shown > 25) {
      out << "  … more differences\n";
      break;
    }
    const std::string path = op["path"];
    out << "  " << op["op"].get<std::string>() << " " << path;
    if (op["op"] != "add") {
      std::string was = expected.at(nlohmann::json::json_pointer(path)).dump();
      if (was.size() > 160) was = was.substr(0, 160) + "…";
      out << ": expected " << was;
    }
    if (op.contains("value")) {
      std::string now = op["value"].dump();
      if (now.size() > 160) now = now.substr(0, 160) + "…";
      out << ", got " << now;
    }
    out << "\n";
  }
  return out.str();
}

// The snapshot is the parser's whole output, reviewed when it changes; the
// annotation in corpus/expected/ is the truth it is scored against (tools/score).
TEST(Corpus, EveryDocumentMatchesItsSnapshot) {
  const auto docs = CorpusDocuments();
  ASSERT_GE(docs.size(), 9u);
  for (const auto& path : docs) {
    SCOPED_TRACE(path.string());
    const fs::path expected_path = "corpus/snapshots/" + path.stem().string() + ".json";
    std::ifstream in(expected_path);
    ASSERT_TRUE(in) << "no snapshot " << expected_path
                    << " (write one with tools/regen-snapshots and read it)";
    const nlohmann::json expected = nlohmann::json::parse(in);
    const nlohmann::json actual = nlohmann::json::parse(ToJson(Parse(path)).dump());
    EXPECT_TRUE(expected == actual) << path << " differs from " << expected_path << ":\n"
                                    << ReadableDiff(expected, actual)
                                    << "(tools/regen-snapshots rewrites it: review the diff; "
                                       "corpus/expected is the annotation)";
  }
}

TEST(Corpus, NoFooterLineInAnyParagraphText) {
  const std::regex furniture(
      "Justerandes sign|Utdragsbestyrkande|Justerare:|Rätt utdraget intygar|"
      "SAMMANTRÄDESPROTOKOLL|JÖNKÖPINGS KOMMUN|Protokoll nr \\d+|"
      "Protokoll från delregional nämnd|intentionally omitted|BankID refno|"
      "(^|\\n)\\d{1,3} \\(\\d{1,3}\\)(\\n|$)|(^|\\n)Sammanträdesdatum:? \\d");
  for (const auto& path : CorpusDocuments()) {
    const Document doc = Parse(path);
    for (const Paragraph& p : doc.paragraphs) {
      for (const Section& s : p.sections) {
        std::smatch m;
        const std::string all = s.heading + "\n" + s.text;
        EXPECT_FALSE(std::regex_search(all, m, furniture))
            << path << " § " << p.number.value_or(0) << " " << ToString(s.kind) << ": '" << m.str()
            << "'";
      }
    }
  }
}

TEST(Corpus, Seed000IsTheSvomExtractOfParagraph25) {
  const Document doc = Parse("corpus/documents/seed-000-svom-protokollsutdrag.txt");
  EXPECT_EQ(doc.kind, DocumentKind::kProtokollsutdrag);
  ASSERT_TRUE(doc.body);
  EXPECT_EQ(doc.body->abbreviation, "SVOM");
  EXPECT_FALSE(doc.date) << "the seed has no date: it must stay unknown";
  ASSERT_EQ(doc.paragraphs.size(), 1u);
  EXPECT_EQ(doc.paragraphs[0].number, 25);
  EXPECT_EQ(doc.paragraphs[0].title, "God och nära vård");
  std::vector<SectionKind> kinds;
  for (const auto& s : doc.paragraphs[0].sections) kinds.push_back(s.kind);
  EXPECT_EQ(kinds, (std::vector<SectionKind>{SectionKind::kSammanfattning, SectionKind::kBakgrund,
                                             SectionKind::kArendet, SectionKind::kForslag,
                                             SectionKind::kBeslut, SectionKind::kBeslutsunderlag,
                                             SectionKind::kJustering}));
  ASSERT_TRUE(doc.paragraphs[0].decision);
  ASSERT_EQ(doc.paragraphs[0].decision->points.size(), 1u);
  EXPECT_EQ(doc.paragraphs[0].decision->points[0].rfind("Ställer sig bakom att Gemensam plan", 0),
            0u);
}

TEST(Corpus, Seed001HasAgendaOneToSeventeenAndParagraph9WithYrkanden) {
  const Document doc = Parse("corpus/documents/seed-001-svom-kallelse-2021-10-08.txt");
  EXPECT_EQ(doc.kind, DocumentKind::kKallelse);
  ASSERT_TRUE(doc.date);
  EXPECT_EQ(FormatIsoDate(*doc.date), "2021-10-08");
  EXPECT_EQ(doc.meeting.start, "13:00");
  EXPECT_EQ(doc.meeting.end, "16:30");
  EXPECT_EQ(doc.meeting.place, "Teams");
  ASSERT_EQ(doc.agenda.size(), 17u);
  for (size_t i = 0; i < doc.agenda.size(); ++i) EXPECT_EQ(doc.agenda[i].number, int(i + 1));
  EXPECT_EQ(doc.agenda[0].title, "Mötet öppnas");
  EXPECT_EQ(doc.agenda[4].title, "God och nära vård");
  EXPECT_EQ(doc.agenda[4].presenters,
            (std::vector<std::string>{"Veronica Molander", "Maria Höög"}));
  EXPECT_EQ(doc.agenda[4].time, "13:05");
  EXPECT_EQ(doc.agenda[12].title, "Mötetider SVOM 2022");
  EXPECT_EQ(doc.agenda[16].time, "16:30");
  ASSERT_EQ(doc.paragraphs.size(), 1u);
  const Paragraph& p = doc.paragraphs[0];
  EXPECT_EQ(p.number, 9);
  EXPECT_EQ(p.title, "God och nära vård – rättelse av beslut från den 6 november 2020, § 46");
  auto yrkanden = std::find_if(p.sections.begin(), p.sections.end(),
                               [](const Section& s) { return s.kind == SectionKind::kYrkanden; });
  ASSERT_NE(yrkanden, p.sections.end());
  EXPECT_NE(yrkanden->text.find("Daniel Avastsson (S) yrkar tillägg"), std::string::npos);
  ASSERT_TRUE(p.decision);
  EXPECT_EQ(p.decision->points.size(), 4u);
  EXPECT_EQ(p.decision->points[3], "Hemsjukvårdsavtalet förlängs ett år till och med 2021-12-31.");
  // Sub-bullets that also stand in the proposal are content, not running headers.
  EXPECT_NE(p.decision->points[2].find("- vilka frågor finns att särskilt beakta/processa"),
            std::string::npos);
  // The attached uppdragsbeskrivning after "Paragrafen är justerad" is not § 9's text.
  for (const auto& s : p.sections) {
    EXPECT_EQ(s.text.find("SamReKo – hälso- och sjukvård, skola och IFO är en gemensam"),
              std::string::npos);
  }
}

TEST(Corpus, Seed001Paragraph9HasTwoMotionsAcklamationAndTheOutcome) {
  const Document doc = Parse("corpus/documents/seed-001-svom-kallelse-2021-10-08.txt");
  ASSERT_EQ(doc.paragraphs.size(), 1u);
  const Paragraph& p = doc.paragraphs[0];
  ASSERT_EQ(p.motions.size(), 2u);
  EXPECT_EQ(p.motions[0].number, 1);
  ASSERT_EQ(p.motions[0].by.size(), 1u);
  EXPECT_EQ(p.motions[0].by[0].name, "Tom Silverklo");
  EXPECT_EQ(p.motions[0].by[0].party, "C");
  EXPECT_EQ(p.motions[0].kind, MotionKind::kBifall);
  EXPECT_EQ(p.motions[1].number, 2);
  ASSERT_EQ(p.motions[1].by.size(), 1u);
  // Written "Avastsson" in the yrkanden, listed "Arvastsson" among members.
  EXPECT_EQ(p.motions[1].by[0].name, "Daniel Arvastsson");
  EXPECT_EQ(p.motions[1].by[0].written, "Daniel Avastsson");
  EXPECT_EQ(p.motions[1].kind, MotionKind::kTillagg);
  // The quoted wording of each motion is part of it.
  EXPECT_NE(p.motions[1].text.find("UTIFRÅN SITT ANSVARSOMRÅDE"), std::string::npos);
  ASSERT_EQ(p.propositions.size(), 2u);
  for (const auto& prop : p.propositions) {
    EXPECT_EQ(prop.method, PropositionMethod::kAcklamation);
  }
  EXPECT_EQ(p.propositions.back().outcome, "förslag 1");
  ASSERT_TRUE(p.decision);
  EXPECT_EQ(p.decision->verb, "rekommenderar");
  EXPECT_EQ(p.decision->points.size(), 4u);
}

TEST(Corpus, JusteringAnslagAndTheAppealDeadlineFromTheCover) {
  const Document doc =
      Parse("corpus/documents/jonkoping-barn-och-utbildningsnamnden-2016-05-17.md");
  ASSERT_TRUE(doc.meeting.justering_date);
  EXPECT_EQ(FormatIsoDate(*doc.meeting.justering_date), "2016-05-20");
  ASSERT_TRUE(doc.meeting.anslag.posted);
  EXPECT_EQ(FormatIsoDate(*doc.meeting.anslag.posted), "2016-05-23");
  ASSERT_TRUE(doc.meeting.anslag.removed);
  EXPECT_EQ(FormatIsoDate(*doc.meeting.anslag.removed), "2016-06-14");
  // Three weeks from the anslag (kommunallagen 13 kap. 5 §).
  ASSERT_TRUE(doc.meeting.appeal_deadline);
  EXPECT_EQ(FormatIsoDate(*doc.meeting.appeal_deadline), "2016-06-13");
  // A box of labels | values in two cells: the second dated label, the second date.
  const Document y2019 =
      Parse("corpus/documents/jonkoping-barn-och-utbildningsnamnden-2019-06-11.md");
  ASSERT_TRUE(y2019.meeting.anslag.posted);
  EXPECT_EQ(FormatIsoDate(*y2019.meeting.anslag.posted), "2019-06-20");
  // Finland publishes on the web; no Swedish appeal deadline is made up.
  const Document finnish = Parse("corpus/documents/nykarleby-valfardsnamnden_2022-09-15.pdf");
  ASSERT_TRUE(finnish.meeting.anslag.posted);
  EXPECT_EQ(FormatIsoDate(*finnish.meeting.anslag.posted), "2022-09-22");
  EXPECT_FALSE(finnish.meeting.appeal_deadline);
}

TEST(Corpus, GeneratedVotesHaveCountsNamesAndWhatJaMeant) {
  const Document kf = Parse("corpus/documents/gen-kf-solvik-2024-06-17.pdf");
  auto p90 = std::find_if(kf.paragraphs.begin(), kf.paragraphs.end(),
                          [](const Paragraph& p) { return p.number == 90; });
  ASSERT_NE(p90, kf.paragraphs.end());
  ASSERT_EQ(p90->votes.size(), 1u);
  const Vote& v = p90->votes[0];
  EXPECT_EQ(v.yes, 16);
  EXPECT_EQ(v.no, 9);
  EXPECT_EQ(v.abstain, 6);
  EXPECT_EQ(v.outcome, "ja");
  EXPECT_EQ(v.yes_means, "kommunstyrelsens förslag");
  EXPECT_EQ(v.no_means, "M, KD och L:s förslag");
  ASSERT_EQ(v.named.size(), 31u);  // the voting list, read by column
  int ja = 0;
  for (const auto& n : v.named) ja += n.vote == "ja" ? 1 : 0;
  EXPECT_EQ(ja, 16);
  ASSERT_GE(p90->motions.size(), 1u);
  EXPECT_EQ(p90->motions[0].by.size(), 4u);  // "med instämmande av" three more
}

TEST(Corpus, Seed002IsDrnSodraParagraph36) {
  const Document doc = Parse("corpus/documents/seed-002-drn-sodra-2024-05-16.txt");
  ASSERT_TRUE(doc.body);
  EXPECT_EQ(doc.body->name, "Delregional nämnd södra");
  EXPECT_EQ(doc.body->abbreviation, "DRN södra");
  EXPECT_EQ(FormatIsoDate(doc.date.value()), "2024-05-16");
  ASSERT_EQ(doc.paragraphs.size(), 1u);
  EXPECT_EQ(doc.paragraphs[0].number, 36);
  EXPECT_EQ(doc.paragraphs[0].title, "Fokusområde God och nära vård");
  EXPECT_EQ(doc.paragraphs[0].case_numbers, std::vector<std::string>{"DRNS 2024-00052"});
  ASSERT_TRUE(doc.paragraphs[0].decision);
  EXPECT_EQ(doc.paragraphs[0].decision->points,
            std::vector<std::string>{"Delregional nämnd södra beslutar om fokusområde God och "
                                     "nära vård för nämndens kommande dialoger."});
  // The page break inside the summary joins up without its header and footer.
  const auto& summary = doc.paragraphs[0].sections[1];
  EXPECT_EQ(summary.kind, SectionKind::kSammanfattning);
  EXPECT_NE(summary.text.find("Det centrala är den personcentrerade\n\nvården som utgår"),
            std::string::npos);
}

TEST(Corpus, Seeds003And004AreTjansteskrivelserWithProposals) {
  const Document hsn = Parse("corpus/documents/seed-003-hsn-tjansteskrivelse.txt");
  EXPECT_EQ(hsn.kind, DocumentKind::kTjansteskrivelse);
  EXPECT_EQ(hsn.body->abbreviation, "HSN");
  EXPECT_EQ(FormatIsoDate(hsn.date.value()), "2023-03-27");
  EXPECT_FALSE(hsn.meeting.date) << "a report's date is not a meeting date";
  ASSERT_EQ(hsn.paragraphs.size(), 1u);
  EXPECT_FALSE(hsn.paragraphs[0].number);
  EXPECT_EQ(hsn.paragraphs[0].title, "Målbild för god och nära vård");
  EXPECT_EQ(hsn.paragraphs[0].case_numbers, std::vector<std::string>{"HSN/442/2023"});
  ASSERT_TRUE(hsn.paragraphs[0].decision);
  EXPECT_EQ(hsn.paragraphs[0].decision->points.size(), 2u);

  const Document rs = Parse("corpus/documents/seed-004-rs-tjansteskrivelse.txt");
  EXPECT_EQ(rs.kind, DocumentKind::kTjansteskrivelse);
  EXPECT_EQ(rs.body->abbreviation, "RS");
  EXPECT_EQ(rs.paragraphs.at(0).case_numbers, std::vector<std::string>{"RS/195/2020"});
  ASSERT_TRUE(rs.paragraphs[0].decision);
  ASSERT_EQ(rs.paragraphs[0].decision->points.size(), 2u);
  EXPECT_EQ(rs.paragraphs[0].decision->points[1].rfind("Regiondirektören får i uppdrag att", 0),
            0u);
}

TEST(Corpus, RepeatedContentLinesAreNotTakenForRunningHeaders) {
  const Document ks = Parse("corpus/documents/goteborg-ks_2024-04-10.txt");
  const auto p321 = std::find_if(ks.paragraphs.begin(), ks.paragraphs.end(),
                                 [](const Paragraph& p) { return p.number == 321; });
  ASSERT_NE(p321, ks.paragraphs.end());
  ASSERT_TRUE(p321->decision);
  EXPECT_EQ(p321->decision->text, "Antecknas.");
  const Document bun =
      Parse("corpus/documents/jonkoping-barn-och-utbildningsnamnden-2019-06-11.md");
  int yrkanden = 0;
  for (const auto& p : bun.paragraphs) {
    for (const auto& s : p.sections) {
      if (s.kind == SectionKind::kYrkanden &&
          s.text.rfind("Ordförande Anna Carlsson (S) yrkar bifall", 0) == 0) {
        ++yrkanden;
      }
    }
  }
  EXPECT_GE(yrkanden, 5);
}

TEST(Corpus, RealProtocolsHaveEveryParagraph) {
  struct Want {
    const char* file;
    int first;
    int last;
    const char* body;
  };
  for (const Want& w : {Want{"goteborg-ks_2024-04-10.txt", 271, 323, "Kommunstyrelsen"},
                        Want{"jonkoping-barn-och-utbildningsnamnden-2016-05-17.md", 52, 59,
                             "Barn- och utbildningsnämnden"},
                        Want{"jonkoping-barn-och-utbildningsnamnden-2019-06-11.md", 72, 90,
                             "Barn- och utbildningsnämnden"},
                        Want{"jonkoping-barn-och-utbildningsnamnden-2024-01-30.md", 1, 13,
                             "Barn- och utbildningsnämnden"}}) {
    SCOPED_TRACE(w.file);
    const Document doc = Parse(std::string("corpus/documents/") + w.file);
    EXPECT_EQ(doc.kind, DocumentKind::kProtokoll);
    EXPECT_EQ(doc.body->name, w.body);
    ASSERT_EQ(doc.paragraphs.size(), static_cast<size_t>(w.last - w.first + 1));
    for (int n = w.first; n <= w.last; ++n) {
      EXPECT_EQ(doc.paragraphs[static_cast<size_t>(n - w.first)].number, n);
      EXPECT_FALSE(doc.paragraphs[static_cast<size_t>(n - w.first)].title.empty()) << "§ " << n;
    }
  }
}

}  // namespace
}  // namespace paragraf
