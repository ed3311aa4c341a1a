// The document model: what paragraf reads out of one source file.
//
// Every stage after parse speaks these types. Fields that a later part of the
// pipeline fills may be empty, never invented: an unknown value is nullopt or
// an empty vector. Every element that came from the text carries a SourcePos
// so a user can be pointed back to "page 4, line 17".
//
// Swedish domain words stay Swedish where they are the real names; each is
// glossed where declared. Plain value types; not thread-safe to mutate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace paragraf {

// Where something came from. 1-based; 0 means unknown (text sources have no
// pages unless the text marks them).
struct SourcePos {
  int page = 0;
  int line = 0;
};

// What kind of document a source file is.
enum class DocumentKind {
  kProtokoll,         // minutes of one meeting
  kProtokollsutdrag,  // extract: one or a few paragraphs of minutes
  kKallelse,          // kallelse / föredragningslista: the agenda sent before
  kTjansteskrivelse,  // tjänsteskrivelse / tjänsteutlåtande: officer's report
  kBilaga,            // attachment
  kOkand,             // okänd: none of the above
};

// "protokoll", "protokollsutdrag", "kallelse", "tjansteskrivelse", "bilaga", "okand".
std::string_view ToString(DocumentKind kind);
std::optional<DocumentKind> DocumentKindFromString(std::string_view name);

// The body (organ) that met or wrote: "Delregional nämnd södra", "DRN södra".
struct Body {
  std::string name;
  std::optional<std::string> abbreviation;
};

// A person as written in the text, with the party letters in parentheses.
struct PersonRef {
  std::string name;
  std::optional<std::string> party;  // "S", "M", "KD", "VV" …
  // The name as the text wrote it, when it was matched to a differently
  // spelled name on the attendance list ("Daniel Avastsson" for "Daniel
  // Arvastsson"); nullopt when the two agree.
  std::optional<std::string> written;
};

// One person on the attendance list.
struct Attendee {
  std::string name;
  std::optional<std::string> party;
  // "ordforande", "vice_ordforande", "ledamot", "tjanstgorande_ersattare",
  // "ersattare", "ovrig" (övriga närvarande: officials), "sekreterare".
  std::string role;
  std::optional<std::string> replaces;    // "tjänstgör för NN"
  std::optional<std::string> paragraphs;  // presence limited: "§§ 30-42", "kl. 13:00-16:20"
  std::optional<std::string> title;       // an official's title: "utbildningsdirektör"
  SourcePos pos;
  bool present = true;  // false: listed but absent ("[ ] name")
};

// Anslag: the protocol's posting on the notice board.
struct Anslag {
  std::optional<Date> posted;   // Datum för anslags uppsättande
  std::optional<Date> removed;  // Datum för anslags nedtagande
};

// The meeting (sammanträde) the document records or prepares.
struct Meeting {
  std::optional<Date> date;
  std::optional<std::string> start;  // "13:00"
  std::optional<std::string> end;    // "16:30"
  std::vector<std::string> breaks;   // "12:00–13:00": ajournering, lunch, paus
  std::optional<std::string> place;
  std::vector<Attendee> attendance;
  std::optional<std::string> chair;      // ordförande
  std::optional<std::string> secretary;  // sekreterare
  std::vector<std::string> justerare;    // who checks and signs the minutes
  std::optional<Date> justering_date;
  Anslag anslag;
  std::optional<Date> appeal_deadline;  // three weeks from anslag (KL 13 kap.)
};

// One item of the agenda (dagordning / föredragningslista / innehåll).
struct AgendaItem {
  std::optional<int> number;  // item or § number
  std::string title;
  std::vector<std::string> presenters;  // föredragande
  std::optional<std::string> time;      // "13:05"
  std::optional<int> page;              // page the item starts on
  SourcePos pos;
};

// What a section of a paragraph is.
enum class SectionKind {
  kSammanfattning,        // summary
  kBakgrund,              // background
  kArendet,               // Ärendet / Ärendebeskrivning: the matter
  kForslag,               // Förslag till beslut, Förvaltningens förslag …
  kBehandling,            // "<Body>s behandling": the meeting's handling
  kYrkanden,              // motions made at the meeting
  kPropositionsordning,   // order in which the chair put the proposals
  kOmrostning,            // vote (omröstning / votering)
  kBeslut,                // decision
  kBeslutsunderlag,       // documents the decision rests on
  kExpediering,           // Skickas till / Utdrag till / Expedieras till
  kReservation,           // dissent
  kProtokollsanteckning,  // minuted statement
  kJav,                   // jäv: conflict of interest
  kJustering,             // Paragrafen är justerad / omedelbar justering
  kOvrigt,                // any other heading (MBL-behandling, named topics)
};

