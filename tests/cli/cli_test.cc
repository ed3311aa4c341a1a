// The paragraf command end to end: bad input, mixed folders, re-import.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "store/store.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string output;  // stdout and stderr
};

Outcome Paragraf(const std::string& args) {
  Outcome run;
  const std::string cmd = std::string(PARAGRAF_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A parameterised test's name holds a '/': one folder, not two, so that
    // TearDown removes all of it.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = fs::temp_directory_path() / ("paragraf-cli-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string Db() const { return "--db " + db_; }

  fs::path dir_;
  std::string db_;
};

TEST_F(CliTest, EmptyFileIsRefusedByName) {
  const std::string f = Write("tom.txt", "");
  Outcome r = Paragraf(Db() + " import " + f);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("fel: " + f + ": empty file"), std::string::npos) << r.output;
}

TEST_F(CliTest, BinaryGarbageIsRefusedByName) {
  const std::string f = Write("skräp.txt", std::string("\x00\x01\x02\xff\xfe garbage", 14));
  Outcome r = Paragraf(Db() + " import " + f);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find(f + ": binary data, not a text, Markdown or PDF document"),
            std::string::npos)
      << r.output;
}

TEST_F(CliTest, MissingPathIsRefusedByName) {
  Outcome r = Paragraf(Db() + " import " + (dir_ / "finns-inte.txt").string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("finns-inte.txt: no such file"), std::string::npos) << r.output;
}

TEST_F(CliTest, TextThatIsNoProtocolIsRefused) {
  const std::string f = Write("inkop.txt", "Inköpslista\n\nmjölk, bröd och ost\n");
  Outcome r = Paragraf(Db() + " import " + f);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find(f + ": not a protocol or report"), std::string::npos) << r.output;
}

TEST_F(CliTest, FakePdfIsRefused) {
  const std::string f = Write("protokoll.pdf", "Protokoll § 1 Beslut\n");
  Outcome r = Paragraf(Db() + " import " + f);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find(f + ": not a PDF (the file does not start with %PDF-)"),
            std::string::npos)
      << r.output;
}

// Bad PDFs (tests/data/pdf, made from protocol.pdf; see its README): each
// is refused with a message naming the file, and nothing is written.
struct BadPdf {
  const char* file;
  const char* message;
};

class BadPdfTest : public CliTest, public ::testing::WithParamInterface<BadPdf> {};

TEST_P(BadPdfTest, IsRefusedByNameAndWritesNothing) {
  const std::string f = std::string(PARAGRAF_SOURCE_DIR) + "/tests/data/pdf/" + GetParam().file;
  Outcome r = Paragraf(Db() + " import " + f);
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("fel: " + f + ": " + GetParam().message), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("0 importerade, 0 oförändrade, 0 ersatta, 1 misslyckade"),
            std::string::npos)
      << r.output;
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto docs = (*store)->ListDocuments();
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->empty());
}

INSTANTIATE_TEST_SUITE_P(
    Pdf, BadPdfTest,
    ::testing::Values(
        BadPdf{"encrypted.pdf", "the PDF is encrypted with a password; save an unprotected copy"},
        BadPdf{"truncated.pdf",
               "the PDF is truncated (it does not end with %%EOF); copy or download it again"},
        BadPdf{"zero-pages.pdf", "the PDF has no pages"},
        BadPdf{"not-a-pdf.pdf", "not a PDF (the file does not start with %PDF-)"}),
    [](const ::testing::TestParamInfo<BadPdf>& param) {
      std::string name = param.param.file;
      name = name.substr(0, name.find('.'));
      for (char& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST_F(CliTest, DamagedButReadablePdfImportsWithAWarning) {
  const std::string f = std::string(PARAGRAF_SOURCE_DIR) + "/tests/data/pdf/damaged-xref.pdf";
  Outcome r = Paragraf("parse " + f + " --json");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("the PDF is damaged but readable; Poppler repaired it (xref num 13 not "
                          "found but needed, try to reconstruct)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\"title\": \"Budget 2025\""), std::string::npos) << r.output;
  r = Paragraf(Db() + " import " + f);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("1 importerade"), std::string::npos) << r.output;
}

TEST_F(CliTest, ScannedPageIsReportedAndTheRestImports) {
  // Page 2 is a blank image: OCR is tried and finds nothing; without OCR the
  // page is reported for it.
  const std::string f = std::string(PARAGRAF_SOURCE_DIR) + "/tests/data/pdf/scan-page.pdf";
  Outcome r = Paragraf("parse " + f + " --json");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("page 2: no text layer, and OCR found no text either"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\"source\": \"ocr\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"title\": \"Budget 2025\""), std::string::npos) << r.output;
  r = Paragraf("parse " + f + " --json --ocr never");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("page 2: no text layer (scanned?); OCR needed"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\"quality\": \"no_text\""), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("\"source\": \"ocr\""), std::string::npos) << r.output;
  r = Paragraf("parse " + f + " --ocr sometimes");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("--ocr"), std::string::npos) << r.output;
}

