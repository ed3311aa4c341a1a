// Bad input through the real `paragraf import`: one table row per kind of
// file people will feed it (empty, random, cut short, encrypted, page-less,
// huge, scanned, a web page saved as .pdf, legacy encodings, one 10 MB line,
// deep Markdown, text made to make patterns backtrack, nothing but §
// headings). Each row states its outcome: imported (perhaps with a warning
// the row names), or refused with one error line naming the file and the
// reason. Every run is bounded in time (the row's limit, checked here; the
// process is killed past it) and in memory (RLIMIT_AS of 2 GiB), and the
// database passes its integrity check afterwards.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

#ifdef PARAGRAF_SANITIZED
// ASan reserves terabytes of address space for its shadow memory, so the
// address-space limit cannot be set; peak RSS is checked instead, and the
// instrumented binary gets more time.
constexpr bool kSanitized = true;
constexpr double kSlowdown = 5;
#else
constexpr bool kSanitized = false;
constexpr double kSlowdown = 1;
#endif
constexpr rlim_t kMemoryLimit = rlim_t{2} << 30;  // 2 GiB

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- Running the binary under limits ---

struct ChildRun {
  int exit_code = -1;  // -1 when it did not exit (a signal, or killed at the limit)
  int signal = 0;      // the signal that ended it, if any
  bool timed_out = false;
  double seconds = 0;
  long max_rss_mb = 0;
  std::string output;  // stdout and stderr
};

// Runs paragraf with `args`, its stdout and stderr going to `log`, under an
// address-space limit of 2 GiB; kills it after `limit_seconds`.
ChildRun RunParagraf(const std::vector<std::string>& args, double limit_seconds,
                     const fs::path& log) {
  std::vector<std::string> argv_strings{PARAGRAF_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(argv_strings.size() + 1);
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log_path = log.string();

  ChildRun run;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return run;
  if (pid == 0) {  // the child: async-signal-safe calls only until exec
    if (!kSanitized) {
      const rlimit limit{kMemoryLimit, kMemoryLimit};
      setrlimit(RLIMIT_AS, &limit);
    }
    const int out = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || in < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = start + std::chrono::duration<double>(limit_seconds);
  int status = 0;
  rusage usage{};
  for (;;) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return run;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.max_rss_mb = usage.ru_maxrss / 1024;
  if (!run.timed_out && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  run.output = ReadFile(log);
  return run;
}

// --- Files ---

// A minimal PDF of `pages` A4 pages in Helvetica (WinAnsiEncoding, so the
// strings are Windows-1252): a protocol of Kommunstyrelsen with one § per
// page, a running header and a page-number footer. The § sits at a height
// that varies from page to page, as in real minutes (text repeated at one
// height on many pages is a running header). Written by hand so that 2 000
// pages take milliseconds to make. With `blank`, the pages are empty.
std::string ManyPagePdf(int pages, bool blank = false) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;  // offsets[n - 1]: object n
  auto object = [&](int number, const std::string& body) {
    if (offsets.size() < static_cast<size_t>(number)) offsets.resize(static_cast<size_t>(number));
    offsets[static_cast<size_t>(number) - 1] = pdf.size();
    pdf += fmt::format("{} 0 obj\n{}\nendobj\n", number, body);
  };
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += fmt::format("{} 0 R ", 5 + 2 * i);
  object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  object(2, fmt::format("<< /Type /Pages /Kids [ {}] /Count {} >>", kids, pages));
  object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  object(4,
         "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  for (int i = 0; i < pages; ++i) {
    const int n = i + 1;
    std::string text;
    auto line = [&](const char* font, int size, int y, const std::string& s) {
      if (blank) return;
      text += fmt::format("BT /{} {} Tf 57 {} Td ({}) Tj ET\n", font, size, y, s);
    };
    line("F1", 9, 810, "Kommunstyrelsen, protokoll 2024-03-12");
    int y = 760 - (n * 7 % 23) * 12;
    if (n == 1) {
      line("F2", 16, y, "Kommunstyrelsen");
      line("F1", 11, y - 24, "Protokoll");
      line("F1", 11, y - 40,
           "Sammantr\xE4"
           "desdatum 2024-03-12");
      y -= 80;
    }
    line("F2", 12, y, fmt::format("\xA7 {}", n));
    line("F2", 12, y - 18, fmt::format("Uppf\xF6ljning av verksamhetsplanen, del {}", n));
    line("F1", 11, y - 36, fmt::format("Dnr KS 2024/{}", n));
    line("F2", 11, y - 60, "Beslut");
    line("F1", 11, y - 76,
         "Kommunstyrelsen godk\xE4nner uppf\xF6ljningen och l\xE4gger den till handlingarna.");
    line("F1", 9, 40, fmt::format("Sida {} av {}", n, pages));
    object(5 + 2 * i, fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                  "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                                  "/Contents {} 0 R >>",
                                  6 + 2 * i));
    object(6 + 2 * i, fmt::format("<< /Length {} >>\nstream\n{}endstream", text.size(), text));
  }
  const size_t xref = pdf.size();
  pdf += fmt::format("xref\n0 {}\n0000000000 65535 f \n", offsets.size() + 1);
  for (size_t offset : offsets) pdf += fmt::format("{:010} 00000 n \n", offset);
  pdf += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n",
                     offsets.size() + 1, xref);
  return pdf;
}

