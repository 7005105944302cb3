// SPDX-License-Identifier: GPL-2.0
/*
 * The HTML page (--html FILE): one self-contained file, no script and no
 * address outside it (a Content-Security-Policy says so to the browser),
 * with per event the zones' free pages against their watermarks and
 * lowmem_reserve, the buddy lists, the task table by badness and the
 * verdict arithmetic.
 *
 * Stable hooks for tests and for people who script the page:
 *   section.event#eN[data-event][data-kind]
 *   section.zone#eN-zone-NAME (or -NAME-nNODE)[data-zone][data-node]
 *       [data-usable][data-state]
 *     svg.wm-chart rect.bar[data-bar=free|effective|min|low|high|reserve]
 *       [data-value]
 *     svg.buddy-chart rect.buddy-bar[data-order][data-count]
 *   table.tasks tr.task[data-pid][data-points]; the victim's row is
 *       tr.task.victim#eN-victim[data-victim="1"]
 *   div.victim-summary#eN-victim-summary[data-pid] (absent if none)
 *   ul.verdicts li[data-verdict]; free_in_unusable_zones says where the
 *       free pages are (span.answer) and draws them:
 *       div.unusable-free#eN-unusable-free[data-usable][data-unusable]
 * Every text that comes from the log is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oomx.h"

/* Text from the log: HTML-escaped, and what oomx_show() hides written as
 * \xNN or \uXXXX (visible, never raw). */
static void hesc_n(FILE *f, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char out[OOMX_ESC_MAX];

		switch (s[i]) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\n':
			fputc('\n', f);
			break;
		default:
			i += oomx_escape_unit(s + i, n - i, out);
			fputs(out, f);
			continue;
		}
		i++;
	}
}

static void hesc(FILE *f, const char *s)
{
	if (s)
		hesc_n(f, s, strlen(s));
}

void oomx_html_text(FILE *f, const char *s)
{
	hesc(f, s);
}

static int known(long long v)
{
	return v != OOMX_UNKNOWN && v >= 0;
}

static void hnum(FILE *f, long long v)
{
	if (v == OOMX_UNKNOWN)
		fputs("&ndash;", f);
	else
		fprintf(f, "%lld", v);
}

/* <td>V</td> for each of the N values, a dash for one not reported */
static void hcells(FILE *f, const long long *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs("<td>", f);
		hnum(f, v[i]);
		fputs("</td>", f);
	}
}

/* "Normal", "Normal-n3": for element ids */
static void zone_id(FILE *f, const struct oomx_event *ev, const struct oomx_zone *z)
{
	fprintf(f, "e%d-zone-%s", ev->index, oomx_zone_name(z->type));
	if (z->node >= 0)
		fprintf(f, "-n%d", z->node);
}

static const char *zone_state(const struct oomx_zone_verdict *v)
{
	if (v->outside)
		return "node_not_allowed";
	if (!v->usable)
		return "not_usable";
	if (v->below_min < 0)
		return "unknown";
	if (v->below_min)
		return "below_min";
	if (v->below_low == 1)
		return "below_low";
	if (v->below_high == 1)
		return "below_high";
	return "above_high";
}

/* Run a text writer into memory and write its output escaped, in a <pre>. */
static void pre_of(FILE *f, const char *cls,
		   void (*w)(FILE *, const struct oomx_analysis *),
		   const struct oomx_analysis *a)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	fprintf(f, "<pre class=\"%s\">", cls);
	if (m) {
		w(m, a);
		if (!fclose(m))
			hesc_n(f, text, len);
	}
	free(text);
	fputs("</pre>\n", f);
}

#define WM_W	640.0	/* chart width in px */
#define WM_X	0.0

static double xpos(long long v, double scale)
{
	return WM_X + (double)(v > 0 ? v : 0) * scale;
}

static void wm_rect(FILE *f, const char *bar, long long from, long long to,
		    double scale, double y, double h, const char *what)
{
	double x0 = xpos(from, scale), x1 = xpos(to, scale);

	if (x1 < x0)
		x1 = x0;
	fprintf(f, "<rect class=\"bar bar-%s\" data-bar=\"%s\" data-value=\"%lld\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %lld pages</title></rect>\n",
		bar, bar, to - from, x0, y, x1 - x0, h, what, to - from);
}

