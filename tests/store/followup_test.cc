// Follow-ups in the store, on the follow-up series of the corpus
// (corpus/followups): links do not depend on the order of imports, the
// secretariat's actions survive re-import, and statuses follow the as-of
// date.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "corpus/corpus_grammar.h"
#include "parse/parser.h"
#include "store/store.h"

namespace paragraf {
namespace {

namespace fs = std::filesystem;

// The series and the seeds it answers, parsed once.
const std::vector<Document>& Series() {
  static const std::vector<Document> docs = [] {
    std::vector<std::string> paths = {"corpus/documents/seed-000-svom-protokollsutdrag.txt",
                                      "corpus/documents/seed-001-svom-kallelse-2021-10-08.txt"};
    for (const auto& e : fs::directory_iterator("corpus/followups/documents")) {
      paths.push_back(e.path().string());
    }
    std::sort(paths.begin(), paths.end());
    DocumentParser parser(TheGrammar());
    std::vector<Document> out;
    for (const std::string& p : paths) {
      Result<Document> d = parser.ParseFile(p, {});
      if (d.ok()) out.push_back(std::move(*d));
    }
    return out;
  }();
  return docs;
}

class FollowUpStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("paragraf-followups-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open(const std::string& name) {
    auto store = Store::Open((dir_ / name).string());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static void ImportAll(Store* store, const std::vector<Document>& docs) {
    for (const Document& d : docs) {
      auto outcome = store->Import(d);
      ASSERT_TRUE(outcome.ok()) << d.source.path << ": " << outcome.status().ToString();
    }
  }

  static std::vector<StoredFollowUp> All(Store* store, const char* as_of) {
    FollowUpQuery q;
    q.as_of = *ParseIsoDate(as_of);
    auto found = store->FollowUps(q);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : std::vector<StoredFollowUp>{};
  }

  static const StoredFollowUp* Find(const std::vector<StoredFollowUp>& all,
                                    const std::string& key) {
    for (const StoredFollowUp& f : all) {
      if (f.key == key) return &f;
    }
    return nullptr;
  }

  // The status of `key` on `as_of`, or "missing".
  static std::string StatusOf(Store* store, const char* as_of, const std::string& key) {
    for (const StoredFollowUp& f : All(store, as_of)) {
      if (f.key == key) return f.status;
    }
    return "missing";
  }

  fs::path dir_;
};

using LinkRow = std::tuple<std::string, std::string, std::string, int, std::string, double>;

std::set<LinkRow> Links(const std::vector<StoredFollowUp>& all) {
  std::set<LinkRow> rows;
  for (const StoredFollowUp& f : all) {
    for (const FollowUpLink& l : f.links) {
      rows.emplace(f.key, l.body, l.date ? FormatIsoDate(*l.date) : "", l.paragraph.value_or(0),
                   l.kind, l.confidence);
    }
  }
  return rows;
}

TEST_F(FollowUpStoreTest, LinksAreTheSameWhateverTheOrderOfImport) {
  ASSERT_GE(Series().size(), 14u);
  auto forward = Open("forward.db");
  auto backward = Open("backward.db");
  ASSERT_TRUE(forward && backward);
  std::vector<Document> docs = Series();
  ImportAll(forward.get(), docs);
  std::reverse(docs.begin(), docs.end());
  ImportAll(backward.get(), docs);
  const std::set<LinkRow> a = Links(All(forward.get(), "2030-01-01"));
  const std::set<LinkRow> b = Links(All(backward.get(), "2030-01-01"));
  EXPECT_GE(a.size(), 20u);
  EXPECT_EQ(a, b);
  // HSN 2022-03-24 sorts before the SVOM meeting it answers and comes
  // first in the reversed order too: the answer before its question.
  const auto answered = std::count_if(a.begin(), a.end(), [](const LinkRow& r) {
    return std::get<0>(r).rfind("SVOM-2021-12-03-", 0) == 0 && std::get<1>(r) == "HSN";
  });
  EXPECT_GE(answered, 1);
}

TEST_F(FollowUpStoreTest, StatusFollowsTheAsOfDate) {
  auto store = Open("status.db");
  ASSERT_TRUE(store);
  ImportAll(store.get(), Series());
  // Östby socialnämnd 2021-11-17 § 88: an uppdrag due 2022-03-31, answered
  // by "Återrapportering av uppdrag …" on 2022-03-16.
  const std::string key = "Socialnämnden-2021-11-17-88-1";
  const std::vector<StoredFollowUp> on_new_year = All(store.get(), "2022-01-01");
  const StoredFollowUp* before = Find(on_new_year, key);
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(before->status, "open");
  EXPECT_EQ(before->followup.assignee.value_or(""), "förvaltningen");
  ASSERT_TRUE(before->followup.due.has_value());
  EXPECT_EQ(FormatIsoDate(*before->followup.due), "2022-03-31");
  EXPECT_EQ(StatusOf(store.get(), "2022-07-01", key), "answered");
  // Not yet decided on 2021-11-01.
  EXPECT_EQ(StatusOf(store.get(), "2021-11-01", key), "missing");
  // § 97 of 2021-12-15 was corrected by § 5 of 2022-02-16 (rättelse).
  EXPECT_EQ(StatusOf(store.get(), "2022-03-01", "Socialnämnden-2021-12-15-97-1"), "superseded");
}

// The fact links of `key` on `as_of`, as "kind BODY DATE §N".
std::vector<std::string> FactLinks(const std::vector<StoredFollowUp>& all, const std::string& key) {
  std::vector<std::string> out;
  for (const StoredFollowUp& f : all) {
    if (f.key != key) continue;
    for (const FollowUpLink& l : f.links) {
      if (l.confidence < kFactConfidence) continue;
      out.push_back(fmt::format("{} {} {} §{}", l.kind, l.body,
                                l.date ? FormatIsoDate(*l.date) : "?", l.paragraph.value_or(0)));
    }
  }
  return out;
}

TEST_F(FollowUpStoreTest, LinksFollowCitationsQuotedActivitiesAndNewDeadlines) {
  auto store = Open("evidence.db");
  ASSERT_TRUE(store);
  ImportAll(store.get(), Series());
  const std::vector<StoredFollowUp> end = All(store.get(), "2023-01-01");
  using ::testing::Contains;
  // Seed-001's § 9 is the protokollsutdrag of SVOM 2021-02-26 § 9: HSN's
  // "(SVOM 2021-02-26, § 9)" finds it, and the region's recommendation is
  // answered by the region's nämnd ("Region Jämtland Härjedalen" above it).
  EXPECT_THAT(FactLinks(end, "SVOM-2021-10-08-9-1"), Contains("answers HSN 2022-03-24 §31"));
  EXPECT_EQ(StatusOf(store.get(), "2023-01-01", "SVOM-2021-10-08-9-1"), "answered");
  // The recommendation to länets kommuner: Krokom adopts, the group stays open.
  EXPECT_THAT(FactLinks(end, "SVOM-2021-10-08-9-2"), Contains("answers KS 2022-03-08 §46"));
  EXPECT_EQ(StatusOf(store.get(), "2023-01-01", "SVOM-2021-10-08-9-2"), "open");
  // An action-plan row quoted as done ("Skapa gemensamma rutiner …").
  EXPECT_THAT(FactLinks(end, "SVOM-2021-10-08-dok-1"), Contains("answers SVOM 2022-06-03 §11"));
  // A row moved to 2022-12-31 by SVOM 2022-02-25 § 3 is replaced on that day.
  EXPECT_EQ(StatusOf(store.get(), "2022-01-01", "SVOM-2021-10-08-dok-2"), "open");
  EXPECT_EQ(StatusOf(store.get(), "2022-03-01", "SVOM-2021-10-08-dok-2"), "superseded");
  // Hemsjukvårdsavtalet: each förlängning replaces the one before.
  EXPECT_EQ(StatusOf(store.get(), "2022-01-01", "SVOM-2021-10-08-9-5"), "superseded");
  EXPECT_EQ(StatusOf(store.get(), "2022-07-01", "SVOM-2021-12-03-51-1"), "open");
  EXPECT_EQ(StatusOf(store.get(), "2023-01-01", "SVOM-2021-12-03-51-1"), "superseded");
  // "till SVOM:s sammanträde i juni 2022": the meeting of 2022-06-03.
  const StoredFollowUp* habilitering = Find(end, "SVOM-2021-12-03-53-1");
  ASSERT_NE(habilitering, nullptr);
  ASSERT_TRUE(habilitering->followup.due.has_value());
  EXPECT_EQ(FormatIsoDate(*habilitering->followup.due), "2022-06-03");
  // The motion answers to KF within a year, whatever socialnämnden's
  // yttrande on the remiss says.
  const StoredFollowUp* motion = Find(end, "KF-2021-10-25-108-1");
  ASSERT_NE(motion, nullptr);
  EXPECT_EQ(motion->status, "overdue");
  ASSERT_TRUE(motion->followup.due.has_value());
  EXPECT_EQ(FormatIsoDate(*motion->followup.due), "2022-10-25");
}

TEST_F(FollowUpStoreTest, LinksWeighWhatTheLaterParagraphSays) {
  auto store = Open("weigh.db");
  ASSERT_TRUE(store);
  ImportAll(store.get(), Series());
  const std::vector<StoredFollowUp> end = All(store.get(), "2023-01-01");
  using ::testing::Contains;
  using ::testing::Not;
  // Seed-000 is an undated protokollsutdrag; SVOM 2022-12-02 § 29 cites it
  // as "SVOM beslutade 2022-10-07, § 25", which dates it. Its "skickas ut på
  // remiss" is the outcome the uppdrag of 2021-12-03 § 50 asked for ("klar
  // för remiss"), so it answers that uppdrag, whose assignee is read from the
  // recommendation above it.
  EXPECT_THAT(FactLinks(end, "SVOM-2021-12-03-50-1"), Contains("answers SVOM 2022-10-07 §25"));
  const StoredFollowUp* plan = Find(end, "SVOM-2021-12-03-50-1");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->followup.assignee.value_or(""), "Region Jämtland Härjedalen och kommunerna");
  EXPECT_EQ(plan->status, "answered");
  // "läggs till handlingarna" notes a report; it is not the answer. The
  // motion of KF 2021-10-25 § 110 is answered by socialnämnden's statement
  // of 2022-02-16 § 6, not by the later notes.
  EXPECT_THAT(FactLinks(end, "KF-2021-10-25-110-1"),
              Contains("answers Socialnämnden 2022-02-16 §6"));
  EXPECT_THAT(FactLinks(end, "KF-2021-10-25-110-1"),
              Not(Contains("answers Socialnämnden 2022-06-15 §23")));
  // An action-plan row given a new timeline continues in its successor; the
  // later "är genomförd" answers the successor (with the owner it inherits),
  // not the row it replaced.
  EXPECT_THAT(FactLinks(end, "SVOM-2021-10-08-dok-17"), Contains("continues SVOM 2022-06-03 §11"));
  EXPECT_THAT(FactLinks(end, "SVOM-2021-10-08-dok-17"),
              Not(Contains("answers SVOM 2022-12-02 §32")));
  EXPECT_THAT(FactLinks(end, "SVOM-2022-06-03-11-1"), Contains("answers SVOM 2022-12-02 §32"));
  const StoredFollowUp* moved = Find(end, "SVOM-2022-06-03-11-1");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->followup.assignee.value_or(""), "Fredagsgruppen");
}

