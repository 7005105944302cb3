// SPDX-License-Identifier: GPL-2.0
/*
 * --summary: counts over the events of every input, by kind, kernel,
 * verdict, constraint, trigger and victim command, each input's time
 * span, and the dated events of all inputs in the order of their dates
 * (what has only seconds since boot is each machine's own clock, and
 * said not to be ordered across inputs); as text, as one JSON object
 * (schema/oom-explain-summary.schema.json) and as a page with timelines
 * and bars per verdict.
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
 *   div.timeline[data-input][data-events][data-axis=seconds|date|order]
 *       [data-stride] rect.tl-mark[data-kind][data-count]
 *   div.date-timeline[data-group=with_year|without_year][data-events]
 *       [data-inputs][data-stride] rect.dt-mark[data-kind][data-count]
 *   p.not-ordered[data-events][data-inputs]
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

/*
 * Calendar dates (enum oomx_date_kind) come in two groups that are not
 * ordered against each other: with their year, and syslog's without.
 */
enum { D_YEAR, D_NO_YEAR, D_NR };

/* The dated events of a group: their number, the earliest and latest */
struct dspan {
	long long events;
	size_t inputs;			/* inputs with such events */
	long long first, last;		/* dates */
	size_t first_in, last_in;	/* the inputs of those events */
	int first_idx, last_idx;	/* their numbers there */
	char *first_st, *last_st;	/* their stamps as printed */
};

struct input {
	char *name;
	long long events;
	char *first, *last;		/* timestamps as printed, or NULL */
	double first_secs, last_secs;	/* -1 unless boot-relative */
	int all_secs;			/* every event has boot-relative seconds */
	long long backwards;		/* the clock went back: another boot */
	int dgroup;			/* D_* + 1 all its events share; 0 none yet, -1 none */
	struct dspan span;		/* its dates, when all share a group */
	long long dated[D_NR];		/* its events of each group */
	int undated;			/* it has an event without a date */
	long long ylast, yshift;	/* syslog dates: the last one, years added */
};

