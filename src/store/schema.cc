#include "store/schema.h"

#include <array>

namespace paragraf::store_internal {

namespace {

// Migration 1: the whole schema of paragraf 0.1. Conventions: every table has
// an INTEGER PRIMARY KEY `id`; children name their parent `<parent>_id` and
// are deleted with it (ON DELETE CASCADE), so deleting a documents row removes
// everything read from that file. `ordinal` (0-based) keeps the order of the
// source. Dates are ISO 8601 text; page/line are 1-based and NULL when
// unknown. Notes are keyed by names, not ids, and outlive documents.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE bodies (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  name_key         TEXT NOT NULL,
  abbreviation     TEXT,
  abbreviation_key TEXT
);
CREATE INDEX bodies_name_key ON bodies(name_key);
CREATE INDEX bodies_abbreviation_key ON bodies(abbreviation_key);

CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) > 0),
  identity    TEXT NOT NULL UNIQUE,
  path        TEXT NOT NULL,
  format      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('protokoll', 'protokollsutdrag', 'kallelse',
                                            'tjansteskrivelse', 'bilaga', 'okand')),
  body_id     INTEGER REFERENCES bodies(id),
  date        TEXT,
  pages       INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  json        TEXT NOT NULL
);
CREATE INDEX documents_body_date ON documents(body_id, date);
CREATE INDEX documents_date_path ON documents(date, path);

CREATE TABLE meetings (
  id              INTEGER PRIMARY KEY,
  document_id     INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  date            TEXT,
  start_time      TEXT,
  end_time        TEXT,
  place           TEXT,
  chair           TEXT,
  secretary       TEXT,
  justering_date  TEXT,
  anslag_posted   TEXT,
  anslag_removed  TEXT,
  appeal_deadline TEXT
);

CREATE TABLE justerare (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  name       TEXT NOT NULL
);
CREATE INDEX justerare_meeting ON justerare(meeting_id, ordinal);

CREATE TABLE attendees (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  party      TEXT,
  role       TEXT NOT NULL,
  replaces   TEXT,
  paragraphs TEXT,
  title      TEXT,
  page       INTEGER,
  line       INTEGER
);
CREATE INDEX attendees_meeting ON attendees(meeting_id, ordinal);
CREATE INDEX attendees_name ON attendees(name);

CREATE TABLE agenda_items (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal        INTEGER NOT NULL,
  number         INTEGER,
  title          TEXT NOT NULL,
  time           TEXT,
  starts_on_page INTEGER,
  page           INTEGER,
  line           INTEGER
);
CREATE INDEX agenda_items_document ON agenda_items(document_id, ordinal);

CREATE TABLE agenda_presenters (
  id             INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
  ordinal        INTEGER NOT NULL,
  name           TEXT NOT NULL
);
CREATE INDEX agenda_presenters_item ON agenda_presenters(agenda_item_id, ordinal);

CREATE TABLE paragraphs (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  number      INTEGER CHECK (number IS NULL OR number >= 0),
  title       TEXT NOT NULL,
  page        INTEGER,
  line        INTEGER
);
CREATE INDEX paragraphs_document ON paragraphs(document_id, ordinal);
CREATE INDEX paragraphs_number ON paragraphs(number);

CREATE TABLE case_numbers (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  case_number  TEXT NOT NULL,
  normalized   TEXT NOT NULL
);
CREATE INDEX case_numbers_paragraph ON case_numbers(paragraph_id, ordinal);
CREATE INDEX case_numbers_normalized ON case_numbers(normalized);

CREATE TABLE sections (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  heading      TEXT NOT NULL,
  text         TEXT NOT NULL,
  page         INTEGER,
  line         INTEGER
);
CREATE INDEX sections_paragraph ON sections(paragraph_id, ordinal);

CREATE TABLE motions (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  text         TEXT NOT NULL,
  page         INTEGER,
  line         INTEGER
);
CREATE INDEX motions_paragraph ON motions(paragraph_id, ordinal);

CREATE TABLE motion_authors (
  id        INTEGER PRIMARY KEY,
  motion_id INTEGER NOT NULL REFERENCES motions(id) ON DELETE CASCADE,
  ordinal   INTEGER NOT NULL,
  name      TEXT NOT NULL,
  party     TEXT
);
CREATE INDEX motion_authors_motion ON motion_authors(motion_id, ordinal);