TEST_F(FollowUpStoreTest, TheSecretariatsActionsSurviveReimport) {
  auto store = Open("actions.db");
  ASSERT_TRUE(store);
  ImportAll(store.get(), Series());
  const std::string key = "Socialnämnden-2021-11-17-88-1";
  FollowUpAction close;
  close.key = key;
  close.action = "close";
  close.note = "Klart enligt förvaltningens skrivelse";
  close.ref = "SN 2022-02-16 § 6";
  close.acted_on = *ParseIsoDate("2022-02-20");
  ASSERT_TRUE(store->AddFollowUpAction(close).ok());
  FollowUpAction due;
  due.key = "Socialnämnden-2021-11-17-91-1";
  due.action = "set_due";
  due.value = "2022-12-31";
  due.acted_on = *ParseIsoDate("2022-02-20");
  ASSERT_TRUE(store->AddFollowUpAction(due).ok());
  FollowUpAction unknown = close;
  unknown.key = "Socialnämnden-1999-01-01-1-1";
  EXPECT_EQ(store->AddFollowUpAction(unknown).code(), Status::Code::kNotFound);

  // A new file of the same protocol (a corrected PDF, say) replaces the
  // parsed rows; the actions are kept apart and still apply.
  for (Document d : Series()) {
    if (d.source.path.find("socialnamnden-ostby-2021-11-17") == std::string::npos) continue;
    d.source.sha256 = std::string(64, 'e');
    d.source.path += ".ny";
    auto outcome = store->Import(d);
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(*outcome, ImportOutcome::kReplaced);
  }
  const std::vector<StoredFollowUp> after = All(store.get(), "2022-03-01");
  const StoredFollowUp* closed = Find(after, key);
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->status, "closed");
  ASSERT_EQ(closed->actions.size(), 1u);
  EXPECT_NE(closed->actions[0].find("avslutad: Klart enligt förvaltningens skrivelse"),
            std::string::npos)
      << closed->actions[0];
  const StoredFollowUp* moved = Find(after, "Socialnämnden-2021-11-17-91-1");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(FormatIsoDate(*moved->followup.due), "2022-12-31");
  EXPECT_EQ(moved->status, "open");  // no longer overdue on 2022-06-01 either
  // Before the action took effect, the follow-up was open.
  EXPECT_EQ(StatusOf(store.get(), "2022-02-01", key), "open");
  // Reopened: open again (its answer came before the reopening).
  FollowUpAction reopen;
  reopen.key = key;
  reopen.action = "reopen";
  reopen.note = "Planen saknar budget";
  reopen.acted_on = *ParseIsoDate("2022-08-01");
  ASSERT_TRUE(store->AddFollowUpAction(reopen).ok());
  EXPECT_EQ(StatusOf(store.get(), "2022-09-01", key), "overdue");
}

