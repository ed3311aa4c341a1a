#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""pdfgen: draw a Swedish meeting protocol (or report) as a real PDF.

Usage:  /usr/bin/python3 tools/pdfgen/pdfgen.py SRC.pdfsrc OUT.pdf

Needs the Debian packages python3-gi, python3-gi-cairo, gir1.2-pango-1.0
(PyGObject, pycairo, Pango, PangoCairo) and fonts-dejavu-core /
fonts-liberation2. A4 pages, embedded TrueType subsets, a real text layer.
The output is deterministic: the same source gives the same bytes (the PDF
creation date comes from the source, `@set date`).

THE .pdfsrc FORMAT (line oriented, UTF-8; full description in README.md)
-----------------------------------------------------------------------
Lines starting with '#' are comments.  Lines starting with '@' are
directives; all other lines are text.  Text lines are joined into
paragraphs; a blank line ends a paragraph.  A text line that starts with
"- ", "• ", "· ", "– ", "1. ", "1) " or "a) " starts a list item (two or more
leading spaces before the marker: second level); a line that starts with
whitespace continues the previous item.

Inline:  **bold**   *italic*   word|break (allowed hyphenation point: the
wrapper may break there and draws "-"; U+00AD works the same)   \\n (forced
line break)   \\| \\* \\\\ \\# (literal characters).  A hyphen inside a word
between letters ("IT-stöd") is also a break point (no extra hyphen drawn).
Words without marks get break points after known compound heads
("sjukvårds|nämnden", "kommun|styrelsen") unless `@set hyphenate = manual`.
Hanging hyphens ("hälso- och sjukvård") are ordinary words and keep their
"-" wherever the line ends.
Cells and fields are separated by " | " (a bar with space on both sides).

Settings      @set KEY = VALUE   (font, headfont, size, leading, align,
              parskip, bodyindent, date, title, author, subject,
              header_first, footer_first, header_rule, header_tab,
              para_style, para_size, para_newpage, dnr_align, toc_numwidth,
              margin_left/right/top/bottom, first_top, kvwidth,
              hyphenate, ...; see DEFAULTS below)
Furniture     @header LEFT | CENTER | RIGHT   (repeat for more rows;
              {page} {pages} {para} are replaced)
              @footer boxes LABEL | LABEL     @footer cols A | B | C
              @footer text LEFT | CENTER | RIGHT
Headings      @logo T  @title T  @para NUM | TITLE  @dnr T  @h T  @h3 T
Lines         @center T  @right T  @lines ... @endlines (one line each)
Spacing       @space PT  @pagebreak  @rule
Label/value   @kv LABEL | VALUE
Agenda        @tochead LEFT | RIGHT   @toc NUM | TITLE  (page number and dot
              leaders are filled in from the @para with the same NUM)
Box           @box [labelwidth=120] [size=9.5]  @boxtitle T  @boxtext T
              @row LABEL  (value lines follow; @col starts a next column)
              @sign LABEL | NAME [| RIGHT TEXT]   @signs LABEL | NAME | NAME
              @endbox
Columns       @columns W W ...  (lines)  @col  (lines)  @endcolumns
Table         @table W[:c|:r] W ... [rules=grid|rows|none] [size=9]
              @th A | B | C   @tr A | B | C   @endtable