CREATE TABLE propositions (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  method       TEXT NOT NULL CHECK (method IN ('acklamation', 'votering')),
  text         TEXT NOT NULL,
  page         INTEGER,
  line         INTEGER
);
CREATE INDEX propositions_paragraph ON propositions(paragraph_id, ordinal);

CREATE TABLE votes (
  id            INTEGER PRIMARY KEY,
  paragraph_id  INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL,
  yes_count     INTEGER,
  no_count      INTEGER,
  abstain_count INTEGER,
  page          INTEGER,
  line          INTEGER
);
CREATE INDEX votes_paragraph ON votes(paragraph_id, ordinal);

CREATE TABLE named_votes (
  id      INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name    TEXT NOT NULL,
  party   TEXT,
  vote    TEXT NOT NULL
);
CREATE INDEX named_votes_vote ON named_votes(vote_id, ordinal);

CREATE TABLE reservations (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  text         TEXT NOT NULL,
  page         INTEGER,
  line         INTEGER
);
CREATE INDEX reservations_paragraph ON reservations(paragraph_id, ordinal);

CREATE TABLE reservation_authors (
  id             INTEGER PRIMARY KEY,
  reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
  ordinal        INTEGER NOT NULL,
  name           TEXT NOT NULL,
  party          TEXT
);
CREATE INDEX reservation_authors_reservation ON reservation_authors(reservation_id, ordinal);

CREATE TABLE conflicts (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  name         TEXT NOT NULL,
  party        TEXT
);
CREATE INDEX conflicts_paragraph ON conflicts(paragraph_id, ordinal);

CREATE TABLE decisions (
  id                   INTEGER PRIMARY KEY,
  paragraph_id         INTEGER NOT NULL UNIQUE REFERENCES paragraphs(id) ON DELETE CASCADE,
  text                 TEXT NOT NULL,
  immediately_adjusted INTEGER NOT NULL DEFAULT 0 CHECK (immediately_adjusted IN (0, 1)),
  page                 INTEGER,
  line                 INTEGER
);

CREATE TABLE decision_points (
  id          INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  text        TEXT NOT NULL
);
CREATE INDEX decision_points_decision ON decision_points(decision_id, ordinal);

CREATE TABLE followups (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  assignee     TEXT,
  task         TEXT NOT NULL,
  due          TEXT,
  text         TEXT NOT NULL,
  page         INTEGER,
  line         INTEGER
);
CREATE INDEX followups_paragraph ON followups(paragraph_id, ordinal);
CREATE INDEX followups_due ON followups(due);

CREATE TABLE refs (
  id                     INTEGER PRIMARY KEY,
  paragraph_id           INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal                INTEGER NOT NULL,
  kind                   TEXT NOT NULL,
  text                   TEXT NOT NULL,
  body                   TEXT,
  date                   TEXT,
  paragraph_number       INTEGER,
  case_number            TEXT,
  case_number_normalized TEXT,
  page                   INTEGER,
  line                   INTEGER
);
CREATE INDEX refs_paragraph ON refs(paragraph_id, ordinal);
CREATE INDEX refs_case_number_normalized ON refs(case_number_normalized);

CREATE TABLE warnings (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  page        INTEGER,
  line        INTEGER,
  message     TEXT NOT NULL
);
CREATE INDEX warnings_document ON warnings(document_id, ordinal);

CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  body       TEXT NOT NULL,
  body_key   TEXT NOT NULL,
  date       TEXT NOT NULL,
  paragraph  INTEGER NOT NULL,
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX notes_key ON notes(body_key, date, paragraph);

CREATE VIEW v_paragraphs AS
SELECT b.name AS body,
       b.abbreviation AS abbreviation,
       d.date AS date,
       p.number AS number,
       p.title AS title,
       (SELECT group_concat(c.case_number, ', ') FROM case_numbers c
         WHERE c.paragraph_id = p.id) AS case_numbers,
       d.kind AS kind,
       d.path AS path,
       p.page AS page,
       p.id AS paragraph_id,
       d.id AS document_id
  FROM paragraphs p
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id;

