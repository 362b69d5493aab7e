#!/usr/bin/python3
"""print-pages.py - lays a text export out page by page as the survey
tool's PDF had it, and writes that PDF itself (no other program): each line
of the text a line on the page, at its place; a line equal to the FOOTER
ends its page and stands alone at the bottom of it, as the page footer
did; a page that fills up goes on to the next. A4 landscape, so that no
line wraps; Helvetica (a standard font, not embedded), text in WinAnsi.

Usage: print-pages.py TEXT OUT.pdf [--footer TEXT]"""
import sys

W, H = 842, 595          # A4 landscape, points
LEFT, TOP, BOTTOM = 50, 45, 40
SIZE, LEAD = 9, 12
FOOT_Y = H - 25          # the footer's baseline: well below the body


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def content(lines, footer):
    out = []
    y = TOP + SIZE
    for ln in lines:
        if ln.strip():
            # Leading spaces of the text kept as a shift right.
            x = LEFT + (len(ln) - len(ln.lstrip(" "))) * SIZE * 0.278
            out.append("BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET" % (SIZE, x, H - y, esc(ln.lstrip(" "))))
        y += LEAD
    if footer is not None:
        out.append("BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET" % (SIZE, LEFT, H - FOOT_Y, esc(footer)))
    return ("\n".join(out) + "\n").encode("cp1252")


def pages_of(text, footer):
    per = int((H - TOP - BOTTOM - 20) / LEAD)
    pages, cur = [], []
    for ln in text.split("\n"):
        if footer is not None and ln.strip() == footer:
            pages.append((cur, footer))
            cur = []
            continue
        if len(cur) == per:
            pages.append((cur, None))
            cur = []
        cur.append(ln.rstrip("\r"))
    while cur and not cur[-1].strip():
        cur.pop()
    if cur:
        pages.append((cur, None))
    return pages


def write(pages, path):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            ("<< /Type /Pages /Kids [%s] /Count %d >>" % (
                " ".join("%d 0 R" % (4 + 2 * i) for i in range(len(pages))), len(pages))).encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, (lines, footer) in enumerate(pages):
        s = content(lines, footer)
        objs.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >>"
                     " /Contents %d 0 R >>" % (W, H, 5 + 2 * i)).encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(s) + s + b"endstream")
    o = b"%PDF-1.4\n"
    offs = []
    for i, b in enumerate(objs):
        offs.append(len(o))
        o += b"%d 0 obj\n" % (i + 1) + b + b"\nendobj\n"
    x = len(o)
    o += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for f in offs:
        o += b"%010d 00000 n \n" % f
    o += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    with open(path, "wb") as f:
        f.write(o)


def main():
    args = sys.argv[1:]
    footer = None
    if "--footer" in args:
        i = args.index("--footer")
        footer = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    text = open(args[0], encoding="utf-8").read()
    write(pages_of(text, footer), args[1])


main()
