// Store::Search: full-text search over paragraphs.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/keys.h"
#include "store/search_index.h"
#include "store/statements.h"
#include "store/store.h"

namespace paragraf {

using store_internal::FoldKey;
using store_internal::NormalizeCaseNumber;
using store_internal::Query;
using store_internal::Statement;
using store_internal::StatementCache;
using store_internal::Transaction;

namespace {

// Two steps. The ranking (BM25 by paragraf_rank, with weights for the
// columns title, decision, motions, text; the later meeting first on ties)
// reads only what the filters need for every match: a party's or person's
// paragraphs are listed once, not looked up per match.
constexpr const char* kRankFiltered = R"sql(
SELECT p.id AS id, paragraf_rank(search, 10.0, 5.0, 2.0, 1.0) AS score, d.date AS date
  FROM search
  JOIN paragraphs p ON p.id = search.rowid
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE search MATCH ?1
   AND (?2 IS NULL OR b.name_key = ?2 OR b.abbreviation_key = ?2)
   AND (?3 IS NULL OR d.date >= ?3)
   AND (?4 IS NULL OR d.date <= ?4)
   AND (?5 IS NULL OR p.id IN (SELECT c.paragraph_id FROM case_numbers c WHERE c.normalized = ?5))
   AND (?6 IS NULL OR p.id IN (SELECT m.paragraph_id FROM motions m
                                 JOIN motion_authors a ON a.motion_id = m.id
                                WHERE upper(a.party) = ?6
                               UNION SELECT r.paragraph_id FROM reservations r
                                 JOIN reservation_authors a ON a.reservation_id = r.id
                                WHERE upper(a.party) = ?6
                               UNION SELECT j.paragraph_id FROM conflicts j
                                WHERE upper(j.party) = ?6))
   AND (?7 IS NULL OR p.id IN (SELECT m.paragraph_id FROM motions m
                                 JOIN motion_authors a ON a.motion_id = m.id
                                WHERE instr(paragraf_fold(a.name), ?7) > 0
                               UNION SELECT r.paragraph_id FROM reservations r
                                 JOIN reservation_authors a ON a.reservation_id = r.id
                                WHERE instr(paragraf_fold(a.name), ?7) > 0
                               UNION SELECT j.paragraph_id FROM conflicts j
                                WHERE instr(paragraf_fold(j.name), ?7) > 0))
 ORDER BY score, d.date DESC
 LIMIT ?8
)sql";

// Without filters the ranking needs nothing but the index: the best four
// times the hits wanted, by BM25, then the later meeting first on ties
// among them.
constexpr const char* kRankPlain = R"sql(
SELECT r.id AS id, r.score AS score, d.date AS date
  FROM (SELECT search.rowid AS id, paragraf_rank(search, 10.0, 5.0, 2.0, 1.0) AS score
          FROM search WHERE search MATCH ?1 ORDER BY score LIMIT ?8 * 4) r
  JOIN paragraphs p ON p.id = r.id
  JOIN documents d ON d.id = p.document_id
 ORDER BY r.score, d.date DESC
 LIMIT ?8
)sql";

// Then the snippet, decision and case numbers of the hits kept. `{from}`
// finds each hit's match again: by its rowid (a lookup per hit), or, for a
// prefix* query, which FTS5 would expand again at every lookup, in one pass
// of the match over the rowids the hits span.
constexpr const char* kDetails = R"sql(
SELECT p.id, coalesce(b.name, ''), coalesce(b.abbreviation, ''), d.date, p.number, p.title,
       snippet(search, -1, '[', ']', ' … ', 16),
       coalesce((SELECT dc.text FROM decisions dc WHERE dc.paragraph_id = p.id), ''),
       (SELECT group_concat(c.case_number, char(31)) FROM case_numbers c
         WHERE c.paragraph_id = p.id),
       ranked.score, d.path
  {from}
  JOIN paragraphs p ON p.id = ranked.id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id
 WHERE search MATCH ?1 {range}
 ORDER BY ranked.score, ranked.date DESC
)sql";