struct point {
	size_t input;
	long long ord;			/* the event's number over all inputs */
	int idx;			/* its number in its input */
	signed char kind;
	signed char dgroup;		/* D_*, or -1 without a date */
	union {
		double secs;		/* without a date: seconds since boot, or -1 */
		long long date;		/* a date, a year added where syslog's wrapped */
	} t;
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
	struct dspan dated[D_NR];	/* the dated events of all inputs */
	long long undated;		/* events with seconds since boot or no stamp */
	size_t undated_inputs;
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
		free(s->in[i].span.first_st);
		free(s->in[i].span.last_st);
	}
	for (k = 0; k < D_NR; k++) {
		free(s->dated[k].first_st);
		free(s->dated[k].last_st);
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
	in->ylast = OOMX_UNKNOWN;
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

#define YEAR_SECS	(365 * 86400LL)

/* One more event dated date, the idx-th of input in, stamped st */
static int dspan_add(struct dspan *d, long long date, size_t in, int idx,
		     const char *st)
{
	int first = !d->events++;
	char *c;

	if (first || date < d->first) {
		c = strdup(st);
		if (!c)
			return -1;
		free(d->first_st);
		d->first_st = c;
		d->first = date;
		d->first_in = in;
		d->first_idx = idx;
	}
	if (first || date >= d->last) {
		c = strdup(st);
		if (!c)
			return -1;
		free(d->last_st);
		d->last_st = c;
		d->last = date;
		d->last_in = in;
		d->last_idx = idx;
	}
	return 0;
}

/*
 * The event's date in its group.  A syslog date has no year: an input's
 * dates are taken as one year, and a year more each time they go back by
 * more than half a year (the log went past a new year).
 */
static int add_date(struct oomx_summary *s, struct input *in,
		    const struct oomx_event *ev, struct point *p)
{
	int g = ev->date_kind == OOMX_DATE_FULL ? D_YEAR :
		ev->date_kind == OOMX_DATE_NO_YEAR ? D_NO_YEAR : -1;
	long long d = ev->date;

	p->dgroup = (signed char)g;
	if (g < 0) {
		s->undated++;
		if (!in->undated)
			s->undated_inputs++;
		in->undated = 1;
		in->dgroup = -1;
		return 0;
	}
	if (g == D_NO_YEAR) {
		if (in->ylast != OOMX_UNKNOWN && d < in->ylast - YEAR_SECS / 2)
			in->yshift += YEAR_SECS;
		in->ylast = d;
		d += in->yshift;
	}
	p->t.date = d;
	if (!in->dated[g]++)
		s->dated[g].inputs++;
	if (!in->dgroup)
		in->dgroup = g + 1;
	else if (in->dgroup != g + 1)
		in->dgroup = -1;
	if (in->dgroup > 0 &&
	    dspan_add(&in->span, d, p->input, ev->index, oomx_str(ev, ev->stamp)))
		return -1;
	return dspan_add(&s->dated[g], d, p->input, ev->index, oomx_str(ev, ev->stamp));
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
	p.kind = (signed char)kind_of(ev);
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
	p.t.secs = ev->stamp_secs;
	if (add_date(s, in, ev, &p))
		return -1;
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

static const char *in_name(const struct input *in)
{
	return strcmp(in->name, "-") ? in->name : "standard input";
}

/* d h:mm:ss, or h:mm:ss */
static void text_duration(FILE *f, long long secs)
{
	if (secs >= 86400)
		fprintf(f, "%lld d ", secs / 86400);
	fprintf(f, "%lld:%02lld:%02lld", secs % 86400 / 3600, secs % 3600 / 60,
		secs % 60);
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
	else if (in->dgroup > 0) {
		fputs(": ", f);
		text_duration(f, in->span.last - in->span.first);
		fputs(" from the earliest to the latest (by date)", f);
	} else {
		fputs(" (as printed)", f);
	}
	fputc('\n', f);
}

static const char * const dgroup_key[D_NR] = { "with_year", "without_year" };
static const char * const dgroup_title[D_NR] = {
	"dates with a year (dmesg -T, ISO 8601)",
	"syslog dates without a year (taken as one year, a year more where an input's dates go back by more than half a year)",
};

static void text_dspan(FILE *f, const struct oomx_summary *s, const struct dspan *d)
{
	fprintf(f, "%lld event%s in %zu input%s, ", d->events, d->events == 1 ? "" : "s",
		d->inputs, d->inputs == 1 ? "" : "s");
	if (d->events == 1) {
		fprintf(f, "at %s (%s, event %d)\n", d->first_st,
			in_name(&s->in[d->first_in]), d->first_idx);
		return;
	}
	fprintf(f, "earliest %s (%s, event %d), latest %s (%s, event %d): ",
		d->first_st, in_name(&s->in[d->first_in]), d->first_idx,
		d->last_st, in_name(&s->in[d->last_in]), d->last_idx);
	text_duration(f, d->last - d->first);
	fputs(" apart\n", f);
}

/* the events of all inputs in the order of their dates, where they have one */
static void text_dates(FILE *f, const struct oomx_summary *s)
{
	int g;

	fputs("\nAll inputs by date:\n", f);
	for (g = 0; g < D_NR; g++)
		if (s->dated[g].events) {
			fprintf(f, "  %s: ", dgroup_title[g]);
			text_dspan(f, s, &s->dated[g]);
		}
	if (s->dated[D_YEAR].events && s->dated[D_NO_YEAR].events)
		fputs("  (dates with a year and syslog dates without one are not ordered against each other)\n", f);
	if (s->undated)
		fprintf(f, "  not ordered across inputs: %lld event%s in %zu input%s with seconds since boot (each machine's and each boot's own clock) or no timestamp\n",
			s->undated, s->undated == 1 ? "" : "s", s->undated_inputs,
			s->undated_inputs == 1 ? "" : "s");
	if (!s->events)
		fputs("  (no events)\n", f);
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
		fprintf(f, "  %s: ", in_name(&s->in[i]));
		text_span(f, &s->in[i]);
	}
	text_dates(f, s);
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

/* an event of a dated group: its input, number and stamp */
static json_object *dpoint_json(const struct oomx_summary *s, size_t in, int idx,
				const char *st)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "file", oomx_json_string(s->in[in].name));
	json_object_object_add(o, "event", json_object_new_int64(idx));
	json_object_object_add(o, "as_printed", oomx_json_string(st));
	return o;
}

