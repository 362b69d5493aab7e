#!/usr/bin/python3
"""print-fodt.py - writes a report as a flat ODF text document (.fodt) the
way a word processor user would lay it out (bold labels, answers below,
tables with a '#' column, the SDG matrix with an X in the chosen cell) and
converts it to PDF with LibreOffice.

Usage: print-fodt.py DOC.json FORM.json OUT.pdf
       print-fodt.py --lines TEXT OUT.pdf   (each line of TEXT a paragraph,
                                             landscape, so none wraps)"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_layout import blocks  # noqa: E402

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="%(size)s"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="%(pw)s" fo:page-height="%(ph)s"
   style:print-orientation="%(orient)s" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm"
   fo:margin-left="2cm" fo:margin-right="2cm"/>
 </style:page-layout>
 <style:style style:name="Q" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.1cm"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="H" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="A" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
 </style:style>
 <style:style style:name="G" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.2cm" fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="C" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"
   style:vertical-align="top"/>
 </style:style>
 <style:style style:name="T" style:family="table">
  <style:table-properties style:width="17cm" table:align="left"/>
 </style:style>
 <style:style style:name="N" style:family="table-column">
  <style:table-column-properties style:column-width="1cm"/>
 </style:style>
 <style:style style:name="W" style:family="table-column">
  <style:table-column-properties style:column-width="4.4cm"/>
 </style:style>
 <style:style style:name="E" style:family="table-column">
  <style:table-column-properties style:column-width="4cm"/>
 </style:style>
 <style:style style:name="S" style:family="table-column">
  <style:table-column-properties style:column-width="2.1cm"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
</office:master-styles>
<office:body><office:text>
"""


def para(style, s):
    """A paragraph; runs of spaces and tabs kept as ODF spells them."""
    out, i = [], 0
    while i < len(s):
        if s[i] == " ":
            j = i
            while j < len(s) and s[j] == " ":
                j += 1
            n = j - i
            if i == 0:
                out.append('<text:s text:c="%d"/>' % n)
            else:
                out.append(" " + ('<text:s text:c="%d"/>' % (n - 1) if n > 1 else ""))
            i = j
        else:
            j = i
            while j < len(s) and s[j] != " ":
                j += 1
            out.append(escape(s[i:j]))
            i = j
    return '<text:p text:style-name="%s">%s</text:p>\n' % (style, "".join(out))


def answer(s):
    """An answer: a paragraph a line, a blank line an empty paragraph."""
    return "".join(para("A", line) for line in s.split("\n")) if s else para("A", "")


def table(header, rows, first_blank=False):
    n = len(header) + 1
    # '#' narrow and the columns shared out, or the matrix's row labels
    # wide and its scale columns narrow.
    first, rest = ("W", "S") if first_blank else ("N", "E")
    out = ['<table:table table:style-name="T">', '<table:table-column table:style-name="%s"/>' % first,
           '<table:table-column table:style-name="%s" table:number-columns-repeated="%d"/>' % (rest, n - 1),
           "<table:table-header-rows><table:table-row>"]
    for h in [("" if first_blank else "#")] + header:
        out.append('<table:table-cell table:style-name="C">%s</table:table-cell>'
                   % para("A" if first_blank else "Q", h))
    out.append("</table:table-row></table:table-header-rows>")
    for r in rows:
        out.append("<table:table-row>")
        for c in r:
            out.append('<table:table-cell table:style-name="C">%s</table:table-cell>' % answer(c))
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "\n".join(out)


def convert(body, out, landscape=False, size="10.5pt"):
    dims = {"pw": "29.7cm", "ph": "21cm", "orient": "landscape"} if landscape else \
        {"pw": "21cm", "ph": "29.7cm", "orient": "portrait"}
    dims["size"] = size
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "report.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(HEAD % dims + body + "</office:text></office:body></office:document>\n")
        env = dict(os.environ, HOME=tmp)
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--convert-to", "pdf", "--outdir", tmp, src], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        shutil.copyfile(os.path.join(tmp, "report.pdf"), out)


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "--lines":
        text = open(a[1], encoding="utf-8").read().rstrip("\n")
        convert("".join(para("A", l.rstrip()) for l in text.split("\n")), a[2], landscape=True,
                size="9pt")
        return
    if len(a) != 3:
        sys.exit(__doc__)
    doc = json.load(open(a[0], encoding="utf-8"))
    form = json.load(open(a[1], encoding="utf-8"))
    body = []
    for b in blocks(doc, form, regions_as_table=False):
        k = b[0]
        if k == "title":
            continue  # the form's first static text repeats it
        if k == "heading":
            body.append(para("H", b[1]))
        elif k == "text":
            body.append(para("G", b[1]))
        elif k == "label":
            body.append(para("Q", b[1]))
        elif k == "answer":
            body.append(answer(b[1]))
        elif k == "table":
            body.append(table(b[1], [[str(i + 1)] + r for i, r in enumerate(b[2])]))
        elif k == "matrix":
            body.append(table(b[1], [[label] + ["X" if c == j else "" for j in range(len(b[1]))]
                                     for label, c in b[2]], first_blank=True))
    convert("".join(body), a[2])


main()