// The statement for a query with or without filters, with or without a
// prefix.
const std::string& SearchSql(bool filtered, bool prefix) {
  static const std::vector<std::string>* all = [] {
    auto* sql = new std::vector<std::string>;
    for (const char* rank : {kRankPlain, kRankFiltered}) {
      for (const bool pass : {false, true}) {
        const std::string details = fmt::format(
            fmt::runtime(kDetails),
            fmt::arg("from", pass ? "FROM search CROSS JOIN ranked ON ranked.id = search.rowid"
                                  : "FROM ranked JOIN search ON search.rowid = ranked.id"),
            // The unary + keeps the IN from FTS5, which would run the
            // match once per listed rowid: it filters the one pass.
            fmt::arg("range", pass ? "AND search.rowid BETWEEN (SELECT min(id) FROM ranked) "
                                     "AND (SELECT max(id) FROM ranked) "
                                     "AND +search.rowid IN (SELECT id FROM ranked)"
                                   : ""));
        sql->push_back(fmt::format("WITH ranked AS ({})\n{}", rank, details));
      }
    }
    return sql;
  }();
  return (*all)[(filtered ? 2 : 0) + (prefix ? 1 : 0)];
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

Result<std::vector<SearchHit>> Store::Search(const SearchQuery& query) {
  static const std::map<std::string, std::string> columns = {
      {"allt", ""}, {"beslut", "decision"}, {"yrkanden", "motions"}, {"rubrik", "title"}};
  const auto column = columns.find(query.in);
  if (column == columns.end()) {
    return Status::InvalidArgument(
        fmt::format("--in {}: välj beslut, yrkanden, rubrik eller allt", query.in));
  }
  Result<std::string> fts = store_internal::ToFtsQuery(query.text);
  if (!fts.ok()) return fts.status();
  std::string match = *fts;
  if (!column->second.empty()) match = fmt::format("{{{}}} : ({})", column->second, match);

  constexpr std::string_view kDoing = "searching";
  Transaction snapshot(db_);
  if (Status status = snapshot.BeginRead(kDoing); !status.ok()) return status;
  if (search_statements_ == nullptr) {
    search_statements_ = std::make_unique<StatementCache>(db_, std::string(kDoing));
  }
  StatementCache& cache = *search_statements_;
  std::vector<SearchHit> hits;
  const bool filtered =
      query.body || query.from || query.to || query.case_number || query.party || query.person;
  Status status = Query(
      cache, SearchSql(filtered, match.find('*') != std::string::npos).c_str(),
      [&](Statement& s) {
        s.BindText(1, match);
        if (query.body) {
          s.BindText(2, FoldKey(*query.body));
        } else {
          s.BindNull(2);
        }
        s.BindOptDate(3, query.from).BindOptDate(4, query.to);
        if (query.case_number) {
          s.BindText(5, NormalizeCaseNumber(*query.case_number));
        } else {
          s.BindNull(5);
        }
        if (query.party) {
          s.BindText(6, Upper(*query.party));
        } else {
          s.BindNull(6);
        }
        if (query.person) {
          s.BindText(7, FoldKey(*query.person));
        } else {
          s.BindNull(7);
        }
        s.BindInt(8, query.limit);
      },
      [&](const Statement& s) {
        SearchHit hit;
        hit.paragraph_id = s.ColumnInt64(0);
        hit.body = s.ColumnText(1);
        hit.body_abbreviation = s.ColumnText(2);
        hit.date = s.ColumnDate(3);
        hit.paragraph = s.ColumnOptInt(4);
        hit.title = s.ColumnText(5);
        hit.snippet = s.ColumnText(6);
        const std::string decision = s.ColumnText(7);
        hit.decision_first_line = decision.substr(0, decision.find('\n'));
        hit.case_numbers = store_internal::SplitUnitSeparated(s.ColumnText(8));
        hit.score = s.ColumnDouble(9);
        hit.path = s.ColumnText(10);
        hits.push_back(std::move(hit));
      });
  if (!status.ok()) {
    // FTS5 rejects some queries our translation lets through; the user gets
    // a sentence, not SQL.
    if (status.message().find("fts5") != std::string::npos ||
        status.message().find("syntax error") != std::string::npos) {
      return Status::InvalidArgument(fmt::format("sökfrågan går inte att tolka: {}", query.text));
    }
    return status;
  }
  return hits;
}

}  // namespace paragraf
