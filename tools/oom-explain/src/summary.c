// SPDX-License-Identifier: GPL-2.0
/*
 * --summary: counts over the events of every input, by kind, kernel,
 * verdict, constraint, trigger and victim command, and each input's time
 * span; as text, as one JSON object (schema/oom-explain-summary.schema.json)
 * and as a page with a timeline and bars per verdict.
 *
 * Memory stays bounded whatever the input: a table keeps at most
 * SUM_KEYS distinct values of at most SUM_KEY_LEN bytes (the events of
 * the values past that are counted as "other"), and the timeline keeps
 * at most SUM_POINTS events, every stride-th one once there are more.
 *
 * Stable hooks in the page, for tests and scripts:
 *   section.summary#summary[data-events][data-inputs]
 *   svg.kind-bars rect.kbar[data-kind][data-count]
 *   svg.verdict-bars rect.vbar[data-verdict][data-count]
 *   div.timeline[data-input][data-events][data-axis=seconds|order]
 *       [data-stride] rect.tl-mark[data-kind][data-count]
 *   table.tally#by-NAME tr.value[data-count]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "oomx.h"

#define SUM_KEYS	4096		/* distinct values kept per table */
#define SUM_SLOTS	(2 * SUM_KEYS)	/* hash slots, a power of two */
#define SUM_KEY_LEN	128		/* bytes of a value kept */
#define SUM_POINTS	65536		/* events kept for the timeline */
#define TL_COLS		160		/* columns of a timeline */

/* What an event is, each event exactly one */
enum { K_OOM_KILL, K_OOM_NO_VICTIM, K_PANIC, K_ALLOC_FAIL, K_ALLOC_STALL, K_NR };

static const struct {
	const char *key, *label, *color;
} kinds[K_NR] = {
	{ "oom_kill", "OOM kill (a victim is named)", "#c33" },
	{ "oom_no_victim", "OOM, no victim named (nothing killable, or the log ends first)", "#e90" },
	{ "panic", "OOM or failure ending in a kernel panic", "#000" },
	{ "alloc_failure", "page allocation failure (nothing killed)", "#2a6fb0" },
	{ "alloc_stall", "page allocation stall warning (nothing killed)", "#6a9f3a" },
};

struct tally {
	char *value;			/* NULL: not in the report */
	long long n;
};

struct table {
	const char *key, *title, *none;	/* JSON key, heading, what NULL means */
	struct tally *t;
	size_t n;
	uint32_t *slot;			/* index + 1 into t, 0 empty */
	long long other;		/* events of values past SUM_KEYS */
	long long cut;			/* values cut to SUM_KEY_LEN */
};

struct input {
	char *name;
	long long events;
	char *first, *last;		/* timestamps as printed, or NULL */
	double first_secs, last_secs;	/* -1 unless boot-relative */
	int all_secs;			/* every event has boot-relative seconds */
	long long backwards;		/* the clock went back: another boot */
};

struct point {
	size_t input;
	long long ord;			/* the event's number over all inputs */
	int idx;			/* its number in its input */
	int kind;
	double secs;
};

enum { T_KERNEL, T_CONSTRAINT, T_TRIGGER, T_VICTIM, T_NR };

struct oomx_summary {
	long long events;
	long long kind[K_NR];
	long long verdict[OOMX_V_NR], no_verdict;
	struct table tab[T_NR];
	struct input *in;
	size_t nr_in;
	struct point *pt;
	size_t nr_pt;
	long long stride;		/* one event in stride is kept */
};

static const struct {
	const char *key, *title, *none;
} table_defs[T_NR] = {
	{ "by_kernel", "kernel", "(no version line)" },
	{ "by_constraint", "constraint", "(not printed)" },
	{ "by_trigger", "trigger command", "(not printed)" },
	{ "by_victim", "victim command", "(none named)" },
};

struct oomx_summary *oomx_summary_new(void)
{
	struct oomx_summary *s = calloc(1, sizeof(*s));
	int i, bad;

