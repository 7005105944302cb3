// SPDX-License-Identifier: GPL-2.0
/*
 * The head of a report: its first line (who asked for what: the task,
 * the GFP mask, the order; or the page allocation failure's or stall's
 * own line), the CPU/Pid line with the kernel version, and the call
 * trace, which says whether kswapd or sysrq-f was the caller, and whether
 * a memory cgroup's charge was.
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

/* "order:N, mode:0xM(NAMES), nodemask=...,cpuset=...,mems_allowed=..." */
static void fail_fields(struct oomx_parser *p, struct oomx_event *ev,
			const char *s)
{
	const char *q;
	long long v;

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
	if (!ev->nodemask)
		ev->nodemask = token_after(p, ev, s, "nodemask=");
	if (!ev->cpuset)
		ev->cpuset = token_after(p, ev, s, "cpuset=");
	if (!ev->mems_allowed)
		ev->mems_allowed = token_after(p, ev, s, "mems_allowed=");
}

/*
 * "comm: page allocation failure: order:N, mode:0xM(NAMES), nodemask=...,
 * cpuset=...,mems_allowed=..." (": order" from 2.6.39, ". order" before),
 * or the stall warning of 4.9-4.14, "comm: page allocation stalls for
 * 10079ms, order:0, mode:0xM(NAMES), nodemask=...".  A line that ends at
 * "failure:" was wrapped: its fields follow (fail_header_rest()).
 */
void parse_fail_header(struct oomx_parser *p, struct oomx_event *ev,
		       const char *m, const char *at)
{
	const char *s, *e = at;
	long long v;

	while (e > m && e[-1] == ' ')
		e--;
	if (e > m && e[-1] == ':')
		e--;
	ev->comm = ev_str(p, ev, m, (size_t)(e - m));
	if (ev->kind == OOMX_K_ALLOC_STALL) {
		s = parse_u(at + strlen(NEEDLE_STALL) + 1, &v);
		if (s && starts(s, "ms"))
			ev->stall_ms = v;
	} else {
		s = at + strlen(NEEDLE_FAIL);
		if (*s == '.')
			ev->shape |= OOMX_SH_FAIL_DOT;
		if (!*skip_ws(s + 1))
			p->head_cut = 1;
	}
	if (s)
		fail_fields(p, ev, s);
}

/*
 * The rest of a failure's first line that was wrapped after "failure:":
 * "order:4, mode:0x40dc0(GFP_KERNEL|...)," and then, may be on a line of
 * its own, "nodemask=(null),cpuset=/,mems_allowed=0".
 */