static void wm_mark(FILE *f, const char *bar, long long v, double scale,
		    const char *what)
{
	double x = xpos(v, scale);

	fprintf(f, "<rect class=\"bar mark mark-%s\" data-bar=\"%s\" data-value=\"%lld\" x=\"%.1f\" y=\"2\" width=\"2\" height=\"52\"><title>%s: %lld pages</title></rect>\n",
		bar, bar, v, x > 1 ? x - 1 : 0, what, v);
}

/* free (and effective) against min/low/high and min + lowmem_reserve */
static void wm_chart(FILE *f, const struct oomx_analysis *a,
		     const struct oomx_zone_verdict *v)
{
	long long r = known(v->reserve) ? v->reserve : 0;
	long long vmax = 1;
	double scale;

	if (!known(v->free))
		return;
	if (v->free > vmax)
		vmax = v->free;
	if (known(v->high) && v->high + r > vmax)
		vmax = v->high + r;
	if (known(v->min) && v->min + r > vmax)
		vmax = v->min + r;
	scale = (WM_W - 4) / ((double)vmax * 1.04);
	fprintf(f, "<svg class=\"wm-chart\" role=\"img\" width=\"%.0f\" height=\"74\" viewBox=\"0 0 %.0f 74\">\n",
		WM_W, WM_W);
	fprintf(f, "<title>free pages against the watermarks (0 to %lld pages)</title>\n", vmax);
	/* row 1: free, with the effective part the watermark test counts */
	wm_rect(f, "free", 0, v->free, scale, 6, 20, "free");
	if (v->usable && v->eff > 0)
		wm_rect(f, "effective", 0, v->eff, scale, 10, 12,
			"effective (free - free_cma - highatomic - (2^order - 1))");
	/* row 2: the watermark bands, and the reserve on top of min */
	if (known(v->min))
		wm_rect(f, "min", 0, v->min, scale, 32, 8, "min");
	if (known(v->min) && known(v->low) && v->low >= v->min)
		wm_rect(f, "low", v->min, v->low, scale, 32, 8, "min to low");
	if (known(v->low) && known(v->high) && v->high >= v->low)
		wm_rect(f, "high", v->low, v->high, scale, 32, 8, "low to high");
	if (known(v->min))
		wm_rect(f, "reserve", v->min, v->min + r, scale, 44, 8,
			"lowmem_reserve used, on top of min");
	if (known(v->min))
		wm_mark(f, "mark-min", v->min + r, scale,
			"min + lowmem_reserve: effective must be above this");
	fprintf(f, "<text x=\"2\" y=\"68\" class=\"axis\">0</text><text x=\"%.0f\" y=\"68\" text-anchor=\"end\" class=\"axis\">%lld pages</text>\n",
		WM_W - 2, vmax);
	fputs("</svg>\n", f);
	(void)a;
}

/* bits in n: 0 for 0, 1 for 1, 2 for 2-3, ...; the text's log2 bar */
static int bits(long long n)
{
	int b = 0;

	while (n > 0 && b < 64) {
		n >>= 1;
		b++;
	}
	return b;
}

/* free blocks per order; bar height is log2 of the count, as in the text */
static void buddy_chart(FILE *f, const struct oomx_analysis *a,
			const struct oomx_zone *z)
{
	const struct oomx_event *ev = a->ev;
	double maxl = 1, bw = 44, H = 90;
	int o;

	for (o = 0; o < z->buddy_orders; o++) {
		double l = bits(z->buddy_nr[o]);

		if (l > maxl)
			maxl = l;
	}
	fprintf(f, "<svg class=\"buddy-chart\" role=\"img\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
		bw * z->buddy_orders, H + 34, bw * z->buddy_orders, H + 34);
	fputs("<title>free blocks per order (height: log2 of the count)</title>\n", f);
	for (o = 0; o < z->buddy_orders; o++) {
		long long n = z->buddy_nr[o] > 0 ? z->buddy_nr[o] : 0;
		double h = bits(n) / maxl * H;
		int fits = ev->order >= 0 && o >= ev->order && n > 0;
		int k;

		fprintf(f, "<rect class=\"buddy-bar%s\" data-order=\"%d\" data-count=\"%lld\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>order %d (%lld kB): %lld free block%s",
			fits ? " fits" : "", o, n, o * bw + 4, 14 + H - h, bw - 8, h,
			o, z->buddy_page_kb << o, n, n == 1 ? "" : "s");
		if (z->buddy_mt[o]) {
			fputs(", types ", f);
			for (k = 0; k < 8; k++)
				if (z->buddy_mt[o] & (1u << k))
					fputc("UMERHCIO"[k], f);
		}
		fputs("</title></rect>\n", f);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"count\">%lld</text>\n",
			o * bw + bw / 2, 10 + H - h, n);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis%s\">%d</text>\n",
			o * bw + bw / 2, H + 30, ev->order == o ? " req" : "", o);
	}
	fputs("</svg>\n", f);
}