TEST_F(CliTest, GarbledPdfPagesAreKeptForOcrInTheDatabase) {
  const std::string f = std::string(PARAGRAF_SOURCE_DIR) +
                        "/corpus/documents/nykarleby-ungdomsfullmaktige_2023-05-09.pdf";
  Outcome r = Paragraf(Db() + " import --ocr never " + f);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("pages 1, 4, 5, 7, 9, 10, 11: the text layer looks garbled"),
            std::string::npos)
      << r.output;
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto pages = (*store)->PagesNeedingOcr();
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  std::vector<int> numbers;
  for (const auto& p : *pages) {
    EXPECT_EQ(p.quality, "garbled");
    numbers.push_back(p.page);
  }
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(numbers, (std::vector<int>{1, 4, 5, 7, 9, 10, 11}));  // 2, 3 and 8 read clean
  r = Paragraf(Db() + " stats");
  EXPECT_NE(r.output.find("sidor att OCR-läsa         7"), std::string::npos) << r.output;

  // Imported with OCR (the default): those pages are read from their
  // images, and none is left to OCR.
  const std::string ocr_db = "--db " + (dir_ / "ocr.db").string();
  r = Paragraf(ocr_db + " import " + f);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("the text layer is garbled or missing; read by OCR (tesseract"),
            std::string::npos)
      << r.output;
  auto ocr_store = Store::Open((dir_ / "ocr.db").string());
  ASSERT_TRUE(ocr_store.ok());
  pages = (*ocr_store)->PagesNeedingOcr();
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE(pages->empty());
  // § 20 sits on a garbled page: its title reads as the page image shows it.
  r = Paragraf(ocr_db + " show 'NKBY/342/11.01.00/2023'");
  EXPECT_NE(r.output.find("Nationella kampanjen \"Miljoner soppåsar\""), std::string::npos)
      << r.output;
}

TEST_F(CliTest, MixedFolderImportsTheGoodAndNamesTheBad) {
  std::ifstream seed(std::string(PARAGRAF_SOURCE_DIR) +
                     "/corpus/documents/seed-002-drn-sodra-2024-05-16.txt");
  std::ostringstream buffer;
  buffer << seed.rdbuf();
  const std::string protocol = buffer.str();
  ASSERT_FALSE(protocol.empty());
  Write("mapp/a-protokoll.txt", protocol);
  Write("mapp/b-tom.md", "");
  Write("mapp/c-trasig.pdf", "inte en pdf");
  Write("mapp/d-bild.png",
        "\x89"
        "PNG");  // not importable: skipped silently
  Write("mapp/under/e-lista.txt", "Att göra: handla\n");
  // Windows-1252 text: "§ 5" protocol of Socialnämnden.
  Write("mapp/f-latin.txt",
        "Socialn\xE4mnden\nSammantr\xE4"
        "desdatum 2023-02-01\n\n\xA7 5\n\nBudget\n\nBeslut\n\n"
        "Budgeten godk\xE4nns.\n");
  Outcome r = Paragraf(Db() + " import " + (dir_ / "mapp").string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("2 importerade, 0 oförändrade, 0 ersatta, 3 misslyckade (5 filer"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("b-tom.md: empty file"), std::string::npos);
  EXPECT_NE(r.output.find("c-trasig.pdf: not a PDF"), std::string::npos);
  EXPECT_NE(r.output.find("e-lista.txt: not a protocol or report"), std::string::npos);

  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->IntegrityCheck().value(), "ok");
  ParagraphQuery q;
  q.body = "Socialnämnden";
  q.number = 5;
  auto found = (*store)->FindParagraphs(q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->at(0).paragraph.title, "Budget");
}