// A rendering of everything a listed follow-up holds, to compare lists.
std::string Described(const StoredFollowUp& f) {
  std::string out = fmt::format(
      "{}|{}|{}|{}|{}|{}|{}|{}|{}", f.key, f.status, f.followup.kind,
      f.followup.assignee.value_or("-"), f.followup.due ? FormatIsoDate(*f.followup.due) : "-",
      f.followup.due_text, f.body, f.paragraph.value_or(-1), fmt::join(f.case_numbers, ","));
  for (const FollowUpLink& l : f.links) {
    out += fmt::format("|{} {} {} {} {:.2f}", l.kind, l.body, l.date ? FormatIsoDate(*l.date) : "",
                       l.paragraph.value_or(0), l.confidence);
  }
  for (const std::string& a : f.actions) out += "|" + a;
  return out;
}

// An archive's list of every body is read on two connections, half each,
// unless another connection holds the write lock: both ways give the same
// list, and the series' follow-ups (read in the second half, as they are
// imported last) are as in a store of the series alone.
TEST_F(FollowUpStoreTest, AnArchiveListIsTheSameReadOnOneConnectionOrTwo) {
  auto store = Open("archive.db");
  ASSERT_TRUE(store);
  // 180 generated meetings of 50 paragraphs, one uppdrag each: 9 000 rows,
  // more than the 8 192 that take a second connection.
  for (int m = 0; m < 180; ++m) {
    Document d;
    d.source.path = fmt::format("gen/m{}.txt", m);
    d.source.sha256 = fmt::format("{:064x}", m + 1);
    d.source.format = "text";
    d.kind = DocumentKind::kProtokoll;
    d.body = Body{fmt::format("Generatornämnd {}", m % 4), fmt::format("G{}", m % 4)};
    d.date = AddDays(*MakeDate(2015, 1, 15), 7 * m);
    d.meeting.date = d.date;
    for (int i = 0; i < 50; ++i) {
      Paragraph p;
      p.number = i + 1;
      p.title = fmt::format("Ärende {}", i + 1);
      p.case_numbers = {fmt::format("G {}/{}", m, i)};
      FollowUp f;
      f.kind = "uppdrag";
      f.assignee = "förvaltningen";
      f.task = "utreda frågan";
      f.due = AddDays(*d.date, 30 + i);
      f.text = "Nämnden ger förvaltningen i uppdrag att utreda frågan.";
      p.followups.push_back(f);
      d.paragraphs.push_back(std::move(p));
    }
    ASSERT_TRUE(store->Import(d).ok());
  }
  ImportAll(store.get(), Series());
  FollowUpAction close;
  close.key = "Socialnämnden-2021-11-17-88-1";
  close.action = "close";
  close.note = "Klart";
  close.acted_on = *ParseIsoDate("2022-02-20");
  ASSERT_TRUE(store->AddFollowUpAction(close).ok());

  const std::vector<StoredFollowUp> two = All(store.get(), "2022-09-01");
  ASSERT_GT(two.size(), 9000u);
  // Another connection holding the write lock: the list is read on one.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "archive.db").c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::vector<StoredFollowUp> one = All(store.get(), "2022-09-01");
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) ASSERT_EQ(Described(one[i]), Described(two[i])) << i;

  auto series = Open("series.db");
  ASSERT_TRUE(series);
  ImportAll(series.get(), Series());
  ASSERT_TRUE(series->AddFollowUpAction(close).ok());
  const std::vector<StoredFollowUp> alone = All(series.get(), "2022-09-01");
  ASSERT_FALSE(alone.empty());
  size_t answered = 0;
  for (const StoredFollowUp& f : alone) {
    const StoredFollowUp* in_archive = Find(two, f.key);
    ASSERT_NE(in_archive, nullptr) << f.key;
    EXPECT_EQ(Described(*in_archive), Described(f));
    if (f.status == "answered") ++answered;
  }
  EXPECT_GT(answered, 0u);
  EXPECT_EQ(Find(two, close.key)->status, "closed");
}

}  // namespace
}  // namespace paragraf
