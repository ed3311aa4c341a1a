// Tests for the SQLite store: import identity (unchanged / replaced),
// transactional failure, notes surviving replacement, lookups, and the
// errors Open() gives for files it cannot use.
#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

#include "core/document_json.h"
#include "store/keys.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

constexpr char kShaA[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
constexpr char kShaB[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

Date May16() { return *MakeDate(2024, 5, 16); }

// Minutes of Delregional nämnd södra 2024-05-16 with § 36 and § 37, built by
// hand so the test does not depend on the parser.
Document MakeProtokoll(const std::string& sha256) {
  Document doc;
  doc.source = SourceInfo{"protokoll/drn-sodra-2024-05-16.pdf", sha256, "pdf", 12};
  doc.kind = DocumentKind::kProtokoll;
  doc.body = Body{"Delregional nämnd södra", "DRN södra"};
  doc.date = May16();

  doc.meeting.date = May16();
  doc.meeting.start = "13:00";
  doc.meeting.end = "16:30";
  doc.meeting.place = "Kommunhuset, Vänersborg";
  doc.meeting.chair = "Anna Andersson";
  doc.meeting.secretary = "Bo Berg";
  doc.meeting.justerare = {"Cecilia Carlsson"};
  doc.meeting.justering_date = MakeDate(2024, 5, 20);
  doc.meeting.anslag.posted = MakeDate(2024, 5, 21);
  doc.meeting.appeal_deadline = MakeDate(2024, 6, 11);
  doc.meeting.attendance = {
      Attendee{"Anna Andersson", "S", "ordforande", std::nullopt, std::nullopt, std::nullopt,
               SourcePos{1, 10}},
      Attendee{"Cecilia Carlsson", "M", "ledamot", std::nullopt, "§§ 30-42", std::nullopt,
               SourcePos{1, 11}},
  };
  doc.agenda = {
      AgendaItem{36, "Fokusområde God och nära vård", {"Dana Dahl"}, "13:05", 4, SourcePos{2, 3}}};

  Paragraph p36;
  p36.number = 36;
  p36.title = "Fokusområde God och nära vård";
  p36.case_numbers = {"DRNS 2024-00052"};
  p36.pos = SourcePos{4, 17};
  p36.sections = {
      Section{SectionKind::kSammanfattning, "Sammanfattning", "Nämnden informeras.", {4, 19}},
      Section{SectionKind::kBeslut, "Beslut", "Informationen noteras.", {4, 30}},
  };
  auto person = [](const char* name, const char* party) {
    PersonRef p;
    p.name = name;
    p.party = party;
    return p;
  };
  Motion motion;
  motion.by = {person("Cecilia Carlsson", "M")};
  motion.kind = MotionKind::kBifall;
  motion.text = "Cecilia Carlsson (M) yrkar bifall.";
  motion.pos = {4, 25};
  p36.motions = {motion};
  Proposition proposition;
  proposition.text = "Ordföranden ställer proposition.";
  proposition.pos = {4, 27};
  p36.propositions = {proposition};
  Vote vote;
  vote.yes = 7;
  vote.no = 2;
  vote.abstain = 0;
  vote.named = {NamedVote{"Anna Andersson", "S", "ja"}};
  vote.pos = {4, 28};
  p36.votes = {vote};
  Reservation reservation;
  reservation.by = {person("Erik Ek", "SD")};
  reservation.text = "Erik Ek (SD) reserverar sig.";
  reservation.pos = {4, 33};
  p36.reservations = {reservation};
  p36.conflicts = {person("Frida Fors", "C")};
  Decision decision;
  decision.text = "Delregional nämnd södra beslutar";
  decision.points = {"Informationen noteras."};
  decision.pos = {4, 30};
  p36.decision = decision;
  p36.followups = {FollowUp{"uppdrag",
                            "förvaltningen",
                            "återrapportera",
                            MakeDate(2024, 9, 1),
                            "senast 2024-09-01",
                            "Förvaltningen får i uppdrag att återrapportera.",
                            {4, 31},
                            "",
                            "återrapportera",
                            ""}};
  p36.references = {Reference{"diarienummer",
                              "DRNS 2023-00017",
                              std::nullopt,
                              std::nullopt,
                              std::nullopt,
                              "DRNS 2023-00017",
                              {4, 21}}};

  Paragraph p37;
  p37.number = 37;
  p37.title = "Anmälningsärenden";
  p37.case_numbers = {"DRNS 2024-00060"};
  p37.pos = SourcePos{5, 2};
  p37.sections = {
      Section{SectionKind::kBeslut, "Beslut", "Anmälningarna läggs till handlingarna.", {5, 6}}};

  doc.paragraphs = {p36, p37};
  doc.warnings = {Warning{{3, 0}, "page 3: text layer is empty"}};
  return doc;
}

// A unique folder under the system's temporary directory, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() /
           ("paragraf-store-test-" + std::to_string(std::random_device{}()) + "-" +
            std::to_string(counter++) + "-" + std::to_string(ticks));
    ASSERT_TRUE(fs::create_directories(dir_));
    db_path_ = dir_ / "paragraf.db";
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::unique_ptr<Store> OpenStore() {
    Result<std::unique_ptr<Store>> store = Store::Open(db_path_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  fs::path dir_;
  fs::path db_path_;
};

void ExpectSameStats(const StoreStats& a, const StoreStats& b) {
  EXPECT_EQ(a.documents, b.documents);
  EXPECT_EQ(a.meetings, b.meetings);
  EXPECT_EQ(a.bodies, b.bodies);
  EXPECT_EQ(a.paragraphs, b.paragraphs);
  EXPECT_EQ(a.sections, b.sections);
  EXPECT_EQ(a.decisions, b.decisions);
  EXPECT_EQ(a.case_numbers, b.case_numbers);
  EXPECT_EQ(a.attendees, b.attendees);
  EXPECT_EQ(a.agenda_items, b.agenda_items);
  EXPECT_EQ(a.motions, b.motions);
  EXPECT_EQ(a.votes, b.votes);
  EXPECT_EQ(a.reservations, b.reservations);
  EXPECT_EQ(a.followups, b.followups);
  EXPECT_EQ(a.references, b.references);
  EXPECT_EQ(a.warnings, b.warnings);
  EXPECT_EQ(a.notes, b.notes);
}

TEST_F(StoreTest, ImportsNewDocumentIntoEveryTable) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  Result<ImportOutcome> outcome = store->Import(MakeProtokoll(kShaA));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(*outcome, ImportOutcome::kImported);
  EXPECT_EQ(ToString(*outcome), "imported");

  Result<StoreStats> stats = store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->documents, 1);
  EXPECT_EQ(stats->meetings, 1);
  EXPECT_EQ(stats->bodies, 1);
  EXPECT_EQ(stats->paragraphs, 2);
  EXPECT_EQ(stats->sections, 3);
  EXPECT_EQ(stats->decisions, 1);
  EXPECT_EQ(stats->case_numbers, 2);
  EXPECT_EQ(stats->attendees, 2);
  EXPECT_EQ(stats->agenda_items, 1);
  EXPECT_EQ(stats->motions, 1);
  EXPECT_EQ(stats->votes, 1);
  EXPECT_EQ(stats->reservations, 1);
  EXPECT_EQ(stats->followups, 1);
  EXPECT_EQ(stats->references, 1);
  EXPECT_EQ(stats->warnings, 1);
  EXPECT_EQ(stats->notes, 0);

  Result<bool> has = store->HasSha256(kShaA);
  ASSERT_TRUE(has.ok());
  EXPECT_TRUE(*has);
  Result<bool> has_other = store->HasSha256(kShaB);
  ASSERT_TRUE(has_other.ok());
  EXPECT_FALSE(*has_other);

  Result<std::vector<StoredDocument>> documents = store->ListDocuments();
  ASSERT_TRUE(documents.ok()) << documents.status().ToString();
  ASSERT_EQ(documents->size(), 1u);
  const StoredDocument& d = documents->front();
  EXPECT_EQ(d.path, "protokoll/drn-sodra-2024-05-16.pdf");
  EXPECT_EQ(d.sha256, kShaA);
  EXPECT_EQ(d.kind, "protokoll");
  ASSERT_TRUE(d.body.has_value());
  EXPECT_EQ(d.body->name, "Delregional nämnd södra");
  EXPECT_EQ(d.body->abbreviation, "DRN södra");
  EXPECT_EQ(d.date, May16());
  EXPECT_EQ(d.paragraphs, 2);
}

TEST_F(StoreTest, StoresTheDocumentJsonAsToJsonDumps) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  const Document doc = MakeProtokoll(kShaA);
  ASSERT_TRUE(store->Import(doc).ok());
  Result<std::vector<StoredDocument>> documents = store->ListDocuments();
  ASSERT_TRUE(documents.ok());
  ASSERT_EQ(documents->size(), 1u);
  Result<std::string> json = store->DocumentJson(documents->front().id);
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(*json, ToJson(doc).dump());

  Result<std::string> missing = store->DocumentJson(documents->front().id + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

TEST_F(StoreTest, SameBytesAreUnchangedAndWriteNothing) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  const int64_t changes = store->TotalChanges();
  EXPECT_GT(changes, 0);

  // Same bytes decide, even if a newer parser read them differently.
  Document again = MakeProtokoll(kShaA);
  again.paragraphs[0].title = "Ändrad rubrik";
  Result<ImportOutcome> outcome = store->Import(again);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(*outcome, ImportOutcome::kUnchanged);
  EXPECT_EQ(store->TotalChanges(), changes);

  ParagraphQuery query;
  query.number = 36;
  Result<std::vector<StoredParagraph>> found = store->FindParagraphs(query);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().paragraph.title, "Fokusområde God och nära vård");
}

