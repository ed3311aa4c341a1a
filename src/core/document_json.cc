#include "core/document_json.h"

namespace paragraf {

namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json Opt(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json Opt(const std::optional<Date>& value) {
  return value ? Json(FormatIsoDate(*value)) : Json(nullptr);
}

template <typename T, typename F>
Json Array(const std::vector<T>& items, F&& convert) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(convert(item));
  return out;
}

Json PersonJson(const PersonRef& person) {
  Json j{{"name", person.name}, {"party", Opt(person.party)}};
  if (person.written) j["written"] = *person.written;
  return j;
}

Json AttendeeJson(const Attendee& a) {
  return Json{{"name", a.name},
              {"party", Opt(a.party)},
              {"role", a.role},
              {"replaces", Opt(a.replaces)},
              {"paragraphs", Opt(a.paragraphs)},
              {"title", Opt(a.title)},
              {"present", a.present}};
}

Json MeetingJson(const Meeting& m) {
  return Json{
      {"date", Opt(m.date)},
      {"start", Opt(m.start)},
      {"end", Opt(m.end)},
      {"breaks", m.breaks},
      {"place", Opt(m.place)},
      {"attendance", Array(m.attendance, AttendeeJson)},
      {"chair", Opt(m.chair)},
      {"secretary", Opt(m.secretary)},
      {"justerare", m.justerare},
      {"justering_date", Opt(m.justering_date)},
      {"anslag", Json{{"posted", Opt(m.anslag.posted)}, {"removed", Opt(m.anslag.removed)}}},
      {"appeal_deadline", Opt(m.appeal_deadline)}};
}

Json AgendaJson(const AgendaItem& item) {
  return Json{{"number", Opt(item.number)},
              {"title", item.title},
              {"presenters", item.presenters},
              {"time", Opt(item.time)},
              {"page", Opt(item.page)}};
}

Json SectionJson(const Section& s) {
  return Json{{"kind", ToString(s.kind)}, {"heading", s.heading}, {"text", s.text}};
}

Json MotionJson(const Motion& m) {
  return Json{{"by", Array(m.by, PersonJson)}, {"kind", ToString(m.kind)},
              {"number", Opt(m.number)},       {"concerns", Opt(m.concerns)},
              {"unanimous", m.unanimous},      {"text", m.text}};
}

Json PropositionJson(const Proposition& p) {
  return Json{{"method", ToString(p.method)}, {"outcome", Opt(p.outcome)}, {"text", p.text}};
}

Json VoteJson(const Vote& v) {
  return Json{{"yes", Opt(v.yes)},
              {"no", Opt(v.no)},
              {"abstain", Opt(v.abstain)},
              {"yes_means", Opt(v.yes_means)},
              {"no_means", Opt(v.no_means)},
              {"outcome", Opt(v.outcome)},
              {"named", Array(v.named, [](const NamedVote& n) {
                 return Json{{"name", n.name}, {"party", Opt(n.party)}, {"vote", n.vote}};
               })}};
}

Json ReservationJson(const Reservation& r) {
  return Json{{"by", Array(r.by, PersonJson)},
              {"for_own_motion", r.for_own_motion},
              {"written", r.written},
              {"text", r.text}};
}

Json DecisionJson(const std::optional<Decision>& d) {
  if (!d) return nullptr;
  return Json{{"text", d->text},
              {"verb", Opt(d->verb)},
              {"points", d->points},
              {"immediately_adjusted", d->immediately_adjusted}};
}

Json FollowUpJson(const FollowUp& f) {
  return Json{{"kind", f.kind},
              {"assignee", Opt(f.assignee)},
              {"task", f.task},
              {"due", Opt(f.due)},
              {"due_text", f.due_text.empty() ? Json(nullptr) : Json(f.due_text)},
              {"due_meeting", f.due_meeting.empty() ? Json(nullptr) : Json(f.due_meeting)},
              {"text", f.text}};
}

Json ReferenceJson(const Reference& r) {
  return Json{{"kind", r.kind},
              {"text", r.text},
              {"body", Opt(r.body)},
              {"date", Opt(r.date)},
              {"paragraph", Opt(r.paragraph)},
              {"case_number", Opt(r.case_number)}};
}

Json ParagraphJson(const Paragraph& p) {
  return Json{{"number", Opt(p.number)},
              {"title", p.title},
              {"case_numbers", p.case_numbers},
              {"decided_on", Opt(p.decided_on)},
              {"page", p.pos.page > 0 ? Json(p.pos.page) : Json(nullptr)},
              {"line", p.pos.line > 0 ? Json(p.pos.line) : Json(nullptr)},
              {"sections", Array(p.sections, SectionJson)},
              {"motions", Array(p.motions, MotionJson)},
              {"propositions", Array(p.propositions, PropositionJson)},
              {"votes", Array(p.votes, VoteJson)},
              {"reservations", Array(p.reservations, ReservationJson)},
              {"protocol_notes", Array(p.protocol_notes, ReservationJson)},
              {"conflicts", Array(p.conflicts, PersonJson)},
              {"decision", DecisionJson(p.decision)},
              {"followups", Array(p.followups, FollowUpJson)},
              {"cues", Array(p.cues,
                             [](const LinkCue& c) {
                               return Json{{"kind", c.kind}, {"text", c.text}};
                             })},
              {"references", Array(p.references, ReferenceJson)}};
}

}  // namespace

nlohmann::ordered_json ToJson(const Document& doc) {
  Json body = nullptr;
  if (doc.body)
    body = Json{{"name", doc.body->name}, {"abbreviation", Opt(doc.body->abbreviation)}};
  return Json{
      {"schema", kJsonSchemaVersion},
      {"source", Json{{"path", doc.source.path},
                      {"sha256", doc.source.sha256},
                      {"format", doc.source.format},
                      {"pages", doc.source.pages > 0 ? Json(doc.source.pages) : Json(nullptr)}}},
      {"kind", ToString(doc.kind)},
      {"body", body},
      {"organisation", Opt(doc.organisation)},
      {"date", Opt(doc.date)},
      {"meeting", MeetingJson(doc.meeting)},
      {"agenda", Array(doc.agenda, AgendaJson)},
      {"paragraphs", Array(doc.paragraphs, ParagraphJson)},
      {"followups", Array(doc.followups, FollowUpJson)},
      {"text_layer",
       Array(doc.pages,
             [](const PageText& p) {
               return Json{
                   {"page", p.page},
                   {"words", p.words},
                   {"checked", p.checked},
                   {"unknown", p.unknown},
                   {"lost_ligatures", p.lost_ligatures},
                   {"quality", p.quality},
                   {"source", p.source},
                   {"ocr_confidence", p.source == "ocr" ? Json(p.ocr_confidence) : Json(nullptr)},
                   {"ocr_quality", p.ocr_quality.empty() ? Json(nullptr) : Json(p.ocr_quality)}};
             })},
      {"warnings", Array(doc.warnings, [](const Warning& w) {
         return Json{{"page", w.pos.page > 0 ? Json(w.pos.page) : Json(nullptr)},
                     {"line", w.pos.line > 0 ? Json(w.pos.line) : Json(nullptr)},
                     {"message", w.message}};
       })}};
}

}  // namespace paragraf
