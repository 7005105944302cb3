// SPDX-License-Identifier: GPL-2.0
/*
 * The head of a report: its first line (who asked for what: the task,
 * the GFP mask, the order; or the page allocation failure's own line),
 * the CPU/Pid line with the kernel version, and the call trace, which
 * says whether kswapd or sysrq-f was the caller.
 */
#include <string.h>

#include "parse.h"

/*
 * "comm invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0,
 * oom_score_adj=0" (oomkilladj= or oom_adj= before 3.x)
 */
void parse_header(struct oomx_parser *p, struct oomx_event *ev,
		  const char *m, const char *at)
{
	const char *s = at + strlen(NEEDLE), *e = at;
	long long v;

	while (e > m && e[-1] == ' ')
		e--;
	ev->comm = ev_str(p, ev, m, (size_t)(e - m));
	for (;;) {
		s = skip_ws(s);
		if (!*s)
			break;
		if (starts(s, "gfp_mask=")) {
			unsigned long long g;
			const char *q = parse_hex(s + 9, &g);

			if (q) {
				ev->gfp = g;
				ev->gfp_known = 1;
				s = q;
				if (*s == '(') {
					const char *c = strchr(s, ')');

					if (c) {
						ev->gfp_names = ev_str(p, ev, s + 1,
							(size_t)(c - s - 1));
						s = c + 1;
					}
				}
			}
		} else if (starts(s, "order=")) {
			/* -1 is sysrq-f; no page order comes near 31 */
			if (parse_s(s + 6, &v) && v >= -1 && v <= 30)
				ev->order = v;
		} else if (starts(s, "oom_score_adj=")) {
			if (parse_s(s + 14, &v) && v >= -1000 && v <= 1000)
				ev->adj = v;
		} else if (starts(s, "oomkilladj=")) {
			ev->shape |= OOMX_SH_OOMKILLADJ;
		} else if (starts(s, "oom_adj=")) {
			ev->shape |= OOMX_SH_OOM_ADJ;
		}
		s = strchr(s, ',');
		if (!s)
			break;
		s++;
	}
}

/* The value after key up to the next ',' or ' ', or 0 if key is absent. */
static size_t token_after(struct oomx_parser *p, struct oomx_event *ev,
			  const char *s, const char *key)
{
	const char *q = strstr(s, key), *e;

	if (!q)
		return 0;
	q += strlen(key);
	for (e = q; *e && *e != ',' && *e != ' '; e++)
		;
	return ev_str(p, ev, q, (size_t)(e - q));
}

/*
 * "comm: page allocation failure: order:N, mode:0xM(NAMES), nodemask=...,
 * cpuset=...,mems_allowed=..." (": order" from 2.6.39, ". order" before).
 */
void parse_fail_header(struct oomx_parser *p, struct oomx_event *ev,
		       const char *m, const char *at)
{
	const char *s = at + strlen(NEEDLE_FAIL), *e = at, *q;
	long long v;

	while (e > m && e[-1] == ' ')
		e--;
	if (e > m && e[-1] == ':')
		e--;
	ev->comm = ev_str(p, ev, m, (size_t)(e - m));
	if (*s == '.')
		ev->shape |= OOMX_SH_FAIL_DOT;
	q = strstr(s, "order:");
	if (q && parse_s(q + 6, &v) && v >= 0 && v <= 30)
		ev->order = v;
	q = strstr(s, "mode:");
	if (q) {
		unsigned long long g;
		const char *r = parse_hex(q + 5, &g);

		if (r) {
			ev->gfp = g;
			ev->gfp_known = 1;
			if (*r == '(') {
				const char *c = strchr(r, ')');

				if (c)
					ev->gfp_names = ev_str(p, ev, r + 1,
						(size_t)(c - r - 1));
			}
		}
	}
	ev->nodemask = token_after(p, ev, s, "nodemask=");
	ev->cpuset = token_after(p, ev, s, "cpuset=");
	ev->mems_allowed = token_after(p, ev, s, "mems_allowed=");
}