TEST_F(StoreTest, NewBytesForTheSameMeetingReplaceTheOldRows) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  Result<StoreStats> before = store->Stats();
  ASSERT_TRUE(before.ok());

  Document corrected = MakeProtokoll(kShaB);
  corrected.source.path = "protokoll/drn-sodra-2024-05-16-rattad.pdf";
  corrected.paragraphs[0].title = "Fokusområde God och nära vård (rättad)";
  Result<ImportOutcome> outcome = store->Import(corrected);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(*outcome, ImportOutcome::kReplaced);

  Result<StoreStats> after = store->Stats();
  ASSERT_TRUE(after.ok());
  ExpectSameStats(*before, *after);
  EXPECT_EQ(after->documents, 1);
  EXPECT_EQ(after->paragraphs, 2);

  // The replaced file counts as seen: importing it again changes nothing,
  // so a folder with two files of one protocol does not swap them forever.
  EXPECT_TRUE(*store->HasSha256(kShaA));
  EXPECT_TRUE(*store->HasSha256(kShaB));
  const int64_t changes = store->TotalChanges();
  EXPECT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kUnchanged);
  EXPECT_EQ(store->TotalChanges(), changes);
  ParagraphQuery query;
  query.number = 36;
  Result<std::vector<StoredParagraph>> found = store->FindParagraphs(query);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().paragraph.title, "Fokusområde God och nära vård (rättad)");
  EXPECT_EQ(found->front().document_path, "protokoll/drn-sodra-2024-05-16-rattad.pdf");
}