static json_object *dspan_json(const struct oomx_summary *s, const struct dspan *d)
{
	json_object *o = json_object_new_object();
	int any = d->events > 0;

	json_object_object_add(o, "events", json_object_new_int64(d->events));
	json_object_object_add(o, "inputs", json_object_new_int64((int64_t)d->inputs));
	json_object_object_add(o, "first", any ?
			       dpoint_json(s, d->first_in, d->first_idx, d->first_st) : NULL);
	json_object_object_add(o, "last", any ?
			       dpoint_json(s, d->last_in, d->last_idx, d->last_st) : NULL);
	json_object_object_add(o, "span_seconds", any ?
			       json_object_new_int64(d->last - d->first) : NULL);
	return o;
}

/* "by_date": the dated groups over all inputs, and what has no date */
static json_object *dates_json(const struct oomx_summary *s)
{
	json_object *o = json_object_new_object(), *u = json_object_new_object();
	int g;

	for (g = 0; g < D_NR; g++)
		json_object_object_add(o, dgroup_key[g], dspan_json(s, &s->dated[g]));
	json_object_object_add(u, "events", json_object_new_int64(s->undated));
	json_object_object_add(u, "inputs", json_object_new_int64((int64_t)s->undated_inputs));
	json_object_object_add(o, "not_dated", u);
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
		json_object_object_add(o, "date_span_seconds", in->dgroup > 0 && in->last ?
				       json_object_new_int64(in->span.last - in->span.first) : NULL);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "inputs", arr);
	json_object_object_add(root, "by_date", dates_json(s));
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

enum { AX_ORDER, AX_SECONDS, AX_DATE };

/* Marks of a timeline: per kind and column, the events and the first one */
struct tl {
	long long n[K_NR][TL_COLS];
	int idx[K_NR][TL_COLS];
	size_t in[K_NR][TL_COLS];
	double lo, hi;
};

static double tl_x(const struct point *p, int axis)
{
	return axis == AX_SECONDS ? p->t.secs : axis == AX_DATE ? (double)p->t.date : p->idx;
}

/* the kept points from..to on axis; on a date axis only those of group g */
static void tl_fill(struct tl *t, const struct oomx_summary *s, size_t from,
		    size_t to, int axis, int g)
{
	size_t i;
	double x;
	int c, any = 0;

	memset(t, 0, sizeof(*t));
	for (i = from; i < to; i++) {
		if (axis == AX_DATE && s->pt[i].dgroup != g)
			continue;
		x = tl_x(&s->pt[i], axis);
		if (!any || x < t->lo)
			t->lo = x;
		if (!any || x > t->hi)
			t->hi = x;
		any = 1;
	}
	for (i = from; i < to; i++) {
		const struct point *p = &s->pt[i];

		if (axis == AX_DATE && p->dgroup != g)
			continue;
		x = tl_x(p, axis);
		c = t->hi > t->lo ? (int)((x - t->lo) / (t->hi - t->lo) * (TL_COLS - 1) + 0.5) :
		    TL_COLS / 2;
		if (!t->n[p->kind][c] || p->input < t->in[p->kind][c] ||
		    (p->input == t->in[p->kind][c] && p->idx < t->idx[p->kind][c])) {
			t->in[p->kind][c] = p->input;
			t->idx[p->kind][c] = p->idx;
		}
		t->n[p->kind][c] += s->stride;
	}
}

/* One line per kind with its marks; names says the input of each mark */
static void tl_svg(FILE *f, const struct oomx_summary *s, const struct tl *t,
		   const char *cls, int names, const char *lo, const char *hi)
{
	int k, c, lanes[K_NR], nl = 0;

	for (k = 0; k < K_NR; k++)
		lanes[k] = s->kind[k] ? nl++ : -1;
	fprintf(f, "<svg width=\"820\" height=\"%d\">\n", nl * 18 + 22);
	for (k = 0; k < K_NR; k++) {
		if (lanes[k] < 0)
			continue;
		fprintf(f, "<line x1=\"140\" x2=\"800\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
			"<text x=\"0\" y=\"%d\">%s</text>\n", lanes[k] * 18 + 9,
			lanes[k] * 18 + 9, lanes[k] * 18 + 13, kinds[k].key);
		for (c = 0; c < TL_COLS; c++) {
			if (!t->n[k][c])
				continue;
			fprintf(f, "<rect class=\"%s\" data-kind=\"%s\" data-count=\"%lld\" x=\"%d\" y=\"%d\" width=\"4\" height=\"14\" fill=\"%s\">"
				"<title>", cls, kinds[k].key, t->n[k][c], 140 + c * 4,
				lanes[k] * 18 + 2, kinds[k].color);
			if (t->n[k][c] == 1)
				fprintf(f, "event %d", t->idx[k][c]);
			else
				fprintf(f, "%lld events from event %d", t->n[k][c], t->idx[k][c]);
			if (names) {
				fputs(" of ", f);
				oomx_html_text(f, in_name(&s->in[t->in[k][c]]));
			}
			fputs("</title></rect>\n", f);
		}
	}
	fprintf(f, "<text x=\"140\" y=\"%d\">", nl * 18 + 16);
	oomx_html_text(f, lo);
	fprintf(f, "</text><text x=\"800\" y=\"%d\" text-anchor=\"end\">", nl * 18 + 16);
	oomx_html_text(f, hi);
	fputs("</text>\n</svg>\n", f);
}