TEST_F(CliTest, ReimportingTheCorpusChangesNothing) {
  const std::string corpus = std::string(PARAGRAF_SOURCE_DIR) + "/corpus/documents";
  Outcome first = Paragraf(Db() + " import " + corpus);
  ASSERT_EQ(first.code, 0) << first.output;
  auto before = Store::Open(db_).value()->Stats().value();
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(corpus)) files += e.is_regular_file() ? 1 : 0;
  Outcome second = Paragraf(Db() + " import " + corpus);
  EXPECT_EQ(second.code, 0) << second.output;
  // Every file unchanged, also those whose protocol has another file (a seed
  // as text and as generated PDF): the later one replaced the earlier once.
  EXPECT_NE(second.output.find(fmt::format(
                "0 importerade, {} oförändrade, 0 ersatta, 0 misslyckade ({} filer", files, files)),
            std::string::npos)
      << second.output;
  auto after = Store::Open(db_).value()->Stats().value();
  EXPECT_EQ(before.documents, after.documents);
  EXPECT_EQ(before.paragraphs, after.paragraphs);
  EXPECT_EQ(before.sections, after.sections);
}

TEST_F(CliTest, ShowFindsAParagraphByReferenceAndByCaseNumber) {
  const std::string seed =
      std::string(PARAGRAF_SOURCE_DIR) + "/corpus/documents/seed-002-drn-sodra-2024-05-16.txt";
  ASSERT_EQ(Paragraf(Db() + " import " + seed).code, 0);
  Outcome by_ref = Paragraf(Db() + " show 'DRN södra 2024-05-16 § 36'");
  EXPECT_EQ(by_ref.code, 0) << by_ref.output;
  EXPECT_NE(by_ref.output.find("Fokusområde God och nära vård"), std::string::npos);
  EXPECT_NE(by_ref.output.find("Diarienummer: DRNS 2024-00052"), std::string::npos);
  Outcome by_case = Paragraf(Db() + " show 'drns 2024-00052'");
  EXPECT_EQ(by_case.code, 0) << by_case.output;
  EXPECT_NE(by_case.output.find("DRN södra 2024-05-16 § 36"), std::string::npos) << by_case.output;
  Outcome quoted = Paragraf(Db() + " show '\"DRN södra\" 2024-05-16 § 36'");
  EXPECT_EQ(quoted.code, 0) << quoted.output;
  Outcome missing = Paragraf(Db() + " show 'DRN södra 2024-05-16 § 99'");
  EXPECT_EQ(missing.code, 4);
}

TEST_F(CliTest, ShowListsYrkandenPropositionsAndTheMatchedName) {
  const std::string f =
      std::string(PARAGRAF_SOURCE_DIR) + "/corpus/documents/seed-001-svom-kallelse-2021-10-08.txt";
  ASSERT_EQ(Paragraf(Db() + " import " + f).code, 0);
  Outcome r = Paragraf(Db() + " show 'SVOM 2021-10-08 § 9'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("Yrkanden\n  1. Tom Silverklo (C): bifall\n"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("2. Daniel Arvastsson (S) [skrivet \"Daniel Avastsson\"]: tillägg"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("Proposition: acklamation; ordföranden fann: förslag 1"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("Hänvisningar: beslut från den 6 november 2020, § 46"), std::string::npos)
      << r.output;
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Paragraf("import").code, 2);
  EXPECT_EQ(Paragraf("frobnicate").code, 2);
  EXPECT_EQ(Paragraf(Db() + " import --date 2024-13-45 x.txt").code, 2);
  Outcome help = Paragraf("import --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.output.find("Exit codes"), std::string::npos);
}

TEST_F(CliTest, ParseJsonFollowsTheContract) {
  Outcome r = Paragraf("parse --json " + std::string(PARAGRAF_SOURCE_DIR) +
                       "/corpus/documents/seed-000-svom-protokollsutdrag.txt");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\n  \"schema\": 1,", 0), 0u) << r.output.substr(0, 80);
  EXPECT_NE(r.output.find("\"number\": 25"), std::string::npos);
}

