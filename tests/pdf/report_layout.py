"""report_layout.py - a report document (JSON) and its form (JSON) walked in
form order as the blocks a print view shows: shared by print-html.py and
print-fodt.py, which lay the blocks out as HTML or as a flat ODF text.

Blocks: ("title", text), ("heading", text), ("text", text),
("label", text), ("answer", text), ("table", header, rows) where header is a
list of column labels and rows a list of cell lists, and ("matrix", scale
labels, [(row label, index of the chosen scale value or None)])."""

MONTHS = {"H1": "January - June", "H2": "July - December"}


def period_text(v):
    """'2021-H2' as the survey tool prints it: 'July - December 2021'."""
    if len(v) == 7 and v[4] == "-" and v[5:] in MONTHS:
        return "%s %s" % (MONTHS[v[5:]], v[:4])
    return v


def simple(q, v):
    if v is None:
        return ""
    if q["type"] == "period":
        return period_text(v)
    if q["type"] == "choice":
        for c in q.get("choices", []):
            if c["value"] == v:
                return c["label"]
    return v


def blocks(doc, form, regions_as_table=True):
    a = doc.get("answers", {})
    out = [("title", form["title"])]
    for s in form["sections"]:
        if s.get("title"):
            out.append(("heading", s["title"]))
        for it in s["items"]:
            kind = it.get("kind", "question")
            if kind in ("text", "heading"):
                out.append((kind, it["text"]))
                continue
            q, v = it, a.get(it["id"])
            out.append(("label", q["label"]))
            if q["type"] == "table":
                rows = [[r.get(c["id"], "") for c in q["columns"]] for r in (v or [])]
                out.append(("table", [c["label"] for c in q["columns"]], rows))
            elif q["type"] == "regions":
                if regions_as_table:
                    rows = [[r.get("name", ""), r.get("country", ""), r.get("nuts", "")] for r in (v or [])]
                    out.append(("table", ["Name", "Country", "NUTS"], rows))
                else:
                    out.append(("answer", "\n".join("%s (%s) %s" % (r["name"], r["country"], r["nuts"])
                                                    for r in (v or []))))
            elif q["type"] == "likert":
                vals = [o["value"] for o in q["scale"]]
                rows = [(r["label"], vals.index(v[r["value"]]) if v and r["value"] in v else None)
                        for r in q["rows"]]
                out.append(("matrix", [o["label"] for o in q["scale"]], rows))
            elif q["type"] == "group":
                for f in q["fields"]:
                    out.append(("label", f["label"]))
                    out.append(("answer", simple(f, (v or {}).get(f["id"]))))
            else:
                out.append(("answer", simple(q, v)))
    return out