static void zone_section(FILE *f, const struct oomx_analysis *a,
			 const struct oomx_zone_verdict *v)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_zone *z = v->z;
	long long r = known(v->reserve) ? v->reserve : 0;
	char label[OOMX_LABEL_MAX];
	size_t i;

	oomx_zone_label(v, label, sizeof(label));
	fputs("<section class=\"zone\" id=\"", f);
	zone_id(f, ev, z);
	fprintf(f, "\" data-zone=\"%s\" data-node=\"%d\" data-usable=\"%d\" data-state=\"%s\">\n",
		oomx_zone_name(z->type), z->node, v->usable, zone_state(v));
	fputs("<h3>", f);
	if (z->node >= 0)
		fprintf(f, "Node %d ", z->node);
	/* the badge says what refuses the zone, the state is the hook */
	fprintf(f, "%s <span class=\"state\">%s</span></h3>\n",
		oomx_zone_name(z->type), label[0] ? label : zone_state(v));
	if (z->has_stats) {
		fputs("<table class=\"wm\"><tr><th>free</th><th>free_cma</th><th>highatomic</th><th>min</th><th>low</th><th>high</th><th>lowmem_reserve used</th><th>effective</th></tr>\n<tr>", f);
		const long long cells[] = { v->free, v->cma, v->highatomic, v->min,
					    v->low,  v->high, v->reserve };

		hcells(f, cells, sizeof(cells) / sizeof(cells[0]));
		fputs("<td>", f);
		if (v->usable && known(v->free))
			hnum(f, v->eff);
		else
			fputs("&ndash;", f);
		fputs("</td></tr></table>\n", f);
		wm_chart(f, a, v);
		fputs("<p class=\"legend\"><span class=\"k k-free\"></span>free <span class=\"k k-effective\"></span>effective <span class=\"k k-min\"></span>0&ndash;min <span class=\"k k-low\"></span>min&ndash;low <span class=\"k k-high\"></span>low&ndash;high <span class=\"k k-reserve\"></span>lowmem_reserve on top of min <span class=\"k k-mark\"></span>min + reserve</p>\n", f);
		if (z->has_reserve) {
			fputs("<p class=\"reserve\">lowmem_reserve[]:", f);
			for (i = 0; i < z->nr_reserve; i++)
				if ((int)i == a->zone_idx[a->reserve_zone])
					fprintf(f, " <b title=\"the entry used\">%lld</b>",
						z->reserve[i]);
				else
					fprintf(f, " %lld", z->reserve[i]);
			fprintf(f, " (entry used: index %d, %s)</p>\n",
				a->zone_idx[a->reserve_zone],
				oomx_zone_name(a->reserve_zone));
		}
		if (v->usable && known(v->free) && v->below_min >= 0) {
			fprintf(f, "<p class=\"arith\">effective = %lld free", v->free);
			if (ev->order > 0)
				fprintf(f, " &minus; %lld (order %lld)",
					(1LL << ev->order) - 1, ev->order);
			fprintf(f, " &minus; %lld free_cma &minus; %lld highatomic = <b>%lld</b> %s %lld min + %lld lowmem_reserve = %lld: ",
				v->cma, v->highatomic, v->eff,
				v->below_min ? "&le;" : "&gt;", v->min, r, v->min + r);
			if (v->below_min)
				fprintf(f, "<b>%s</b>", label);
			else
				fprintf(f, "above min%s by %lld", r ? " + reserve" : "",
					v->eff - v->min - r);
			if (v->cma_from_summary)
				fputs(" (free_cma from the summary: the zone line was cut)", f);
			if (v->highatomic_from_buddy)
				fputs(" (highatomic implied by free H blocks)", f);
			fputs("</p>\n", f);
		} else if (!v->usable) {
			fprintf(f, "<p class=\"arith\">%s</p>\n", v->outside ?
				"on a node the request may not use" :
				"above the highest zone the request may use");
		}
	}
	if (z->has_buddy) {
		fprintf(f, "<h4>Free blocks per order%s", z->buddy_bad ? " (line cut or malformed)" : "");
		if (z->buddy_total_kb >= 0)
			fprintf(f, " &mdash; %lld kB", z->buddy_total_kb);
		fputs("</h4>\n", f);
		buddy_chart(f, a, z);
	}
	fputs("</section>\n", f);
}

