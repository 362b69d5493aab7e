#!/usr/bin/env python3
"""formpost.py PAGE FORM-ID [NAME=VALUE...] - the urlencoded body a browser
without JavaScript would post from the form FORM-ID of the HTML page in
the file PAGE: every input, textarea and chosen option with its current
value (no submit buttons), then the NAME=VALUE pairs given (as if that
button was pressed)."""
import html.parser
import sys
import urllib.parse


class Form(html.parser.HTMLParser):
    def __init__(self, want):
        super().__init__(convert_charrefs=True)
        self.want, self.inside, self.fields = want, False, []
        self.text_name, self.select_name, self.text = None, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.want
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.text_name, self.text = a["name"], []
        elif tag == "select" and a.get("name"):
            self.select_name = a["name"]
        elif tag == "option" and self.select_name and "selected" in a:
            self.fields.append((self.select_name, a.get("value", "")))

    def handle_data(self, data):
        if self.text_name:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.text_name:
            self.fields.append((self.text_name, "".join(self.text).removeprefix("\n")))
            self.text_name = None
        elif tag == "select":
            self.select_name = None


f = Form(sys.argv[2])
f.feed(open(sys.argv[1], encoding="utf-8").read())
extra = [tuple(p.split("=", 1)) for p in sys.argv[3:]]
sys.stdout.write(urllib.parse.urlencode(f.fields + extra))