// "sammanfattning", "bakgrund", "arendet", "forslag", "behandling", "yrkanden",
// "propositionsordning", "omrostning", "beslut", "beslutsunderlag",
// "expediering", "reservation", "protokollsanteckning", "jav", "justering", "ovrigt".
std::string_view ToString(SectionKind kind);
std::optional<SectionKind> SectionKindFromString(std::string_view name);

struct Section {
  SectionKind kind = SectionKind::kOvrigt;
  std::string heading;  // as written; empty for text before the first heading
  std::string text;
  SourcePos pos;
};

// Yrkande: a motion made at the meeting.
enum class MotionKind { kBifall, kAvslag, kAndring, kTillagg, kAterremiss, kBordlaggning, kAnnat };
// "bifall", "avslag", "ändring", "tillägg", "återremiss", "bordläggning", "annat".
std::string_view ToString(MotionKind kind);
std::optional<MotionKind> MotionKindFromString(std::string_view name);

struct Motion {
  std::vector<PersonRef> by;  // the mover first, then "med instämmande av" supporters
  MotionKind kind = MotionKind::kAnnat;
  std::string text;
  std::optional<int> number;  // "1. Tom Silverklo (C) yrkar …", "Förslag 2"
  std::optional<std::string>
      concerns;            // the proposal it is about: "stadsledningskontorets förslag"
  bool unanimous = false;  // "med instämmande av en enig nämnd"
  SourcePos pos;
};

// Proposition: how the chair put the proposals to the meeting.
enum class PropositionMethod { kAcklamation, kVotering };
std::string_view ToString(PropositionMethod method);  // "acklamation", "votering"

struct Proposition {
  PropositionMethod method = PropositionMethod::kAcklamation;
  std::string text;
  // What the chair found carried: "förslag 1", "det egna yrkandet".
  std::optional<std::string> outcome;
  SourcePos pos;
};

struct NamedVote {
  std::string name;
  std::optional<std::string> party;
  std::string vote;  // "ja", "nej", "avstar"
};

// Omröstning: a vote and how it came out.
struct Vote {
  std::optional<int> yes;
  std::optional<int> no;
  std::optional<int> abstain;
  std::vector<NamedVote> named;
  // The voteringsproposition: what a Ja and a Nej vote stand for.
  std::optional<std::string> yes_means;
  std::optional<std::string> no_means;
  std::optional<std::string> outcome;  // "ja" or "nej": the side with more votes
  SourcePos pos;
};

// A reservation (dissent) or a protokollsanteckning (minuted statement).
struct Reservation {
  std::vector<PersonRef> by;  // people; a party group is one entry: "S-ledamöterna"
  std::string text;
  bool for_own_motion = false;  // "till förmån för eget yrkande"
  bool written = false;         // a written reservation ("skriftlig reservation", "bilaga")
  SourcePos pos;
};

// Beslut: what the body decided (or, in a tjänsteskrivelse, what is proposed).
struct Decision {
  std::string text;
  std::vector<std::string> points;    // numbered and bulleted points, in order
  bool immediately_adjusted = false;  // "Paragrafen förklaras omedelbart justerad"
  // How the body acts: "beslutar", "rekommenderar", "föreslår" (to
  // fullmäktige: a proposal, not a decision), "tillstyrker", "noterar".
  std::optional<std::string> verb;
  SourcePos pos;
};

// Work a decision sets in motion that must come back (uppdrag, remiss,
// återremiss …): what the balanslista lists until a later decision answers
// it.
struct FollowUp {
  // "uppdrag", "remiss", "aterremiss", "bordlaggning", "rekommendation",
  // "forlangning" (ends on `due`), "motion", "medborgarforslag" (to be
  // answered within a year), "aktivitet" (a row of an adopted action plan).
  std::string kind;
  std::optional<std::string> assignee;  // "förvaltningen", "Region Jämtland Härjedalen"
  std::string task;
  std::optional<Date> due;  // resolved from the meeting date where relative
  std::string due_text;     // as written: "senast 2022-03-31", "Löpande"; "" when none
  std::string text;         // the evidence sentence
  SourcePos pos;
  // "month": due at the body's meeting in the month of `due` ("till
  // nämndens sammanträde i juni 2022"); "next": at its next meeting. The
  // store puts that meeting's date when it holds the meeting. "" otherwise.
  std::string due_meeting;
  // The task's words that say what it is about, lowercased, in order, each
  // once, space-separated ("kartlägga behovet mötesplatser äldre …"): by
  // them a later report that names the work in other words finds it.
  // Derived by the parser for the store; not part of the JSON contract.
  std::string task_words;
  // The kind of follow-up that, when the same body opens it later for the
  // same work, answers this one ("remiss" for work to be ready for remiss;
  // followups.rules `outcome`), or "". Derived by the parser for the store.
  std::string outcome;
};

