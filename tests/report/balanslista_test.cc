#include "report/balanslista.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/date.h"
#include "normalize/normalize.h"

namespace paragraf {
namespace {

Date D(std::string_view iso) { return ParseIsoDate(iso).value(); }

constexpr std::string_view kScriptTitle = R"(<script>alert("x")</script> & "citat")";
constexpr std::string_view kScriptTitleEscaped =
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;citat&quot;";

// A balanslista as Sociala vård- och omsorgsgruppen and a kommunfullmäktige
// would report it on 2022-09-01. In report order: bordlagt (F), motion (D),
// rekommendation (A), uppdrag (B due 2022-06-30, then C), återremiss (E).
Balanslista Sample() {
  Balanslista list;
  list.as_of = D("2022-09-01");

  BalanslistaItem a;  // a recommendation waiting for each huvudman's decision
  a.id = "SVOM-2021-10-08-9-1";
  a.kind = "rekommendation";
  a.status = "open";
  a.body = "Sociala vård- och omsorgsgruppen";
  a.body_abbreviation = "SVOM";
  a.origin_date = D("2021-10-08");
  a.paragraph = 9;
  a.title = "Gemensam plan för primärvårdsnivå";
  a.case_numbers = {"SVOM 2021/12"};
  a.assignee = "Region Jämtland Härjedalen";
  a.task = "besluta om den gemensamma planen i egen nämnd";
  a.age_days = 328;
  a.evidence = "SVOM rekommenderar huvudmännen att besluta om planen.";

  BalanslistaItem b;  // an uppdrag past its deadline
  b.id = "SVOM-2022-02-11-4-1";
  b.kind = "uppdrag";
  b.status = "overdue";
  b.body = "Sociala vård- och omsorgsgruppen";
  b.body_abbreviation = "SVOM";
  b.origin_date = D("2022-02-11");
  b.paragraph = 4;
  b.title = "Handlingsplan för hemsjukvård";
  b.case_numbers = {"SVOM 2022/3"};
  b.assignee = "Östersunds kommun";
  b.task = "ta fram en handlingsplan för hemsjukvård | rehabilitering";
  b.due = D("2022-06-30");
  b.due_text = "senast 2022-06-30";
  b.age_days = 202;
  b.history = {"2022-05-13 SVOM § 20 Lägesrapport (förslag: samma dnr)"};

  BalanslistaItem c;  // an uppdrag still in time
  c.id = "SVOM-2022-05-13-21-1";
  c.kind = "uppdrag";
  c.status = "open";
  c.body = "Sociala vård- och omsorgsgruppen";
  c.body_abbreviation = "SVOM";
  c.origin_date = D("2022-05-13");
  c.paragraph = 21;
  c.title = "Kostnader för hjälpmedel";
  c.case_numbers = {"SVOM 2022/9"};
  c.assignee = "Åre kommun";
  c.task = "redovisa kostnaderna";
  c.due = D("2022-12-31");
  c.due_text = "till nämndens sammanträde i december";
  c.age_days = 111;

  BalanslistaItem d;  // a motion older than a year, with a hostile title
  d.id = "KF-2021-03-22-45-1";
  d.kind = "motion";
  d.status = "open";
  d.body = "Kommunfullmäktige";
  d.body_abbreviation = "KF";
  d.origin_date = D("2021-03-22");
  d.paragraph = 45;
  d.title = std::string(kScriptTitle);
  d.case_numbers = {"KS 2021/88", "KS 2021/90"};
  d.assignee = "kommunstyrelsen";
  d.task = "besvara motionen; senast inom ett år";
  d.due_text = "inom ett år";
  d.age_days = 528;
  d.history = {"2021-09-13 KS § 101 Remiss till förvaltningen",
               R"(2022-02-01 Svar "utkast"; inte klart)"};
  d.note = "Påminnelse skickad";

  BalanslistaItem e;  // an återremiss with no assignee named
  e.id = "KF-2022-06-20-77-1";
  e.kind = "aterremiss";
  e.status = "open";
  e.body = "Kommunfullmäktige";
  e.body_abbreviation = "KF";
  e.origin_date = D("2022-06-20");
  e.paragraph = 77;
  e.title = "Detaljplan för Ängsvägen";
  e.case_numbers = {"KS 2022/140"};
  e.task = "utreda trafikfrågan";
  e.age_days = 73;

  BalanslistaItem f;  // a bordläggning already answered
  f.id = "KF-2022-08-15-90-1";
  f.kind = "bordlaggning";
  f.status = "answered";
  f.body = "Kommunfullmäktige";
  f.body_abbreviation = "KF";
  f.origin_date = D("2022-08-15");
  f.paragraph = 90;
  f.title = "Taxa för färdtjänst";
  f.case_numbers = {"KS 2022/155"};
  f.task = "återkomma vid nästa sammanträde";
  f.age_days = 17;

  // Deliberately not in report order.
  list.items = {a, b, c, d, e, f};
  return list;
}

std::string Render(const Balanslista& list, ReportFormat format) {
  Result<std::string> out = RenderBalanslista(list, format);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : std::string();
}

size_t Count(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// Positions of `needles` in `text`, npos for a missing one.
std::vector<size_t> Positions(std::string_view text, const std::vector<std::string>& needles) {
  std::vector<size_t> at;
  at.reserve(needles.size());
  for (const std::string& needle : needles) at.push_back(text.find(needle));
  return at;
}

void ExpectInOrder(std::string_view text, const std::vector<std::string>& needles) {
  const std::vector<size_t> at = Positions(text, needles);
  for (size_t i = 0; i < at.size(); ++i) {
    ASSERT_NE(at[i], std::string_view::npos) << needles[i];
    if (i > 0) {
      EXPECT_LT(at[i - 1], at[i]) << needles[i - 1] << " before " << needles[i];
    }
  }
}

// ---- Labels and formats -----------------------------------------------------

TEST(BalanslistaDates, AreWrittenAsFourTwoTwoDigits) {
  EXPECT_EQ(FormatIsoDate(D("2024-05-16")), "2024-05-16");
  EXPECT_EQ(FormatIsoDate(D("1999-12-31")), "1999-12-31");
  EXPECT_EQ(FormatIsoDate(D("0987-01-02")), "0987-01-02");
  EXPECT_EQ(FormatIsoDate(D("0005-10-09")), "0005-10-09");
  // Years outside 0-9999 as "{:04}" writes them.
  const Date far{std::chrono::year(12345), std::chrono::month(3), std::chrono::day(4)};
  EXPECT_EQ(FormatIsoDate(far), "12345-03-04");
  const Date before{std::chrono::year(-44), std::chrono::month(3), std::chrono::day(15)};
  EXPECT_EQ(FormatIsoDate(before), "-044-03-15");
}

TEST(BalanslistaLabels, KindLabelsAreSwedish) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"uppdrag", "Uppdrag"},
      {"remiss", "Remiss"},
      {"aterremiss", "Återremiss"},
      {"bordlaggning", "Bordlagt"},
      {"rekommendation", "Rekommendation"},
      {"forlangning", "Förlängning"},
      {"motion", "Motion"},
      {"medborgarforslag", "Medborgarförslag"},
      {"aktivitet", "Aktivitet i handlingsplan"},
      {"okänd", "okänd"},  // unknown kinds pass through
  };
  for (const auto& [kind, label] : cases) EXPECT_EQ(KindLabel(kind), label) << kind;
}