// A short protocol of Socialnämnden (UTF-8) with § 5, whose title is
// `title`, and `extra` after its decision.
std::string Protocol(const std::string& title, const std::string& extra = "") {
  return "Socialnämnden\nProtokoll\nSammanträdesdatum 2023-02-01\n\n§ 5\n\n" + title +
         "\n\nBeslut\n\nSocialnämnden godkänner förslaget.\n\n" + extra;
}

// UTF-8 to UTF-16 with a byte order mark, little or big endian.
std::string Utf16WithBom(const std::string& utf8, bool big_endian) {
  std::u16string units;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = c;
    int extra = 0;
    if (c >= 0xF0) {
      cp = c & 0x07, extra = 3;
    } else if (c >= 0xE0) {
      cp = c & 0x0F, extra = 2;
    } else if (c >= 0xC0) {
      cp = c & 0x1F, extra = 1;
    }
    for (int k = 1; k <= extra; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += static_cast<size_t>(extra) + 1;
    if (cp >= 0x10000) {
      units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      units.push_back(static_cast<char16_t>(cp));
    }
  }
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t u : units) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
  }
  return out;
}

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

std::string Repeat(std::string_view s, size_t times) {
  std::string out;
  out.reserve(s.size() * times);
  for (size_t i = 0; i < times; ++i) out += s;
  return out;
}

// --- The table ---

enum class Expect {
  kImported,  // exit 0, one document stored; `reason` names a warning that must be shown
  kRefused,   // exit 1, one "fel: FILE: reason" line, nothing stored
};

struct BadInput {
  const char* name;  // the test's name
  const char* file;  // the file's name in the test folder ("" for `source`)
  std::function<std::string()> bytes;
  Expect expect;
  std::string reason;       // kRefused: the message after "FILE: "; kImported: a warning or ""
  double seconds;           // time limit of the import
  std::string source = "";  // an existing file to import instead of `bytes`
  std::vector<std::string> options = {};        // more arguments for `paragraf import`
  std::function<void(Store&)> check = nullptr;  // more about what was stored
};

void ExpectTitle(Store& store, int number, const std::string& title) {
  ParagraphQuery q;
  q.number = number;
  auto found = store.FindParagraphs(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1U);
  EXPECT_EQ(found->at(0).paragraph.title, title);
}

void ExpectParagraphs(Store& store, int paragraphs) {
  auto stats = store.Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->paragraphs, paragraphs);
}

std::string DataPdf(const char* name) {
  return std::string(PARAGRAF_SOURCE_DIR) + "/tests/data/pdf/" + name;
}

