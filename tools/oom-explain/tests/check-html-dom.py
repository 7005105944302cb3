#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check-html-dom.py DOM FACTS [--victim-row]

DOM is the page as a browser serialised it after loading it (chromium
--dump-dom), FACTS the --facts output for the same log.  Checks that the
page shows every event and every zone the facts name, with the zone's
free and min as bars of those values, its badge saying what refuses it
(below min, at min, or short of min + reserve) and its buddy lists as
one bar per order with the counts, that the event's kind (and a stall's
time) is the facts', that a memcg OOM told by its call trace says so and
blames no zone, that the victim is marked (with
--victim-row, also as a row of the task table), that the task rows are
sorted by badness and each scores rss + page tables + swapents +
oom_score_adj x (totalpages / 1000) as the caption says (the division
first, as the kernel's oom_badness() does), that free pages in zones the
request cannot use are said and drawn with that verdict, that a page
size the facts say (not 4 kB, or assumed) is shown with how it was learnt
and the RAM in those pages, and that the page refers to nothing outside
itself.

Prints nothing and exits 0 when all holds; else one line per problem
(at most 10) and exits 1.
"""
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = []

    def cls(self):
        return self.attrs.get("class", "").split()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def all_text(self):
        return "".join(n_text for n in self.walk() for n_text in n.text)


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def outside(nodes):
    """What in the page refers outside it: a script, a link, an address."""
    bad = []
    for n in nodes:
        if n.tag in ("script", "link", "iframe", "img", "object", "embed"):
            bad.append("page has a <%s> element" % n.tag)
        for k, v in n.attrs.items():
            if k in ("src", "href", "action", "xlink:href") or \
               re.search(r"url\(", v or ""):
                bad.append("page refers outside itself: %s=%r" % (k, v))
    return bad


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    victim_row = "--victim-row" in sys.argv
    dom, facts_path = args
    tree = Tree()
    with open(dom, encoding="utf-8", errors="replace") as f:
        tree.feed(f.read())
    facts = {}
    facts_all = []
    with open(facts_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            facts.setdefault(k, v)
            facts_all.append((k, v))

    nodes = list(tree.root.walk())
    bad = outside(nodes)

    events = sorted({int(m.group(1)) for k in facts
                     for m in [re.match(r"e(\d+)\.trigger\.comm$", k)] if m})
    if not events:
        bad.append("the facts have no event")
    sections = {n.attrs.get("id"): n for n in nodes
                if n.tag == "section" and "event" in n.cls()}
    if len(sections) != len(events):
        bad.append("%d event sections, facts have %d" % (len(sections), len(events)))

    for e in events:
        sec = sections.get("e%d" % e)
        if sec is None:
            bad.append("no section#e%d" % e)
            continue
        inner = list(sec.walk())
        # the kind, and a stall's time as the facts have them
        kind = facts.get("e%d.kind" % e)
        if sec.attrs.get("data-kind") != kind:
            bad.append("e%d: data-kind %r, facts %r" % (e, sec.attrs.get("data-kind"), kind))
        stall = [n for n in inner if n.tag == "dd" and "stall" in n.cls()]
        if kind == "alloc_stall":
            ms = facts.get("e%d.trigger.stall_ms" % e)
            if len(stall) != 1 or stall[0].attrs.get("data-ms") != ms or \
               ms not in stall[0].all_text():
                bad.append("e%d: stall of %s ms not shown once" % (e, ms))
        elif stall:
            bad.append("e%d: a stall shown in an event of kind %r" % (e, kind))
        # a memcg OOM told by its call trace says so, with no zone blamed
        src = [n for n in inner if "constraint-source" in n.cls()]
        verdicts = {n.attrs.get("data-verdict") for n in inner
                    if n.tag == "li" and "data-verdict" in n.attrs}
        if facts.get("e%d.constraint.source" % e) == "call_trace":
            if len(src) != 1 or src[0].attrs.get("data-source") != "call_trace":
                bad.append("e%d: the memcg constraint is not said to be told by the call trace" % e)
            if "memcg_limit" not in verdicts or \
               verdicts & {"below_min", "fragmentation", "unusable_zones", "watermarks_ok"}:
                bad.append("e%d: memcg OOM told by the trace, verdicts %s" % (e, sorted(verdicts)))
        elif src:
            bad.append("e%d: a constraint source shown that the facts lack" % e)
        # the page size, when the facts say how it was learnt
        psize = [n for n in inner if n.tag == "dd" and "page-size" in n.cls()]
        src_pk = facts.get("e%d.page_kb.source" % e)
        if src_pk:
            pk = facts.get("e%d.page_kb" % e)
            ram = facts.get("e%d.ram_kb" % e)
            if len(psize) != 1 or psize[0].attrs.get("data-page-kb") != pk or \
               psize[0].attrs.get("data-source") != src_pk or \
               not psize[0].all_text().startswith("%s kB, " % pk) or \
               (ram and "RAM %d pages" % (int(ram) // int(pk)) not in psize[0].all_text()):
                bad.append("e%d: the page size (%s kB, %s) is not shown once with its RAM" %
                           (e, pk, src_pk))
        elif psize:
            bad.append("e%d: a page size shown that the facts do not say" % e)
        zones = [n for n in inner if n.tag == "section" and "zone" in n.cls()]
        want = sorted({m.group(1) for k in facts
                       for m in [re.match(r"e%d\.zone\.([^.]+)\.usable$" % e, k)] if m})
        if len(zones) != len(want):
            bad.append("e%d: %d zone sections, facts have %d (%s)" %
                       (e, len(zones), len(want), " ".join(want)))
        for zn in want:
            name, _, node = zn.partition("@")
            nodes_ok = {node} if node else {"0", "-1"}
            match = [z for z in zones if z.attrs.get("data-zone") == name and
                     z.attrs.get("data-node") in nodes_ok]
            if len(match) != 1:
                bad.append("e%d: zone %s: %d sections" % (e, zn, len(match)))
                continue
            z = match[0]
            zid = "e%d-zone-%s" % (e, name) + ("-n%s" % node if node else "")
            if not z.attrs.get("id", "").startswith(zid):
                bad.append("e%d: zone %s has id %r" % (e, zn, z.attrs.get("id")))
            if z.attrs.get("data-usable") != facts.get("e%d.zone.%s.usable" % (e, zn)):
                bad.append("e%d: zone %s: data-usable %r" % (e, zn, z.attrs.get("data-usable")))
            bars = {r.attrs.get("data-bar"): r for r in z.walk()
                    if r.tag == "rect" and "bar" in r.cls()}
            for key in ("free", "min"):
                v = facts.get("e%d.zone.%s.%s" % (e, zn, key), "-")
                if v in ("-", ""):
                    continue
                r = bars.get(key)
                if r is None:
                    bad.append("e%d: zone %s: no %s bar" % (e, zn, key))
                elif r.attrs.get("data-value") != v:
                    bad.append("e%d: zone %s: %s bar %r, facts %s" %
                               (e, zn, key, r.attrs.get("data-value"), v))
                elif key == "free" and int(v) > 0 and \
                        float(r.attrs.get("width", "0")) <= 0:
                    bad.append("e%d: zone %s: free bar has no width" % (e, zn))
            if facts.get("e%d.zone.%s.free" % (e, zn), "-") not in ("-", "") and \
                    "reserve" not in bars and \
                    facts.get("e%d.zone.%s.min" % (e, zn), "-") != "-":
                bad.append("e%d: zone %s: no lowmem_reserve bar" % (e, zn))
            # the zone's badge says what refuses it: min alone only when
            # the effective free pages are below it
            f = {k: facts.get("e%d.zone.%s.%s" % (e, zn, k), "-")
                 for k in ("below_min", "effective", "min", "reserve")}
            if f["below_min"] == "1" and "-" not in (f["effective"], f["min"]):
                eff, mn = int(f["effective"]), int(f["min"])
                r = max(int(f["reserve"]), 0) if f["reserve"] != "-" else 0
                want_label = ("below min by %d" % (mn - eff) if eff < mn else
                              "at min, not above it" if eff == mn else
                              "short of min + reserve by %d" % (mn + r + 1 - eff))
                badge = [n.all_text().strip() for n in z.walk()
                         if n.tag == "span" and "state" in n.cls()]
                if badge != [want_label]:
                    bad.append("e%d: zone %s: badge %r, effective %d, min %d, reserve %d: want %r" %
                               (e, zn, badge, eff, mn, r, want_label))
            orders = {}
            for k, v in facts.items():
                m = re.match(r"e%d\.zone\.%s\.order(\d+)$" % (e, re.escape(zn)), k)
                if m:
                    orders[int(m.group(1))] = v
            bb = {int(r.attrs.get("data-order", -1)): r.attrs.get("data-count")
                  for r in z.walk() if r.tag == "rect" and "buddy-bar" in r.cls()}
            for o, cnt in orders.items():
                want_cnt = str(max(int(cnt), 0))
                if bb.get(o) != want_cnt:
                    bad.append("e%d: zone %s: order %d bar %r, facts %s" %
                               (e, zn, o, bb.get(o), cnt))
            if len(bb) != len(orders):
                bad.append("e%d: zone %s: %d buddy bars, facts %d orders" %
                           (e, zn, len(bb), len(orders)))

        # free pages in zones the request cannot use (the lab8 answer):
        # said in words with the verdict and drawn against the usable ones
        verdicts = [v for k, v in facts_all if k == "e%d.verdict" % e]
        if "free_in_unusable_zones" in verdicts:
            un, us = facts.get("e%d.unusable_free" % e), facts.get("e%d.usable_free" % e)
            li = [n for n in inner if n.tag == "li" and
                  n.attrs.get("data-verdict") == "free_in_unusable_zones"]
            ans = [n.all_text() for l in li for n in l.walk()
                   if n.tag == "span" and "answer" in n.cls()]
            if len(ans) != 1 or not re.search(r"\b%s free pages\b" % un, ans[0]) or \
               not re.search(r"\bhave %s\.$" % us, ans[0].strip()):
                bad.append("e%d: free_in_unusable_zones does not say %s unusable against %s usable: %r" %
                           (e, un, us, ans))
            box = [n for n in inner if n.attrs.get("id") == "e%d-unusable-free" % e]
            vals = {r.attrs.get("data-bar"): r.attrs.get("data-value")
                    for b in box for r in b.walk() if r.tag == "rect"}
            if len(box) != 1 or box[0].attrs.get("data-unusable") != un or \
               box[0].attrs.get("data-usable") != us or \
               vals != {"usable": us, "unusable": un}:
                bad.append("e%d: no chart of %s unusable against %s usable free pages" % (e, un, us))

        # the victim, marked
        vpid = facts.get("e%d.victim.pid" % e)
        summ = [n for n in inner if "victim-summary" in n.cls()]
        if vpid and vpid != "-":
            if len(summ) != 1 or summ[0].attrs.get("data-pid") != vpid or \
               summ[0].attrs.get("id") != "e%d-victim-summary" % e:
                bad.append("e%d: victim %s not marked in a victim-summary" % (e, vpid))
            elif facts.get("e%d.victim.comm" % e, "") not in summ[0].all_text():
                bad.append("e%d: victim summary lacks the name %r" %
                           (e, facts.get("e%d.victim.comm" % e)))
        elif summ:
            bad.append("e%d: a victim-summary but no victim in the facts" % e)
        rows = [n for n in inner if n.tag == "tr" and "task" in n.cls()]
        marked = [r for r in rows if "victim" in r.cls()]
        with_pid = [r for r in rows if vpid and r.attrs.get("data-pid") == vpid]
        if with_pid:
            if len(marked) != 1 or marked[0] is not with_pid[0] or \
               marked[0].attrs.get("id") != "e%d-victim" % e or \
               marked[0].attrs.get("data-victim") != "1":
                bad.append("e%d: the victim's row (pid %s) is not the one marked" % (e, vpid))
        elif marked:
            bad.append("e%d: a row is marked as victim, but none has its pid" % e)
        elif victim_row:
            bad.append("e%d: no task row for the victim %s" % (e, vpid))
        want_rows = facts.get("e%d.tasks" % e, "0")
        if want_rows not in ("0", "-") and len(rows) != int(want_rows):
            bad.append("e%d: %d task rows, facts have %s" % (e, len(rows), want_rows))
        pts = [r.attrs.get("data-points") for r in rows]
        scored = [int(p) for p in pts if p != "excluded"]
        if scored != sorted(scored, reverse=True) or \
           pts != [str(p) for p in scored] + ["excluded"] * (len(pts) - len(scored)):
            bad.append("e%d: task rows are not sorted by badness" % e)
        # the caption's formula is the kernel's, adj * (totalpages / 1000)
        # with the division first, and every row's points follow it
        cap = [n.all_text() for n in inner if n.tag == "caption"]
        m = re.search(r"totalpages (\d+), so oom_score_adj \u00d7 (\d+)\)", cap[0]) if cap else None
        if rows and not m:
            bad.append("e%d: the task table's caption gives no oom_score_adj factor: %r" %
                       (e, cap[0] if cap else None))
        elif rows and "\u230atotalpages / 1000\u230b" not in cap[0]:
            bad.append("e%d: the caption's formula is not adj \u00d7 \u230atotalpages / 1000\u230b" % e)
        elif rows and int(m.group(2)) != int(m.group(1)) // 1000:
            bad.append("e%d: caption factor %s for totalpages %s" % (e, m.group(2), m.group(1)))
        elif rows and "less 3% for root" not in cap[0]:
            factor = int(m.group(2))
            for r in rows:
                cells = [c.all_text().strip() for c in r.children if c.tag == "td"]
                if r.attrs.get("data-points") == "excluded" or len(cells) < 8:
                    continue
                try:
                    rss, pt, swap, adj, pts = (int(cells[i]) for i in (3, 4, 5, 6, 7))
                except ValueError:
                    continue
                want = rss + pt + swap + adj * factor
                if want > 1 and pts != want:
                    bad.append("e%d: pid %s: %d points, rss + page tables + swapents + adj \u00d7 %d = %d" %
                               (e, r.attrs.get("data-pid"), pts, factor, want))
        hp = facts.get("e%d.badness.highest_points" % e)
        if scored and hp and hp != "-" and scored[0] != int(hp):
            bad.append("e%d: first row has %d points, facts say highest %s" % (e, scored[0], hp))

    for b in bad[:10]:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