/* One input's events on a line per kind, by seconds since boot, by date or by order */
static void html_timeline(FILE *f, const struct oomx_summary *s, size_t in,
			  size_t from, size_t to)
{
	static struct tl t;
	const struct input *ip = &s->in[in];
	int axis = ip->all_secs ? AX_SECONDS : ip->dgroup > 0 ? AX_DATE : AX_ORDER;
	static const char * const axes[] = { "order", "seconds", "date" };
	char lo[48], hi[96];

	tl_fill(&t, s, from, to, axis, ip->dgroup - 1);
	fputs("<div class=\"timeline\" data-input=\"", f);
	oomx_html_text(f, ip->name);
	fprintf(f, "\" data-events=\"%lld\" data-axis=\"%s\" data-stride=\"%lld\">\n<h4>",
		ip->events, axes[axis], s->stride);
	oomx_html_text(f, in_name(ip));
	fputs("</h4>\n", f);
	if (axis == AX_DATE) {
		tl_svg(f, s, &t, "tl-mark", 0, ip->span.first_st, ip->span.last_st);
	} else if (axis == AX_SECONDS) {
		snprintf(lo, sizeof(lo), "%.3f s", t.lo);
		snprintf(hi, sizeof(hi), "%.3f s after boot", t.hi);
		tl_svg(f, s, &t, "tl-mark", 0, lo, hi);
	} else {
		snprintf(lo, sizeof(lo), "event %.0f", t.lo);
		snprintf(hi, sizeof(hi), "event %.0f (by order: the times are not seconds since boot)", t.hi);
		tl_svg(f, s, &t, "tl-mark", 0, lo, hi);
	}
	fputs("</div>\n", f);
}

/*
 * The dated events of all inputs on one line per kind, in the order of
 * their dates, one timeline per group; what has no date is said, not
 * drawn there.
 */
static void html_dates(FILE *f, const struct oomx_summary *s)
{
	static struct tl t;
	const struct dspan *d;
	int g;

	for (g = 0; g < D_NR; g++) {
		d = &s->dated[g];
		if (!d->events)
			continue;
		tl_fill(&t, s, 0, s->nr_pt, AX_DATE, g);
		fprintf(f, "<div class=\"date-timeline\" data-group=\"%s\" data-events=\"%lld\" data-inputs=\"%zu\" data-stride=\"%lld\">\n<h4>All inputs by date: ",
			dgroup_key[g], d->events, d->inputs, s->stride);
		oomx_html_text(f, dgroup_title[g]);
		fputs("</h4>\n", f);
		tl_svg(f, s, &t, "dt-mark", 1, d->first_st, d->last_st);
		fputs("</div>\n", f);
	}
	if (s->dated[D_YEAR].events && s->dated[D_NO_YEAR].events)
		fputs("<p>Dates with a year and syslog dates without one are not ordered against each other.</p>\n", f);
	if (s->undated)
		fprintf(f, "<p class=\"not-ordered\" data-events=\"%lld\" data-inputs=\"%zu\">%lld event%s in %zu input%s with seconds since boot (each machine's and each boot's own clock) or no timestamp: drawn per input below, not ordered across inputs.</p>\n",
			s->undated, s->undated_inputs, s->undated, s->undated == 1 ? "" : "s",
			s->undated_inputs, s->undated_inputs == 1 ? "" : "s");
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
	html_dates(f, s);
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
