// Balanslista speed at archive scale: builds a database of generated
// protocols holding `--followups` follow-ups (default 100 000; some
// answered by later meetings through a shared diarienummer), then times the
// balanslista (LoadBalanslista + RenderBalanslista as `paragraf
// balanslista --format html` runs them) for one body and for all, against
// reading every follow-up row with a plain SELECT in the same run. Prints
// lines read by tools/bench:
//   build_seconds 41.2 followups 100000 links 20000
//   select_ms 35.1
//   balanslista_one_body_ms 12.3 items 2400 load_ms 9.1
//   balanslista_all_ms 150.2 items 48000 load_ms 101.7
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/followup_view.h"
#include "report/balanslista.h"
#include "store/store.h"

namespace {

using paragraf::Date;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

constexpr int kBodies = 20;
constexpr int kParagraphsPerMeeting = 25;

// Meeting `m` of body `b`: every paragraph gives one uppdrag on its own
// case; a third of them answer the case of the meeting two before.
paragraf::Document Meeting(int b, int m) {
  paragraf::Document d;
  d.source.path = fmt::format("gen/n{}-{}.txt", b, m);
  d.source.sha256 = fmt::format("{:064x}", static_cast<unsigned>(b * 100000 + m));
  d.source.format = "text";
  d.kind = paragraf::DocumentKind::kProtokoll;
  d.body = paragraf::Body{fmt::format("Nämnd {}", b), fmt::format("N{}", b)};
  const Date start = *paragraf::MakeDate(2010, 1, 15);
  d.date = paragraf::AddDays(start, 30 * m);
  d.meeting.date = d.date;
  for (int i = 0; i < kParagraphsPerMeeting; ++i) {
    paragraf::Paragraph p;
    p.number = i + 1;
    p.title = fmt::format("Ärende {} om verksamhetsplan och uppföljning", i + 1);
    p.case_numbers = {fmt::format("N{} {}/{}", b, m, i)};
    paragraf::Decision decision;
    decision.text = "Nämnden beslutar att ge förvaltningen i uppdrag att återkomma.";
    decision.verb = "beslutar";
    p.decision = decision;
    paragraf::FollowUp f;
    f.kind = i % 5 == 0 ? "remiss" : "uppdrag";
    f.assignee = i % 2 == 0 ? "förvaltningen" : "socialchefen";
    f.task = "utreda frågan och återkomma till nämnden";
    f.due = paragraf::AddDays(*d.date, 90 + 10 * i);
    f.due_text = "senast " + paragraf::FormatIsoDate(*f.due);
    f.text = decision.text;
    p.followups.push_back(f);
    if (m >= 2 && i % 3 == 0) {
      p.case_numbers.push_back(fmt::format("N{} {}/{}", b, m - 2, i));
      p.cues.push_back({"report_back", "Återrapportering"});
    }
    d.paragraphs.push_back(std::move(p));
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a tool; fmt may throw
  int followups = 100000;
  std::string path = "/tmp/paragraf-bench-balanslista.db";
  bool reuse = false;  // --reuse: time an existing database (profiling)
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--followups" && i + 1 < argc) followups = std::atoi(argv[++i]);
    if (arg == "--db" && i + 1 < argc) path = argv[++i];
    if (arg == "--reuse") reuse = true;
  }
  const int meetings = std::max(1, followups / (kBodies * kParagraphsPerMeeting));
  if (!reuse) {
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
  }
  auto store = paragraf::Store::Open(path);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 3;
  }
  const auto build = Clock::now();
  for (int m = 0; m < meetings && !reuse; ++m) {
    for (int b = 0; b < kBodies; ++b) {
      auto outcome = (*store)->Import(Meeting(b, m));
      if (!outcome.ok()) {
        std::cerr << outcome.status().ToString() << "\n";
        return 3;
      }
    }
  }
  const double build_s = Ms(build) / 1000;
  // Opened again, as `paragraf balanslista` opens it: the connection that
  // imported has its memory mapping turned off (Store::Import).
  if (!reuse) {
    store->reset();
    store = paragraf::Store::Open(path);
    if (!store.ok()) {
      std::cerr << store.status().ToString() << "\n";
      return 3;
    }
  }
  paragraf::FollowUpQuery all;
  all.as_of = paragraf::AddDays(*paragraf::MakeDate(2010, 1, 15), 30 * meetings);
  // Counted, not kept: the timed runs below start from the same memory.
  size_t followup_count = 0, links = 0;
  const paragraf::Status counted =
      (*store)->ForEachFollowUp(all, [&](paragraf::StoredFollowUp&& f, size_t) {
        ++followup_count;
        links += f.links.size();
      });
  if (!counted.ok()) {
    std::cerr << counted.ToString() << "\n";
    return 3;
  }
  std::cout << fmt::format("build_seconds {:.1f} followups {} links {}\n", build_s, followup_count,
                           links);

  // Baseline: every follow-up row read by one plain SELECT.
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  auto select = [&] {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT id, key, kind, assignee, task, due, due_text, text FROM followups",
                       -1, &stmt, nullptr);
    size_t rows = 0, bytes = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      ++rows;
      bytes += static_cast<size_t>(sqlite3_column_bytes(stmt, 4));
    }
    sqlite3_finalize(stmt);
    return rows + bytes;
  };
  select();
  std::vector<double> base;
  for (int r = 0; r < 5; ++r) {
    const auto t = Clock::now();
    select();
    base.push_back(Ms(t));
  }
  sqlite3_close(db);
  std::sort(base.begin(), base.end());
  std::cout << fmt::format("select_ms {:.1f}\n", base[base.size() / 2]);

  // What `paragraf balanslista --format html` does once the store is open:
  // the list read from the store, then rendered.
  auto run = [&](const std::optional<std::string>& body, const char* label) {
    std::vector<double> times, load_times;
    size_t items = 0;
    for (int r = 0; r < 5; ++r) {
      const auto t = Clock::now();
      paragraf::FollowUpQuery q = all;
      q.body = body;
      q.statuses = {"open", "overdue"};
      auto list = paragraf::LoadBalanslista(**store, q);
      if (!list.ok()) return false;
      const double load_ms = Ms(t);
      auto html = paragraf::RenderBalanslista(*list, paragraf::ReportFormat::kHtml);
      if (!html.ok()) return false;
      items = list->items.size();
      times.push_back(Ms(t));
      load_times.push_back(load_ms);
    }
    std::sort(times.begin(), times.end());
    std::sort(load_times.begin(), load_times.end());
    std::cout << fmt::format("{} {:.1f} items {} load_ms {:.1f}\n", label, times[times.size() / 2],
                             items, load_times[load_times.size() / 2]);
    return true;
  };
  if (!run(std::string("N3"), "balanslista_one_body_ms") ||
      !run(std::nullopt, "balanslista_all_ms")) {
    std::cerr << "balanslista failed\n";
    return 3;
  }
  return 0;
}