CREATE VIEW v_decisions AS
SELECT b.name AS body,
       d.date AS date,
       p.number AS number,
       p.title AS title,
       x.text AS decision,
       x.immediately_adjusted AS immediately_adjusted,
       (SELECT count(*) FROM decision_points dp WHERE dp.decision_id = x.id) AS points,
       x.id AS decision_id,
       p.id AS paragraph_id,
       d.id AS document_id
  FROM decisions x
  JOIN paragraphs p ON p.id = x.paragraph_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN bodies b ON b.id = d.body_id;

CREATE VIEW v_documents AS
SELECT d.path AS path,
       d.kind AS kind,
       b.name AS body,
       d.date AS date,
       (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id) AS paragraphs,
       d.imported_at AS imported_at,
       d.format AS format,
       d.pages AS pages,
       d.sha256 AS sha256,
       d.id AS document_id
  FROM documents d
  LEFT JOIN bodies b ON b.id = d.body_id;
)sql";

// Version 2: PDF text-layer quality per page (for a later OCR step) and
// presence on check-box attendance lists.
constexpr const char* kMigration2 = R"sql(
ALTER TABLE attendees ADD COLUMN present INTEGER NOT NULL DEFAULT 1;

CREATE TABLE pages (
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page           INTEGER NOT NULL,
  words          INTEGER NOT NULL,
  checked        INTEGER NOT NULL,
  unknown        INTEGER NOT NULL,
  lost_ligatures INTEGER NOT NULL,
  quality        TEXT NOT NULL,
  PRIMARY KEY (document_id, page)
) WITHOUT ROWID;
CREATE INDEX pages_quality ON pages(quality);

-- Files whose document was replaced by another file of the same protocol
-- (same body, date and kind): importing them again changes nothing, so a
-- folder holding both a PDF and a text of one protocol imports the same
-- way every time instead of swapping the two.
CREATE TABLE superseded (
  sha256      TEXT PRIMARY KEY,
  identity    TEXT NOT NULL,
  path        TEXT NOT NULL,
  replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;

CREATE VIEW v_pages_needing_ocr AS
SELECT d.path AS path,
       pg.page AS page,
       pg.quality AS quality,
       pg.words AS words,
       pg.checked AS checked,
       pg.unknown AS unknown,
       CASE WHEN pg.checked > 0 THEN round(1.0 * pg.unknown / pg.checked, 3) END AS unknown_share,
       d.id AS document_id
  FROM pages pg
  JOIN documents d ON d.id = pg.document_id
 WHERE pg.quality IN ('garbled', 'no_text');
)sql";

// Version 3: pages read by OCR (the text layer was garbled or missing):
// where each page's text came from, with the OCR's confidence and the
// dictionary's verdict on it. Such pages no longer need OCR.
constexpr const char* kMigration3 = R"sql(
ALTER TABLE pages ADD COLUMN source TEXT NOT NULL DEFAULT 'text_layer'
  CHECK (source IN ('text_layer', 'ocr'));
ALTER TABLE pages ADD COLUMN ocr_confidence REAL;
ALTER TABLE pages ADD COLUMN ocr_quality TEXT;

DROP VIEW v_pages_needing_ocr;
CREATE VIEW v_pages_needing_ocr AS
SELECT d.path AS path,
       pg.page AS page,
       pg.quality AS quality,
       pg.words AS words,
       pg.checked AS checked,
       pg.unknown AS unknown,
       CASE WHEN pg.checked > 0 THEN round(1.0 * pg.unknown / pg.checked, 3) END AS unknown_share,
       d.id AS document_id
  FROM pages pg
  JOIN documents d ON d.id = pg.document_id
 WHERE pg.quality IN ('garbled', 'no_text') AND pg.source = 'text_layer';
)sql";

