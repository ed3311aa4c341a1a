// Store: the SQLite database of imported documents.
//
// One Store owns one connection. The schema is created and upgraded by
// numbered migrations (PRAGMA user_version); the database runs in WAL mode
// with foreign keys on. Every import is one transaction: a failure leaves
// nothing half-written. Only this stage includes SQLite.
//
// Identity: a source file is identified by the SHA-256 of its bytes.
// Importing the same bytes again is a no-op ("unchanged"). A different file
// for the same meeting (same body, date and document kind; or, when body or
// date is unknown, the same path) replaces the earlier version. What users
// attach by hand (notes) is keyed by stable names (body, date, §), not row
// ids, and survives replacement.
//
// Not thread-safe: use one Store per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/result.h"

struct sqlite3;

namespace paragraf {

namespace store_internal {
class StatementCache;
}  // namespace store_internal

enum class ImportOutcome { kImported, kUnchanged, kReplaced };
std::string_view ToString(ImportOutcome outcome);  // "imported", "unchanged", "replaced"

// Counts of what the database holds (paragraf stats).
struct StoreStats {
  int documents = 0;
  int meetings = 0;
  int bodies = 0;
  int paragraphs = 0;
  int sections = 0;
  int decisions = 0;
  int case_numbers = 0;
  int attendees = 0;
  int agenda_items = 0;
  int motions = 0;
  int votes = 0;
  int reservations = 0;
  int followups = 0;
  int references = 0;
  int warnings = 0;
  int notes = 0;
};

// A paragraph found by FindParagraphs, with the document it belongs to.
struct StoredParagraph {
  int64_t id = 0;
  int64_t document_id = 0;
  std::string document_path;
  std::string document_kind;
  std::optional<Body> body;
  std::optional<Date> date;
  Paragraph paragraph;  // sections, decision and case numbers filled
};

// A stored document's summary.
struct StoredDocument {
  int64_t id = 0;
  std::string path;
  std::string sha256;
  std::string kind;
  std::optional<Body> body;
  std::optional<Date> date;
  int paragraphs = 0;
};

// A PDF page whose text layer is garbled or missing (v_pages_needing_ocr).
struct PageNeedingOcr {
  std::string path;
  int page = 0;
  std::string quality;  // "garbled" or "no_text"
  int checked = 0;
  int unknown = 0;
};

// What `paragraf show` looks for. Any unset field matches everything.
struct ParagraphQuery {
  std::optional<std::string> body;  // name or abbreviation, case-insensitive ("DRN södra")
  std::optional<Date> date;
  std::optional<int> number;
  // Exact diarienummer, ignoring case and spaces; a stored number with a
  // document suffix ("SLK-2024-00218:3") is found by its case number.
  std::optional<std::string> case_number;
  // The paragraphs that cite the one asked for by body, date and § (their
  // references), instead of that paragraph itself.
  bool citing = false;
};

// What `paragraf followup list` and the balanslista ask for.
struct FollowUpQuery {
  Date as_of;                           // the day whose state is wanted
  std::optional<std::string> body;      // name or abbreviation, case-insensitive
  std::vector<std::string> kinds;       // empty: all
  std::optional<std::string> assignee;  // part of the assignee, case-insensitive
  // Statuses wanted ("open", "overdue", "answered", "closed", "superseded");
  // empty: all.
  std::vector<std::string> statuses;
  std::optional<std::string> key;  // one follow-up
};

// A link from a follow-up to a later paragraph.
struct FollowUpLink {
  std::string kind;       // "answers", "continues", "corrects", "same_case"
  double confidence = 0;  // below kFactConfidence: a suggestion
  bool replaces = false;  // continues with a new deadline: the follow-up ends here
  bool partial = false;   // answers for one huvudman of a group: it stays open
  std::string evidence;
  std::string body;  // the later paragraph's body (abbreviation or name)
  std::optional<Date> date;
  std::optional<int> paragraph;
  std::string title;
};

// A follow-up as it stood on a query's as-of date.
struct StoredFollowUp {
  std::string key;     // "SVOM-2021-10-08-9-1"
  FollowUp followup;   // as parsed, with the secretariat's set-due and assign applied
  std::string status;  // "open", "overdue", "answered", "closed", "superseded"
  std::string body;
  std::string body_abbreviation;
  std::optional<Date> origin_date;
  std::optional<int> paragraph;
  std::string title;
  std::vector<std::string> case_numbers;
  std::vector<FollowUpLink> links;   // later paragraphs up to the as-of date, oldest first
  std::vector<std::string> actions;  // "2022-05-02 avslutad: …", oldest first
  std::optional<std::string> note;   // the latest action's note
};

// What `paragraf search` asks for. Unset filters match everything.
struct SearchQuery {
  std::string text;                 // words, "phrases", prefix*, OR, NOT
  std::optional<std::string> body;  // name or abbreviation
  std::optional<Date> from, to;     // meeting dates, inclusive
  // Where to look: "allt" (default), "beslut", "yrkanden", "rubrik".
  std::string in = "allt";
  std::optional<std::string> party;        // a yrkande, reservation or jäv of this party
  std::optional<std::string> person;       // … of this person (part of the name)
  std::optional<std::string> case_number;  // the paragraph's diarienummer
  int limit = 20;
};

// One paragraph found.
struct SearchHit {
  int64_t paragraph_id = 0;
  std::string body;
  std::string body_abbreviation;
  std::optional<Date> date;
  std::optional<int> paragraph;
  std::string title;
  std::vector<std::string> case_numbers;
  std::string snippet;              // the best passage, matches within [ and ]
  std::string decision_first_line;  // "" when the paragraph has no decision
  double score = 0;                 // BM25, lower is better
  std::string path;
};

// The secretariat's action in Swedish: "close" → "avslutad", "reopen" →
// "återöppnad", "set_due" → "nytt datum", "assign" → "ny ansvarig".
std::string FollowUpActionLabel(const std::string& action);

// Links at or above this confidence are facts; below, suggestions.
inline constexpr double kFactConfidence = 0.7;

// --- What the web app reads (web_queries.cc) ----------------------------------

// A paragraph's place: its document and its position there.
struct ParagraphRow {
  int64_t id = 0;
  int64_t document_id = 0;
  int ordinal = 0;  // 0-based position in the document (its index in the JSON's paragraphs)
  std::optional<int> number;
  std::string title;
  int page = 0;  // 0: unknown
};

// One step of a paragraph's follow-up trail: a follow-up and, when it has
// one, the paragraph on the other side of a link.
struct TrailStep {
  std::string followup_key;
  std::string followup_kind;
  std::string task;
  std::string link_kind;  // "answers" …; "" for a follow-up nothing has answered yet
  double confidence = 0;  // below kFactConfidence: a suggestion
  std::string evidence;
  int64_t paragraph_id = 0;  // the paragraph on the other side; 0 with no link
  std::string body;          // its body (abbreviation, else name)
  std::optional<Date> date;
  std::optional<int> number;
  std::string title;
};

struct FollowUpTrail {
  // What the paragraph's decision set in motion: one step per follow-up and
  // later paragraph linked to it (a follow-up without links: one step with
  // paragraph_id 0), in the follow-ups' order, links oldest first.
  std::vector<TrailStep> started;
  // What the paragraph answers: one step per earlier follow-up linked to
  // it, with the paragraph that follow-up comes from.
  std::vector<TrailStep> answers;
};

// Where a follow-up comes from.
struct FollowUpPlace {
  int64_t document_id = 0;
  int64_t paragraph_id = 0;  // 0: outside any § (a row of an action plan)
};

// One of the secretariat's actions on a follow-up.
struct FollowUpAction {
  std::string key;
  std::string action;                // "close", "reopen", "set_due", "assign"
  std::optional<std::string> value;  // set_due: ISO date; assign: the assignee
  std::optional<std::string> note;
  std::optional<std::string> ref;  // close: what closed it ("KS 2022-05-02 § 12")
  Date acted_on;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path` and migrates it to the
  // current schema. Errors: IOError (cannot create), Corruption (not a
  // database), Busy (locked), Unsupported (written by a newer paragraf),
  // InvalidInput (a SQLite database of another program).
  static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& path);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Schema version after migration.
  static int SchemaVersion();

  // Stores `document` (its source.sha256 and source.path must be set;
  // InvalidArgument otherwise) in one transaction. Errors from the database
  // (InvalidInput for data the schema refuses, Busy, IOError) leave nothing
  // written.
  Result<ImportOutcome> Import(const Document& document);

  // Merges the search index's segments after a run of imports, as much as
  // that run wrote: searches read every segment. A no-op when this store
  // has imported nothing since. Errors: those of the database.
  Status TidySearchIndex();

  // True when a document with these bytes is already stored.
  // Also true for a file whose document a later file of the same protocol
  // replaced (the superseded table): importing it again changes nothing.
  Result<bool> HasSha256(const std::string& sha256);

  Result<StoreStats> Stats();

  // Paragraphs matching `query`, ordered by date, body, number.
  Result<std::vector<StoredParagraph>> FindParagraphs(const ParagraphQuery& query);

  // Stored documents, ordered by date then path.
  Result<std::vector<StoredDocument>> ListDocuments();

  // Pages a later OCR step should redo, worst first: no text, then the
  // highest share of unknown words.
  Result<std::vector<PageNeedingOcr>> PagesNeedingOcr();

  // The full parsed document as stored (its JSON text, schema 1).
  Result<std::string> DocumentJson(int64_t document_id);

  // A secretariat's note on a paragraph (body + date + §). Survives
  // re-import and replacement of the document.
  Status AddNote(const std::string& body, const Date& date, int paragraph, const std::string& text);
  Result<std::vector<std::string>> Notes(const std::string& body, const Date& date, int paragraph);

  // "ok" when PRAGMA integrity_check and FTS5's integrity-check of the
  // search index (against the text it indexes) pass; otherwise the report.
  Result<std::string> IntegrityCheck();

  // Follow-ups as they stood on query.as_of: created on or before it, with
  // their status from links dated on or before it and the secretariat's
  // actions taking effect on or before it. Ordered by body, origin date,
  // §, ordinal.
  Result<std::vector<StoredFollowUp>> FollowUps(const FollowUpQuery& query);
  // The same follow-ups in no particular order, each handed to `take` as it
  // is read, with a bound on how many there are in all (for reserve(); 0
  // when none is known): what the caller makes of a long list is built
  // without first holding it as StoredFollowUps (the balanslista, which
  // sorts its items itself). Errors: as FollowUps(); some may have been
  // taken by then.
  Status ForEachFollowUp(const FollowUpQuery& query,
                         const std::function<void(StoredFollowUp&&, size_t at_most)>& take);

  // Full-text search over paragraphs with the Swedish analyzer, ranked by
  // BM25 with the title above the decision above yrkanden above other
  // text, recent meetings first on ties. InvalidArgument (a message for the
  // user, in Swedish) for a query with nothing to search for or a stray
  // operator; never an SQL error.
  Result<std::vector<SearchHit>> Search(const SearchQuery& query);

  // Records an action. NotFound when no follow-up has the key. Kept apart
  // from parsed data: re-importing protocols never changes actions.
  Status AddFollowUpAction(const FollowUpAction& action);

  // Rows changed by this connection since it opened (sqlite3_total_changes).
  int64_t TotalChanges() const;

  // --- For the web app (web_queries.cc) ---

  // Opens an existing database for reading only (SQLITE_OPEN_READONLY and
  // PRAGMA query_only): nothing is created or migrated, and every write
  // fails. Errors: NotFound (no such file), Unsupported (a schema older or
  // newer than this paragraf's: open it once with Open() to migrate), and
  // those of Open().
  static Result<std::unique_ptr<Store>> OpenReadOnly(const std::filesystem::path& path);

  // One stored document; nullopt when no document has the id.
  Result<std::optional<StoredDocument>> FindDocument(int64_t document_id);
  // The id of the stored document with these bytes; nullopt when none.
  Result<std::optional<int64_t>> FindDocumentBySha256(const std::string& sha256);

  // The paragraphs of a document, in order.
  Result<std::vector<ParagraphRow>> DocumentParagraphs(int64_t document_id);
  // One paragraph; nullopt when no paragraph has the id.
  Result<std::optional<ParagraphRow>> FindParagraphRow(int64_t paragraph_id);

  // The follow-ups a paragraph started and those it answers, with the
  // paragraphs on the other side of each link.
  Result<FollowUpTrail> FollowUpTrailOf(int64_t paragraph_id);

  // Where each follow-up comes from, by key.
  Result<std::map<std::string, FollowUpPlace>> FollowUpPlaces();

  // The parties of the yrkanden, reservations and jäv of each of
  // `paragraph_ids`: (paragraph id, party letters as written, upper case),
  // each pair once.
  Result<std::vector<std::pair<int64_t, std::string>>> ParagraphParties(
      const std::vector<int64_t>& paragraph_ids);

 private:
  explicit Store(sqlite3* db);
  sqlite3* db_;
  bool importing_ = false;          // Import() has turned memory mapping off
  int64_t indexed_since_tidy_ = 0;  // paragraphs imported since TidySearchIndex()
  // Import's prepared statements, kept from one document to the next:
  // compiling the linking queries again for every document cost a fifth
  // of an archive import.
  std::unique_ptr<store_internal::StatementCache> import_statements_;
  // Search()'s statements, compiled on the first search and kept for the
  // connection's life: compiling one took about 1 ms, a fifth of a search.
  std::unique_ptr<store_internal::StatementCache> search_statements_;
};

}  // namespace paragraf