	if (!s)
		return NULL;
	s->stride = 1;
	s->pt = malloc(SUM_POINTS * sizeof(*s->pt));
	bad = !s->pt;
	for (i = 0; i < T_NR; i++) {
		s->tab[i].key = table_defs[i].key;
		s->tab[i].title = table_defs[i].title;
		s->tab[i].none = table_defs[i].none;
		/* entry SUM_KEYS counts the events without a value */
		s->tab[i].t = calloc(SUM_KEYS + 1, sizeof(struct tally));
		s->tab[i].slot = calloc(SUM_SLOTS, sizeof(uint32_t));
		bad |= !s->tab[i].t || !s->tab[i].slot;
	}
	if (bad) {
		oomx_summary_free(s);
		return NULL;
	}
	return s;
}

void oomx_summary_free(struct oomx_summary *s)
{
	size_t i;
	int k;

	if (!s)
		return;
	for (k = 0; k < T_NR; k++) {
		for (i = 0; i < s->tab[k].n; i++)
			free(s->tab[k].t[i].value);
		free(s->tab[k].t);
		free(s->tab[k].slot);
	}
	for (i = 0; i < s->nr_in; i++) {
		free(s->in[i].name);
		free(s->in[i].first);
		free(s->in[i].last);
	}
	free(s->in);
	free(s->pt);
	free(s);
}

int oomx_summary_input(struct oomx_summary *s, const char *name)
{
	struct input *in = realloc(s->in, (s->nr_in + 1) * sizeof(*in));

	if (!in)
		return -1;
	s->in = in;
	in += s->nr_in;
	memset(in, 0, sizeof(*in));
	in->name = strdup(name);
	in->first_secs = in->last_secs = -1;
	in->all_secs = 1;
	if (!in->name)
		return -1;
	s->nr_in++;
	return 0;
}

static uint32_t hash(const char *v)
{
	uint32_t h = 2166136261u;

	for (; *v; v++)
		h = (h ^ (unsigned char)*v) * 16777619u;
	return h;
}

/* Count one event under value v (NULL: not in the report) */
static int tally(struct table *t, const char *v)
{
	char cut[SUM_KEY_LEN + 1];
	uint32_t h, i;

	if (!v) {
		t->t[SUM_KEYS].n++;
		return 0;
	}
	if (strlen(v) > SUM_KEY_LEN) {
		/* cut on a UTF-8 boundary, so that no sequence is split */
		size_t n = SUM_KEY_LEN;

		while (n && ((unsigned char)v[n] & 0xc0) == 0x80)
			n--;
		memcpy(cut, v, n);
		cut[n] = '\0';
		v = cut;
		t->cut++;
	}
	h = hash(v);
	for (i = 0; i < SUM_SLOTS; i++) {
		uint32_t *slot = &t->slot[(h + i) & (SUM_SLOTS - 1)];

		if (!*slot) {
			if (t->n == SUM_KEYS) {
				t->other++;
				return 0;
			}
			t->t[t->n].value = strdup(v);
			if (!t->t[t->n].value)
				return -1;
			t->t[t->n].n = 1;
			*slot = (uint32_t)++t->n;
			return 0;
		}
		if (!strcmp(t->t[*slot - 1].value, v)) {
			t->t[*slot - 1].n++;
			return 0;
		}
	}
	t->other++;
	return 0;
}

static int kind_of(const struct oomx_event *ev)
{
	if (ev->panic)
		return K_PANIC;
	if (ev->kind == OOMX_K_ALLOC_FAIL)
		return K_ALLOC_FAIL;
	if (ev->kind == OOMX_K_ALLOC_STALL)
		return K_ALLOC_STALL;
	return ev->victim.present ? K_OOM_KILL : K_OOM_NO_VICTIM;
}

static const char *victim_comm(const struct oomx_event *ev)
{
	if (!ev->victim.present)
		return NULL;
	if (ev->victim.comm)
		return oomx_str(ev, ev->victim.comm);
	return oomx_str(ev, ev->kill_task);
}

/* Keep the point, halving the kept ones (every other stride) when full */
static void keep_point(struct oomx_summary *s, const struct point *p)
{
	size_t i, j;

	if (p->ord % s->stride)
		return;
	if (s->nr_pt == SUM_POINTS) {
		s->stride *= 2;
		for (i = j = 0; i < s->nr_pt; i++)
			if (!(s->pt[i].ord % s->stride))
				s->pt[j++] = s->pt[i];
		s->nr_pt = j;
		if (p->ord % s->stride)
			return;
	}
	s->pt[s->nr_pt++] = *p;
}