int fail_header_rest(struct oomx_parser *p, const char *m)
{
	if (!p->head_cut)
		return LINE_NO;
	if (p->head_cut == 1 && starts(m, "order:")) {
		fail_fields(p, p->cur, m);
		p->head_cut = strstr(m, "nodemask=") ? 0 : 2;
		return LINE_OK;
	}
	if (p->head_cut == 2 && (starts(m, "nodemask=") ||
				 starts(m, "cpuset=") ||
				 starts(m, "mems_allowed="))) {
		fail_fields(p, p->cur, m);
		p->head_cut = 0;
		return LINE_OK;
	}
	p->head_cut = 0;
	return LINE_NO;
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

/*
 * "CPU: 4 PID: 938 Comm: nfsd Tainted: G ... 5.10.0-22-rt-amd64 #1"; its
 * taint and version may be wrapped onto a line of their own.
 */
int cpu_line(struct oomx_parser *p, const char *m)
{
	if (!p->cur->kver && ((starts(m, "Tainted: ") && m[9] != '[') ||
			      starts(m, "Not tainted "))) {
		parse_cpu_line(p, p->cur, m);
		return p->cur->kver ? LINE_OK : LINE_NO;
	}
	if (!(starts(m, "CPU: ") && strstr(m, "PID: ")) &&
	    !(starts(m, "Pid: ") && strstr(m, ", comm: ")))
		return LINE_NO;
	parse_cpu_line(p, p->cur, m);
	return LINE_OK;
}

/*
 * Is name a frame of this trace line: a whole function name ("name+0x",
 * "name.cold+0x", "(name)"), not a guess ("? name+0x")?
 */
static int frame_is(const char *m, const char *name)
{
	size_t n = strlen(name);
	const char *q;

	for (q = strstr(m, name); q; q = strstr(q + 1, name)) {
		char before = q > m ? q[-1] : ' ';
		char after = q[n];

		if (is_alpha(before) || is_digit(before) || before == '_')
			continue;
		if (after != '+' && after != '.' && after != ')')
			continue;
		if (q >= m + 2 && q[-1] == ' ' && q[-2] == '?')
			continue;
		return 1;
	}
	return 0;
}

/*
 * A memcg OOM's trace: the OOM killer called for a memory cgroup
 * (mem_cgroup_out_of_memory, or mem_cgroup_oom_synchronize at the end of
 * a fault), or a charge (try_charge and its names over the versions)
 * before any page allocator frame; a global OOM's trace has the
 * allocator's frames below out_of_memory instead.
 */
static void memcg_frames(struct oomx_event *ev, const char *m)
{
	static const char * const oom[] = {
		"mem_cgroup_out_of_memory", "mem_cgroup_oom_synchronize",
	};
	static const char * const charge[] = {
		"try_charge", "try_charge_memcg", "mem_cgroup_try_charge",
		"__mem_cgroup_try_charge", "mem_cgroup_charge",
		"__mem_cgroup_charge",
	};
	size_t i;

	for (i = 0; i < sizeof(oom) / sizeof(oom[0]); i++)
		if (frame_is(m, oom[i]))
			ev->by_memcg = 1;
	if (frame_is(m, "__alloc_pages_slowpath") ||
	    frame_is(m, "__alloc_pages_nodemask") ||
	    frame_is(m, "__alloc_pages"))
		ev->trace_alloc = 1;
	if (ev->trace_alloc)
		return;
	for (i = 0; i < sizeof(charge) / sizeof(charge[0]); i++)
		if (frame_is(m, charge[i]))
			ev->by_memcg = 1;
}

/*
 * Frames only one architecture's kernel has: its system call and
 * exception entry.  The first such frame of an event names the machine
 * the report came from, when its kernel's name does not.
 */
static void arch_frames(struct oomx_event *ev, const char *m)
{
	static const struct {
		const char *frame, *arch;
	} frames[] = {
		{ "entry_SYSCALL_64_after_hwframe", "x86_64" },
		{ "entry_SYSCALL_64", "x86_64" },
		{ "entry_SYSCALL_64_fastpath", "x86_64" },
		{ "do_syscall_64", "x86_64" },
		{ "asm_exc_page_fault", "x86_64" },
		{ "system_call_fastpath", "x86_64" },
		{ "el0t_64_sync", "arm64" },
		{ "el0t_64_sync_handler", "arm64" },
		{ "el0_svc", "arm64" },
		{ "do_el0_svc", "arm64" },
		{ "el0_svc_common", "arm64" },
		{ "el0_sync", "arm64" },
		{ "el0_da", "arm64" },
		{ "ret_fast_syscall", "arm" },
		{ "vector_swi", "arm" },
		{ "__irq_svc", "arm" },
		{ "__dabt_usr", "arm" },
		{ "__dabt_svc", "arm" },
	};
	size_t i;

	if (ev->trace_arch)
		return;
	for (i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		if (frame_is(m, frames[i].frame)) {
			ev->trace_arch = frames[i].arch;
			ev->trace_arch_frame = frames[i].frame;
			return;
		}
	}
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
	arch_frames(ev, m);
	if (ev->kind == OOMX_K_OOM)
		memcg_frames(ev, m);
	return 1;
}