TEST(BalanslistaLabels, StatusLabelsAreSwedish) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"open", "Öppen"},      {"overdue", "Försenad"},  {"answered", "Besvarad"},
      {"closed", "Avslutad"}, {"superseded", "Ersatt"}, {"pending", "pending"},
  };
  for (const auto& [status, label] : cases) EXPECT_EQ(StatusLabel(status), label) << status;
}

TEST(BalanslistaLabels, ParsesTheFiveFormatNamesOnly) {
  const std::vector<std::pair<std::string, std::optional<ReportFormat>>> cases = {
      {"html", ReportFormat::kHtml},   {"xlsx", ReportFormat::kXlsx}, {"csv", ReportFormat::kCsv},
      {"md", ReportFormat::kMarkdown}, {"json", ReportFormat::kJson}, {"HTML", std::nullopt},
      {"markdown", std::nullopt},      {"xls", std::nullopt},         {"", std::nullopt},
      {"json ", std::nullopt},
  };
  for (const auto& [name, format] : cases) EXPECT_EQ(ParseReportFormat(name), format) << name;
}

TEST(CompareSwedish, PutsAaAeOeAfterZ) {
  EXPECT_GT(CompareSwedish("Öster", "Zeta"), 0);
  EXPECT_LT(CompareSwedish("Zeta", "Åsa"), 0);
  EXPECT_LT(CompareSwedish("Åsa", "Ärla"), 0);  // byte order says the opposite
  EXPECT_LT(CompareSwedish("Ärla", "Örjan"), 0);
  EXPECT_GT(CompareSwedish("Återremiss", "Uppdrag"), 0);
  EXPECT_EQ(CompareSwedish("Örjan", "Örjan"), 0);
  EXPECT_LT(CompareSwedish("apa", "Bertil"), 0);  // case does not order before letters
}