TEST_F(CliTest, SearchFindsInflectionsCompoundsAndCaseNumbers) {
  const std::string series = std::string(PARAGRAF_SOURCE_DIR) + "/corpus/followups/documents";
  Outcome r = Paragraf(Db() + " import " + series);
  ASSERT_EQ(r.code, 0) << r.output;
  // "avtal" finds the compound "hemsjukvårdsavtalet" (SVOM 2021-12-03 § 51).
  r = Paragraf(Db() + " search avtal");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("SVOM 2021-12-03 § 51  Förlängning av hemsjukvårdsavtalet"),
            std::string::npos)
      << r.output;
  // An inflected form finds the base form: "kartläggningen", "Kartläggning".
  r = Paragraf(Db() + " search kartläggningen --body Socialnämnden");
  EXPECT_NE(r.output.find("Kartläggning av hemlöshet i Östby kommun"), std::string::npos)
      << r.output;
  // A diarienummer goes straight to its paragraph.
  r = Paragraf(Db() + " search 'SN 2021/250'");
  EXPECT_NE(r.output.find("Socialnämnden 2021-11-17 § 90  Kartläggning av hemlöshet"),
            std::string::npos)
      << r.output;
  // A query FTS5 would reject gets a sentence and exit code 2.
  r = Paragraf(Db() + " search 'NOT avtal'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("NOT måste stå mellan två sökord"), std::string::npos) << r.output;
  r = Paragraf(Db() + " search '\"\"'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("inga sökord"), std::string::npos) << r.output;
  // JSON for scripts, filtered to the decision text.
  r = Paragraf(Db() + " search hemlöshet --in beslut --json");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto hits = nlohmann::json::parse(r.output.substr(r.output.find('[')));
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["body"], "Socialnämnden");
  EXPECT_TRUE(hits[0]["snippet"].get<std::string>().find("[") != std::string::npos);
}

// Every row of the tables an import writes, in row order, without the
// import time: the database as parsed content.
std::string DumpContent(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "";
  std::string out;
  for (const char* table :
       {"bodies", "paragraphs", "case_numbers", "sections", "motions", "motion_authors",
        "propositions", "votes", "reservations", "conflicts", "decisions", "followups", "cues",
        "refs", "followup_links", "pages", "search_docsize"}) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = fmt::format("SELECT * FROM {} ORDER BY rowid", table);
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) continue;
    out += fmt::format("# {}\n", table);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        out += text != nullptr ? reinterpret_cast<const char*>(text) : "∅";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT id, sha256, identity, path, kind, body_id, date, json FROM documents "
                     "ORDER BY id",
                     -1, &stmt, nullptr);
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    for (int c = 0; c < 8; ++c) {
      const unsigned char* text = sqlite3_column_text(stmt, c);
      out += text != nullptr ? reinterpret_cast<const char*>(text) : "∅";
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST_F(CliTest, ImportWithSeveralJobsWritesTheSameDatabase) {
  const std::string corpus = std::string(PARAGRAF_SOURCE_DIR) + "/corpus/";
  // Texts, Markdown and PDFs (two replaced by a later file of the same
  // meeting), 39 files.
  const std::string files = corpus + "documents " + corpus + "followups/documents";
  const std::string one = (dir_ / "one.db").string();
  const std::string three = (dir_ / "three.db").string();
  Outcome r = Paragraf("--db " + one + " import --jobs 1 " + files);
  ASSERT_EQ(r.code, 0) << r.output;
  r = Paragraf("--db " + three + " import --jobs 3 " + files);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("37 importerade, 0 oförändrade, 2 ersatta"), std::string::npos)
      << r.output;
  const std::string a = DumpContent(one);
  ASSERT_GT(a.size(), 100000u);
  EXPECT_TRUE(a == DumpContent(three)) << "the databases differ";
  // Again: every file is known by its bytes, whatever the jobs.
  r = Paragraf("--db " + three + " import -j 2 " + files);
  EXPECT_NE(r.output.find("0 importerade, 39 oförändrade"), std::string::npos) << r.output;
  EXPECT_TRUE(a == DumpContent(three));
}