static int by_points(const void *x, const void *y)
{
	const struct oomx_task_score *a = *(const struct oomx_task_score *const *)x;
	const struct oomx_task_score *b = *(const struct oomx_task_score *const *)y;

	if (a->excluded != b->excluded)
		return a->excluded - b->excluded;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return a->t->pid < b->t->pid ? -1 : a->t->pid > b->t->pid;
}

static long long victim_pid(const struct oomx_event *ev)
{
	if (ev->victim.present)
		return ev->victim.pid;
	return ev->kill_pid;
}

static void task_table(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_task_score **s;
	long long vpid = victim_pid(ev), pk = a->page_kb;
	size_t i;

	s = calloc(a->nr_scores ? a->nr_scores : 1, sizeof(*s));
	if (!s)
		return;
	for (i = 0; i < a->nr_scores; i++)
		s[i] = &a->scores[i];
	qsort(s, a->nr_scores, sizeof(*s), by_points);
	fprintf(f, "<table class=\"tasks\" id=\"e%d-tasks\"><caption>Tasks by badness", ev->index);
	if (oomx_page_note(a))
		fprintf(f, ", total_vm, rss and swapents in pages of %lld kB", pk);
	fputs(" (points = rss + swapents + page tables", f);
	if (a->root_bonus)
		fputs(", less 3% for root", f);
	/* oom_badness(): adj *= totalpages / 1000, the division first */
	fputs(", + oom_score_adj &times; &lfloor;totalpages / 1000&rfloor;; totalpages ", f);
	hnum(f, a->totalpages);
	if (a->totalpages >= 0)
		fprintf(f, ", so oom_score_adj &times; %lld", a->totalpages / 1000);
	fputs(")</caption>\n<tr><th>pid</th><th>uid</th><th>total_vm</th><th>rss</th><th>page tables</th><th>swapents</th><th>oom_score_adj</th><th>points</th><th>name</th><th></th></tr>\n", f);
	for (i = 0; i < a->nr_scores; i++) {
		const struct oomx_task *t = s[i]->t;
		int victim = t->pid == vpid;
		int chosen = ev->chosen_pid >= 0 && t->pid == ev->chosen_pid &&
			     t->pid != vpid;
		long long pt = 0;

		if (t->pgtables_bytes > 0)
			pt += t->pgtables_bytes / (pk * 1024);
		if (t->nr_ptes > 0)
			pt += t->nr_ptes;
		if (t->nr_pmds > 0)
			pt += t->nr_pmds;
		fprintf(f, "<tr class=\"task%s%s%s%s\"", victim ? " victim" : "",
			chosen ? " selected" : "",
			!s[i]->excluded && t->pid == a->best_pid ? " highest" : "",
			s[i]->excluded ? " excluded" : "");
		if (victim)
			fprintf(f, " id=\"e%d-victim\" data-victim=\"1\"", ev->index);
		fprintf(f, " data-pid=\"%lld\" data-points=\"", t->pid);
		if (s[i]->excluded)
			fputs("excluded", f);
		else
			fprintf(f, "%lld", s[i]->points);
		const long long cells[] = { t->pid, t->uid, t->total_vm, t->rss,
					    pt,     t->swapents, t->adj };

		fputs("\">", f);
		hcells(f, cells, sizeof(cells) / sizeof(cells[0]));
		fputs("<td>", f);
		if (s[i]->excluded)
			fputs("excluded", f);
		else
			fprintf(f, "%lld", s[i]->points);
		fputs("</td><td>", f);
		hesc(f, oomx_str(ev, t->name));
		fputs("</td><td>", f);
		if (victim)
			fputs("<b>killed</b>", f);
		else if (chosen)
			fputs("selected (a child was killed)", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	free(s);
}

static void victim_summary(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_victim *v = &ev->victim;
	const char *comm = v->comm ? oomx_str(ev, v->comm) : oomx_str(ev, ev->kill_task);

	if (ev->kind == OOMX_K_ALLOC_FAIL) {
		fputs("<p class=\"no-victim\">No victim: an allocation failure kills nothing; the caller gets NULL.</p>\n", f);
		return;
	}
	if (ev->kind == OOMX_K_ALLOC_STALL) {
		fputs("<p class=\"no-victim\">No victim: a stall warning kills nothing; the allocation goes on.</p>\n", f);
		return;
	}
	if (!v->present) {
		if (ev->panic_on_oom)
			fprintf(f, "<p class=\"no-victim\">No victim: %s.</p>\n",
				oomx_panic_on_oom_why(ev));
		else
			fprintf(f, "<p class=\"no-victim\">%s</p>\n", ev->no_killable ?
				"No victim: no killable process." : "The victim is not reported.");
		return;
	}
	fprintf(f, "<div class=\"victim-summary\" id=\"e%d-victim-summary\" data-pid=\"%lld\">Killed: <b>",
		ev->index, v->pid);
	hesc(f, comm);
	fprintf(f, "</b> (pid %lld)", v->pid);
	if (v->from_summary)
		fputs(", named by the oom-kill: line (no &ldquo;Killed process&rdquo; line)", f);
	if (known(v->total_vm_kb))
		fprintf(f, ", total-vm %lld kB", v->total_vm_kb);
	if (known(v->anon_rss_kb))
		fprintf(f, ", anon-rss %lld kB", v->anon_rss_kb);
	if (known(v->file_rss_kb))
		fprintf(f, ", file-rss %lld kB", v->file_rss_kb);
	if (known(v->shmem_rss_kb))
		fprintf(f, ", shmem-rss %lld kB", v->shmem_rss_kb);
	if (a->victim_in_table)
		fprintf(f, "; %lld points, %s", a->victim_points,
			a->victim_is_best < 0 ? "the highest of the task rows kept (more were not kept)" :
			a->victim_is_best ? "the highest badness" : "<b>not</b> the highest badness");
	else if (ev->has_table)
		fputs("; not in the task table", f);
	fputs("</div>\n", f);
}

/*
 * free_in_unusable_zones, in words: where the free pages are that the
 * request could not use (the lab8 puzzle: a one-page GFP_KERNEL request
 * fails with tens of thousands of HighMem pages free).
 */
static void unusable_answer(FILE *f, const struct oomx_analysis *a)
{
	const char *cz = oomx_zone_name(a->class_zone);
	size_t i;
	int first = 1;

	fprintf(f, ": <span class=\"answer\">%lld free pages (%lld kB) are in zones this request cannot use (",
		a->unusable_free, a->unusable_free * a->page_kb);
	for (i = 0; i < a->nr_zv; i++) {
		const struct oomx_zone_verdict *v = &a->zv[i];

		if (v->usable || v->outside || v->free < 0)
			continue;
		fprintf(f, "%s%s %lld", first ? "" : ", ", oomx_zone_name(v->z->type),
			v->free);
		first = 0;
	}
	if (a->unprinted_free > 0 && a->nodes_filtered)
		fprintf(f, "%s%lld in zones the report leaves out, those of the nodes it may not use or above %s: the global free count less the zones shown",
			first ? "" : ", ", a->unprinted_free, cz);
	else if (a->unprinted_free > 0 && !a->nodes_known)
		fprintf(f, "%s%lld in zones above %s that the report does not list: the global free count less the zones shown",
			first ? "" : ", ", a->unprinted_free, cz);
	fprintf(f, "); the zones up to %s, all it may use, have %lld.</span>",
		cz, a->usable_free);
}

/* the same as two bars, to scale: usable against unusable free pages */
static void unusable_chart(FILE *f, const struct oomx_analysis *a)
{
	long long u = a->usable_free, n = a->unusable_free;
	long long vmax = u > n ? u : n;
	double scale = (WM_W - 4) / (double)(vmax > 0 ? vmax : 1);

	fprintf(f, "<div class=\"unusable-free\" id=\"e%d-unusable-free\" data-usable=\"%lld\" data-unusable=\"%lld\">\n",
		a->ev->index, u, n);
	fprintf(f, "<svg class=\"free-chart\" role=\"img\" width=\"%.0f\" height=\"64\" viewBox=\"0 0 %.0f 64\">\n",
		WM_W, WM_W);
	fputs("<title>free pages the request could use, against those it could not</title>\n", f);
	fprintf(f, "<rect class=\"bar bar-usable\" data-bar=\"usable\" data-value=\"%lld\" x=\"0\" y=\"4\" width=\"%.1f\" height=\"20\"><title>free in zones up to %s: %lld pages</title></rect>\n",
		u, (double)(u > 0 ? u : 0) * scale, oomx_zone_name(a->class_zone), u);
	fprintf(f, "<text x=\"4\" y=\"18\" class=\"axis\">usable: %lld</text>\n", u);
	fprintf(f, "<rect class=\"bar bar-unusable\" data-bar=\"unusable\" data-value=\"%lld\" x=\"0\" y=\"32\" width=\"%.1f\" height=\"20\"><title>free in zones the request cannot use: %lld pages</title></rect>\n",
		n, (double)(n > 0 ? n : 0) * scale, n);
	fprintf(f, "<text x=\"4\" y=\"46\" class=\"axis\">not usable: %lld</text>\n", n);
	fputs("</svg>\n</div>\n", f);
}

/*
 * The page's title names the source and the kernels of its events, known
 * only at the end: the events are written to a temporary file (on disk,
 * so memory stays bounded whatever the input) and copied after the head.
 * main() writes one page, so the state is the file's own.
 */
#define TITLE_KERNELS	3
static struct {
	int begun;
	FILE *spool;			/* NULL: the head is written, events go straight out */
	char *source;			/* the input's name, NULL if not given */
	char *kernels[TITLE_KERNELS];	/* distinct, in order */
	int more_kernels;		/* another one past those */
	long long ooms, fails, stalls;
	const char *title;		/* another writer's page: its title */
} page;

static void head(FILE *f)
{
	long long n = page.ooms + page.fails + page.stalls;
	size_t k;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"generator\" content=\"oom-explain " OOMX_VERSION "\">\n"
	      "<title>", f);
	if (page.title) {
		hesc(f, page.title);
	} else if (!page.spool && page.begun) {
		/* written before any event: what is known now */
		fputs("OOM report", f);
	} else if (!n) {
		fputs("No OOM report", f);
	} else if (page.ooms == 1 && !page.fails && !page.stalls) {
		fputs("OOM report", f);
	} else if (!page.ooms && page.fails == 1 && !page.stalls) {
		fputs("Page allocation failure", f);
	} else if (!page.ooms && !page.fails && page.stalls == 1) {
		fputs("Page allocation stall", f);
	} else {
		if (page.ooms)
			fprintf(f, "%lld OOM report%s", page.ooms,
				page.ooms == 1 ? "" : "s");
		if (page.ooms && page.fails)
			fputs(", ", f);
		if (page.fails)
			fprintf(f, "%lld page allocation failure%s", page.fails,
				page.fails == 1 ? "" : "s");
		if ((page.ooms || page.fails) && page.stalls)
			fputs(", ", f);
		if (page.stalls)
			fprintf(f, "%lld page allocation stall%s", page.stalls,
				page.stalls == 1 ? "" : "s");
	}
	if (page.source || (page.spool && n))
		fputs(":", f);
	if (page.source) {
		fputc(' ', f);
		hesc(f, page.source);
	}
	if (page.spool && n) {
		fputs(page.source ? ", " : " ", f);
		if (!page.kernels[0])
			fputs("kernel unknown", f);
		else
			fputs("Linux ", f);
		for (k = 0; k < TITLE_KERNELS && page.kernels[k]; k++) {
			if (k)
				fputs(", ", f);
			hesc(f, page.kernels[k]);
		}
		if (page.more_kernels)
			fputs(" and others", f);
	}
	fputs("</title>\n<style>\n"
	      "body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222;background:#fff}\n"
	      "h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:2px solid #444;margin-top:2em}\n"
	      "h3{font-size:1.05em;margin:.6em 0 .2em}h4{font-size:.95em;margin:.6em 0 .2em}\n"
	      "pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;font-size:12px}\n"
	      "table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #ccc;padding:1px 6px;text-align:right}\n"
	      "th{background:#eee}td:nth-last-child(2),td:last-child{text-align:left}\n"
	      "dl.head{display:grid;grid-template-columns:max-content auto;gap:0 1em}dl.head dt{font-weight:bold}dl.head dd{margin:0}\n"
	      "section.zone{border:1px solid #bbb;border-radius:4px;padding:.3em .8em;margin:.6em 0}\n"
	      "section.zone[data-state=below_min]{border-color:#c00}\n"
	      ".state{font-weight:normal;font-size:.85em;padding:0 .4em;border-radius:3px;background:#ddd}\n"
	      "[data-state=below_min] .state{background:#c00;color:#fff}\n"
	      "[data-state=below_low] .state,[data-state=below_high] .state{background:#e90}\n"
	      "[data-state=above_high] .state{background:#3a3;color:#fff}\n"
	      "svg text{font:11px sans-serif;fill:#333}\n"
	      ".bar-free{fill:#9cc3e6}.bar-effective{fill:#2a6fb0}.bar-min{fill:#d33}.bar-low{fill:#f0a030}\n"
	      ".bar-high{fill:#e8d44d}.bar-reserve{fill:#8a4fb0}.mark{fill:#000}\n"
	      ".bar-usable{fill:#2a6fb0}.bar-unusable{fill:#bbb}.answer{font-weight:normal}\n"
	      ".buddy-bar{fill:#aaa}.buddy-bar.fits{fill:#2a6fb0}text.req{font-weight:bold;fill:#c00}\n"
	      ".legend .k{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .2em 0 .8em}\n"
	      ".k-free{background:#9cc3e6}.k-effective{background:#2a6fb0}.k-min{background:#d33}.k-low{background:#f0a030}\n"
	      ".k-high{background:#e8d44d}.k-reserve{background:#8a4fb0}.k-mark{background:#000;width:2px!important}\n"
	      "tr.victim td{background:#fdd;font-weight:bold}tr.selected td{background:#ffe7c0}tr.excluded td{color:#888}\n"
	      ".victim-summary{background:#fdd;padding:.3em .6em;border-left:4px solid #c00;margin:.5em 0}\n"
	      "ul.verdicts li{font-weight:bold}\n"
	      "</style>\n</head>\n<body>\n<h1>oom-explain</h1>\n", f);
}

/* the last part of a path: the title is short */
static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b && b[1] ? b + 1 : path;
}