"""

import datetime
import re
import sys

try:
    import gi
    gi.require_version("Pango", "1.0")
    gi.require_version("PangoCairo", "1.0")
    from gi.repository import Pango, PangoCairo
    import cairo
except (ImportError, ValueError) as e:  # pragma: no cover
    sys.stderr.write(
        "pdfgen: missing Python modules (%s).\n"
        "Install the Debian packages: python3-gi python3-gi-cairo "
        "gir1.2-pango-1.0 fonts-dejavu-core fonts-liberation2\n" % e)
    sys.exit(3)

A4_W = 595.276
A4_H = 841.890
SOFT = "\x00"      # internal soft break marker in inline atoms
NL = "\n"

DEFAULTS = {
    "font": "DejaVu Sans",
    "headfont": "",
    "size": "10",
    "leading": "1.25",
    "align": "justify",
    "parskip": "6",
    "bodyindent": "0",
    "date": "2000-01-01",
    "title": "",
    "author": "",
    "subject": "",
    "creator": "paragraf pdfgen",
    "header_first": "no",
    "footer_first": "yes",
    "header_rule": "yes",
    "header_size": "9",
    "header_tab": "0.45",
    "header_y": "34",
    "footer_size": "7",
    "para_style": "inline",
    "para_size": "13",
    "para_newpage": "no",
    "para_space": "14",
    "h_size": "",
    "title_size": "14",
    "logo_size": "16",
    "dnr_align": "right",
    "toc_numwidth": "48",
    "toc_pagewidth": "28",
    "margin_left": "62",
    "margin_right": "56",
    "margin_top": "96",
    "margin_bottom": "92",
    "first_top": "",
    "kvwidth": "130",
    "list_indent": "16",
    "hyphenate": "compounds",
}


class SrcError(Exception):
    pass


# ---------------------------------------------------------------- inline text

def split_fields(s):
    """Split at a '|' that has whitespace (or the string end) on both sides."""
    parts = re.split(r"(?<!\S)(?<!\\)\|(?!\S)", s)
    return [p.strip() for p in parts]


def parse_inline(s, bold=False, ital=False):
    """Text with **bold**, *italic*, soft breaks -> list of (char, style)."""
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        st = (1 if bold else 0) | (2 if ital else 0)
        if c == "\\" and i + 1 < n:
            nx = s[i + 1]
            out.append((NL if nx == "n" else nx, st))
            i += 2
            continue
        if s.startswith("**", i):
            bold = not bold
            i += 2
            continue
        if c == "*":
            prev = s[i - 1] if i > 0 else " "
            nxt = s[i + 1] if i + 1 < n else " "
            if not ital and not nxt.isspace() and (prev.isspace() or prev in "(\"'”“"):
                ital = True
                i += 1
                continue
            if ital and not prev.isspace():
                ital = False
                i += 1
                continue
        if c == "|" and 0 < i < n - 1 and not s[i - 1].isspace() and not s[i + 1].isspace():
            out.append((SOFT, st))
            i += 1
            continue
        if c == "\u00ad":
            out.append((SOFT, st))
            i += 1
            continue
        out.append((c, st))
        i += 1
    return out


class Word:
    """A word: characters with styles and the positions where it may break."""
    __slots__ = ("chars", "breaks", "newline")

    def __init__(self, chars, breaks, newline=False):
        self.chars = chars          # list of (ch, style)
        self.breaks = breaks        # list of (pos, kind) kind 'soft'|'hard'
        self.newline = newline      # a forced line break token

    def text(self):
        return "".join(c for c, _ in self.chars)


# First elements of Swedish compounds (with their linking -s) after which the
# wrapper may hyphenate when `@set hyphenate = compounds` (the default).  A
# break is only allowed when at least 4 letters precede it and the rest of
# the word starts with a consonant and has at least 4 letters, so inflections
# ("kommun-erna") are never split.
COMPOUND_HEADS = sorted(set("""
sjukvårds hälso vårds vård kommun region nämnds utbildnings förvaltnings
verksamhets budget samhälls byggnads omsorgs äldre funktions hinders social
arbets miljö trafik investerings planerings kompetens försörjnings lokal
primärvårds primär handlings besluts protokolls justerings ordförande
ersättare skol förskole grundskole gymnasie elev barn ungdoms medborgar
avgifts taxe ekonomi personal informations digitaliserings kvalitets
utvecklings uppföljnings inriktnings ansvars bostads fastighets underhålls
avfalls vatten avlopps energi säkerhets trygghets tillgänglighets
kontinuitets patient läkar hem familje individ rusmedels idrotts fritids
förenings tjänste välfärds omställnings samverkans strategi landstings
överenskommelse ledamots styrelse sekretess remiss motions bemannings
""".split()), key=len, reverse=True)
_HEADSET = set(COMPOUND_HEADS)
AUTO_HYPHEN = [True]
_VOWELS = set("aeiouyåäöéAEIOUYÅÄÖÉ")


def auto_breaks(txt):
    out = set()
    if not AUTO_HYPHEN[0] or len(txt) < 9 or re.search(r"[\d@/.:]", txt):
        return out
    low = txt.lower()
    for head in COMPOUND_HEADS:
        start = 0
        while True:
            i = low.find(head, start)
            if i < 0:
                break
            start = i + 1
            pos = i + len(head)
            rest = txt[pos:]
            m = re.match(r"[^\W\d_]+", rest)
            if rest[:1].lower() == "s" and (head + "s") in _HEADSET:
                continue     # the linking -s belongs to the first element
            if (pos >= 4 and m and len(m.group(0)) >= 4
                    and rest[0] not in _VOWELS and txt[:pos].isalpha()):
                out.add(pos)
    return out


def make_word(atoms):
    chars = []
    breaks = []
    for ch, st in atoms:
        if ch == SOFT:
            if chars:
                breaks.append((len(chars), "soft"))
        else:
            chars.append((ch, st))
    # hard breaks after an in-word hyphen between letters
    txt = "".join(c for c, _ in chars)
    for m in re.finditer(r"(?<=[^\W\d_]{2})-(?=[^\W\d_]{2})", txt):
        breaks.append((m.end(), "hard"))
    if not breaks:
        breaks.extend((p, "soft") for p in auto_breaks(txt))
    breaks = sorted(set(b for b in breaks if 0 < b[0] < len(chars)))
    return Word(chars, breaks)


def words_of(atoms):
    words = []
    cur = []
    for a in atoms:
        if a[0] == " " or a[0] == "\t":
            if cur:
                words.append(make_word(cur))
                cur = []
        elif a[0] == NL:
            if cur:
                words.append(make_word(cur))
                cur = []
            words.append(Word([], [], newline=True))
        else:
            cur.append(a)
    if cur:
        words.append(make_word(cur))
    return words


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup_of(frags):
    """frags: list of lists of (ch, style); joined with spaces."""
    out = []
    cur = 0
    first = True
    for fr in frags:
        if not first:
            out.append(" ")
        first = False
        for ch, st in fr:
            if st != cur:
                if cur & 2:
                    out.append("</i>")
                if cur & 1:
                    out.append("</b>")
                if st & 1:
                    out.append("<b>")
                if st & 2:
                    out.append("<i>")
                cur = st
            out.append(esc(ch))
    if cur & 2:
        out.append("</i>")
    if cur & 1:
        out.append("</b>")
    return "".join(out)


def plain_markup(text, bold=False, ital=False):
    return markup_of([list(parse_inline(text, bold, ital))]).replace("\x00", "")


# ---------------------------------------------------------------- measuring

class Typesetter:
    def __init__(self, cr):
        self.cr = cr
        self.ctx = PangoCairo.create_context(cr)
        PangoCairo.context_set_resolution(self.ctx, 72.0)
        fo = cairo.FontOptions()
        fo.set_hint_metrics(cairo.HINT_METRICS_OFF)
        fo.set_hint_style(cairo.HINT_STYLE_NONE)
        PangoCairo.context_set_font_options(self.ctx, fo)
        try:
            self.ctx.set_round_glyph_positions(False)
        except AttributeError:
            pass
        self.ctx.set_language(Pango.Language.from_string("sv-se"))
        self.fds = {}
        self.cache = {}

    def fd(self, font):
        d = self.fds.get(font)
        if d is None:
            d = Pango.FontDescription.from_string(font)
            self.fds[font] = d
        return d

    def layout(self, font, markup):
        lay = Pango.Layout.new(self.ctx)
        lay.set_font_description(self.fd(font))
        lay.set_markup(markup, -1)
        return lay

    def width(self, font, markup):
        key = (font, markup)
        w = self.cache.get(key)
        if w is None:
            lay = self.layout(font, markup)
            w = lay.get_size()[0] / Pango.SCALE
            self.cache[key] = w
        return w

    def wrap(self, words, font, width, width_rest=None):
        """Greedy line filling with hyphenation at allowed break points.

        Returns a list of (frags, forced) where frags is a list of char lists
        and forced tells that the line ends at a forced break (not justified).
        """
        if width_rest is None:
            width_rest = width
        lines = []
        cur = []
        queue = list(words)
        qi = 0
        avail = width
        while qi < len(queue):
            w = queue[qi]
            qi += 1
            if w.newline:
                lines.append((cur, True))
                cur = []
                avail = width_rest
                continue
            cand = cur + [w.chars]
            if self.width(font, markup_of(cand)) <= avail:
                cur = cand
                continue
            placed = False
            for pos, kind in reversed(w.breaks):
                head = w.chars[:pos]
                if kind == "soft":
                    head = head + [("-", head[-1][1])]
                if self.width(font, markup_of(cur + [head])) <= avail:
                    lines.append((cur + [head], False))
                    rest = Word(w.chars[pos:],
                                [(p - pos, k) for p, k in w.breaks if p > pos])
                    queue.insert(qi, rest)
                    cur = []
                    avail = width_rest
                    placed = True
                    break
            if placed:
                continue
            if cur:
                lines.append((cur, False))
                cur = []
                avail = width_rest
                qi -= 1      # retry the word on a new line
            else:
                cur = [w.chars]   # overlong word: let it stick out
                lines.append((cur, False))
                cur = []
                avail = width_rest
        if cur or not lines:
            lines.append((cur, True))
        else:
            # the last line ends the paragraph: never justified
            lines[-1] = (lines[-1][0], True)
        return lines


# ---------------------------------------------------------------- source parsing

class Block:
    def __init__(self, kind, **kw):
        self.kind = kind
        self.__dict__.update(kw)


LIST_RE = re.compile(r"^(\s*)([-•·–]|\d{1,2}[.)]|[a-z][)])\s+(.*)$")


def parse_opts(tokens):
    pos = []
    opts = {}
    for t in tokens:
        if "=" in t:
            k, v = t.split("=", 1)
            opts[k.strip()] = v.strip()
        else:
            pos.append(t)
    return pos, opts


def parse_source(text):
    settings = dict(DEFAULTS)
    headers = []
    footers = []
    blocks = []
    para = []          # pending text lines of the current paragraph/item
    para_item = [None]  # (marker, level) of pending list item or None
    mode = [None]      # None | 'box' | 'columns' | 'table' | 'lines'
    cur = {}

    def flush():
        if para:
            txt = " ".join(x.strip() for x in para)
            if para_item[0]:
                marker, level = para_item[0]
                blocks.append(Block("li", text=txt, marker=marker, level=level))
            else:
                blocks.append(Block("p", text=txt))
        del para[:]
        para_item[0] = None

    lines = text.split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n").rstrip()
        try:
            if line.startswith("#"):
                continue
            if line.startswith("@"):
                m = re.match(r"@(\w+)\s*(.*)$", line)
                if not m:
                    raise SrcError("bad directive")
                d, arg = m.group(1), m.group(2)
                flush()
                handle_directive(d, arg, settings, headers, footers, blocks,
                                 mode, cur)
                continue
            # text line
            if mode[0] == "box":
                row = cur["box"].rows[-1] if cur["box"].rows else None
                if row is None or row["kind"] != "row":
                    raise SrcError("text in a box outside @row")
                row["cols"][-1].append(("text", line.strip()))
                continue
            if mode[0] == "columns":
                cur["columns"].cols[-1].append(line.strip())
                continue
            if mode[0] == "lines":
                cur["lines"].lines.append(line.strip())
                continue
            if mode[0] == "table":
                if line.strip():
                    raise SrcError("text inside @table (use @tr)")
                continue
            if not line.strip():
                flush()
                continue
            m = LIST_RE.match(line)
            if m and not line.startswith("\\"):
                flush()
                level = 2 if len(m.group(1).expandtabs()) >= 2 else 1
                para_item[0] = (m.group(2), level)
                para.append(m.group(3))
                continue
            if line[0].isspace() and para:
                para.append(line.strip())
                continue
            if line.startswith("\\"):
                line = line[1:]
            if para and para_item[0]:
                flush()
            para.append(line)
        except SrcError as e:
            raise SrcError("line %d: %s" % (lineno, e))
    flush()
    if mode[0]:
        raise SrcError("unterminated @%s block" % mode[0])
    return settings, headers, footers, blocks


def handle_directive(d, arg, settings, headers, footers, blocks, mode, cur):
    if d == "set":
        m = re.match(r"(\w+)\s*=\s*(.*)$", arg)
        if not m:
            raise SrcError("@set KEY = VALUE")
        if m.group(1) not in DEFAULTS:
            raise SrcError("unknown setting %r" % m.group(1))
        settings[m.group(1)] = m.group(2).strip()
    elif d == "header":
        f = split_fields(arg)
        f += [""] * (3 - len(f))
        headers.append(f[:3])
    elif d == "footer":
        kind, _, rest = arg.partition(" ")
        if kind not in ("boxes", "cols", "text", "none"):
            raise SrcError("@footer boxes|cols|text|none")
        footers.append((kind, split_fields(rest) if rest.strip() else []))
    elif d in ("logo", "title", "h", "h3", "center", "right", "dnr"):
        blocks.append(Block(d, text=arg))
    elif d == "para":
        f = split_fields(arg)
        num = f[0]
        title = f[1] if len(f) > 1 else ""
        blocks.append(Block("para", num=num, text=title))
    elif d == "space":
        blocks.append(Block("space", pt=float(arg or 6)))
    elif d == "pagebreak":
        blocks.append(Block("pagebreak"))
    elif d == "rule":
        blocks.append(Block("rule"))
    elif d == "kv":
        f = split_fields(arg)
        blocks.append(Block("kv", label=f[0], value=f[1] if len(f) > 1 else ""))
    elif d == "toc":
        f = split_fields(arg)
        blocks.append(Block("toc", num=f[0], text=f[1] if len(f) > 1 else "",
                            page=f[2] if len(f) > 2 else None))
    elif d == "tochead":
        f = split_fields(arg)
        blocks.append(Block("tochead", left=f[0], right=f[1] if len(f) > 1 else ""))
    elif d == "lines":
        mode[0] = "lines"
        _, opts = parse_opts(arg.split())
        b = Block("lines", lines=[], opts=opts)
        cur["lines"] = b
        blocks.append(b)
    elif d == "endlines":
        if mode[0] != "lines":
            raise SrcError("@endlines without @lines")
        mode[0] = None
    elif d == "box":
        if mode[0]:
            raise SrcError("@box inside @%s" % mode[0])
        _, opts = parse_opts(arg.split())
        b = Block("box", rows=[], opts=opts)
        cur["box"] = b
        blocks.append(b)
        mode[0] = "box"
    elif d == "row":
        if mode[0] != "box":
            raise SrcError("@row outside @box")
        cur["box"].rows.append({"kind": "row", "label": arg, "cols": [[]]})
    elif d == "boxtitle" or d == "boxtext":
        if mode[0] != "box":
            raise SrcError("@%s outside @box" % d)
        cur["box"].rows.append({"kind": d, "text": arg})
    elif d in ("sign", "signs"):
        if mode[0] != "box" or not cur["box"].rows or cur["box"].rows[-1]["kind"] != "row":
            raise SrcError("@%s outside a box @row" % d)
        f = split_fields(arg)
        if d == "sign":
            f += [""] * (3 - len(f))
            cur["box"].rows[-1]["cols"][-1].append(("sign", f[0], [f[1]], f[2]))
        else:
            cur["box"].rows[-1]["cols"][-1].append(("sign", f[0], f[1:], ""))
    elif d == "col":
        if mode[0] == "box":
            cur["box"].rows[-1]["cols"].append([])
        elif mode[0] == "columns":
            cur["columns"].cols.append([])
        else:
            raise SrcError("@col outside @box/@columns")
    elif d == "endbox":
        if mode[0] != "box":
            raise SrcError("@endbox without @box")
        mode[0] = None
    elif d == "columns":
        if mode[0]:
            raise SrcError("@columns inside @%s" % mode[0])
        pos, opts = parse_opts(arg.split())
        b = Block("columns", widths=[float(x) for x in pos] or [1, 1],
                  cols=[[]], opts=opts)
        cur["columns"] = b
        blocks.append(b)
        mode[0] = "columns"
    elif d == "endcolumns":
        if mode[0] != "columns":
            raise SrcError("@endcolumns without @columns")
        mode[0] = None
    elif d == "table":
        if mode[0]:
            raise SrcError("@table inside @%s" % mode[0])
        pos, opts = parse_opts(arg.split())
        widths, aligns = [], []
        for p in pos:
            w, _, a = p.partition(":")
            widths.append(float(w))
            aligns.append(a or "l")
        b = Block("table", widths=widths, aligns=aligns, rows=[], opts=opts)
        cur["table"] = b
        blocks.append(b)
        mode[0] = "table"
    elif d in ("th", "tr"):
        if mode[0] != "table":
            raise SrcError("@%s outside @table" % d)
        cells = split_fields(arg)
        t = cur["table"]
        if len(cells) > len(t.widths):
            raise SrcError("%d cells, table has %d columns" % (len(cells), len(t.widths)))
        cells += [""] * (len(t.widths) - len(cells))
        t.rows.append((d == "th", cells))
    elif d == "endtable":
        if mode[0] != "table":
            raise SrcError("@endtable without @table")
        mode[0] = None
    else:
        raise SrcError("unknown directive @%s" % d)


# ---------------------------------------------------------------- layout

class Page:
    def __init__(self, number):
        self.number = number
        self.ops = []
        self.para = None


class Layouter:
    def __init__(self, ts, settings, headers, footers, anchors):
        self.ts = ts
        self.s = settings
        self.headers = headers
        self.footers = footers
        self.anchors_in = anchors       # from the previous pass
        self.anchors = {}
        g = lambda k: float(settings[k])
        self.size = g("size")
        self.lh = self.size * g("leading")
        self.parskip = g("parskip")
        self.left = g("margin_left")
        self.right = A4_W - g("margin_right")
        self.top = g("margin_top")
        self.bottom = A4_H - g("margin_bottom")
        self.first_top = float(settings["first_top"] or settings["margin_top"])
        self.indent = g("bodyindent")
        fam = settings["font"]
        hfam = settings["headfont"] or fam
        self.f_body = "%s %s" % (fam, self.size)
        self.f_bold = "%s Bold %s" % (fam, self.size)
        hs = float(settings["h_size"] or self.size + 1)
        self.f_h = "%s Bold %s" % (hfam, hs)
        self.lh_h = hs * 1.3
        self.f_h3 = "%s Bold %s" % (hfam, self.size)
        ps = g("para_size")
        self.f_para = "%s Bold %s" % (hfam, ps)
        self.lh_para = ps * 1.3
        ts_ = g("title_size")
        self.f_title = "%s Bold %s" % (hfam, ts_)
        self.lh_title = ts_ * 1.3
        ls = g("logo_size")
        self.f_logo = "%s Bold %s" % (hfam, ls)
        self.lh_logo = ls * 1.3
        self.justify = settings["align"] == "justify"
        self.pages = []
        self.last_para_y = None
        self.new_page()

    # -- pages
    def new_page(self):
        p = Page(len(self.pages) + 1)
        if self.pages:
            p.para = self.pages[-1].para_last
        p.para_last = p.para
        self.pages.append(p)
        self.page = p
        self.y = self.first_top if p.number == 1 else self.top

    def ensure(self, h):
        if self.y + h > self.bottom + 0.01 and self.y > self.top_of_page() + 0.01:
            self.new_page()
            return True
        return False

    def top_of_page(self):
        return self.first_top if self.page.number == 1 else self.top

    def op(self, *a):
        self.page.ops.append(a)

    def text(self, x, y, font, markup, jwidth=0.0):
        self.op("text", x, y, font, markup, jwidth)

    # -- helpers
    def wrap_text(self, text, font, width, width_rest=None, bold=False, ital=False):
        return self.ts.wrap(words_of(parse_inline(text, bold, ital)), font,
                            width, width_rest)

    def put_lines(self, lines, x, width, font, lh, justify, align="left",
                  x_rest=None, keep=False):
        """Place wrapped lines, breaking pages between lines."""
        if x_rest is None:
            x_rest = x
        n = len(lines)
        if keep:
            self.ensure(n * lh)
        for i, (frags, forced) in enumerate(lines):
            # avoid a lone first line at the page bottom
            if i == 0 and n >= 2 and not keep:
                self.ensure(2 * lh)
            else:
                self.ensure(lh)
            mk = markup_of(frags)
            xx = x if i == 0 else x_rest
            w = width - (xx - x)
            if align == "right":
                xx = x + width - self.ts.width(font, mk)
            elif align == "center":
                xx = x + (width - self.ts.width(font, mk)) / 2
            jw = w if (justify and not forced and len(frags) > 1) else 0.0
            self.text(xx, self.y, font, mk, jw)
            self.y += lh

    # -- blocks
    def run(self, blocks):
        prev = None
        for i, b in enumerate(blocks):
            getattr(self, "b_" + b.kind)(b, blocks[i + 1] if i + 1 < len(blocks) else None, prev)
            prev = b
        return self.pages

    def b_p(self, b, nxt, prev):
        x = self.left + self.indent
        w = self.right - x
        lines = self.wrap_text(b.text, self.f_body, w)
        self.put_lines(lines, x, w, self.f_body, self.lh, self.justify)
        self.y += self.parskip

    def b_li(self, b, nxt, prev):
        base = self.left + self.indent + (float(self.s["list_indent"]) if b.level == 2 else 0)
        marker = b.marker
        mk_m = esc(marker)
        mw = self.ts.width(self.f_body, mk_m)
        hang = max(float(self.s["list_indent"]) if marker in "-•·–" else 18.0, mw + 5)
        x = base + hang
        w = self.right - x
        lines = self.wrap_text(b.text, self.f_body, w)
        self.ensure(self.lh * min(2, len(lines)))
        self.text(base, self.y, self.f_body, mk_m)
        self.put_lines(lines, x, w, self.f_body, self.lh, self.justify)
        if nxt is not None and nxt.kind == "li":
            self.y += 2
        else:
            self.y += self.parskip

    def b_h(self, b, nxt, prev):
        x = self.left
        w = self.right - x
        if prev is not None and prev.kind not in ("para", "dnr", "h", "h3"):
            self.y += 4
        lines = self.wrap_text(b.text, self.f_h, w)
        self.ensure(len(lines) * self.lh_h + self.follow(nxt))
        self.put_lines(lines, x, w, self.f_h, self.lh_h, False)
        self.y += 2

    def b_h3(self, b, nxt, prev):
        x = self.left
        w = self.right - x
        lines = self.wrap_text(b.text, self.f_h3, w)
        self.ensure(len(lines) * self.lh + self.follow(nxt))
        self.put_lines(lines, x, w, self.f_h3, self.lh, False)
        self.y += 1

    def follow(self, nxt):
        """Height that must fit after a heading so it is not left alone."""
        if nxt is None:
            return 0.0
        if nxt.kind == "table":
            laid = self.table_layout(nxt)
            return sum(h for _, (_, h) in laid[:2]) + 4
        if nxt.kind in ("h", "h3", "para"):
            return 4 * self.lh
        return 2 * self.lh

    def b_logo(self, b, nxt, prev):
        lines = self.wrap_text(b.text, self.f_logo, self.right - self.left)
        self.put_lines(lines, self.left, self.right - self.left, self.f_logo, self.lh_logo, False)
        self.y += 4

    def b_title(self, b, nxt, prev):
        x = self.left
        lines = self.wrap_text(b.text, self.f_title, self.right - x)
        self.ensure(len(lines) * self.lh_title + 3 * self.lh)
        self.put_lines(lines, x, self.right - x, self.f_title, self.lh_title, False)
        self.y += 6

    def b_center(self, b, nxt, prev):
        lines = self.wrap_text(b.text, self.f_body, self.right - self.left)
        self.put_lines(lines, self.left, self.right - self.left, self.f_body, self.lh,
                       False, align="center")

    def b_right(self, b, nxt, prev):
        lines = self.wrap_text(b.text, self.f_body, self.right - self.left)
        self.put_lines(lines, self.left, self.right - self.left, self.f_body, self.lh,
                       False, align="right")

    def b_lines(self, b, nxt, prev):
        x = self.left + self.indent + float(b.opts.get("indent", 0))
        w = self.right - x
        for ln in b.lines:
            if not ln:
                self.y += self.lh / 2
                continue
            lines = self.wrap_text(ln, self.f_body, w, w - 12)
            self.put_lines(lines, x, w, self.f_body, self.lh, False, x_rest=x + 12)
        self.y += self.parskip

    def b_space(self, b, nxt, prev):
        self.y += b.pt

    def b_pagebreak(self, b, nxt, prev):
        self.new_page()

    def b_rule(self, b, nxt, prev):
        self.ensure(8)
        self.y += 3
        self.op("line", self.left, self.y, self.right, self.y, 0.6)
        self.y += 6

    def b_para(self, b, nxt, prev):
        if self.s["para_newpage"] == "yes" and self.y > self.top_of_page() + 1:
            self.new_page()
        elif self.y > self.top_of_page() + 1:
            self.y += float(self.s["para_space"])
        x = self.left
        w = self.right - x
        if (nxt is not None and nxt.kind == "dnr" and self.s["dnr_align"] == "sameline"):
            w -= self.ts.width(self.f_body, plain_markup(nxt.text)) + 16
        style = self.s["para_style"]
        num_mk = esc(b.num)
        # keep the heading with a few following lines
        self.ensure(self.lh_para * 2 + 4 * self.lh)
        self.anchors[b.num] = self.page.number
        if self.page.para is None:
            self.page.para = b.num
        self.page.para_last = b.num
        self.last_para_y = self.y
        if style == "stacked":
            self.text(x, self.y, self.f_para, num_mk)
            self.y += self.lh_para
            if b.text:
                lines = self.wrap_text(b.text, self.f_para, w)
                self.put_lines(lines, x, w, self.f_para, self.lh_para, False)
        else:
            if style == "tab":
                tab = max(self.indent, self.ts.width(self.f_para, num_mk) + 10)
            else:
                tab = self.ts.width(self.f_para, num_mk + " ")
            self.text(x, self.y, self.f_para, num_mk)
            lines = self.wrap_text(b.text, self.f_para, w - tab)
            if not b.text:
                self.y += self.lh_para
            else:
                self.put_lines(lines, x + tab, w - tab, self.f_para, self.lh_para, False)
        self.y += 3

    def b_dnr(self, b, nxt, prev):
        mk = plain_markup(b.text)
        al = self.s["dnr_align"]
        if al == "sameline" and self.last_para_y is not None and prev is not None and prev.kind == "para":
            wdt = self.ts.width(self.f_body, mk)
            self.op("text", self.right - wdt, self.last_para_y + 2, self.f_body, mk, 0.0)
            return
        self.ensure(self.lh)
        if al == "left":
            x = self.left + self.indent
        else:
            x = self.right - self.ts.width(self.f_body, mk)
        self.text(x, self.y, self.f_body, mk)
        self.y += self.lh + 4

    def b_kv(self, b, nxt, prev):
        x = self.left
        kw = float(self.s["kvwidth"])
        w = self.right - x - kw
        lines = self.wrap_text(b.value, self.f_body, w)
        self.ensure(self.lh * len(lines))
        self.text(x, self.y, self.f_body, plain_markup(b.label))
        self.put_lines(lines, x + kw, w, self.f_body, self.lh, False)

    def b_tochead(self, b, nxt, prev):
        self.ensure(self.lh * 3)
        self.text(self.left, self.y, self.f_h, plain_markup(b.left))
        mk = plain_markup(b.right)
        self.text(self.right - self.ts.width(self.f_body, mk), self.y + 2,
                  self.f_body, mk)
        self.y += self.lh_h + 6

    def b_toc(self, b, nxt, prev):
        numw = float(self.s["toc_numwidth"])
        pagew = float(self.s["toc_pagewidth"])
        x = self.left
        tx = x + numw
        w = self.right - pagew - 6 - tx
        lines = self.wrap_text(b.text, self.f_body, w)
        self.ensure(self.lh * len(lines))
        self.text(x, self.y, self.f_body, plain_markup(b.num))
        for i, (frags, forced) in enumerate(lines):
            mk = markup_of(frags)
            self.text(tx, self.y, self.f_body, mk)
            if i == len(lines) - 1:
                page = b.page or str(self.anchors_in.get(b.num, "?"))
                pm = esc(page)
                pwid = self.ts.width(self.f_body, pm)
                self.text(self.right - pwid, self.y, self.f_body, pm)
                tw = self.ts.width(self.f_body, mk)
                dot = self.ts.width(self.f_body, ".")
                start = tx + tw + 4
                end = self.right - pagew - 2
                n = int((end - start) / dot)
                if n > 2:
                    self.text(end - n * dot, self.y, self.f_body, "." * n)
            self.y += self.lh
        self.y += 2

    # -- columns
    def b_columns(self, b, nxt, prev):
        x0 = self.left + float(b.opts.get("indent", self.indent))
        total = self.right - x0
        ws = b.widths[:len(b.cols)] + [1.0] * max(0, len(b.cols) - len(b.widths))
        sw = sum(ws)
        gap = 10
        xs = []
        cx = x0
        for wv in ws:
            cw = total * wv / sw
            xs.append((cx, cw - gap))
            cx += cw
        size = float(b.opts.get("size", self.size))
        fam = self.s["font"]
        font = "%s %s" % (fam, size)
        lh = size * float(self.s["leading"])
        placed = []
        height = 0
        for (cx, cw), col in zip(xs, b.cols):
            y = 0
            for ln in col:
                if not ln:
                    y += lh / 2
                    continue
                for j, (frags, _) in enumerate(self.ts.wrap(words_of(parse_inline(ln)), font, cw, cw - 10)):
                    placed.append((cx + (10 if j else 0), y, markup_of(frags)))
                    y += lh
            height = max(height, y)
        self.ensure(height)
        for cx, y, mk in placed:
            self.text(cx, self.y + y, font, mk)
        self.y += height + self.parskip

    # -- tables
    def table_geometry(self, b):
        """Fonts, padding and column widths of a table block."""
        size = float(b.opts.get("size", self.size - 1))
        fam = self.s["font"]
        rules = b.opts.get("rules", "grid")
        x0 = self.left + float(b.opts.get("indent", self.indent))
        total = self.right - x0
        sw = sum(b.widths)
        return {
            "font": "%s %s" % (fam, size),
            "fontb": "%s Bold %s" % (fam, size),
            "lh": size * 1.22,
            "rules": rules,
            "pad": 3.0 if rules != "none" else 1.5,
            "x0": x0,
            "total": total,
            "cws": [total * w / sw for w in b.widths],
        }

    def table_row_layout(self, g, is_h, cells):
        """Wrapped lines of each cell of one row, and the row's height."""
        cl = []
        for cw, c in zip(g["cws"], cells):
            cl.append(self.ts.wrap(words_of(parse_inline(c, bold=is_h)),
                                   g["fontb"] if is_h else g["font"], cw - 2 * g["pad"]))
        h = max(len(l) for l in cl) * g["lh"] + 2 * g["pad"]
        return cl, h

    def table_layout(self, b):
        """Every row of a table block laid out once (cached on the block)."""
        cached = getattr(b, "_laid", None)
        if cached is not None:
            return cached
        g = self.table_geometry(b)
        b._laid = [(is_h, self.table_row_layout(g, is_h, cells)) for is_h, cells in b.rows]
        return b._laid

    def b_table(self, b, nxt, prev):
        g = self.table_geometry(b)
        font, fontb, lh, rules, pad = g["font"], g["fontb"], g["lh"], g["rules"], g["pad"]
        x0, total, cws = g["x0"], g["total"], g["cws"]
        xs = [x0]
        for cw in cws:
            xs.append(xs[-1] + cw)
        header = [r for r in b.rows if r[0]]
        laid = self.table_layout(b)
        seg_top = [None]

        def draw_row(is_h, cl, h):
            y = self.y
            if seg_top[0] is None:
                seg_top[0] = y
                if rules in ("grid", "rows"):
                    self.op("line", x0, y, xs[-1], y, 0.6)
            if is_h and rules != "none":
                self.op("fill", x0, y, total, h, 0.88)
            for ci, lines in enumerate(cl):
                al = b.aligns[ci] if ci < len(b.aligns) else "l"
                for li, (frags, _) in enumerate(lines):
                    mk = markup_of(frags)
                    f = fontb if is_h else font
                    if al == "c":
                        tx = xs[ci] + (cws[ci] - self.ts.width(f, mk)) / 2
                    elif al == "r":
                        tx = xs[ci + 1] - pad - self.ts.width(f, mk)
                    else:
                        tx = xs[ci] + pad
                    self.text(tx, y + pad + li * lh, f, mk)
            if rules in ("grid", "rows") or (is_h and rules == "none"):
                self.op("line", x0, y + h, xs[-1], y + h, 0.6 if rules != "none" else 0.4)
            self.y += h

        def close_segment():
            if seg_top[0] is not None and rules == "grid":
                for xv in xs:
                    self.op("line", xv, seg_top[0], xv, self.y, 0.6)
            seg_top[0] = None

        hdr_laid = [(True, self.table_row_layout(g, True, cells)) for _, cells in header]
        self.ensure(sum(h for _, (_, h) in laid[:2]))
        for is_h, (cl, h) in laid:
            if self.y + h > self.bottom:
                close_segment()
                self.new_page()
                if not is_h:
                    for _, (hcl, hh) in hdr_laid:
                        draw_row(True, hcl, hh)
            draw_row(is_h, cl, h)
        close_segment()
        self.y += self.parskip + 2

    # -- boxes (cover, anslag)
    def b_box(self, b, nxt, prev):
        size = float(b.opts.get("size", self.size))
        fam = self.s["font"]
        font = "%s %s" % (fam, size)
        fontb = "%s Bold %s" % (fam, size)
        lh = size * 1.22
        pad = float(b.opts.get("pad", 3.5))
        x0 = self.left
        x1 = self.right
        lw = float(b.opts.get("labelwidth", 120))
        vx = x0 + pad + lw
        vw = x1 - pad - vx
        seg = [None]

        def row_layout(row):
            items = []   # (dx, dy, font, markup) and ('line', ...) ops
            if row["kind"] in ("boxtitle", "boxtext"):
                f = fontb if row["kind"] == "boxtitle" else font
                y = 0
                for frags, _ in self.ts.wrap(words_of(parse_inline(row["text"])), f, x1 - x0 - 2 * pad):
                    items.append(("text", x0 + pad, y, f, markup_of(frags)))
                    y += lh
                return items, y + 2 * pad
            lab = []
            y = 0
            for frags, _ in self.ts.wrap(words_of(parse_inline(row["label"])), fontb, lw - 6):
                lab.append(("text", x0 + pad, y, fontb, markup_of(frags)))
                y += lh
            height = y
            items.extend(lab)
            ncol = len(row["cols"])
            cw = vw / ncol
            for ci, col in enumerate(row["cols"]):
                cx = vx + ci * cw
                y = 0
                for it in col:
                    if it[0] == "text":
                        if not it[1]:
                            y += lh / 2
                            continue
                        for j, (frags, _) in enumerate(self.ts.wrap(
                                words_of(parse_inline(it[1])), font, cw - 8, cw - 18)):
                            items.append(("text", cx + (10 if j else 0), y, font, markup_of(frags)))
                            y += lh
                    else:
                        _, slabel, snames, sright = it
                        items.append(("text", cx, y + lh * 1.2, font, plain_markup(slabel)))
                        lx0 = cx + 72
                        avail = cx + cw - 8 - (120 if sright else 0) - lx0
                        n = max(1, len(snames))
                        seg = min(200.0, (avail - 14 * (n - 1)) / n)
                        for k, sname in enumerate(snames):
                            a = lx0 + k * (seg + 14)
                            items.append(("line", a, y + lh * 2.2, a + seg, y + lh * 2.2))
                            items.append(("text", a, y + lh * 2.3, font, plain_markup(sname)))
                        if sright:
                            items.append(("text", lx0 + seg + 12, y + lh * 1.2, fontb, plain_markup(sright)))
                        y += lh * 3.3
                height = max(height, y)
            return items, height + 2 * pad

        def close():
            if seg[0] is not None:
                self.op("rect", x0, seg[0], x1 - x0, self.y - seg[0], 0.8)
                seg[0] = None

        rows = [row_layout(r) for r in b.rows]
        for ri, (items, h) in enumerate(rows):
            if self.y + h > self.bottom:
                close()
                self.new_page()
            if seg[0] is None:
                seg[0] = self.y
            elif ri > 0:
                self.op("line", x0, self.y, x1, self.y, 0.5)
            for it in items:
                if it[0] == "text":
                    _, tx, ty, f, mk = it
                    self.text(tx, self.y + pad + ty, f, mk)
                else:
                    _, lx0, ly, lx1, _ly = it
                    self.op("line", lx0, self.y + pad + ly, lx1, self.y + pad + ly, 0.5)
            self.y += h
        close()
        self.y += 12


