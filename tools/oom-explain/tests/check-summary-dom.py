#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check-summary-dom.py DOM SUMMARY_JSON

DOM is the --summary --html page as a browser serialised it after
loading it (chromium --dump-dom), SUMMARY_JSON the --summary --json
output for the same inputs.  Checks that the page counts what the JSON
counts: the events and inputs, one bar per kind and per verdict class
with its count, one timeline per input with events whose marks add up
to that input's events (and, over all inputs, to each kind's count),
the tables of values in the same order with the same counts, one
timeline of all inputs by date for each group of dates (with a year,
syslog's without) whose marks add up to the group's events between its
earliest and latest stamps, the events without a date said not to be
ordered across inputs, and that the page refers to nothing outside
itself.

Prints nothing and exits 0 when all holds; else one line per problem
(at most 10) and exits 1.
"""
import importlib.util
import json
import os
import sys

spec = importlib.util.spec_from_file_location(
    "check_html_dom", os.path.join(os.path.dirname(__file__), "check-html-dom.py"))
dom_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dom_check)


def main():
    dom, sum_path = sys.argv[1:3]
    tree = dom_check.Tree()
    with open(dom, encoding="utf-8", errors="replace") as f:
        tree.feed(f.read())
    with open(sum_path, encoding="utf-8") as f:
        want = json.loads(f.read())
    nodes = list(tree.root.walk())
    bad = dom_check.outside(nodes)

    def count(n):
        return int(n.attrs.get("data-count", "-1"))

    sec = [n for n in nodes if n.tag == "section" and n.attrs.get("id") == "summary"]
    if len(sec) != 1:
        bad.append("no section#summary")
        sec = [tree.root]
    elif sec[0].attrs.get("data-events") != str(want["events"]) or \
            sec[0].attrs.get("data-inputs") != str(len(want["inputs"])):
        bad.append("section#summary says %s events in %s inputs, JSON %d in %d" % (
            sec[0].attrs.get("data-events"), sec[0].attrs.get("data-inputs"),
            want["events"], len(want["inputs"])))

    kbars = {n.attrs.get("data-kind"): count(n) for n in nodes
             if n.tag == "rect" and "kbar" in n.cls()}
    if kbars != want["by_kind"]:
        bad.append("kind bars %r, JSON %r" % (kbars, want["by_kind"]))
    vbars = {n.attrs.get("data-verdict"): count(n) for n in nodes
             if n.tag == "rect" and "vbar" in n.cls()}
    wantv = {k: v for k, v in want["by_verdict"].items() if v}
    if vbars != wantv:
        bad.append("verdict bars %r, JSON %r" % (vbars, wantv))

    lines = {n.attrs.get("data-input"): n for n in nodes
             if n.tag == "div" and "timeline" in n.cls()}
    marks_by_kind = {k: 0 for k in want["by_kind"]}
    for inp in want["inputs"]:
        tl = lines.get(inp["file"])
        if not inp["events"]:
            if tl is not None:
                bad.append("%s: a timeline, but no events" % inp["file"])
            continue
        if tl is None:
            bad.append("%s: no timeline for %d events" % (inp["file"], inp["events"]))
            continue
        marks = [n for n in tl.walk() if n.tag == "rect" and "tl-mark" in n.cls()]
        if tl.attrs.get("data-stride") == "1" and \
                sum(count(m) for m in marks) != inp["events"]:
            bad.append("%s: timeline marks add up to %d, JSON has %d events" % (
                inp["file"], sum(count(m) for m in marks), inp["events"]))
        for m in marks:
            k = m.attrs.get("data-kind")
            if k not in marks_by_kind:
                bad.append("%s: a mark of kind %r" % (inp["file"], k))
            else:
                marks_by_kind[k] += count(m)
    if len(lines) == sum(1 for i in want["inputs"] if i["events"]) and \
            all(t.attrs.get("data-stride") == "1" for t in lines.values()) and \
            marks_by_kind != want["by_kind"]:
        bad.append("timeline marks by kind %r, JSON %r" % (marks_by_kind, want["by_kind"]))

    # the dated events of all inputs, one timeline per group of dates,
    # its marks adding up to the group's events and its ends labelled
    # with the earliest and latest stamps; what has no date is said
    dated = {n.attrs.get("data-group"): n for n in nodes
             if n.tag == "div" and "date-timeline" in n.cls()}
    for group in ("with_year", "without_year"):
        g = want["by_date"][group]
        tl = dated.get(group)
        if not g["events"]:
            if tl is not None:
                bad.append("a date timeline %s, but no such events" % group)
            continue
        if tl is None:
            bad.append("no date timeline %s for %d events" % (group, g["events"]))
            continue
        if tl.attrs.get("data-events") != str(g["events"]) or \
                tl.attrs.get("data-inputs") != str(g["inputs"]):
            bad.append("date timeline %s: %s events in %s inputs, JSON %d in %d" % (
                group, tl.attrs.get("data-events"), tl.attrs.get("data-inputs"),
                g["events"], g["inputs"]))
        marks = [n for n in tl.walk() if n.tag == "rect" and "dt-mark" in n.cls()]
        if tl.attrs.get("data-stride") == "1" and \
                sum(count(m) for m in marks) != g["events"]:
            bad.append("date timeline %s: marks add up to %d, JSON %d" % (
                group, sum(count(m) for m in marks), g["events"]))
        ends = [n.all_text() for n in tl.walk() if n.tag == "text"][-2:]
        if ends != [g["first"]["as_printed"], g["last"]["as_printed"]]:
            bad.append("date timeline %s: ends %r, JSON %r to %r" % (
                group, ends, g["first"]["as_printed"], g["last"]["as_printed"]))
    note = [n for n in nodes if n.tag == "p" and "not-ordered" in n.cls()]
    nd = want["by_date"]["not_dated"]
    if nd["events"] and (len(note) != 1 or note[0].attrs.get("data-events") != str(nd["events"])):
        bad.append("%d events without a date not said to be unordered" % nd["events"])
    elif not nd["events"] and note:
        bad.append("events without a date said, JSON has none")

    for key in ("by_kernel", "by_constraint", "by_trigger", "by_victim"):
        tab = [n for n in nodes if n.tag == "table" and n.attrs.get("id") == key]
        if len(tab) != 1:
            bad.append("no table#%s" % key)
            continue
        got = [count(r) for r in tab[0].walk() if r.tag == "tr" and "value" in r.cls()]
        exp = [c["events"] for c in want[key]["counts"]]
        if want[key]["other"]:
            exp.append(want[key]["other"])
        if got != exp:
            bad.append("table#%s counts %r, JSON %r" % (key, got, exp))

    for b in bad[:10]:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
