#!/usr/bin/python3
"""gen-corpus: a realistic, generated archive of Swedish meeting protocols.

    /usr/bin/python3 tools/gencorpus/gen_corpus.py --docs N --seed S --out DIR [--pdf] [--jobs J]

Many bodies of many fictional municipalities and regions meet about ten
times a year from 2005 on. Each protocol has the head a secretariat writes
(organisation, body, date, place and time, the members present with their
parties, justerare), an agenda, and §-paragraphs with a diarienummer, a
summary, yrkanden, a propositionsordning, sometimes a votering with its
counts, reservations and jäv, and the decision. Decisions give uppdrag
with a due date, send matters on remiss, return them (återremiss) or table
them (bordläggning); later meetings of the same body answer them with the
same diarienummer ("Återrapportering av uppdrag …", "Nämnden gav
2012-03-14, § 45, förvaltningen i uppdrag …"), so follow-ups link across
documents. Text files carry a running header (page furniture) every so
many lines; with --pdf each protocol is also drawn as a real PDF by
tools/pdfgen (fonts, running header and footer boxes).

The output is deterministic for a seed: the same arguments give the same
files. Files are named <organisation>-<body>-<date>.txt (and .pdf).
"""
import argparse
import datetime
import multiprocessing
import os
import random
import sys

TOWNS = ["Östby", "Lillby", "Norrvik", "Solvik", "Bergaby", "Ekbacka", "Strandby", "Ängsö",
         "Granlunda", "Hedemark", "Forsvik", "Sjöhamn", "Åkersta", "Lövnäs", "Björkfors",
         "Tallmo", "Vikhamra", "Ljungby by", "Kvarnholm", "Runeberga"]
REGIONS = ["Region Norrmark", "Region Västerskog", "Region Sydkust"]
BODIES = [("Kommunfullmäktige", "KF"), ("Kommunstyrelsen", "KS"), ("Socialnämnden", "SN"),
          ("Barn- och utbildningsnämnden", "BUN"), ("Tekniska nämnden", "TN"),
          ("Miljö- och byggnämnden", "MBN"), ("Kultur- och fritidsnämnden", "KFN")]
REGION_BODIES = [("Regionfullmäktige", "RF"), ("Regionstyrelsen", "RS"),
                 ("Hälso- och sjukvårdsnämnden", "HSN")]
PARTIES = ["S", "M", "SD", "C", "V", "KD", "L", "MP"]
FIRST = ["Anna", "Per", "Karin", "Erik", "Maria", "Lars", "Sara", "Johan", "Eva", "Anders",
         "Lena", "Mikael", "Ingrid", "Peter", "Åsa", "Göran", "Elin", "Oskar", "Birgitta", "Jonas",
         "Fatima", "Ali", "Helena", "Magnus", "Linnea", "Tomas", "Ulla", "Björn", "Hanna", "Nils"]
LAST = ["Andersson", "Berg", "Holm", "Lund", "Sjöberg", "Ek", "Åström", "Öhman", "Strand",
        "Nilsson", "Persson", "Lindqvist", "Forsberg", "Dahl", "Hedlund", "Wiklund", "Engström",
        "Bäckström", "Sundin", "Haddad", "Nyström", "Borg", "Ågren", "Blom", "Lindgren"]