# ---------------------------------------------------------------- rendering

def iso_date(s):
    s = s.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", s)
    if m:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", s)
    if m:
        return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    raise SrcError("@set date: use YYYY-MM-DD or D.M.YYYY, not %r" % s)


class Renderer:
    def __init__(self, ts, lay, settings, headers, footers):
        self.ts = ts
        self.cr = ts.cr
        self.lay = lay
        self.s = settings
        self.headers = headers
        self.footers = footers

    def draw_text(self, x, y, font, markup, jwidth=0.0):
        lay = self.ts.layout(font, markup)
        if jwidth > 0:
            lay.set_width(int(jwidth * Pango.SCALE))
            lay.set_wrap(Pango.WrapMode.WORD)
            lay.set_justify(True)
            lay.set_justify_last_line(True)
            if lay.get_line_count() != 1:
                lay = self.ts.layout(font, markup)
        self.cr.move_to(x, y)
        PangoCairo.show_layout(self.cr, lay)

    def subst(self, s, page, pages):
        return (s.replace("{page}", str(page.number)).replace("{pages}", str(pages))
                .replace("{para}", page.para or ""))

    def furniture(self, page, pages):
        s = self.s
        L = self.lay
        cr = self.cr
        hsize = float(s["header_size"])
        fam = s["font"]
        hf = "%s %s" % (fam, hsize)
        hlh = hsize * 1.3
        if self.headers and (page.number > 1 or s["header_first"] == "yes"):
            y = float(s["header_y"])
            tabx = L.left + (L.right - L.left) * float(s["header_tab"])
            for left, center, right in self.headers:
                for txt, where in ((left, "l"), (center, "c"), (right, "r")):
                    if not txt:
                        continue
                    mk = plain_markup(self.subst(txt, page, pages))
                    if where == "l":
                        x = L.left
                    elif where == "c":
                        x = tabx
                    else:
                        x = L.right - self.ts.width(hf, mk)
                    self.draw_text(x, y, hf, mk)
                y += hlh
            if s["header_rule"] == "yes":
                y += 3
                self.line(L.left, y, L.right, y, 0.6)
        if page.number == 1 and s["footer_first"] != "yes":
            return
        fsize = float(s["footer_size"])
        ff = "%s %s" % (fam, fsize)
        ybase = A4_H - float(s["margin_bottom"]) + 14
        for kind, fields in self.footers:
            if kind == "boxes":
                bw, bh = 96.0, 30.0
                x = L.right - bw * len(fields)
                for f in fields:
                    cr.set_line_width(0.6)
                    cr.rectangle(x, ybase, bw, bh)
                    cr.stroke()
                    self.draw_text(x + 3, ybase + 2, ff, plain_markup(f))
                    x += bw
                ybase += bh + 4
            elif kind == "cols":
                self.line(L.left, ybase, L.right, ybase, 0.5)
                n = len(fields)
                cw = (L.right - L.left) / max(1, n)
                for i, f in enumerate(fields):
                    self.draw_text(L.left + i * cw, ybase + 3, ff, plain_markup(f))
                ybase += fsize * 1.3 + 24
            elif kind == "text":
                f3 = fields + [""] * (3 - len(fields))
                for txt, where in zip(f3[:3], "lcr"):
                    if not txt:
                        continue
                    mk = plain_markup(self.subst(txt, page, pages))
                    w = self.ts.width(ff, mk)
                    x = {"l": L.left, "c": (L.left + L.right - w) / 2, "r": L.right - w}[where]
                    self.draw_text(x, ybase, ff, mk)
                ybase += fsize * 1.4

    def line(self, x0, y0, x1, y1, w):
        cr = self.cr
        cr.set_line_width(w)
        cr.move_to(x0, y0)
        cr.line_to(x1, y1)
        cr.stroke()

    def render(self, pages):
        cr = self.cr
        n = len(pages)
        for p in pages:
            cr.set_source_rgb(0, 0, 0)
            self.furniture(p, n)
            for o in p.ops:
                k = o[0]
                if k == "text":
                    self.draw_text(*o[1:])
                elif k == "line":
                    self.line(*o[1:])
                elif k == "rect":
                    _, x, y, w, h, lw = o
                    cr.set_line_width(lw)
                    cr.rectangle(x, y, w, h)
                    cr.stroke()
                elif k == "fill":
                    _, x, y, w, h, grey = o
                    cr.set_source_rgb(grey, grey, grey)
                    cr.rectangle(x, y, w, h)
                    cr.fill()
                    cr.set_source_rgb(0, 0, 0)
            cr.show_page()