TEST_F(StoreTest, AnotherMeetingsPeopleOnTheSameDayAreAnotherProtocol) {
  // Two municipalities' Välfärdsnämnden met on 2022-09-15 (the corpus has
  // Strandby's and Nykarleby's): same body name, date and kind, different
  // people. Neither replaces the other; a file of the first with the same
  // people still does.
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  auto with_people = [](const std::string& sha, std::vector<std::string> names) {
    Document d = MakeProtokoll(sha);
    d.source.path = "protokoll/" + sha.substr(0, 4) + ".pdf";
    d.meeting.attendance.clear();
    for (const std::string& n : names) {
      Attendee a;
      a.name = n;
      a.role = "ledamot";
      d.meeting.attendance.push_back(a);
    }
    return d;
  };
  ASSERT_EQ(*store->Import(with_people(
                kShaA, {"Tua Backman", "Unnur Bjarnadottir", "Jean Hellsten", "Anna Kengo"})),
            ImportOutcome::kImported);
  EXPECT_EQ(*store->Import(with_people(
                kShaB, {"Emma Ahlskog", "Tomas Backlund", "Jan Björkqvist", "Nina Forsblom"})),
            ImportOutcome::kImported);
  EXPECT_EQ(store->Stats()->documents, 2);
  const std::string kShaC(64, 'c');
  EXPECT_EQ(*store->Import(with_people(kShaC, {"Tua Backman", "Unnur Bjarnadottir", "Jean Hellsten",
                                               "Anna Kengo", "Karita Eklund"})),
            ImportOutcome::kReplaced);
  EXPECT_EQ(store->Stats()->documents, 2);
}