SUBJECTS = {
    "SN": ["hemtjänstens bemanning", "trygghetsboende", "våld i nära relationer",
           "ekonomiskt bistånd", "missbruksvård", "särskilt boende", "hemlöshet",
           "avgifter inom äldreomsorgen", "anhörigstöd", "ensamhet bland äldre"],
    "BUN": ["skolskjuts", "elevhälsa", "förskolans lokaler", "skolnärvaro",
            "modersmålsundervisning", "fritidshemmens öppettider", "läromedel",
            "skolmåltider"],
    "TN": ["gatubelysning", "vatten- och avloppstaxa", "avfallstaxa", "vinterväghållning",
           "cykelvägar", "parkeringsavgifter", "reningsverket", "lekplatser"],
    "MBN": ["detaljplan för centrum", "strandskydd", "bygglov för förskola",
            "tillsynsplan för livsmedel", "miljötillsyn", "enskilda avlopp"],
    "KFN": ["föreningsbidrag", "biblioteksplan", "ishallens renovering", "fritidsgårdar",
            "kulturskolan", "simhallens öppettider"],
    "KS": ["budget och verksamhetsplan", "bredbandsutbyggnad", "näringslivsstrategi",
           "lokalförsörjning", "internkontroll", "krisberedskap", "digitalisering"],
    "KF": ["budget och skattesats", "årsredovisning", "taxor och avgifter",
           "arvodesregler", "motion om solceller", "medborgarförslag om utegym",
           "revisionsberättelse"],
    "RF": ["budget och regionskatt", "regionplan", "årsredovisning"],
    "RS": ["regional utvecklingsstrategi", "kollektivtrafik", "lokalförsörjning"],
    "HSN": ["fast läkarkontakt", "primärvårdens tillgänglighet", "hemsjukvårdsavtal",
            "nära vård", "patientavgifter", "psykiatrisk vård", "tandvård för äldre"],
}
BACKGROUND = [
    "Förvaltningen har tagit fram ett underlag i samverkan med berörda verksamheter.",
    "Ärendet har beretts av arbetsutskottet.",
    "Synpunkter har inhämtats från pensionärsrådet och funktionshindersrådet.",
    "Kostnaderna ryms inom befintlig budgetram.",
    "Uppföljningen visar att målen för året delvis har uppnåtts.",
    "Samråd har skett med de fackliga organisationerna enligt MBL 11 §.",
    "Tjänsteskrivelsen beskriver konsekvenserna för barn och unga.",
    "Förslaget innebär en ökad kostnad som finansieras genom omprioriteringar.",
    "Länsstyrelsen har lämnat synpunkter som har arbetats in i förslaget.",
    "Nämnden informerades om ärendet vid föregående sammanträde.",
]


class Series:
    """One body of one organisation: its members, meetings and open work."""

    def __init__(self, rng, org, is_region, body, abbr):
        self.org, self.is_region, self.body, self.abbr = org, is_region, body, abbr
        size = 11 if abbr not in ("KF", "RF") else 31
        self.members = []
        for i in range(size):
            self.members.append("%s %s (%s)" % (rng.choice(FIRST), rng.choice(LAST),
                                                PARTIES[i % len(PARTIES)]))
        self.next_dnr = 1
        self.open = []  # (date, paragraph, dnr, subject, kind, due)
        self.meeting = 0

    def dnr(self, year):
        n = self.next_dnr
        self.next_dnr += 1
        return "%s %d/%d" % (self.abbr, year, n)


def meeting_dates(start_year, count, rng):
    """About ten meetings a year (none in July), on weekdays."""
    dates = []
    year, month = start_year, 1
    while len(dates) < count:
        if month != 7:
            day = rng.randint(8, 24)
            d = datetime.date(year, month, day)
            while d.weekday() >= 5:
                d += datetime.timedelta(days=1)
            dates.append(d)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return dates


def swedish_date(d):
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december"]
    return "%d %s %d" % (d.day, months[d.month - 1], d.year)


def Cap(text):
    return text[0].upper() + text[1:]