int oomx_summary_add(struct oomx_summary *s, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	struct input *in;
	struct point p;
	int v, any = 0;

	if (!s->nr_in && oomx_summary_input(s, "-"))
		return -1;
	in = &s->in[s->nr_in - 1];
	p.kind = kind_of(ev);
	s->kind[p.kind]++;
	for (v = 0; v < OOMX_V_NR; v++)
		if (a->verdict[v]) {
			s->verdict[v]++;
			any = 1;
		}
	if (!any)
		s->no_verdict++;
	if (tally(&s->tab[T_KERNEL], oomx_str(ev, ev->kver)) ||
	    tally(&s->tab[T_CONSTRAINT], oomx_constraint(a)) ||
	    tally(&s->tab[T_TRIGGER], oomx_str(ev, ev->comm)) ||
	    tally(&s->tab[T_VICTIM], victim_comm(ev)))
		return -1;
	if (ev->stamp) {
		char *st = strdup(oomx_str(ev, ev->stamp));

		if (!st)
			return -1;
		if (!in->first)
			in->first = st;
		else
			free(in->last);
		if (in->first != st)
			in->last = st;
	}
	if (ev->stamp_secs >= 0) {
		if (in->last_secs >= 0 && ev->stamp_secs < in->last_secs)
			in->backwards++;
		if (in->first_secs < 0)
			in->first_secs = ev->stamp_secs;
		in->last_secs = ev->stamp_secs;
	} else {
		in->all_secs = 0;
	}
	in->events++;
	p.input = s->nr_in - 1;
	p.ord = s->events++;
	p.idx = ev->index;
	p.secs = ev->stamp_secs;
	keep_point(s, &p);
	return 0;
}

/* ---------- sorted views ---------- */

static int by_count(const void *x, const void *y)
{
	const struct tally *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->value, b->value);
}

/* The table's values, most events first, then the events without one */
static struct tally *sorted(const struct table *t, size_t *n)
{
	struct tally *v = malloc((t->n + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	memcpy(v, t->t, t->n * sizeof(*v));
	qsort(v, t->n, sizeof(*v), by_count);
	*n = t->n;
	if (t->t[SUM_KEYS].n)
		v[(*n)++] = t->t[SUM_KEYS];
	return v;
}

static double pct(long long n, long long of)
{
	return of ? 100.0 * (double)n / (double)of : 0;
}

/* ---------- text ---------- */

static void text_row(FILE *f, long long n, long long of, const char *what)
{
	fprintf(f, "  %8lld %5.1f%%  %s\n", n, pct(n, of), what);
}

static void text_table(FILE *f, const struct oomx_summary *s, const struct table *t)
{
	size_t i, n;
	struct tally *v = sorted(t, &n);

	fprintf(f, "\nBy %s:\n", t->title);
	for (i = 0; v && i < n; i++)
		text_row(f, v[i].n, s->events, v[i].value ? v[i].value : t->none);
	if (t->other)
		text_row(f, t->other, s->events, "(other values, past the 4096 kept)");
	if (!n && !t->other)
		fputs("  (no events)\n", f);
	if (t->cut)
		fprintf(f, "  (%lld value%s cut to %d bytes)\n", t->cut,
			t->cut == 1 ? "" : "s", SUM_KEY_LEN);
	free(v);
}

static void text_span(FILE *f, const struct input *in)
{
	if (!in->events) {
		fputs("no events\n", f);
		return;
	}
	fprintf(f, "%lld event%s", in->events, in->events == 1 ? "" : "s");
	if (!in->first) {
		fputs(", no timestamps\n", f);
		return;
	}
	if (!in->last) {
		fprintf(f, " at %s\n", in->first);
		return;
	}
	fprintf(f, ", first %s, last %s", in->first, in->last);
	if (in->all_secs && !in->backwards)
		fprintf(f, ": %.3f s apart (seconds since boot)", in->last_secs - in->first_secs);
	else if (in->all_secs)
		fprintf(f, ": seconds since boot, the clock went back %lld time%s (more than one boot)",
			in->backwards, in->backwards == 1 ? "" : "s");
	else
		fputs(" (as printed)", f);
	fputc('\n', f);
}

void oomx_summary_text(FILE *f, const struct oomx_summary *s)
{
	size_t i;
	int k;

	fprintf(f, "Summary: %lld event%s in %zu input%s\n", s->events,
		s->events == 1 ? "" : "s", s->nr_in, s->nr_in == 1 ? "" : "s");
	fputs("\nBy kind:\n", f);
	for (k = 0; k < K_NR; k++)
		text_row(f, s->kind[k], s->events, kinds[k].label);
	fputs("\nBy verdict (an event may have several):\n", f);
	for (k = 0; k < OOMX_V_NR; k++)
		if (s->verdict[k])
			text_row(f, s->verdict[k], s->events, oomx_verdict_name(k));
	if (s->no_verdict)
		text_row(f, s->no_verdict, s->events, "(no verdict: zone lines missing)");
	if (!s->events)
		fputs("  (no events)\n", f);
	for (k = 0; k < T_NR; k++)
		text_table(f, s, &s->tab[k]);
	fputs("\nInputs and time span (seconds since boot are each machine's own clock):\n", f);
	for (i = 0; i < s->nr_in; i++) {
		fprintf(f, "  %s: ", strcmp(s->in[i].name, "-") ? s->in[i].name :
			"standard input");
		text_span(f, &s->in[i]);
	}
}

/* ---------- JSON ---------- */

static json_object *stamp_json(const char *as_printed, double secs)
{
	json_object *o;
	char b[40];

	if (!as_printed)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "as_printed", oomx_json_string(as_printed));
	snprintf(b, sizeof(b), "%.6f", secs);
	json_object_object_add(o, "seconds", secs >= 0 ? json_object_new_double_s(secs, b) : NULL);
	return o;
}

static json_object *table_json(const struct table *t)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	size_t i, n;
	struct tally *v = sorted(t, &n);