TEST_F(StoreTest, AnAgendaForTheSameMeetingDoesNotReplaceTheMinutes) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  Document kallelse = MakeProtokoll(kShaB);
  kallelse.kind = DocumentKind::kKallelse;
  kallelse.source.path = "kallelse/drn-sodra-2024-05-16.pdf";
  Result<ImportOutcome> outcome = store->Import(kallelse);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(*outcome, ImportOutcome::kImported);
  EXPECT_EQ(store->Stats()->documents, 2);
  EXPECT_EQ(store->Stats()->bodies, 1);
}

TEST_F(StoreTest, WithoutBodyOrDateThePathIsTheIdentity) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  Document first = MakeProtokoll(kShaA);
  first.body.reset();
  Document other = first;
  other.source.path = "protokoll/annat.pdf";
  other.source.sha256 = std::string(64, 'c');
  Document newer = first;
  newer.source.sha256 = kShaB;

  EXPECT_EQ(*store->Import(first), ImportOutcome::kImported);
  EXPECT_EQ(*store->Import(other), ImportOutcome::kImported);
  EXPECT_EQ(*store->Import(newer), ImportOutcome::kReplaced);
  EXPECT_EQ(store->Stats()->documents, 2);
  EXPECT_EQ(store->Stats()->bodies, 0);
}

TEST_F(StoreTest, NoteOnAParagraphSurvivesReplacement) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  Status added = store->AddNote("DRN södra", May16(), 36, "Återrapport väntas i september.");
  ASSERT_TRUE(added.ok()) << added.ToString();

  ASSERT_EQ(*store->Import(MakeProtokoll(kShaB)), ImportOutcome::kReplaced);

  for (const std::string body : {"Delregional nämnd södra", "DRN södra", "drn SÖDRA"}) {
    Result<std::vector<std::string>> notes = store->Notes(body, May16(), 36);
    ASSERT_TRUE(notes.ok()) << notes.status().ToString();
    EXPECT_EQ(*notes, std::vector<std::string>{"Återrapport väntas i september."}) << body;
  }
  Result<std::vector<std::string>> other = store->Notes("DRN södra", May16(), 37);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  EXPECT_EQ(store->Stats()->notes, 1);
}

TEST_F(StoreTest, NoteFiledBeforeItsDocumentIsFoundByName) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AddNote("DRN södra", May16(), 36, "Tidig anteckning.").ok());
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  Result<std::vector<std::string>> notes = store->Notes("Delregional nämnd södra", May16(), 36);
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(*notes, std::vector<std::string>{"Tidig anteckning."});
}

TEST_F(StoreTest, FindsParagraphByBodyAbbreviationDateAndNumber) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);

  ParagraphQuery query;
  query.body = "drn södra";
  query.date = May16();
  query.number = 36;
  Result<std::vector<StoredParagraph>> found = store->FindParagraphs(query);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  const StoredParagraph& hit = found->front();
  EXPECT_GT(hit.id, 0);
  EXPECT_GT(hit.document_id, 0);
  EXPECT_EQ(hit.document_path, "protokoll/drn-sodra-2024-05-16.pdf");
  EXPECT_EQ(hit.document_kind, "protokoll");
  ASSERT_TRUE(hit.body.has_value());
  EXPECT_EQ(hit.body->name, "Delregional nämnd södra");
  EXPECT_EQ(hit.body->abbreviation, "DRN södra");
  EXPECT_EQ(hit.date, May16());
  EXPECT_EQ(hit.paragraph.number, 36);
  EXPECT_EQ(hit.paragraph.title, "Fokusområde God och nära vård");
  EXPECT_EQ(hit.paragraph.case_numbers, std::vector<std::string>{"DRNS 2024-00052"});
  EXPECT_EQ(hit.paragraph.pos.page, 4);
  EXPECT_EQ(hit.paragraph.pos.line, 17);
  ASSERT_EQ(hit.paragraph.sections.size(), 2u);
  EXPECT_EQ(hit.paragraph.sections[0].kind, SectionKind::kSammanfattning);
  EXPECT_EQ(hit.paragraph.sections[1].kind, SectionKind::kBeslut);
  EXPECT_EQ(hit.paragraph.sections[1].heading, "Beslut");
  EXPECT_EQ(hit.paragraph.sections[1].text, "Informationen noteras.");
  EXPECT_EQ(hit.paragraph.sections[1].pos.line, 30);
  ASSERT_TRUE(hit.paragraph.decision.has_value());
  EXPECT_EQ(hit.paragraph.decision->text, "Delregional nämnd södra beslutar");
  EXPECT_EQ(hit.paragraph.decision->points, std::vector<std::string>{"Informationen noteras."});
  EXPECT_FALSE(hit.paragraph.decision->immediately_adjusted);

  // The full name, with non-ASCII capitals, matches too; another body does not.
  query.body = "DELREGIONAL NÄMND SÖDRA";
  EXPECT_EQ(store->FindParagraphs(query)->size(), 1u);
  query.body = "DRN norra";
  EXPECT_TRUE(store->FindParagraphs(query)->empty());

  // Without a number, both paragraphs of the meeting, in § order.
  ParagraphQuery meeting;
  meeting.body = "DRN södra";
  meeting.date = May16();
  Result<std::vector<StoredParagraph>> all = store->FindParagraphs(meeting);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].paragraph.number, 36);
  EXPECT_EQ((*all)[1].paragraph.number, 37);
  EXPECT_FALSE((*all)[1].paragraph.decision.has_value());

  meeting.date = MakeDate(2024, 5, 17);
  EXPECT_TRUE(store->FindParagraphs(meeting)->empty());
}