TEST_F(CliTest, ExportWritesEveryDocumentAsOneLineOfJson) {
  const std::string series = std::string(PARAGRAF_SOURCE_DIR) + "/corpus/followups/documents";
  Outcome r = Paragraf(Db() + " import " + series);
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string out = (dir_ / "export.jsonl").string();
  r = Paragraf(Db() + " export --jsonl --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("14 dokument"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out + ".part"));
  std::ifstream in(out);
  std::string line;
  int lines = 0;
  bool found = false;
  while (std::getline(in, line)) {
    ++lines;
    const auto doc = nlohmann::json::parse(line);
    EXPECT_EQ(doc["paragraphs"].get<size_t>(), doc["document"]["paragraphs"].size()) << line;
    // Östby socialnämnd 2021-11-17: § 88's uppdrag due 2022-03-31.
    if (doc["date"] == "2021-11-17") {
      found = true;
      EXPECT_EQ(doc["body"], "Socialnämnden");
      EXPECT_EQ(doc["document"]["organisation"], "Östby kommun");
      bool due = false;
      for (const auto& p : doc["document"]["paragraphs"]) {
        for (const auto& f : p["followups"]) due = due || f["due"] == "2022-03-31";
      }
      EXPECT_TRUE(due);
    }
  }
  EXPECT_EQ(lines, 14);
  EXPECT_TRUE(found);
  // Without --jsonl there is no other format to choose: a usage error.
  EXPECT_EQ(Paragraf(Db() + " export").code, 2);
}

// tools/gen-corpus: the same seed gives the same files, and what it writes
// parses into protocols with decisions, follow-ups and later answers.
TEST_F(CliTest, GeneratedCorpusIsDeterministicAndParses) {
  const std::string gen = "/usr/bin/python3 " + std::string(PARAGRAF_SOURCE_DIR) +
                          "/tools/gencorpus/gen_corpus.py --docs 240 --seed 7 --out ";
  const std::string a = (dir_ / "a").string(), b = (dir_ / "b").string();
  ASSERT_EQ(std::system((gen + a + " >/dev/null").c_str()), 0);
  ASSERT_EQ(std::system((gen + b + " >/dev/null").c_str()), 0);
  ASSERT_EQ(std::system(("diff -r " + a + " " + b + " >/dev/null").c_str()), 0);
  Outcome r = Paragraf(Db() + " import " + a);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("240 importerade"), std::string::npos) << r.output;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto count = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    const int n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return n;
  };
  const int paragraphs = count("SELECT count(*) FROM paragraphs");
  EXPECT_GE(paragraphs, 240 * 6);
  // Every § has its decision and its diarienummer, as generated.
  EXPECT_EQ(count("SELECT count(*) FROM decisions"), paragraphs);
  EXPECT_EQ(count("SELECT count(DISTINCT paragraph_id) FROM case_numbers"), paragraphs);
  EXPECT_EQ(count("SELECT count(*) FROM agenda_items"), paragraphs);
  // Uppdrag and remisser, and later meetings answering some of them.
  EXPECT_GE(count("SELECT count(*) FROM followups WHERE kind = 'uppdrag'"), 100);
  EXPECT_GE(
      count("SELECT count(*) FROM followup_links WHERE kind = 'answers' AND confidence >= 0.7"),
      20);
  sqlite3_close(db);
}

TEST_F(CliTest, SearchByReferenceFindsTheDecisionAndWhatCitesIt) {
  const std::string source = std::string(PARAGRAF_SOURCE_DIR) + "/corpus/";
  Outcome r = Paragraf(Db() + " import " + source + "followups/documents " + source +
                       "documents/seed-001-svom-kallelse-2021-10-08.txt " + source +
                       "documents/goteborg-ks_2024-04-10.txt");
  ASSERT_EQ(r.code, 0) << r.output;
  // Seed-001's § 9 is the protokollsutdrag of SVOM 2021-02-26 § 9; the
  // paragraphs citing that decision follow it, the region's among them.
  r = Paragraf(Db() + " search 'SVOM 2021-02-26 § 9'");
  ASSERT_EQ(r.code, 0) << r.output;
  const size_t itself = r.output.find("SVOM 2021-10-08 § 9  God och nära vård");
  ASSERT_NE(itself, std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("(direkt träff)"), r.output.find('\n', itself) + 5) << r.output;
  EXPECT_NE(r.output.find("HSN 2022-03-24 § 31"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(hänvisar till SVOM 2021-02-26 § 9)"), std::string::npos) << r.output;
  // A number with its label, and one stored with a document suffix.
  r = Paragraf(Db() + " search 'Dnr SN 2021/250'");
  EXPECT_NE(r.output.find("Socialnämnden 2021-11-17 § 90"), std::string::npos) << r.output;
  r = Paragraf(Db() + " search SLK-2024-00218");
  EXPECT_NE(r.output.find("KS 2024-04-10 § 318"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(SLK-2024-00218:3)"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace paragraf
