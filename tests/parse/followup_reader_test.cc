// Follow-ups read from decisions: each row a decision as protocols write it
// and the follow-ups it must give.
#include "parse/followup_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus/corpus_grammar.h"

namespace paragraf {
namespace {

struct Case {
  const char* title;
  const char* verb;
  const char* decision;
  // "kind|assignee|due|due_text", one per follow-up; "-" for none.
  std::vector<std::string> expected;
};

std::string Describe(const FollowUp& f) {
  return f.kind + "|" + f.assignee.value_or("-") + "|" + (f.due ? FormatIsoDate(*f.due) : "-") +
         "|" + (f.due_text.empty() ? "-" : f.due_text);
}

TEST(FollowUpReader, ReadsTheFollowUpsDecisionsSetInMotion) {
  const std::vector<Case> cases = {
      // Tekniska nämnden Bergaby 2025-01-28 § 4 (corpus).
      {"Trafiksäkerhet vid skolor",
       "beslutar",
       "Tekniska nämnden beslutar att ge förvaltningen i uppdrag att utreda kostnad och "
       "finansiering och återrapportera till nämndens sammanträde i juni 2025.",
       {"uppdrag|förvaltningen|2025-06-30|sammanträde i juni 2025"}},
      // The due date in the next sentence.
      {"Hemlöshet",
       "beslutar",
       "Socialnämnden beslutar att ge förvaltningen i uppdrag att ta fram en handlingsplan mot "
       "hemlöshet. Uppdraget ska återrapporteras senast 2022-03-31.",
       {"uppdrag|förvaltningen|2022-03-31|senast 2022-03-31"}},
      // Relative to the meeting (2021-11-17).
      {"Äldreomsorgsplan",
       "beslutar",
       "Nämnden uppdrar åt socialchefen att se över äldreomsorgsplanen. Uppdraget redovisas "
       "inom sex månader.",
       {"uppdrag|socialchefen|2022-05-17|inom sex månader"}},
      {"Riktlinjer",
       "beslutar",
       "Förvaltningen får i uppdrag att ta fram riktlinjer under 2022.",
       {"uppdrag|Förvaltningen|2022-12-31|under 2022"}},
      // Göteborg KS 2024-04-10.
      {"Motion om …",
       "beslutar",
       "Ärendet bordläggs till sammanträdet den 24 april 2024.",
       {"bordlaggning|-|2024-04-24|till sammanträdet den 24 april 2024"}},
      {"Detaljplan",
       "beslutar",
       "Ärendet återremitteras till samhällsbyggnadsförvaltningen för komplettering med en "
       "trafikutredning.",
       {"aterremiss|samhällsbyggnadsförvaltningen|-|-"}},
      {"Avfallsplan",
       "beslutar",
       "Tekniska nämnden beslutar att skicka förslaget på remiss till pensionärsrådet och "
       "funktionshindersrådet med svar senast 2022-05-31.",
       // One per recipient: each answers on its own.
       {"remiss|pensionärsrådet|2022-05-31|senast 2022-05-31",
        "remiss|funktionshindersrådet|2022-05-31|senast 2022-05-31"}},
      // SVOM 2021-10-08 § 9: one per named huvudman; the points are the task.
      {"Gemensam plan för primärvårdsnivå",
       "rekommenderar",
       "SVOM beslutar att rekommendera Region Jämtland Härjedalen och kommunerna att:\n"
       "1. Anta mål för god och nära vård.\n2. Anta gemensam plan för primärvårdsnivå.",
       {"rekommendation|Region Jämtland Härjedalen|-|-", "rekommendation|kommunerna|-|-"}},
      {"Hemsjukvårdsavtal",
       "beslutar",
       "Hemsjukvårdsavtalet förlängs till och med 2021-12-31.",
       {"forlangning|-|2021-12-31|till och med 2021-12-31"}},
      {"Motion om avgiftsfri kollektivtrafik",
       "beslutar",
       "Motionen remitteras till kommunstyrelsen för beredning.",
       // The motion must be answered, and the remiss comes back.
       {"motion|-|2022-11-17|inom ett år (KL 5 kap. 35 §)", "remiss|kommunstyrelsen|-|-"}},
      {"Medborgarförslag om utegym",
       "beslutar",
       "Medborgarförslaget överlämnas till tekniska nämnden för beredning.",
       {"medborgarforslag|tekniska nämnden|2022-11-17|inom ett år (KL 5 kap. 35 §)"}},
      // History and proposals are no new work.
      {"Skolnärvaro",
       "beslutar",
       "Nämnden gav 2023-09-19, § 88, förvaltningen i uppdrag att ta fram en plan. Planen "
       "godkänns.",
       {}},
      {"Budget",
       "föreslår",
       "Kommunstyrelsen föreslår kommunfullmäktige besluta att ge kommundirektören i uppdrag att "
       "ta fram en plan.",
       {}},
      {"Information", "noterar", "Informationen läggs till handlingarna.", {}},
  };
  FollowUpReader reader(TheGrammar());
  const Date meeting = *MakeDate(2021, 11, 17);
  for (const Case& c : cases) {
    Paragraph p;
    p.title = c.title;
    Decision d;
    d.text = c.decision;
    d.verb = c.verb;
    p.decision = d;
    reader.Read(meeting, &p);
    std::vector<std::string> got;
    for (const FollowUp& f : p.followups) got.push_back(Describe(f));
    EXPECT_EQ(got, c.expected) << c.decision;
  }
}

TEST(FollowUpReader, AnAdoptedActionPlanGivesOneFollowUpPerRow) {
  // Barn- och utbildningsnämnden Ekbacka 2024-02-20 § 14 (corpus), as laid
  // out from the PDF: a row's task wraps; one row lost a cell boundary.
  Paragraph p;
  p.title = "Handlingsplan för ökad skolnärvaro";
  Section s;
  s.text =
      "Handlingsplanen innehåller följande aktiviteter:\n\n"
      "Aktivitet\tAnsvar för genomförande\tTidsplan\n"
      "Gemensam rutin för anmälan av frånvaro\tFörvaltningschef, rektorer\t2024-06-30\n"
      "Samverkansöverenskommelse med social-\tElevhälsochef\t2024-10-31\n"
      "tjänsten om tidiga insatser\n"
      "Uppföljning av närvaron per skola\tVarje termin\n"
      "Dialog med regionen om remissvägar Förvaltningschef\t2024-12-31";
  p.sections.push_back(s);
  Decision d;
  d.text = "Barn- och utbildningsnämnden beslutar att godkänna handlingsplanen.";
  d.verb = "beslutar";
  p.decision = d;
  FollowUpReader reader(TheGrammar());
  reader.Read(MakeDate(2024, 2, 20), &p);
  ASSERT_EQ(p.followups.size(), 4u);
  EXPECT_EQ(Describe(p.followups[0]), "aktivitet|Förvaltningschef, rektorer|2024-06-30|2024-06-30");
  EXPECT_EQ(p.followups[1].task,
            "Samverkansöverenskommelse med social- tjänsten om tidiga insatser");
  EXPECT_EQ(Describe(p.followups[2]), "aktivitet|-|-|Varje termin");
  EXPECT_EQ(Describe(p.followups[3]), "aktivitet|-|2024-12-31|2024-12-31");
  // The same plan under a decision that only notes it sets nothing in motion.
  p.decision->verb = "noterar";
  reader.Read(MakeDate(2024, 2, 20), &p);
  EXPECT_TRUE(p.followups.empty());
}

}  // namespace
}  // namespace paragraf