const std::vector<BadInput>& Rows() {
  static const auto* rows = new std::vector<BadInput>{
      {"ZeroBytes", "tom.txt", [] { return std::string(); }, Expect::kRefused, "empty file", 5},
      {"ZeroBytePdf", "tom.pdf", [] { return std::string(); }, Expect::kRefused, "empty file", 5},
      {"RandomBytes", "slump.txt", [] { return RandomBytes(1 << 20, 1); }, Expect::kRefused,
       "binary data, not a text, Markdown or PDF document", 5},
      {"RandomBytesAfterAUtf16Mark", "slump-utf16.txt",
       [] { return "\xFF\xFE" + RandomBytes(1 << 20, 4); }, Expect::kRefused,
       "binary data, not a text, Markdown or PDF document", 5},
      {"RandomBytesNamedPdf", "slump.pdf", [] { return RandomBytes(1 << 20, 2); }, Expect::kRefused,
       "not a PDF (the file does not start with %PDF-)", 5},
      {"RandomBytesAfterPdfHeader", "slump-med-huvud.pdf",
       [] { return "%PDF-1.7\n" + RandomBytes(1 << 20, 3) + "\n%%EOF\n"; }, Expect::kRefused,
       "damaged PDF, Poppler cannot open it", 10},
      {"TruncatedPdf", "", nullptr, Expect::kRefused,
       "the PDF is truncated (it does not end with %%EOF); copy or download it again", 5,
       DataPdf("truncated.pdf")},
      // Cut in half, "%%EOF" added: no trailer left, so no catalog to find.
      {"TruncatedPdfWithEof", "halv-med-eof.pdf",
       [] {
         const std::string pdf = ManyPagePdf(40);
         return pdf.substr(0, pdf.size() / 2) + "\n%%EOF\n";
       },
       Expect::kRefused, "damaged PDF, Poppler cannot open it", 10},
      // The middle fifth cut out: Poppler rebuilds the cross-reference table
      // and reads the pages that are left.
      {"PdfWithTheMiddleCutOut",
       "mitten-saknas.pdf",
       [] {
         const std::string pdf = ManyPagePdf(40);
         const size_t xref = pdf.rfind("xref");
         return pdf.substr(0, xref * 2 / 5) + "\n" + pdf.substr(xref * 3 / 5);
       },
       Expect::kImported,
       "the PDF is damaged but readable; Poppler repaired it",
       10,
       "",
       {},
       [](Store& store) {
         auto stats = store.Stats();
         ASSERT_TRUE(stats.ok());
         EXPECT_GT(stats->paragraphs, 10);  // the pages before the cut
         EXPECT_LT(stats->paragraphs, 40);
       }},
      {"EncryptedPdf", "", nullptr, Expect::kRefused,
       "the PDF is encrypted with a password; save an unprotected copy", 5,
       DataPdf("encrypted.pdf")},
      {"OwnerPasswordOnlyPdf",
       "",
       nullptr,
       Expect::kImported,
       "",
       10,
       DataPdf("owner-password.pdf"),
       {},
       [](Store& store) { ExpectTitle(store, 36, "Budget 2025"); }},
      {"PdfWithoutPages", "", nullptr, Expect::kRefused, "the PDF has no pages", 5,
       DataPdf("zero-pages.pdf")},
      {"TwoThousandPagePdf",
       "ks-2000-sidor.pdf",
       [] { return ManyPagePdf(2000); },
       Expect::kImported,
       "",
       60,
       "",
       {},
       [](Store& store) {
         ExpectParagraphs(store, 2000);
         ExpectTitle(store, 1999, "Uppföljning av verksamhetsplanen, del 1999");
         auto docs = store.ListDocuments();
         ASSERT_TRUE(docs.ok());
         ASSERT_EQ(docs->size(), 1U);
         EXPECT_EQ(docs->at(0).paragraphs, 2000);
         EXPECT_EQ(docs->at(0).kind, "protokoll");
       }},
      {"ScannedPdf",
       "",
       nullptr,
       Expect::kImported,
       "pages 1, 2: the text layer is garbled or missing; read by OCR",
       120,
       std::string(PARAGRAF_SCAN_DIR) + "/gen-seed-002-drn-sodra-2024-05-16.pdf",
       {},
       [](Store& store) {
         auto pages = store.PagesNeedingOcr();
         ASSERT_TRUE(pages.ok());
         EXPECT_TRUE(pages->empty());
         ExpectParagraphs(store, 1);
       }},
      {"ScannedPdfWithoutOcr",
       "",
       nullptr,
       Expect::kRefused,
       "the PDF has no text layer (scanned?); import it without --ocr never to read it by OCR",
       10,
       std::string(PARAGRAF_SCAN_DIR) + "/gen-seed-002-drn-sodra-2024-05-16.pdf",
       {"--ocr", "never"}},
      {"BlankPagesPdf", "tomma-sidor.pdf", [] { return ManyPagePdf(3, true); }, Expect::kRefused,
       "the PDF has no text, and OCR found none either (blank or unreadable pages?)", 60},
      {"HtmlNamedPdf", "protokoll.pdf",
       [] {
         return std::string(
             "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>Logga in</title></head>\n"
             "<body><form>Protokoll § 1</form></body></html>\n");
       },
       Expect::kRefused,
       "not a PDF but a web page (HTML); download the PDF itself, not the page that links to "
       "it",
       5},
      // Front matter is cut from the bytes before they are decoded: its
      // values were stored undecoded, and `parse --json` aborted on them.
      {"Windows1252MarkdownWithFrontMatter",
       "latin.md",
       [] {
         return std::string(
             "---\nn\xE4mnd: \"Socialn\xE4mnden \xD6stby\"\ndatum: 2023-02-01\n---\n\n"
             "## \xA7 5 Budget\n\n### Beslut\n\nBudgeten godk\xE4nns.\n");
       },
       Expect::kImported,
       "",
       5,
       "",
       {},
       [](Store& store) {
         auto docs = store.ListDocuments();
         ASSERT_TRUE(docs.ok());
         ASSERT_EQ(docs->size(), 1U);
         ASSERT_TRUE(docs->at(0).body.has_value());
         EXPECT_EQ(docs->at(0).body->name, "Socialnämnden Östby");
         ExpectTitle(store, 5, "Budget");
       }},
      {"Windows1252Text",
       "latin.txt",
       [] {
         // "Budget – “första” delen" and Swedish letters in Windows-1252.
         return std::string(
             "Socialn\xE4mnden\nProtokoll\nSammantr\xE4"
             "desdatum 2023-02-01\n\n\xA7 5\n\nBudget \x96 \x93"
             "f\xF6rsta\x94 delen\n\n"
             "Beslut\n\nSocialn\xE4mnden godk\xE4nner f\xF6rslaget.\n");
       },
       Expect::kImported,
       "",
       5,
       "",
       {},
       [](Store& store) { ExpectTitle(store, 5, "Budget – \"första\" delen"); }},
      {"Utf16LittleEndianWithBom",
       "utf16le.txt",
       [] {
         // With a character outside the BMP (a surrogate pair in UTF-16).
         return Utf16WithBom(Protocol("Årsbudget för äldreomsorgen", "Bilaga \U0001F4C4\n"), false);
       },
       Expect::kImported,
       "",
       5,
       "",
       {},
       [](Store& store) { ExpectTitle(store, 5, "Årsbudget för äldreomsorgen"); }},
      {"Utf16BigEndianWithBom",
       "utf16be.md",
       [] { return Utf16WithBom(Protocol("Årsbudget för äldreomsorgen"), true); },
       Expect::kImported,
       "",
       5,
       "",
       {},
       [](Store& store) { ExpectTitle(store, 5, "Årsbudget för äldreomsorgen"); }},
      {"TenMegabyteLine", "en-rad.txt",
       [] { return Repeat("mjölk bröd och ost ", (size_t{10} << 20) / 19 + 1); }, Expect::kRefused,
       "not a protocol or report: no body, no date, no § paragraph and no proposal found", 10},
      {"ProtocolWithTenMegabyteLine",
       "lang-rad.txt",
       [] {
         return Protocol("Budget", Repeat("Nämnden noterar att kostnaderna ökar. ", 270000) + "\n");
       },
       Expect::kImported,
       "",
       20,
       "",
       {},
       [](Store& store) { ExpectTitle(store, 5, "Budget"); }},
      {"DeeplyNestedMarkdownLists",
       "lista.md",
       [] {
         std::string list;
         for (int depth = 0; depth < 5000; ++depth) {
           list += std::string(static_cast<size_t>(depth) * 2, ' ') + "- punkt " +
                   std::to_string(depth) + "\n";
         }
         list += Repeat("> ", 20000) + Repeat("- ", 20000) + Repeat("1. ", 20000) + "djupt\n";
         list += Repeat("**", 10000) + Repeat("_", 10000) + "\n";
         return "# Socialnämnden\n\nProtokoll 2023-02-01\n\n## § 5 Budget\n\n### Beslut\n\n"
                "Socialnämnden godkänner förslaget.\n\n" +
                list;
       },
       Expect::kImported,
       "",
       10,
       "",
       {},
       [](Store& store) { ExpectParagraphs(store, 1); }},
      {"TextMadeToBacktrack", "backtrack.txt",
       [] {
         // Runs that patterns with nested or adjacent repetition choke on in
         // a backtracking engine, each on a line of its own and in a § title.
         std::string text;
         for (std::string_view unit :
              {"a", "§ ", "1.", "2024-", " ", "\t", "(", "Dnr ", "-", "Ordförande ", "yrkar ",
               "att ", "ks/", "x,", "Anna Andersson (S), ", "18:00-", ". . "}) {
           text += Repeat(unit, 80000) + "!\n\n";
         }
         return Protocol(Repeat("Budget ", 5000) + "!", text);
       },
       Expect::kImported, "", 10},
      // § numbers have at most four digits (grammars/sv/paragraphs.rules):
      // the lines from "§ 10000" on are the text of § 9999.
      {"EveryLineASectionHeading",
       "paragrafer.txt",
       [] {
         std::string text = "Socialnämnden\nProtokoll\nSammanträdesdatum 2023-02-01\n\n";
         for (int i = 1; i <= 20000; ++i) text += fmt::format("§ {} Ärende {}\n", i, i);
         return text;
       },
       Expect::kImported,
       "",
       20,
       "",
       {},
       [](Store& store) {
         ExpectParagraphs(store, 9999);
         ExpectTitle(store, 9999, "Ärende 9999");
       }},
  };
  return *rows;
}

