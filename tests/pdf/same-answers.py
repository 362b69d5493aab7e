#!/usr/bin/python3
"""same-answers.py - whether two report documents give the same answers.
Usage: same-answers.py A.json B.json. Strings are compared as they are,
except that inside table cells (tables and region lists) runs of white
space count as one space: a PDF prints a cell's lines, and a cell's line
breaks cannot be told from its wraps. Prints each difference; exit 1 if any."""
import json
import re
import sys


def norm_cells(a):
    out = {}
    for k, v in a.items():
        if isinstance(v, list):
            v = [{c: re.sub(r"\s+", " ", x).strip() for c, x in r.items()} for r in v]
        out[k] = v
    return out


a = norm_cells(json.load(open(sys.argv[1], encoding="utf-8"))["answers"])
b = norm_cells(json.load(open(sys.argv[2], encoding="utf-8"))["answers"])
bad = 0
for k in sorted(set(a) | set(b)):
    if a.get(k) != b.get(k):
        bad += 1
        print("%s:\n  %r\n  %r" % (k, a.get(k), b.get(k)))
sys.exit(1 if bad else 0)