// A cue that a paragraph answers or corrects earlier decisions.
struct LinkCue {
  // "report_back", "closed", "noted", "adoption", "correction", …
  // (links.rules `cue`); "activity_done|open|moved" for a quoted action-plan
  // row; "statement_done|open" for a line that tells how some work stands
  // without quoting it ("Kartläggningen … är genomförd").
  std::string kind;
  std::string text;  // the words that show it
};

// A reference to something outside the paragraph: a case, an earlier
// decision, a law or report.
struct Reference {
  std::string kind;  // "diarienummer", "beslut", "lag", "rapport"
  std::string text;  // as written
  std::optional<std::string> body;
  std::optional<Date> date;
  std::optional<int> paragraph;
  std::optional<std::string> case_number;
  SourcePos pos;
};

// A §-paragraph: one item handled at the meeting. A document without §
// numbers (a tjänsteskrivelse) carries its content as one paragraph whose
// number is nullopt.
struct Paragraph {
  std::optional<int> number;
  std::string title;
  std::vector<std::string> case_numbers;  // diarienummer: "DRNS 2024-00052"
  SourcePos pos;
  std::vector<Section> sections;
  std::vector<Motion> motions;
  std::vector<Proposition> propositions;
  std::vector<Vote> votes;
  std::vector<Reservation> reservations;
  std::vector<Reservation> protocol_notes;  // protokollsanteckningar
  std::vector<PersonRef> conflicts;         // jäv
  std::optional<Decision> decision;
  std::vector<FollowUp> followups;
  std::vector<Reference> references;
  // The meeting that decided it, when not the document's own: a kallelse
  // carrying "Protokollsutdrag SVOM 26 februari 2021 - §9" as underlag.
  std::optional<Date> decided_on;
  // What the paragraph says of earlier decisions (grammars/sv/links.rules):
  // "report_back", "closed", "adoption", "correction". The store links it
  // to the follow-ups it answers from these and its references.
  std::vector<LinkCue> cues;
};

// Something the reader should know about the source: a page with a bad text
// layer, a missing meeting date, a paragraph number out of order.
struct Warning {
  SourcePos pos;
  std::string message;
};

// Where the document came from.
struct SourceInfo {
  std::string path;    // as given by the caller
  std::string sha256;  // lowercase hex of the file's bytes
  std::string format;  // "text", "markdown", "pdf"
  int pages = 0;       // 0 when the source has no page structure
};

// How well a PDF page's text layer reads: the words a spelling dictionary
// was asked about and how many it did not know. Pages read by OCR instead
// keep their text layer's figures here, with the verdict on the OCR text in
// ocr_quality.
struct PageText {
  int page = 0;
  int words = 0;
  int checked = 0;
  int unknown = 0;
  int lost_ligatures = 0;  // unknown words a swallowed ligature explains: "fnns"
  // "ok", "garbled" (too many unknown words: a font without a correct
  // Unicode map; OCR it), "no_text" (a scan), "too_little_text".
  std::string quality;
  // Where the page's words come from: "text_layer", or "ocr" (the page
  // drawn and read by OCR because its text layer was garbled or missing),
  // with the OCR engine's mean word confidence (0–100).
  std::string source = "text_layer";
  double ocr_confidence = 0;
  std::string ocr_quality;  // "ok", "garbled" …; empty unless source is "ocr"
};

struct Document {
  SourceInfo source;
  DocumentKind kind = DocumentKind::kOkand;
  std::optional<Body> body;
  // The organisation the body belongs to, when the head names it: "Region
  // Jämtland Härjedalen", "Östby kommun".
  std::optional<std::string> organisation;
  // The document's own date: the meeting date for minutes and agendas, the
  // writing date for a tjänsteskrivelse.
  std::optional<Date> date;
  Meeting meeting;
  std::vector<AgendaItem> agenda;
  std::vector<Paragraph> paragraphs;
  // Follow-ups outside any §: the rows of an action plan in a kallelse's
  // underlag (seed 001: Aktivitet | Ansvar för genomförande | Tidsplan).
  std::vector<FollowUp> followups;
  std::vector<PageText> pages;  // PDF sources: one per page; otherwise empty
  std::vector<Warning> warnings;
};

}  // namespace paragraf