TEST_F(StoreTest, FindsParagraphByCaseNumberIgnoringCaseAndSpaces) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);

  for (const std::string written : {"drns 2024-00052", "DRNS2024-00052", " Drns  2024-00052 "}) {
    ParagraphQuery query;
    query.case_number = written;
    Result<std::vector<StoredParagraph>> found = store->FindParagraphs(query);
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_EQ(found->size(), 1u) << written;
    EXPECT_EQ(found->front().paragraph.number, 36);
  }
  ParagraphQuery other;
  other.case_number = "DRNS 2024-00053";
  EXPECT_TRUE(store->FindParagraphs(other)->empty());
}

TEST_F(StoreTest, FailedImportLeavesNoRowsBehind) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  Document bad = MakeProtokoll(kShaA);
  bad.paragraphs[1].number = -1;  // breaks CHECK (number >= 0), after § 36 was written
  Result<ImportOutcome> outcome = store->Import(bad);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(outcome.status().message().find("paragraf.db"), std::string::npos)
      << outcome.status().message();

  Result<StoreStats> stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  ExpectSameStats(*stats, StoreStats{});
  EXPECT_FALSE(*store->HasSha256(kShaA));

  // The connection is usable again: no transaction was left open.
  Result<ImportOutcome> retry = store->Import(MakeProtokoll(kShaA));
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(*retry, ImportOutcome::kImported);
}

TEST_F(StoreTest, FailedReplacementKeepsTheEarlierVersion) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  Result<StoreStats> before = store->Stats();
  ASSERT_TRUE(before.ok());

  Document bad = MakeProtokoll(kShaB);
  bad.paragraphs[1].number = -1;
  ASSERT_FALSE(store->Import(bad).ok());

  Result<StoreStats> after = store->Stats();
  ASSERT_TRUE(after.ok());
  ExpectSameStats(*before, *after);
  EXPECT_TRUE(*store->HasSha256(kShaA));
  EXPECT_FALSE(*store->HasSha256(kShaB));
}

TEST_F(StoreTest, ImportWithoutShaIsInvalidArgument) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  Result<ImportOutcome> outcome = store->Import(MakeProtokoll(""));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Status::Code::kInvalidArgument);
}

TEST_F(StoreTest, ReopeningKeepsDataAndSchemaVersion) {
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  }
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Store::SchemaVersion(), 8);
  EXPECT_EQ(store->Stats()->paragraphs, 2);
  EXPECT_EQ(store->TotalChanges(), 0);
  EXPECT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kUnchanged);
}

TEST_F(StoreTest, IntegrityCheckIsOk) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  Result<std::string> check = store->IntegrityCheck();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(*check, "ok");
}