static void parse_cpu_line(struct oomx_parser *p, struct oomx_event *ev,
			   const char *m)
{
	const char *s = strstr(m, "PID: ");
	const char *t;
	long long v;

	if (ev->kver)
		return;
	if (!s && starts(m, "Pid: ")) {
		/* before 3.10: "Pid: 6957, comm: pan Not tainted 2.6.26 #2" */
		s = m;
		ev->shape |= OOMX_SH_PID_LINE;
	}
	if (s && parse_u(s + 5, &v) && ev->pid == OOMX_UNKNOWN)
		ev->pid = v;
	t = strstr(m, "Tainted: ");
	if (t)
		t += 9;
	else if ((t = strstr(m, "Not tainted")) != NULL)
		t += 11;
	else
		return;
	for (;;) {
		const char *w;
		long long maj, min;

		t = skip_ws(t);
		if (!*t)
			break;
		w = t;
		while (*t && *t != ' ' && *t != '\t')
			t++;
		s = parse_u(w, &maj);
		if (s && *s == '.' && (s = parse_u(s + 1, &min)) != NULL &&
		    maj < 100 && min < 1000) {
			long long pat;

			ev->kver = ev_str(p, ev, w, (size_t)(t - w));
			ev->kv_major = (int)maj;
			ev->kv_minor = (int)min;
			if (*s == '.' && parse_u(s + 1, &pat) && pat < 1000)
				ev->kv_patch = (int)pat;
			return;
		}
	}
}

int cpu_line(struct oomx_parser *p, const char *m)
{
	if (!(starts(m, "CPU: ") && strstr(m, "PID: ")) &&
	    !(starts(m, "Pid: ") && strstr(m, ", comm: ")))
		return LINE_NO;
	parse_cpu_line(p, p->cur, m);
	return LINE_OK;
}

int trace_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	static const char * const pfx[] = {
		"Call Trace:", "Call trace:", "Backtrace:", "<TASK>", "</TASK>",
		"<IRQ>", "</IRQ>", "Hardware name:", "Workqueue:", "Code:",
		"Tainted: [",
		"RIP:", "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:",
		"pc :", "lr :", "sp :", "pstate:", "Exception stack",
		"dump_stack", "? ",
	};
	size_t i;
	int hit = 0;

	if (strstr(m, "+0x") || starts(m, "[<"))
		hit = 1;
	/* ARM exception stack words: "dfa0: 00000000 00000000 ..." */
	if (!hit) {
		const char *s = m;

		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
			s++;
		if (s - m == 4 && s[0] == ':' && s[1] == ' ')
			hit = 1;
	}
	/* raw stack words of old x86 dumps: "0000000000000286 5b7f1f2d..." */
	if (!hit) {
		const char *s = m;

		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
			s++;
		if ((s - m == 16 || s - m == 8) && (*s == ' ' || !*s))
			hit = 1;
	}
	for (i = 0; !hit && i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (starts(m, pfx[i]))
			hit = 1;
	/* ARM register lines: r10:00000000 r9:... */
	if (!hit && m[0] == 'r' && is_digit(m[1]) &&
	    (m[2] == ':' || (is_digit(m[2]) && m[3] == ':')))
		hit = 1;
	/* arm64: x29: ffff... */
	if (!hit && m[0] == 'x' && is_digit(m[1]) &&
	    (m[2] == ':' || (is_digit(m[2]) && m[3] == ':')))
		hit = 1;
	if (!hit)
		return 0;
	if (strstr(m, "balance_pgdat") || strstr(m, "kswapd+"))
		ev->by_kswapd = 1;
	if (strstr(m, "moom_callback") || strstr(m, "sysrq_handle_moom"))
		ev->by_sysrq = 1;
	if (strstr(m, "pagefault_out_of_memory"))
		ev->by_pagefault = 1;
	return 1;
}