TEST(CompareSwedish, SortsNames) {
  std::vector<std::string> names = {"Örjan", "Ärla", "Zeta", "Åsa", "anna", "Östersund", "Bo"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return CompareSwedish(a, b) < 0; });
  EXPECT_EQ(names,
            (std::vector<std::string>{"anna", "Bo", "Zeta", "Åsa", "Ärla", "Örjan", "Östersund"}));
}

TEST(CompareSwedish, GivesTheSameOrderOnEveryThread) {
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        if (CompareSwedish("Åsa", "Ärla") >= 0 || CompareSwedish("Örjan", "Zeta") <= 0) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

// ---- HTML -------------------------------------------------------------------

TEST(BalanslistaHtml, EscapesEveryDocumentText) {
  const std::string html = Render(Sample(), ReportFormat::kHtml);
  EXPECT_NE(html.find(kScriptTitleEscaped), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(R"(alert("x"))"), std::string::npos);
}

TEST(BalanslistaHtml, MarksOverdueAndYearOldItems) {
  const std::string html = Render(Sample(), ReportFormat::kHtml);
  EXPECT_NE(html.find(R"(<tr id="SVOM-2022-02-11-4-1" class="overdue">)"), std::string::npos);
  EXPECT_NE(html.find(R"(<tr id="KF-2021-03-22-45-1" class="old">)"), std::string::npos);
  EXPECT_NE(html.find(R"(<tr id="SVOM-2022-05-13-21-1">)"), std::string::npos);
  EXPECT_NE(html.find("tr.overdue td {"), std::string::npos);
  EXPECT_EQ(Count(html, "<span class=\"mark overdue\">⚠ Försenad</span>"), 1U);
  EXPECT_EQ(Count(html, "<span class=\"mark old\">⌛ Äldre än ett år</span>"), 1U);
}

TEST(BalanslistaHtml, HasTheSwedishLabelsAndSummary) {
  const std::string html = Render(Sample(), ReportFormat::kHtml);
  for (const char* label : {"<h1>Balanslista</h1>",
                            "per <time datetime=\"2022-09-01\">2022-09-01</time>",
                            "Organ: Alla organ",
                            "<th>Typ</th>",
                            "<th>Status</th>",
                            "<th>Dnr</th>",
                            "<th>Ärende</th>",
                            "<th>Ursprung</th>",
                            "<th>Ansvarig</th>",
                            "<th>Uppgift</th>",
                            "<th>Senast</th>",
                            "Ålder (dagar)</th>",
                            "<th>Händelser sedan</th>",
                            "<th>Anteckning</th>",
                            "<td>SVOM 2021-10-08 § 9</td>",
                            "<td>Region Jämtland Härjedalen</td>",
                            "<tr><td>Öppen</td><td class=\"num\">4</td></tr>",
                            "<tr><td>Uppdrag</td><td class=\"num\">2</td></tr>",
                            "KS 2021/88<br>KS 2021/90",
                            "till nämndens sammanträde i december"}) {
    EXPECT_NE(html.find(label), std::string::npos) << label;
  }
}

TEST(BalanslistaHtml, GroupsInSwedishOrderAndItemsByDueDate) {
  const std::string html = Render(Sample(), ReportFormat::kHtml);
  ExpectInOrder(html, {"<h2>Bordlagt (1)", "<h2>Motion (1)", "<h2>Rekommendation (1)",
                       "<h2>Uppdrag (2)", "<h2>Återremiss (1)"});
  ExpectInOrder(html, {"id=\"SVOM-2022-02-11-4-1\"", "id=\"SVOM-2022-05-13-21-1\""});
}

TEST(BalanslistaHtml, IsSelfContainedAndBalanced) {
  const std::string html = Render(Sample(), ReportFormat::kHtml);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  for (const char* tag : {"table", "thead", "tbody", "tr", "td", "th", "section", "ul", "li",
                          "span", "div", "time", "html", "head", "body", "style", "h1", "h2"}) {
    const std::string open = fmt::format("<{}>", tag);
    const std::string open_with_attributes = fmt::format("<{} ", tag);
    const std::string close = fmt::format("</{}>", tag);
    EXPECT_EQ(Count(html, open) + Count(html, open_with_attributes), Count(html, close)) << tag;
  }
  EXPECT_EQ(Count(html, "<table>"), 2U + 5U);  // two count tables, one per group
}

TEST(BalanslistaHtml, SaysSoWhenNothingIsOpen) {
  Balanslista empty;
  empty.as_of = D("2022-09-01");
  empty.body = "SVOM";
  const std::string html = Render(empty, ReportFormat::kHtml);
  EXPECT_NE(html.find("Inga öppna ärenden."), std::string::npos);
  EXPECT_NE(html.find("Organ: SVOM"), std::string::npos);
}

// ---- XLSX -------------------------------------------------------------------

// The bytes of `entry` in the zip file `path`, read by unzip or, without it,
// Python's zipfile.
std::string ReadZipEntry(const std::string& path, const std::string& entry) {
  const std::string command = access("/usr/bin/unzip", X_OK) == 0
                                  ? fmt::format("/usr/bin/unzip -p '{}' '{}'", path, entry)
                                  : fmt::format(
                                        "/usr/bin/python3 -c 'import sys, zipfile; "
                                        "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("
                                        "sys.argv[2]))' '{}' '{}'",
                                        path, entry);
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

// The value of `name="…"` in the XML element starting at `element`.
std::string Attribute(std::string_view element, std::string_view name) {
  const std::string key = fmt::format(" {}=\"", name);
  const size_t start = element.find(key);
  if (start == std::string_view::npos || start > element.find('>')) return "";
  const size_t value = start + key.size();
  return std::string(element.substr(value, element.find('"', value) - value));
}

// The `index`-th (0-based) element named `tag` after `from` in `xml`.
std::string_view NthElement(std::string_view xml, std::string_view from, std::string_view tag,
                            size_t index) {
  size_t at = xml.find(from);
  const std::string open = fmt::format("<{} ", tag);
  for (size_t i = 0; at != std::string_view::npos; ++i) {
    at = xml.find(open, at + 1);
    if (at == std::string_view::npos) break;
    if (i == index) return xml.substr(at, xml.find('>', at) - at + 1);
  }
  return {};
}

class BalanslistaXlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string bytes = Render(Sample(), ReportFormat::kXlsx);
    ASSERT_GT(bytes.size(), 4U);
    ASSERT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4)) << "not a zip file";
    path_ =
        (std::filesystem::temp_directory_path() / fmt::format("balanslista_test-{}.xlsx", getpid()))
            .string();
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::string Entry(const std::string& name) const { return ReadZipEntry(path_, name); }

  std::string path_;
};