void oomx_html_begin_named(FILE *f, const char *source)
{
	memset(&page, 0, sizeof(page));
	page.begun = 1;
	if (source) {
		page.source = strdup(!strcmp(source, "-") ? "standard input" :
				     base_name(source));
	}
	page.spool = tmpfile();
	if (!page.spool)
		head(f);	/* no temporary file: a title without the kernels */
}

void oomx_html_begin(FILE *f)
{
	oomx_html_begin_named(f, NULL);
}

void oomx_html_begin_titled(FILE *f, const char *title)
{
	memset(&page, 0, sizeof(page));
	page.begun = 1;
	page.title = title;
	head(f);
}

static void note_kernel(const struct oomx_event *ev)
{
	const char *kv = oomx_str(ev, ev->kver);
	size_t k;

	if (ev->kind == OOMX_K_ALLOC_FAIL)
		page.fails++;
	else if (ev->kind == OOMX_K_ALLOC_STALL)
		page.stalls++;
	else
		page.ooms++;
	if (!kv || !*kv)
		return;
	for (k = 0; k < TITLE_KERNELS && page.kernels[k]; k++)
		if (!strcmp(page.kernels[k], kv))
			return;
	if (k == TITLE_KERNELS)
		page.more_kernels = 1;
	else
		page.kernels[k] = strdup(kv);
}