	for (i = 0; v && i < n; i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "value", oomx_json_string(v[i].value));
		json_object_object_add(e, "events", json_object_new_int64(v[i].n));
		json_object_array_add(arr, e);
	}
	free(v);
	json_object_object_add(o, "counts", arr);
	json_object_object_add(o, "other", json_object_new_int64(t->other));
	json_object_object_add(o, "values_cut", json_object_new_int64(t->cut));
	return o;
}

void oomx_summary_json(FILE *f, const struct oomx_summary *s)
{
	json_object *root = json_object_new_object(), *o, *arr;
	size_t i;
	int k;

	json_object_object_add(root, "schema_version", json_object_new_int64(OOMX_SUMMARY_SCHEMA_VERSION));
	json_object_object_add(root, "tool_version", oomx_json_string(OOMX_VERSION));
	json_object_object_add(root, "events", json_object_new_int64(s->events));
	o = json_object_new_object();
	for (k = 0; k < K_NR; k++)
		json_object_object_add(o, kinds[k].key, json_object_new_int64(s->kind[k]));
	json_object_object_add(root, "by_kind", o);
	o = json_object_new_object();
	for (k = 0; k < OOMX_V_NR; k++)
		json_object_object_add(o, oomx_verdict_name(k), json_object_new_int64(s->verdict[k]));
	json_object_object_add(o, "none", json_object_new_int64(s->no_verdict));
	json_object_object_add(root, "by_verdict", o);
	for (k = 0; k < T_NR; k++)
		json_object_object_add(root, s->tab[k].key, table_json(&s->tab[k]));
	arr = json_object_new_array();
	for (i = 0; i < s->nr_in; i++) {
		const struct input *in = &s->in[i];
		int span = in->all_secs && in->last && !in->backwards;

		o = json_object_new_object();
		json_object_object_add(o, "file", oomx_json_string(in->name));
		json_object_object_add(o, "events", json_object_new_int64(in->events));
		json_object_object_add(o, "first", stamp_json(in->first, in->all_secs ? in->first_secs : -1));
		json_object_object_add(o, "last", stamp_json(in->last ? in->last : in->first,
							     in->all_secs ? in->last_secs : -1));
		json_object_object_add(o, "span_seconds", span ?
				       json_object_new_double(in->last_secs - in->first_secs) : NULL);
		json_object_object_add(o, "clock_went_back", json_object_new_int64(in->backwards));
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "inputs", arr);
	oomx_json_line(f, root);
}

/* ---------- the page ---------- */

/* Horizontal bars, one per row: label, count and a bar scaled to max */
static void bar_row(FILE *f, int y, const char *cls, const char *attr,
		    const char *key, long long n, long long max, const char *color,
		    const char *label)
{
	double w = max > 0 ? 360.0 * (double)n / (double)max : 0;

	fprintf(f, "<text x=\"0\" y=\"%d\">", y + 12);
	oomx_html_text(f, label);
	fprintf(f, "</text><rect class=\"%s\" %s=\"%s\" data-count=\"%lld\" x=\"400\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>"
		"<text x=\"%.1f\" y=\"%d\">%lld</text>\n",
		cls, attr, key, n, y, w, color, 406 + w, y + 12, n);
}