def paragraph(rng, s, date, number):
    """One §: returns (title, dnr, lines of the body)."""
    year = date.year
    # A later meeting answers an open uppdrag of the same body.
    if s.open and rng.random() < 0.35:
        o = s.open.pop(rng.randrange(len(s.open)))
        odate, onum, odnr, subject, kind, due = o
        title = {"uppdrag": "Återrapportering av uppdrag om %s" % subject,
                 "remiss": "%s efter remiss" % Cap(subject),
                 "aterremiss": "%s, återremitterat ärende" % Cap(subject),
                 "bordlaggning": "%s, bordlagt ärende" % Cap(subject)}[kind]
        lines = ["Sammanfattning",
                 "%s gav %s, § %d, förvaltningen i uppdrag att utreda %s." % (
                     s.body, odate.isoformat(), onum, subject)
                 if kind == "uppdrag" else
                 "%s behandlade ärendet %s, § %d." % (s.body, odate.isoformat(), onum),
                 rng.choice(BACKGROUND), "",
                 "Beslut",
                 "Återrapporteringen godkänns och uppdraget förklaras fullgjort."
                 if kind == "uppdrag" else
                 "%s beslutar att anta förslaget om %s." % (s.body, subject)]
        return title, odnr, lines
    subject = rng.choice(SUBJECTS[s.abbr])
    dnr = s.dnr(year)
    title = rng.choice(["%s", "Förslag om %s", "Yttrande om %s", "Riktlinjer för %s",
                        "Uppföljning av %s"]) % subject
    title = Cap(title)
    lines = ["Sammanfattning"]
    lines += rng.sample(BACKGROUND, 3)
    lines.append("")
    proposer = rng.choice(s.members)
    other = rng.choice(s.members)
    decision = []
    kind = rng.choices(["beslut", "uppdrag", "remiss", "aterremiss", "bordlaggning"],
                       weights=[45, 30, 10, 8, 7])[0]
    due = date + datetime.timedelta(days=rng.choice([60, 90, 120, 180, 270]))
    if kind == "uppdrag":
        decision.append("%s ger förvaltningen i uppdrag att utreda %s och återrapportera senast %s."
                        % (s.body, subject, due.isoformat()))
    elif kind == "remiss":
        decision.append("Förslaget skickas på remiss till pensionärsrådet och "
                        "funktionshindersrådet med svar senast %s." % due.isoformat())
    elif kind == "aterremiss":
        decision.append("Ärendet återremitteras till förvaltningen för komplettering med en "
                        "konsekvensanalys.")
    elif kind == "bordlaggning":
        decision.append("Ärendet bordläggs till nästa sammanträde.")
    else:
        decision.append("%s beslutar att anta förslaget om %s." % (s.body, subject))
    if kind != "beslut":
        s.open.append((date, number, dnr, subject, kind, due))
    lines += ["Yrkanden",
              "%s yrkar bifall till förvaltningens förslag." % proposer,
              "%s yrkar avslag." % other if rng.random() < 0.4 else
              "%s yrkar bifall till %s yrkande." % (other, proposer.split(" (")[0]), ""]
    lines += ["Propositionsordning",
              "Ordföranden ställer proposition på yrkandena och finner att %s beslutar "
              "enligt %s yrkande." % (s.body, proposer.split(" (")[0]), ""]
    if rng.random() < 0.2:
        yes = rng.randint(len(s.members) // 2 + 1, len(s.members))
        lines += ["Votering",
                  "Votering begärs och genomförs. Med %d ja-röster mot %d nej-röster beslutar "
                  "%s enligt ordförandens förslag." % (yes, len(s.members) - yes, s.body), ""]
        reserver = rng.choice(s.members)
        lines += ["Reservation",
                  "%s reserverar sig mot beslutet." % reserver, ""]
    if rng.random() < 0.08:
        lines += ["Jäv", "%s anmäler jäv och deltar inte i handläggningen." % rng.choice(
            s.members).split(" (")[0], ""]
    lines += ["Beslut"] + decision
    return title, dnr, lines


def protocol(rng, s, date, first_number):
    count = rng.randint(6, 14)
    items = []
    for k in range(count):
        number = first_number + k
        title, dnr, lines = paragraph(rng, s, date, number)
        items.append((number, title, dnr, lines))
    chair = s.members[0]
    text = [s.org, s.body, "PROTOKOLL", "Sammanträdesdatum\t%s" % date.isoformat(), "",
            "Plats och tid\t%s, kl. 13.00–16.%02d" % (
                "Regionens hus" if s.is_region else "Kommunhuset", rng.randint(0, 59)), "",
            "Beslutande"]
    text.append("%s, ordförande" % chair)
    text += s.members[1:]
    text += ["", "Utses att justera\t%s" % s.members[2], "",
             "Underskrifter", "Sekreterare\t……………………\tParagrafer %d–%d" % (
                 items[0][0], items[-1][0]), "", "Ärendeförteckning"]
    for number, title, _, _ in items:
        text.append("§ %d\t%s" % (number, title))
    text.append("")
    body = []
    for number, title, dnr, lines in items:
        body += ["§ %d %s" % (number, title), "Dnr %s" % dnr, ""] + lines + [""]
    return text, body, items


def write_text(path, s, date, head, body):
    """The protocol as text, pages of 45 lines with a running header."""
    out = ["%s  %s  Sammanträdesprotokoll %s  Sida 1" % (s.org, s.body, date.isoformat()), ""]
    out += head
    page = 1
    for i, line in enumerate(body):
        if i > 0 and i % 45 == 0:
            page += 1
            # A new page, as pdftotext writes it: a form feed, then the
            # running header.
            out += ["\f%s  %s  Sammanträdesprotokoll %s  Sida %d" % (
                s.org, s.body, date.isoformat(), page), ""]
        out.append(line)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_pdfsrc(path, s, date, items):
    src = ["@set font = Liberation Serif", "@set headfont = Liberation Sans",
           "@set date = %s" % date.isoformat(),
           "@set title = %s %s, protokoll" % (s.body, date.isoformat()),
           "@set author = %s" % s.org,
           "@header **%s** | SAMMANTRÄDESPROTOKOLL | Sida {page} ({pages})" % s.org.upper(),
           "@header %s | Sammanträdesdatum %s |" % (s.body, date.isoformat()),
           "@footer boxes Justerandes sign | Utdragsbestyrkande",
           "@box labelwidth=118",
           "@row Plats och tid",
           "%s, kl. 13:00–16:30" % ("Regionens hus" if s.is_region else "Kommunhuset"),
           "@row Beslutande", "%s, ordförande" % s.members[0]]
    src += s.members[1:]
    src += ["@row Justerare", s.members[2].split(" (")[0], "@endbox", "@pagebreak",
            "@tochead Ärenden | Sida"]
    for number, title, _, _ in items:
        src.append("@toc § %d | %s" % (number, title))
    for number, title, dnr, lines in items:
        src.append("@para § %d | %s" % (number, title))
        src.append("@dnr Dnr %s" % dnr)
        for line in lines:
            if line in ("Sammanfattning", "Yrkanden", "Propositionsordning", "Votering",
                        "Reservation", "Jäv", "Beslut"):
                src.append("@h %s" % line)
            else:
                src.append(line.replace("|", "\\|"))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(src) + "\n")