TEST_F(BalanslistaXlsx, HasTheTwoSheets) {
  const std::string workbook = Entry("xl/workbook.xml");
  ExpectInOrder(workbook, {"<sheet name=\"Balanslista\"", "<sheet name=\"Sammanfattning\""});
}

TEST_F(BalanslistaXlsx, FreezesTheHeaderAndFiltersTheTable) {
  const std::string sheet = Entry("xl/worksheets/sheet1.xml");
  const size_t pane = sheet.find("<pane ");
  ASSERT_NE(pane, std::string::npos);
  const std::string_view element(sheet.data() + pane, sheet.find("/>", pane) - pane);
  EXPECT_EQ(Attribute(element, "ySplit"), "1");
  EXPECT_EQ(Attribute(element, "state"), "frozen");
  // 17 columns (A..Q), a header row and six items.
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:Q7\"/>"), std::string::npos);
}

TEST_F(BalanslistaXlsx, WritesDueDatesAsHighlightedExcelDates) {
  const std::string sheet = Entry("xl/worksheets/sheet1.xml");
  const std::string styles = Entry("xl/styles.xml");
  // Row 5 is the overdue uppdrag (after the header, bordlagt, motion and
  // rekommendation); column K is "Senast".
  const size_t cell = sheet.find("<c r=\"K5\"");
  ASSERT_NE(cell, std::string::npos);
  const std::string_view element(sheet.data() + cell, sheet.find("</c>", cell) - cell);
  EXPECT_EQ(Attribute(element, "t"), "") << "a date is a number, not a string";
  const int serial = DaysBetween(D("1899-12-30"), D("2022-06-30"));
  EXPECT_NE(element.find(fmt::format("<v>{}</v>", serial)), std::string_view::npos) << element;

  const std::string style = Attribute(element, "s");
  ASSERT_FALSE(style.empty());
  const std::string_view xf = NthElement(styles, "<cellXfs", "xf", std::stoul(style));
  ASSERT_FALSE(xf.empty());
  const std::string num_fmt_id = Attribute(xf, "numFmtId");
  EXPECT_NE(
      styles.find(fmt::format("<numFmt numFmtId=\"{}\" formatCode=\"yyyy-mm-dd\"/>", num_fmt_id)),
      std::string::npos)
      << xf;
  EXPECT_NE(Attribute(xf, "fillId"), "0") << "the overdue row is filled";

  // The in-time uppdrag below it has a date and no fill.
  const size_t plain = sheet.find("<c r=\"K6\"");
  ASSERT_NE(plain, std::string::npos);
  const std::string_view plain_xf =
      NthElement(styles, "<cellXfs", "xf",
                 std::stoul(Attribute(std::string_view(sheet.data() + plain, 40), "s")));
  EXPECT_EQ(Attribute(plain_xf, "fillId"), "0");
}