TEST_F(StoreTest, AReplacedDocumentLeavesTheSearchIndexWithTheNewTextOnly) {
  auto store = OpenStore();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(*store->Import(MakeProtokoll(kShaA)), ImportOutcome::kImported);
  // A corrected version of the same protocol: § 36 has a new title.
  Document corrected = MakeProtokoll(std::string(64, 'c'));
  corrected.paragraphs[0].title = "Fokusområde trygg hemgång";
  ASSERT_EQ(*store->Import(corrected), ImportOutcome::kReplaced);
  // The index was emptied of the old rows before they went: FTS5's check
  // against the text it reads from the paragraphs passes.
  Result<std::string> check = store->IntegrityCheck();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(*check, "ok");
  SearchQuery q;
  q.text = "hemgång";
  Result<std::vector<SearchHit>> now = store->Search(q);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  ASSERT_EQ(now->size(), 1u);
  EXPECT_EQ(now->front().title, "Fokusområde trygg hemgång");
  q.text = "\"God och nära vård\"";
  q.in = "rubrik";
  Result<std::vector<SearchHit>> old = store->Search(q);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_TRUE(old->empty());
}

TEST_F(StoreTest, OpeningAFileThatIsNotADatabaseIsCorruption) {
  const fs::path text = dir_ / "minutes.txt";
  {
    std::ofstream out(text);
    for (int i = 0; i < 20; ++i) out << "§ 36 Fokusområde God och nära vård\n";
  }
  Result<std::unique_ptr<Store>> store = Store::Open(text);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption);
  EXPECT_NE(store.status().message().find("minutes.txt"), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("not a paragraf database"), std::string::npos)
      << store.status().message();
}

TEST_F(StoreTest, OpeningInAMissingFolderIsIOError) {
  Result<std::unique_ptr<Store>> store = Store::Open(dir_ / "no-such-folder" / "paragraf.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kIOError);
  EXPECT_NE(store.status().message().find("no-such-folder"), std::string::npos)
      << store.status().message();
}

TEST_F(StoreTest, DatabaseFromANewerParagrafIsUnsupported) {
  {
    auto store = OpenStore();
    ASSERT_NE(store, nullptr);
  }
  // The SQLite file format keeps PRAGMA user_version as a 4-byte big-endian
  // integer at offset 60 of the header; closing the last connection has
  // checkpointed the WAL into the main file.
  ASSERT_FALSE(fs::exists(fs::path(db_path_.string() + "-wal")));
  {
    std::fstream file(db_path_, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(file.is_open());
    file.seekp(60);
    const char version[4] = {0, 0, 0x03, static_cast<char>(0xE7)};  // 999
    file.write(version, sizeof version);
    ASSERT_TRUE(file.good());
  }
  Result<std::unique_ptr<Store>> store = Store::Open(db_path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(store.status().message().find("newer paragraf"), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("999"), std::string::npos);
}

TEST(StoreKeys, FoldKeyLowersAsciiAndSwedishCapitals) {
  EXPECT_EQ(store_internal::FoldKey("  DRN  SÖDRA "), "drn södra");
  EXPECT_EQ(store_internal::FoldKey("ÅÄÖÉ åäöé"), "åäöé åäöé");
  EXPECT_EQ(store_internal::FoldKey("Delregional nämnd södra"), "delregional nämnd södra");
}

TEST(StoreKeys, NormalizeCaseNumberUppercasesAndDropsSpaces) {
  EXPECT_EQ(store_internal::NormalizeCaseNumber("drns 2024-00052"), "DRNS2024-00052");
  EXPECT_EQ(store_internal::NormalizeCaseNumber("ks\xC2\xA0"
                                                "2024/12"),
            "KS2024/12");
  EXPECT_EQ(store_internal::NormalizeCaseNumber("bun ö 2024:1"), "BUNÖ2024:1");
}

TEST(StoreKeys, IdentityIsBodyDateKindOrPath) {
  Document doc = MakeProtokoll(kShaA);
  EXPECT_EQ(store_internal::IdentityKey(doc), "Delregional nämnd södra|2024-05-16|protokoll");
  doc.kind = DocumentKind::kProtokollsutdrag;
  EXPECT_EQ(store_internal::IdentityKey(doc),
            "Delregional nämnd södra|2024-05-16|protokollsutdrag|36|37");
  doc.kind = DocumentKind::kTjansteskrivelse;  // several a day: the path tells them apart
  EXPECT_EQ(store_internal::IdentityKey(doc), "path:protokoll/drn-sodra-2024-05-16.pdf");
  doc.kind = DocumentKind::kProtokoll;
  doc.date.reset();
  EXPECT_EQ(store_internal::IdentityKey(doc), "path:protokoll/drn-sodra-2024-05-16.pdf");
}

}  // namespace
}  // namespace paragraf