static void html_bars(FILE *f, const struct oomx_summary *s)
{
	long long max = 0;
	int k, y = 0, rows = 0;

	for (k = 0; k < K_NR; k++)
		max = s->kind[k] > max ? s->kind[k] : max;
	fprintf(f, "<h3>Kinds</h3>\n<svg class=\"kind-bars\" width=\"820\" height=\"%d\">\n", K_NR * 20);
	for (k = 0; k < K_NR; k++, y += 20)
		bar_row(f, y, "kbar", "data-kind", kinds[k].key, s->kind[k], max,
			kinds[k].color, kinds[k].label);
	fputs("</svg>\n", f);
	max = s->no_verdict;
	for (k = 0; k < OOMX_V_NR; k++) {
		max = s->verdict[k] > max ? s->verdict[k] : max;
		rows += s->verdict[k] > 0;
	}
	rows += s->no_verdict > 0;
	fprintf(f, "<h3>Verdict classes</h3>\n<p>An event may have several.</p>\n"
		"<svg class=\"verdict-bars\" width=\"820\" height=\"%d\">\n", rows * 20);
	for (k = 0, y = 0; k < OOMX_V_NR; k++)
		if (s->verdict[k]) {
			bar_row(f, y, "vbar", "data-verdict", oomx_verdict_name(k),
				s->verdict[k], max, "#8a4fb0", oomx_verdict_name(k));
			y += 20;
		}
	if (s->no_verdict)
		bar_row(f, y, "vbar", "data-verdict", "none", s->no_verdict, max,
			"#aaa", "no verdict (zone lines missing)");
	fputs("</svg>\n", f);
}

/* One input's events on a line per kind, by seconds since boot or by order */
static void html_timeline(FILE *f, const struct oomx_summary *s, size_t in,
			  size_t from, size_t to)
{
	const struct input *ip = &s->in[in];
	static long long cell[K_NR][TL_COLS];
	static int first_idx[K_NR][TL_COLS];
	double lo = 0, hi = 0, x;
	size_t i;
	int k, c, secs = ip->all_secs, lanes[K_NR], nl = 0;

	memset(cell, 0, sizeof(cell));
	for (i = from; i < to; i++) {
		x = secs ? s->pt[i].secs : s->pt[i].idx;
		if (i == from || x < lo)
			lo = x;
		if (i == from || x > hi)
			hi = x;
	}
	for (i = from; i < to; i++) {
		x = secs ? s->pt[i].secs : s->pt[i].idx;
		c = hi > lo ? (int)((x - lo) / (hi - lo) * (TL_COLS - 1) + 0.5) : TL_COLS / 2;
		if (!cell[s->pt[i].kind][c])
			first_idx[s->pt[i].kind][c] = s->pt[i].idx;
		cell[s->pt[i].kind][c] += s->stride;
	}
	for (k = 0; k < K_NR; k++)
		lanes[k] = s->kind[k] ? nl++ : -1;
	fputs("<div class=\"timeline\" data-input=\"", f);
	oomx_html_text(f, ip->name);
	fprintf(f, "\" data-events=\"%lld\" data-axis=\"%s\" data-stride=\"%lld\">\n<h4>",
		ip->events, secs ? "seconds" : "order", s->stride);
	oomx_html_text(f, strcmp(ip->name, "-") ? ip->name : "standard input");
	fprintf(f, "</h4>\n<svg width=\"820\" height=\"%d\">\n", nl * 18 + 22);
	for (k = 0; k < K_NR; k++) {
		if (lanes[k] < 0)
			continue;
		fprintf(f, "<line x1=\"140\" x2=\"800\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
			"<text x=\"0\" y=\"%d\">%s</text>\n", lanes[k] * 18 + 9,
			lanes[k] * 18 + 9, lanes[k] * 18 + 13, kinds[k].key);
		for (c = 0; c < TL_COLS; c++) {
			if (!cell[k][c])
				continue;
			fprintf(f, "<rect class=\"tl-mark\" data-kind=\"%s\" data-count=\"%lld\" x=\"%d\" y=\"%d\" width=\"4\" height=\"14\" fill=\"%s\">"
				"<title>", kinds[k].key, cell[k][c], 140 + c * 4,
				lanes[k] * 18 + 2, kinds[k].color);
			if (cell[k][c] == 1)
				fprintf(f, "event %d", first_idx[k][c]);
			else
				fprintf(f, "%lld events from event %d", cell[k][c], first_idx[k][c]);
			fputs("</title></rect>\n", f);
		}
	}
	if (secs)
		fprintf(f, "<text x=\"140\" y=\"%d\">%.3f s</text><text x=\"800\" y=\"%d\" text-anchor=\"end\">%.3f s after boot</text>\n",
			nl * 18 + 16, lo, nl * 18 + 16, hi);
	else
		fprintf(f, "<text x=\"140\" y=\"%d\">event %.0f</text><text x=\"800\" y=\"%d\" text-anchor=\"end\">event %.0f (by order: the times are not seconds since boot)</text>\n",
			nl * 18 + 16, lo, nl * 18 + 16, hi);
	fputs("</svg>\n</div>\n", f);
}