TEST_F(BalanslistaXlsx, SharedStringsHoldLabelsAndTexts) {
  const std::string strings = Entry("xl/sharedStrings.xml");
  for (const char* text : {"Id",
                           "Typ",
                           "Status",
                           "Organ",
                           "Sammanträde",
                           "Dnr",
                           "Ärende",
                           "Ansvarig",
                           "Uppgift",
                           "Senast",
                           "Tidsplan",
                           "Ålder (dagar)",
                           "Markering",
                           "Händelser sedan",
                           "Anteckning",
                           "Gemensam plan för primärvårdsnivå",
                           "Region Jämtland Härjedalen",
                           "Försenad",
                           "Äldre än ett år",
                           "Sociala vård- och omsorgsgruppen",
                           "Östersunds kommun"}) {
    EXPECT_NE(strings.find(fmt::format("<t>{}</t>", text)), std::string::npos) << text;
  }
  EXPECT_NE(strings.find("&lt;script&gt;alert("), std::string::npos);
}

TEST_F(BalanslistaXlsx, SummarySheetCountsPerStatusAndKind) {
  const std::string sheet = Entry("xl/worksheets/sheet2.xml");
  const std::string strings = Entry("xl/sharedStrings.xml");
  for (const char* text : {"Totalt", "Försenade", "Öppen", "Besvarad", "Återremiss", "Antal"}) {
    EXPECT_NE(strings.find(fmt::format("<t>{}</t>", text)), std::string::npos) << text;
  }
  EXPECT_NE(sheet.find("<v>6</v>"), std::string::npos);  // Totalt
  EXPECT_NE(sheet.find("<v>4</v>"), std::string::npos);  // Öppen
}

TEST(BalanslistaXlsxEmpty, RendersAnEmptyList) {
  Balanslista empty;
  empty.as_of = D("2022-09-01");
  Result<std::string> bytes = RenderBalanslista(empty, ReportFormat::kXlsx);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(bytes->substr(0, 2), "PK");
}

// ---- CSV --------------------------------------------------------------------

// RFC 4180 with ';': rows of fields; a row ends at CRLF outside quotes.
// Sets *error on a bare LF or CR outside quotes or a stray quote.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text, std::string* error) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field.push_back(c);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      if (field_started) *error = fmt::format("stray quote at byte {}", i);
      quoted = true;
      field_started = true;
    } else if (c == ';') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else if (c == '\r' || c == '\n') {
      *error = fmt::format("bare line break at byte {}", i);
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) *error = "unterminated quote";
  if (!row.empty() || !field.empty()) *error = "last row does not end in CRLF";
  return rows;
}

