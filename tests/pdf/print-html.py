#!/usr/bin/python3
"""print-html.py - prints a report as an online survey tool's print view
would: an HTML page (question labels bold, answers below, tables with a '#'
column of row numbers, the SDG matrix with an X in the chosen cell) printed
to PDF by headless Chromium.

Usage: print-html.py DOC.json FORM.json OUT.pdf [--header-footer]
--header-footer keeps Chromium's date, title, address and page numbers in
the margins (the reader must drop them)."""
import html
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_layout import blocks  # noqa: E402

CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; margin: 0; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.5em; }
p.q { font-weight: bold; margin: 1.2em 0 0.3em 0; }
div.a { white-space: pre-wrap; margin: 0 0 0.6em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em 0; }
th, td { border: 1px solid #888; padding: 3pt 5pt; vertical-align: top; text-align: left; }
td.x { text-align: center; }
thead { display: table-header-group; }
"""


def esc(s):
    return html.escape(s, quote=True)


def page(doc, form):
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title><style>%s</style></head><body>"
           % (esc(doc["answers"].get("partnership", "Report")), CSS)]
    for b in blocks(doc, form):
        k = b[0]
        if k == "title":
            continue  # the form's first static text repeats it
        if k == "heading":
            out.append("<h2>%s</h2>" % esc(b[1]))
        elif k == "text":
            out.append("<p>%s</p>" % esc(b[1]))
        elif k == "label":
            out.append("<p class='q'>%s</p>" % esc(b[1]))
        elif k == "answer":
            out.append("<div class='a'>%s</div>" % esc(b[1]))
        elif k == "table":
            out.append("<table><thead><tr><th>#</th>%s</tr></thead><tbody>"
                       % "".join("<th>%s</th>" % esc(h) for h in b[1]))
            for i, r in enumerate(b[2]):
                out.append("<tr><td>%d</td>%s</tr>" % (i + 1, "".join("<td>%s</td>" % esc(c) for c in r)))
            out.append("</tbody></table>")
        elif k == "matrix":
            out.append("<table><thead><tr><th></th>%s</tr></thead><tbody>"
                       % "".join("<th style='width:11%%'>%s</th>" % esc(h) for h in b[1]))
            for label, chosen in b[2]:
                out.append("<tr><td>%s</td>%s</tr>" % (esc(label), "".join(
                    "<td class='x'>%s</td>" % ("X" if chosen == j else "") for j in range(len(b[1])))))
            out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    doc = json.load(open(args[0], encoding="utf-8"))
    form = json.load(open(args[1], encoding="utf-8"))
    out = os.path.abspath(args[2])
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "report.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(page(doc, form))
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--print-to-pdf=" + out]
        if "--header-footer" not in sys.argv:
            cmd.append("--no-pdf-header-footer")
        env = dict(os.environ, HOME=tmp)
        subprocess.run(cmd + ["file://" + src], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if not os.path.exists(out):
        sys.exit("print-html.py: chromium wrote no PDF")


main()