// Version 4: follow-ups and what answers them. Each follow-up gets a stable
// key ("SVOM-2021-10-08-9-1": body, meeting date, §, ordinal) that the
// secretariat's actions are kept under, apart from parsed data, so that
// re-importing a protocol never loses them. Links from a follow-up to the
// later paragraphs that answer, continue, correct or share its case are
// computed at import, both ways. Cues are what a paragraph says of earlier
// decisions (links.rules).
constexpr const char* kMigration4 = R"sql(
-- Follow-ups belong to a document, and to one of its paragraphs unless they
-- stand outside any § (an action plan in a kallelse's underlag): the table
-- is rebuilt with document_id and a nullable paragraph_id.
CREATE TABLE followups_v4 (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  paragraph_id INTEGER REFERENCES paragraphs(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  assignee     TEXT,
  task         TEXT NOT NULL,
  due          TEXT,
  due_text     TEXT,
  text         TEXT NOT NULL,
  page         INTEGER,
  line         INTEGER,
  key          TEXT NOT NULL
);
INSERT INTO followups_v4 (id, document_id, paragraph_id, ordinal, kind, assignee, task, due,
                          text, page, line, key)
SELECT f.id, p.document_id, f.paragraph_id, f.ordinal, f.kind, f.assignee, f.task, f.due, f.text,
       f.page, f.line, 'f' || f.id
  FROM followups f JOIN paragraphs p ON p.id = f.paragraph_id;
DROP TABLE followups;
ALTER TABLE followups_v4 RENAME TO followups;
CREATE INDEX followups_document ON followups(document_id);
CREATE INDEX followups_paragraph ON followups(paragraph_id, ordinal);
CREATE INDEX followups_due ON followups(due);
CREATE INDEX followups_key ON followups(key);
CREATE INDEX followups_kind ON followups(kind);
CREATE INDEX refs_date_paragraph ON refs(date, paragraph_number);

CREATE TABLE cues (
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  text         TEXT NOT NULL
);
CREATE INDEX cues_paragraph ON cues(paragraph_id);

CREATE TABLE followup_links (
  followup_id  INTEGER NOT NULL REFERENCES followups(id) ON DELETE CASCADE,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('answers', 'continues', 'corrects', 'same_case')),
  evidence     TEXT NOT NULL,
  confidence   REAL NOT NULL CHECK (confidence > 0 AND confidence <= 1),
  PRIMARY KEY (followup_id, paragraph_id)
) WITHOUT ROWID;
CREATE INDEX followup_links_paragraph ON followup_links(paragraph_id);

CREATE TABLE followup_actions (
  id           INTEGER PRIMARY KEY,
  followup_key TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('close', 'reopen', 'set_due', 'assign')),
  value        TEXT,
  note         TEXT,
  ref          TEXT,
  acted_on     TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX followup_actions_key ON followup_actions(followup_key, id);
)sql";

// Version 5: full-text search. One row per paragraph (rowid = paragraphs.id)
// in four columns: title, decision, yrkanden (with their authors) and all
// text; tokenized by the Swedish analyzer the store registers as
// "paragraf_sv". Existing paragraphs are indexed here; new ones at import;
// a trigger drops a paragraph's row with the paragraph.
constexpr const char* kMigration5 = R"sql(
CREATE VIRTUAL TABLE search USING fts5(title, decision, motions, text,
                                       tokenize = 'paragraf_sv');
INSERT INTO search (rowid, title, decision, motions, text)
SELECT p.id, p.title,
       coalesce((SELECT d.text FROM decisions d WHERE d.paragraph_id = p.id), ''),
       coalesce((SELECT group_concat(m.text, char(10)) FROM motions m
                  WHERE m.paragraph_id = p.id), ''),
       coalesce((SELECT group_concat(s.heading || char(10) || s.text, char(10)) FROM sections s
                  WHERE s.paragraph_id = p.id), '')
  FROM paragraphs p;
CREATE TRIGGER paragraphs_search_delete AFTER DELETE ON paragraphs BEGIN
  DELETE FROM search WHERE rowid = old.id;
END;
)sql";