def generate(src_path, out_path):
    with open(src_path, encoding="utf-8") as f:
        text = f.read()
    settings, headers, footers, blocks = parse_source(text)
    date = iso_date(settings["date"])
    surface = cairo.PDFSurface(out_path, A4_W, A4_H)
    stamp = "%04d-%02d-%02dT12:00:00" % (date.year, date.month, date.day)
    surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, stamp)
    surface.set_metadata(cairo.PDFMetadata.MOD_DATE, stamp)
    for key, md in (("title", cairo.PDFMetadata.TITLE),
                    ("author", cairo.PDFMetadata.AUTHOR),
                    ("subject", cairo.PDFMetadata.SUBJECT),
                    ("creator", cairo.PDFMetadata.CREATOR)):
        if settings[key]:
            surface.set_metadata(md, settings[key])
    if settings["hyphenate"] not in ("compounds", "manual"):
        raise SrcError("@set hyphenate = compounds|manual")
    AUTO_HYPHEN[0] = settings["hyphenate"] == "compounds"
    cr = cairo.Context(surface)
    ts = Typesetter(cr)
    anchors = {}
    pages = None
    for _ in range(4):
        lay = Layouter(ts, settings, headers, footers, anchors)
        pages = lay.run(blocks)
        if lay.anchors == anchors:
            break
        anchors = lay.anchors
    missing = [b.num for b in blocks if b.kind == "toc" and b.page is None
               and b.num not in anchors]
    if missing:
        sys.stderr.write("pdfgen: %s: agenda items without a @para: %s\n"
                         % (src_path, ", ".join(missing)))
    Renderer(ts, lay, settings, headers, footers).render(pages)
    surface.finish()
    return len(pages)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: pdfgen.py SRC.pdfsrc OUT.pdf\n")
        return 2
    try:
        n = generate(argv[1], argv[2])
    except SrcError as e:
        sys.stderr.write("pdfgen: %s: %s\n" % (argv[1], e))
        return 1
    except OSError as e:
        sys.stderr.write("pdfgen: %s\n" % e)
        return 1
    sys.stdout.write("%s: %d pages\n" % (argv[2], n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
