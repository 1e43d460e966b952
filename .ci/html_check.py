#!/usr/bin/env python3
"""Assertions of .ci/html-check on one page (python3 standard library only).

usage: html_check.py [--season] PAGE.html STEM LOAD_MS
  --season          a season page (its own sections, no rep marks)
  STEM.json         the JSON report of the same file (rep count; not read with --season)
  STEM.dom.html     the DOM Chromium dumped after the page's script ran
  STEM.hover.dom.html  the same after a mouseenter on the first rep's row (when it has reps)
  STEM.console.txt  Chromium's log (console messages)
  STEM-1280x800.png, STEM-390x844.png  screenshots
"""
import json
import os
import re
import struct
import sys
import zlib
from html.parser import HTMLParser

SECTIONS = ["verdict", "profile", "map", "reps", "slope-speed", "notes", "altitude"]
SEASON_SECTIONS = ["trend", "reps-per-week", "pace-per-band", "hills", "sessions"]
# The budget for a 5-hour recording's page.
MAX_PAGE_BYTES = 2 * 1024 * 1024
# A screenshot with fewer non-white pixels than this is taken as blank: a page of text and
# figures covers 6-9 % of a 1280x800 window, the emptiest recording in fixtures/ (a truncated
# FIT of a few metres: title, verdict, a dot on the map) 1.8 %; a failed or blank render
# shows nothing.
MIN_INK_FRACTION = 0.005


class Dom(HTMLParser):
    """Section texts, rep marks per SVG, and every URL-bearing attribute."""

    def __init__(self, sections):
        super().__init__()
        self.sections = sections
        self.stack = []  # open sections
        self.text = {s: "" for s in sections}
        self.seen = set()
        self.svg_marks = []
        self.urls = []
        self.rep_rows = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "xlink:href", "action", "poster"):
            if k in a:
                self.urls.append(a[k])
        if "url(" in (a.get("style") or ""):
            self.urls.append(a["style"])
        if tag == "section" and a.get("id") in self.sections:
            self.seen.add(a["id"])
            self.stack.append(("section", a["id"]))
        elif tag == "svg":
            self.svg_marks.append(0)
        if "rep-mark" in (a.get("class") or "").split() and self.svg_marks:
            self.svg_marks[-1] += 1
        if tag == "tr" and "rep" in (a.get("class") or "").split():
            self.rep_rows += 1

    def handle_endtag(self, tag):
        if tag == "section" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for kind, sid in self.stack:
            if kind == "section":
                self.text[sid] += data


def ink_fraction(png_path):
    """Fraction of pixels that are not near-white, decoding the PNG by hand."""
    data = open(png_path, "rb").read()
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    w, h, depth, color = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
    if depth != 8 or color not in (2, 6):
        raise ValueError(f"unexpected PNG format depth {depth} color {color}")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    ink = 0
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            ul = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + left) & 255
            elif f == 2:
                line[i] = (line[i] + up) & 255
            elif f == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif f == 4:
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                pr = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
                line[i] = (line[i] + pr) & 255
        for x in range(0, stride, bpp):
            if min(line[x], line[x + 1], line[x + 2]) < 230:
                ink += 1
        prev = line
    return ink / (w * h)


def main():
    args = sys.argv[1:]
    season = args[0] == "--season"
    if season:
        args = args[1:]
    page, stem, load_ms = args[0], args[1], int(args[2])
    sections = SEASON_SECTIONS if season else SECTIONS
    problems = []
    size = os.path.getsize(page)
    if size > MAX_PAGE_BYTES:
        problems.append(f"page is {size} bytes, over {MAX_PAGE_BYTES}")
    reps = 0 if season else len(json.loads(open(stem + ".json").readline())["reps"])
    dom = Dom(sections)
    dom.feed(open(stem + ".dom.html", encoding="utf-8").read())
    for s in sections:
        if s not in dom.seen:
            problems.append(f"section {s} missing")
        elif len(dom.text[s].strip()) < 10:
            problems.append(f"section {s} empty: {dom.text[s]!r}")
    if reps > 0:
        if dom.svg_marks != [reps] * 3:
            problems.append(f"{reps} reps but rep marks per figure {dom.svg_marks}")
        if dom.rep_rows != reps:
            problems.append(f"{reps} reps but {dom.rep_rows} rows in the rep table")
    hover = open(stem + ".hover.dom.html", encoding="utf-8").read()
    loaded = re.search(r'data-load-ms="(\d+)"', hover)
    if reps > 0:
        lit = re.findall(r'<(g|tr) class="rep hl" data-rep="(\d+)"', hover)
        # The row, and rep 1 in each of the 3 figures (twice on a map with a hill detail).
        rows = [k for tag, k in lit if tag == "tr"]
        marks = [k for tag, k in lit if tag == "g"]
        if rows != ["0"] or len(marks) < 3 or set(marks) != {"0"}:
            problems.append(f"hovering rep 1's row lit {lit}, not rep 1 in the 3 figures and the table")
    external = [u for u in dom.urls if re.match(r"^\s*(https?:)?//", u, re.I)]
    # A request leaves from an attribute (src, href), a CSS url() or an @import; a URL in
    # the text (a GPX creator's "Movescount - http://www.movescount.com") fetches nothing.
    if external or re.search(r"url\((?!#)|@import", open(page, encoding="utf-8").read(), re.I):
        problems.append(f"external references: {external[:3]}")
    console = open(stem + ".console.txt", errors="replace").read()
    # The page logs nothing: any console message (an error, an uncaught exception) fails it.
    errors = [l for l in console.splitlines() if ":CONSOLE" in l]
    if errors:
        problems.append(f"console errors: {errors[:3]}")
    inks = {}
    for shot in ("1280x800", "390x844"):
        png = f"{stem}-{shot}.png"
        if not os.path.exists(png):
            problems.append(f"no screenshot {shot}")
            continue
        inks[shot] = ink_fraction(png)
        if inks[shot] < MIN_INK_FRACTION:
            problems.append(f"screenshot {shot} is blank ({inks[shot]:.3f} ink)")
    ink = ", ".join(f"{k} {v:.0%} ink" for k, v in inks.items())
    print(f"      {os.path.basename(page)}: {size / 1024:.0f} KiB, {reps} reps, "
          f"loads in {loaded.group(1) + ' ms' if loaded else '? ms'} "
          f"({load_ms} ms with the browser's start), {ink}")
    for p in problems:
        print(f"      problem: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