// Version 6: what links a follow-up to a later meeting beyond references
// and diarienummer. A § decided at an earlier meeting than its document's
// (a protokollsutdrag in a kallelse) keeps that date, so that a citation of
// it resolves. An action-plan row is found again by its activity, quoted
// in a later report: the row's task and the report's cue carry the same
// folded key. A link that moves a deadline replaces the follow-up it
// continues (the continuing paragraph opens the new one). An adoption by
// one huvudman of a recommendation to a group answers it in part: the
// group's follow-up stays open. A due "at the body's meeting in June" takes
// that meeting's date when the store holds the meeting.
constexpr const char* kMigration6 = R"sql(
ALTER TABLE paragraphs ADD COLUMN decided_on TEXT;
CREATE INDEX paragraphs_decided ON paragraphs(decided_on, number) WHERE decided_on IS NOT NULL;
ALTER TABLE cues ADD COLUMN key TEXT;
CREATE INDEX cues_key ON cues(key) WHERE key IS NOT NULL;
ALTER TABLE followups ADD COLUMN task_key TEXT;
CREATE INDEX followups_task_key ON followups(task_key) WHERE task_key IS NOT NULL;
ALTER TABLE followup_links ADD COLUMN replaces INTEGER NOT NULL DEFAULT 0;
ALTER TABLE followup_links ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
ALTER TABLE followups ADD COLUMN due_meeting TEXT;
ALTER TABLE documents ADD COLUMN organisation TEXT;
)sql";

// Version 7: the search index keeps no copy of the text. The FTS5 table
// reads its text ("external content") from the view search_source, built
// from the paragraph's own rows: title; decision; yrkanden with their
// authors; section headings and texts, then the case numbers. Import adds a
// paragraph's row from the view, and removes it (FTS5's 'delete' with the
// same values) before a replaced document's rows go; the trigger of
// version 5 could not, since the rows it needs are gone by then.
constexpr const char* kMigration7 = R"sql(
DROP TRIGGER paragraphs_search_delete;
DROP TABLE search;
CREATE VIEW search_source AS
SELECT p.id AS id, p.title AS title,
       coalesce((SELECT d.text FROM decisions d WHERE d.paragraph_id = p.id), '') AS decision,
       coalesce((SELECT group_concat(
                   coalesce((SELECT group_concat(a.name || coalesce(' (' || a.party || ')', '')
                                                 || ' ', '')
                               FROM motion_authors a WHERE a.motion_id = m.id), '')
                   || m.text || char(10), '')
                   FROM motions m WHERE m.paragraph_id = p.id), '') AS motions,
       coalesce((SELECT group_concat(CASE WHEN s.heading <> '' THEN s.heading || char(10)
                                          ELSE '' END || s.text || char(10), '')
                   FROM sections s WHERE s.paragraph_id = p.id), '')
       || coalesce((SELECT group_concat(c.case_number || char(10), '')
                      FROM case_numbers c WHERE c.paragraph_id = p.id), '') AS text
  FROM paragraphs p;
CREATE VIRTUAL TABLE search USING fts5(title, decision, motions, text,
                                       content = 'search_source', content_rowid = 'id',
                                       tokenize = 'paragraf_sv');
INSERT INTO search (search) VALUES ('rebuild');
)sql";

// Version 8: what finds a follow-up again when a later report names the
// work in its own words, and what a follow-up or document learns from
// later ones. A follow-up keeps its task's words (the parser's, without
// stop words), by which a report's statement ("Kartläggningen … är
// genomförd") is matched to an action-plan row, and the kind of follow-up
// that ends it when the same body opens one for the same work (`outcome`:
// "remiss" for a plan to be ready for remiss). A follow-up that carries
// on one whose deadline moved, and names no assignee, takes the earlier
// one's (`inherited_assignee`). An undated document (a protokollsutdrag
// without its date) is dated by a later citation of its § ("SVOM
// beslutade 2022-10-07, § 25"): `date_from` says which. Databases imported
// before version 8 get task words on their next import of each document.
constexpr const char* kMigration8 = R"sql(
ALTER TABLE followups ADD COLUMN task_words TEXT;
ALTER TABLE followups ADD COLUMN inherited_assignee TEXT;
ALTER TABLE followups ADD COLUMN outcome TEXT;
CREATE INDEX followups_outcome ON followups(outcome) WHERE outcome IS NOT NULL;
ALTER TABLE documents ADD COLUMN date_from TEXT;
)sql";

constexpr std::array<const char*, 8> kMigrations = {kMigration1, kMigration2, kMigration3,
                                                    kMigration4, kMigration5, kMigration6,
                                                    kMigration7, kMigration8};

}  // namespace

std::span<const char* const> Migrations() { return kMigrations; }

}  // namespace paragraf::store_internal