void oomx_html_event(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	size_t i;
	int o, any = 0;

	if (page.begun) {
		note_kernel(ev);
		if (page.spool)
			f = page.spool;
	}

	fprintf(f, "<section class=\"event\" id=\"e%d\" data-event=\"%d\" data-kind=\"%s\">\n",
		ev->index, ev->index,
		oomx_kind_name(ev->kind));
	fprintf(f, "<h2>%s %d: ", oomx_kind_title(ev->kind), ev->index);
	hesc(f, oomx_str(ev, ev->comm));
	fputs(" (pid ", f);
	hnum(f, ev->pid);
	fputs(")</h2>\n<dl class=\"head\">\n", f);
	if (ev->stamp) {
		fputs("<dt>Time</dt><dd>", f);
		hesc(f, oomx_str(ev, ev->stamp));
		fputs("</dd>\n", f);
	}
	fprintf(f, "<dt>Input bytes</dt><dd>%lld&ndash;%lld</dd>\n", ev->first_off, ev->last_off);
	fputs("<dt>Order</dt><dd>", f);
	hnum(f, ev->order);
	if (ev->order == -1)
		fputs(" (manual sysrq-f OOM)", f);
	if (ev->kind == OOMX_K_ALLOC_STALL) {
		fputs("</dd>\n<dt>Stalled</dt><dd class=\"stall\" data-ms=\"", f);
		hnum(f, ev->stall_ms);
		fputs("\">", f);
		hnum(f, ev->stall_ms);
		fputs(" ms in the page allocator so far", f);
	}
	fputs("</dd>\n<dt>Kernel</dt><dd>", f);
	if (ev->kver)
		hesc(f, oomx_str(ev, ev->kver));
	else
		fputs("unknown", f);
	fputs("</dd>\n<dt>GFP mask</dt><dd>", f);
	if (ev->gfp_known)
		fprintf(f, "0x%llx ", ev->gfp);
	hesc(f, ev->gfp_names ? oomx_str(ev, ev->gfp_names) :
	     a->gfp_decoded.len ? a->gfp_decoded.p : "");
	if (!ev->gfp_names && a->gfp_era) {
		fputs(" (decoded with the ", f);
		hesc(f, a->gfp_era);
		fputs(" table)", f);
	}
	fprintf(f, "</dd>\n<dt>Zones</dt><dd>highest zone the request may use: %s; %s</dd>\n",
		oomx_zone_name(a->class_zone), a->bits.movable ?
		"movable (may use CMA)" : "not movable (free CMA pages do not count)");
	if (oomx_constraint(a) || ev->cpuset || ev->mems_allowed) {
		fputs("<dt>Constraint</dt><dd>", f);
		hesc(f, oomx_constraint(a) ? oomx_constraint(a) : "(not printed)");
		if (a->memcg_by_trace)
			fputs(" <span class=\"constraint-source\" data-source=\"call_trace\">("
			      OOMX_MEMCG_BY_TRACE ")</span>", f);
		if (ev->nodemask) {
			fputs(" nodemask=", f);
			hesc(f, oomx_str(ev, ev->nodemask));
		}
		if (ev->mems_allowed) {
			fputs(" mems_allowed=", f);
			hesc(f, oomx_str(ev, ev->mems_allowed));
		}
		fputs("</dd>\n", f);
	}
	if (oomx_page_note(a)) {
		fprintf(f, "<dt>Pages</dt><dd class=\"page-size\" data-page-kb=\"%lld\" data-source=\"%s\">",
			a->page_kb, oomx_page_src_name(a->page_src));
		oomx_report_pages(f, a, "<br>");
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n<h3>Verdict</h3>\n<ul class=\"verdicts\">\n", f);
	for (o = 0; o < OOMX_V_NR; o++) {
		if (!a->verdict[o])
			continue;
		any = 1;
		fprintf(f, "<li data-verdict=\"%s\">%s", oomx_verdict_name(o),
			oomx_verdict_name(o));
		if (o == OOMX_V_UNUSABLE_ZONES)
			unusable_answer(f, a);
		fputs("</li>\n", f);
	}
	if (!any)
		fputs("<li data-verdict=\"none\">no verdict: the report lacks the zone lines needed</li>\n", f);
	fputs("</ul>\n", f);
	if (a->verdict[OOMX_V_UNUSABLE_ZONES])
		unusable_chart(f, a);
	pre_of(f, "verdict-arith", oomx_report_verdicts, a);

	fprintf(f, "<h3>Zones (pages of %lld kB)</h3>\n<div class=\"zones\">\n", a->page_kb);
	for (i = 0; i < a->nr_zv; i++)
		zone_section(f, a, &a->zv[i]);
	if (!a->nr_zv)
		fputs("<p>The report has no zone lines.</p>\n", f);
	fputs("</div>\n<h3>Victim</h3>\n", f);
	victim_summary(f, a);
	if (a->nr_scores)
		task_table(f, a);
	fputs("<details class=\"text\"><summary>The text report</summary>\n", f);
	pre_of(f, "text-report", oomx_report_text, a);
	fputs("</details>\n</section>\n", f);
}

int oomx_html_end(FILE *f, long long events)
{
	int rc = 0;
	size_t k;

	if (page.spool) {
		char buf[1 << 16];
		size_t n;

		head(f);
		if (fflush(page.spool) || fseek(page.spool, 0, SEEK_SET))
			rc = -1;
		while (!rc && (n = fread(buf, 1, sizeof(buf), page.spool)) > 0)
			if (fwrite(buf, 1, n, f) != n)
				rc = -1;
		if (ferror(page.spool))
			rc = -1;
		if (rc)
			fputs("<p class=\"error\">The page is incomplete: its temporary file could not be written or read back.</p>\n", f);
		fclose(page.spool);
	} else if (!page.begun) {
		head(f);
	}
	free(page.source);
	for (k = 0; k < TITLE_KERNELS; k++)
		free(page.kernels[k]);
	memset(&page, 0, sizeof(page));
	if (!events)
		fputs("<p class=\"none\">No OOM-killer report or page allocation failure was found in the input.</p>\n", f);
	fputs("</body>\n</html>\n", f);
	return rc;
}