def render(args):
    src, pdf = args
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pdfgen"))
    import pdfgen  # noqa: E402  (Pango and cairo load once per worker)
    pdfgen.generate(src, pdf)
    os.remove(src)
    return pdf


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--pdf", action="store_true", help="also draw each protocol as a PDF")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    series = []
    for town in TOWNS:
        for body, abbr in BODIES:
            series.append(Series(rng, "%s kommun" % town, False, body, abbr))
    for region in REGIONS:
        for body, abbr in REGION_BODIES:
            series.append(Series(rng, region, True, body, abbr))
    per_series = -(-a.docs // len(series))
    dates = {id(s): meeting_dates(2005, per_series, random.Random(a.seed * 7919 + i))
             for i, s in enumerate(series)}
    numbers = {id(s): 1 for s in series}
    jobs = []
    written = 0
    # Meeting after meeting, series by series in turn, so that an answer
    # always comes after its question.
    for m in range(per_series):
        for s in series:
            if written >= a.docs:
                break
            date = dates[id(s)][m]
            if m > 0 and date.year != dates[id(s)][m - 1].year:
                numbers[id(s)] = 1  # § numbers start again each year
            head, body, items = protocol(rng, s, date, numbers[id(s)])
            numbers[id(s)] += len(items)
            org = s.org.replace(" kommun", "").replace("Region ", "region-").lower()
            stem = "%s-%s-%s" % (org.replace(" ", "-"), s.abbr.lower(), date.isoformat())
            write_text(os.path.join(a.out, stem + ".txt"), s, date, head, body)
            if a.pdf:
                src = os.path.join(a.out, stem + ".pdfsrc")
                write_pdfsrc(src, s, date, items)
                jobs.append((src, os.path.join(a.out, stem + ".pdf")))
            written += 1
    if jobs:
        with multiprocessing.Pool(max(1, a.jobs)) as pool:
            for _ in pool.imap_unordered(render, jobs, chunksize=8):
                pass
    sys.stdout.write("gen-corpus: %d protocols in %s%s\n" % (
        written, a.out, " (text and PDF)" if a.pdf else " (text)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