// gtest prints a failing row by its name.
void PrintTo(const BadInput& row, std::ostream* os) { *os << row.name; }

class BadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("paragraf-robustness-{}-{}", ::getpid(), GetParam().name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_P(BadInputTest, ImportsOrIsRefusedByNameInBoundedTimeAndMemory) {
  const BadInput& row = GetParam();
  std::string file = row.source;
  if (file.empty()) {
    file = (dir_ / row.file).string();
    std::ofstream(file, std::ios::binary) << row.bytes();
  }
  ASSERT_TRUE(fs::exists(file)) << file;
  const std::string db = (dir_ / "test.db").string();
  std::vector<std::string> args{"--db", db, "import"};
  args.insert(args.end(), row.options.begin(), row.options.end());
  args.push_back(file);
  const double limit = row.seconds * kSlowdown;
  const ChildRun run = RunParagraf(args, limit, dir_ / "output.log");
  std::cout << fmt::format("[ row      ] {}: exit {} in {:.2f} s (limit {:.0f} s), max RSS {} MB\n",
                           row.name, run.exit_code, run.seconds, limit, run.max_rss_mb);

  ASSERT_FALSE(run.timed_out) << "killed after " << limit << " s\n" << run.output;
  ASSERT_EQ(run.signal, 0) << "died of signal " << run.signal << "\n" << run.output;
  EXPECT_LT(static_cast<rlim_t>(run.max_rss_mb) << 20, kMemoryLimit * (kSanitized ? 2 : 1));
  const std::string& out = run.output;
  size_t error_lines = 0;
  for (size_t at = 0; (at = out.find("fel: ", at)) != std::string::npos; ++at) ++error_lines;
  if (row.expect == Expect::kRefused) {
    EXPECT_EQ(run.exit_code, 1) << out;
    EXPECT_EQ(error_lines, 1U) << out;
    EXPECT_NE(out.find("fel: " + file + ": " + row.reason + "\n"), std::string::npos) << out;
    EXPECT_NE(out.find("0 importerade, 0 oförändrade, 0 ersatta, 1 misslyckade"), std::string::npos)
        << out;
  } else {
    EXPECT_EQ(run.exit_code, 0) << out;
    EXPECT_EQ(error_lines, 0U) << out;
    EXPECT_NE(out.find("1 importerade, 0 oförändrade, 0 ersatta, 0 misslyckade"), std::string::npos)
        << out;
    if (!row.reason.empty()) {
      EXPECT_NE(out.find("varning: " + file + ": " + row.reason), std::string::npos) << out;
    }
  }

  auto store = Store::Open(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Result<std::string> integrity = (*store)->IntegrityCheck();
  ASSERT_TRUE(integrity.ok()) << integrity.status().ToString();
  EXPECT_EQ(*integrity, "ok");
  auto docs = (*store)->ListDocuments();
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  EXPECT_EQ(docs->size(), row.expect == Expect::kImported ? 1U : 0U);
  if (row.check) row.check(**store);
}

// A file name need not be UTF-8 (an old file share's Latin-1): the
// commands that write JSON wrote it as it was, which JSON cannot hold, and
// aborted. It comes out with U+FFFD for such bytes.
TEST(NonUtf8FileName, IsWrittenAsJsonWithReplacementCharacters) {
  const fs::path dir =
      fs::temp_directory_path() / fmt::format("paragraf-latin-name-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string file = (dir / "socialn\xE4mnden.txt").string();
  std::ofstream(file, std::ios::binary) << Protocol("Budget");
  const std::string db = (dir / "test.db").string();
  const fs::path log = dir / "output.log";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"parse", file, "--json"},
        std::vector<std::string>{"--db", db, "import", file},
        std::vector<std::string>{"--db", db, "search", "budget", "--json"}}) {
    const ChildRun run = RunParagraf(args, 10 * kSlowdown, log);
    ASSERT_EQ(run.signal, 0) << args[0] << ": died of signal " << run.signal << "\n" << run.output;
    ASSERT_EQ(run.exit_code, 0) << run.output;
    if (args.back() == "--json") {
      EXPECT_NE(run.output.find("socialn\uFFFDmnden.txt"), std::string::npos) << run.output;
    }
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Import, BadInputTest, ::testing::ValuesIn(Rows()),
                         [](const ::testing::TestParamInfo<BadInput>& param) {
                           return std::string(param.param.name);
                         });

}  // namespace
}  // namespace paragraf