static void html_table(FILE *f, const struct oomx_summary *s, const struct table *t)
{
	size_t i, n;
	struct tally *v = sorted(t, &n);

	fprintf(f, "<h3>By %s</h3>\n<table class=\"tally\" id=\"%s\">\n<tr><th>events</th><th>%%</th><th>%s</th></tr>\n",
		t->title, t->key, t->title);
	for (i = 0; v && i < n; i++) {
		fprintf(f, "<tr class=\"value\" data-count=\"%lld\"><td>%lld</td><td>%.1f</td><td>",
			v[i].n, v[i].n, pct(v[i].n, s->events));
		oomx_html_text(f, v[i].value ? v[i].value : t->none);
		fputs("</td></tr>\n", f);
	}
	if (t->other)
		fprintf(f, "<tr class=\"value other\" data-count=\"%lld\"><td>%lld</td><td>%.1f</td><td>(other values, past the %d kept)</td></tr>\n",
			t->other, t->other, pct(t->other, s->events), SUM_KEYS);
	fputs("</table>\n", f);
	free(v);
}

void oomx_summary_html(FILE *f, const struct oomx_summary *s)
{
	size_t i, j;
	int k;
	char title[96];

	snprintf(title, sizeof(title), "OOM summary: %lld event%s in %zu input%s",
		 s->events, s->events == 1 ? "" : "s", s->nr_in, s->nr_in == 1 ? "" : "s");
	oomx_html_begin_titled(f, title);
	fprintf(f, "<section class=\"summary\" id=\"summary\" data-events=\"%lld\" data-inputs=\"%zu\">\n"
		"<h2>Summary: %lld event%s in %zu input%s</h2>\n", s->events, s->nr_in,
		s->events, s->events == 1 ? "" : "s", s->nr_in, s->nr_in == 1 ? "" : "s");
	html_bars(f, s);
	fputs("<h3>Timeline</h3>\n", f);
	if (s->stride > 1)
		fprintf(f, "<p>Drawn from every %lld%s event; each mark counts for %lld.</p>\n",
			s->stride, s->stride == 2 ? "nd" : "th", s->stride);
	for (i = j = 0; i < s->nr_in; i++) {
		size_t from = j;

		while (j < s->nr_pt && s->pt[j].input == i)
			j++;
		if (j > from)
			html_timeline(f, s, i, from, j);
	}
	for (k = 0; k < T_NR; k++)
		html_table(f, s, &s->tab[k]);
	fputs("<h3>Inputs and time span</h3>\n<table class=\"inputs\">\n<tr><th>events</th><th>first</th><th>last</th><th>input</th></tr>\n", f);
	for (i = 0; i < s->nr_in; i++) {
		const struct input *in = &s->in[i];

		fprintf(f, "<tr data-events=\"%lld\"><td>%lld</td><td>", in->events, in->events);
		oomx_html_text(f, in->first ? in->first : "");
		fputs("</td><td>", f);
		oomx_html_text(f, in->last ? in->last : in->first ? in->first : "");
		fputs("</td><td>", f);
		oomx_html_text(f, strcmp(in->name, "-") ? in->name : "standard input");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</section>\n", f);
	oomx_html_end(f, s->events);
}