TEST(BalanslistaCsv, IsUtf8WithBomSemicolonsAndCrlf) {
  const std::string csv = Render(Sample(), ReportFormat::kCsv);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0U);
  std::string error;
  const auto rows = ParseCsv(std::string_view(csv).substr(3), &error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(rows.size(), 7U);  // a header and six items
  for (const auto& row : rows) EXPECT_EQ(row.size(), 17U);
  const std::vector<std::string> header = {
      "Id",         "Typ",      "Status",        "Organ",     "Sammanträde",
      "§",          "Dnr",      "Ärende",        "Ansvarig",  "Uppgift",
      "Senast",     "Tidsplan", "Ålder (dagar)", "Markering", "Händelser sedan",
      "Anteckning", "Underlag"};
  EXPECT_EQ(rows[0], header);
}

TEST(BalanslistaCsv, QuotesFieldsAndKeepsValues) {
  const std::string csv = Render(Sample(), ReportFormat::kCsv);
  std::string error;
  const auto rows = ParseCsv(std::string_view(csv).substr(3), &error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(rows.size(), 7U);
  // Report order: F, D, A, B, C, E.
  std::vector<std::string> ids;
  for (size_t i = 1; i < rows.size(); ++i) ids.push_back(rows[i][0]);
  EXPECT_EQ(ids, (std::vector<std::string>{"KF-2022-08-15-90-1", "KF-2021-03-22-45-1",
                                           "SVOM-2021-10-08-9-1", "SVOM-2022-02-11-4-1",
                                           "SVOM-2022-05-13-21-1", "KF-2022-06-20-77-1"}));
  const std::vector<std::string>& motion = rows[2];
  EXPECT_EQ(motion[1], "Motion");
  EXPECT_EQ(motion[2], "Öppen");
  EXPECT_EQ(motion[3], "Kommunfullmäktige");
  EXPECT_EQ(motion[4], "2021-03-22");
  EXPECT_EQ(motion[5], "45");
  EXPECT_EQ(motion[6], "KS 2021/88, KS 2021/90");
  EXPECT_EQ(motion[7], kScriptTitle);
  EXPECT_EQ(motion[9], "besvara motionen; senast inom ett år");
  EXPECT_EQ(motion[10], "");
  EXPECT_EQ(motion[11], "inom ett år");
  EXPECT_EQ(motion[12], "528");
  EXPECT_EQ(motion[13], "Äldre än ett år");
  EXPECT_EQ(motion[14],
            "2021-09-13 KS § 101 Remiss till förvaltningen\n"
            "2022-02-01 Svar \"utkast\"; inte klart");
  EXPECT_EQ(motion[15], "Påminnelse skickad");
  const std::vector<std::string>& overdue = rows[4];
  EXPECT_EQ(overdue[2], "Försenad");
  EXPECT_EQ(overdue[8], "Östersunds kommun");
  EXPECT_EQ(overdue[10], "2022-06-30");
  EXPECT_EQ(overdue[13], "Försenad");
  EXPECT_EQ(rows[6][8], "");  // the återremiss names no assignee
}

TEST(BalanslistaCsv, EmptyListIsTheHeaderAlone) {
  Balanslista empty;
  empty.as_of = D("2022-09-01");
  const std::string csv = Render(empty, ReportFormat::kCsv);
  EXPECT_EQ(Count(csv, "\r\n"), 1U);
}

// ---- JSON -------------------------------------------------------------------

TEST(BalanslistaJson, HasSummaryAndEveryField) {
  const nlohmann::json json = nlohmann::json::parse(Render(Sample(), ReportFormat::kJson));
  EXPECT_EQ(json["as_of"], "2022-09-01");
  EXPECT_TRUE(json["body"].is_null());
  const nlohmann::json& summary = json["summary"];
  EXPECT_EQ(summary["total"], 6);
  EXPECT_EQ(summary["overdue"], 1);
  EXPECT_EQ(summary["older_than_one_year"], 1);
  EXPECT_EQ(summary["by_status"], nlohmann::json({{"open", 4}, {"overdue", 1}, {"answered", 1}}));
  EXPECT_EQ(summary["by_kind"], nlohmann::json({{"bordlaggning", 1},
                                                {"motion", 1},
                                                {"rekommendation", 1},
                                                {"uppdrag", 2},
                                                {"aterremiss", 1}}));
  ASSERT_EQ(json["items"].size(), 6U);
  EXPECT_EQ(json["items"][0]["id"], "KF-2022-08-15-90-1");

  const nlohmann::json& overdue = json["items"][3];
  EXPECT_EQ(overdue["id"], "SVOM-2022-02-11-4-1");
  EXPECT_EQ(overdue["kind"], "uppdrag");
  EXPECT_EQ(overdue["kind_label"], "Uppdrag");
  EXPECT_EQ(overdue["status"], "overdue");
  EXPECT_EQ(overdue["body"], "Sociala vård- och omsorgsgruppen");
  EXPECT_EQ(overdue["body_abbreviation"], "SVOM");
  EXPECT_EQ(overdue["origin_date"], "2022-02-11");
  EXPECT_EQ(overdue["paragraph"], 4);
  EXPECT_EQ(overdue["case_numbers"], nlohmann::json({"SVOM 2022/3"}));
  EXPECT_EQ(overdue["assignee"], "Östersunds kommun");
  EXPECT_EQ(overdue["due"], "2022-06-30");
  EXPECT_EQ(overdue["due_text"], "senast 2022-06-30");
  EXPECT_EQ(overdue["age_days"], 202);
  EXPECT_EQ(overdue["overdue"], true);
  EXPECT_EQ(overdue["history"].size(), 1U);
  EXPECT_TRUE(overdue["note"].is_null());

  const nlohmann::json& recommendation = json["items"][2];
  EXPECT_EQ(recommendation["title"], "Gemensam plan för primärvårdsnivå");
  EXPECT_EQ(recommendation["assignee"], "Region Jämtland Härjedalen");
  EXPECT_TRUE(recommendation["due"].is_null());
  EXPECT_EQ(recommendation["evidence"], "SVOM rekommenderar huvudmännen att besluta om planen.");

  EXPECT_EQ(json["items"][1]["title"], kScriptTitle);
  EXPECT_EQ(json["items"][1]["older_than_one_year"], true);
  EXPECT_EQ(json["items"][1]["note"], "Påminnelse skickad");
  EXPECT_TRUE(json["items"][5]["assignee"].is_null());
}

TEST(BalanslistaJson, KeepsTheBodyFilter) {
  Balanslista list = Sample();
  list.body = "SVOM";
  const nlohmann::json json = nlohmann::json::parse(Render(list, ReportFormat::kJson));
  EXPECT_EQ(json["body"], "SVOM");
}

// ---- Markdown ---------------------------------------------------------------

TEST(BalanslistaMarkdown, GroupsInSwedishOrderWithEscapedCells) {
  const std::string md = Render(Sample(), ReportFormat::kMarkdown);
  EXPECT_EQ(md.rfind("# Balanslista per 2022-09-01\n", 0), 0U);
  EXPECT_NE(md.find("- Totalt: 6\n- Försenade: 1\n- Äldre än ett år: 1\n"), std::string::npos);
  EXPECT_NE(md.find("| Öppen | 4 |"), std::string::npos);
  ExpectInOrder(md, {"| Status | Antal |", "\n## Bordlagt\n", "\n## Motion\n",
                     "\n## Rekommendation\n", "\n## Uppdrag\n", "\n## Återremiss\n"});
  EXPECT_NE(md.find("hemsjukvård \\| rehabilitering"), std::string::npos);
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_NE(md.find("| Försenad |"), std::string::npos);
  EXPECT_NE(md.find("| Äldre än ett år |"), std::string::npos);
  // Every table row of the Uppdrag group has the same number of unescaped pipes.
  const size_t start = md.find("\n## Uppdrag\n");
  const size_t end = md.find("\n## Återremiss\n");
  std::string_view group = std::string_view(md).substr(start, end - start);
  size_t rows = 0;
  for (size_t at = group.find("\n|"); at != std::string_view::npos;
       at = group.find("\n|", at + 1)) {
    const std::string_view line = group.substr(at + 1, group.find('\n', at + 1) - at - 1);
    size_t pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
    }
    EXPECT_EQ(pipes, 13U) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 4U);  // header, rule, two items
}

}  // namespace
}  // namespace paragraf
