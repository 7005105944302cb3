// SPDX-License-Identifier: GPL-2.0
/*
 * The kill: the constraint summary (oom-kill:), the old "Kill process
 * ... score" choice, the "Killed process" line that names the victim and
 * ends the event, a panic or nothing killable instead, and the oom_reaper
 * lines that may follow the event.
 */
#include <string.h>

#include "parse.h"

/* key:NUMBERkB, unknown if it is absent or cut */
static long long kb_of(const char *s, const char *key)
{
	long long v = kv_kb(s, key);

	return v == -2 ? OOMX_UNKNOWN : v;
}

/* oom-kill:constraint=...,nodemask=...,cpuset=...,mems_allowed=...,... */
static void parse_oom_kill(struct oomx_parser *p, struct oomx_event *ev,
			   const char *m)
{
	static const char * const keys[] = {
		"constraint=", ",nodemask=", ",cpuset=", ",mems_allowed=",
		",global_oom", ",oom_memcg=", ",task_memcg=", ",task=",
		",pid=", ",uid=",
	};
	enum { NK = sizeof(keys) / sizeof(keys[0]) };
	const char *pos[NK], *s = m + 9;
	size_t i, j;
	long long v;

	for (i = 0; i < NK; i++) {
		pos[i] = strstr(s, keys[i]);
		/* ",pid=" and ",uid=" are last: take the last occurrence */
		if (pos[i] && i >= NK - 2) {
			const char *q = pos[i];

			while ((q = strstr(q + 1, keys[i])) != NULL)
				pos[i] = q;
		}
	}
	for (i = 0; i < NK; i++) {
		const char *vs, *ve = NULL;
		size_t *dst = NULL;

		if (!pos[i])
			continue;
		vs = pos[i] + strlen(keys[i]);
		for (j = 0; j < NK; j++)
			if (pos[j] && pos[j] >= vs && (!ve || pos[j] < ve))
				ve = pos[j];
		if (!ve)
			ve = vs + strlen(vs);
		switch (i) {
		case 0: dst = &ev->constraint; break;
		case 1: dst = &ev->nodemask; break;
		case 2: dst = &ev->cpuset; break;
		case 3: dst = &ev->mems_allowed; break;
		case 4: ev->global_oom = 1; break;
		case 5: dst = &ev->oom_memcg; break;
		case 6: dst = &ev->task_memcg; break;
		case 7: dst = &ev->kill_task; break;
		case 8:
			if (parse_u(vs, &v))
				ev->kill_pid = v;
			break;
		case 9:
			if (parse_u(vs, &v))
				ev->kill_uid = v;
			break;
		}
		if (dst)
			*dst = ev_str(p, ev, vs, (size_t)(ve - vs));
	}
}

/* "PID (comm)" or "PID comm"; returns the end of comm. */
static const char *pid_comm(struct oomx_parser *p, struct oomx_event *ev,
			    const char *s, long long *pid, size_t *comm,
			    const char *stop)
{
	const char *q = parse_u(s, pid), *e;

	if (!q)
		return NULL;
	q = skip_ws(q);
	if (*q == '(') {
		e = stop ? strstr(q, stop) : NULL;
		if (e && e > q && e[-1] == ')')
			e--;
		else
			e = strchr(q, ')');
		if (!e)
			return NULL;
		*comm = ev_str(p, ev, q + 1, (size_t)(e - q - 1));
		return e + 1;
	}
	e = q;
	while (*e && *e != ' ' && *e != ',')
		e++;
	*comm = ev_str(p, ev, q, (size_t)(e - q));
	return e;
}

static void parse_killed(struct oomx_parser *p, struct oomx_event *ev,
			 const char *s)
{
	struct oomx_victim *v = &ev->victim;
	long long x;
	const char *q;

	/* RHEL 6: "Killed process 8120, UID 0, (java) total-vm:..." */
	q = parse_u(s, &x);
	if (q && starts(q, ", UID ")) {
		long long uid;
		const char *r = parse_u(q + 6, &uid);

		if (r && starts(r, ", (")) {
			const char *e = strstr(r + 3, ") total-vm:");

			if (!e)
				e = strrchr(r + 3, ')');
			if (!e)
				return;
			v->pid = x;
			v->uid = uid;
			v->comm = ev_str(p, ev, r + 3, (size_t)(e - r - 3));
			ev->shape |= OOMX_SH_KILL_UID;
			goto fields;
		}
	}
	if (!pid_comm(p, ev, s, &v->pid, &v->comm, " total-vm:"))
		return;
fields:
	v->present = 1;
	v->total_vm_kb = kb_of(s, "total-vm:");
	v->anon_rss_kb = kb_of(s, "anon-rss:");
	v->file_rss_kb = kb_of(s, "file-rss:");
	v->shmem_rss_kb = kb_of(s, "shmem-rss:");
	v->pgtables_kb = kb_of(s, "pgtables:");
	if (kv_num(s, "UID:", &x))
		v->uid = x;
	if (kv_num(s, "oom_score_adj:", &x))
		v->adj = x;
}

/* "oom-kill:constraint=...", the summary of 4.19 and later */
int oom_kill_line(struct oomx_parser *p, const char *m)
{
	parse_oom_kill(p, p->cur, m);
	return LINE_OK;
}

/* "Memory cgroup out of memory: ...": noted; the line goes on to the others. */
int memcg_oom_line(struct oomx_parser *p, const char *m)
{
	(void)m;
	p->cur->memcg_oom = 1;
	return LINE_NO;
}

/* "... Killed process N (comm) total-vm:..." ends the event. */
int killed_line(struct oomx_parser *p, const char *m)
{
	const char *s = strstr(m, "Killed process ");

	if (!s)
		return LINE_NO;
	parse_killed(p, p->cur, s + 15);
	return LINE_CLOSED;
}

/* "Out of memory: Kill process N (comm) score S or sacrifice child" */
int kill_process_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	const char *s;
	long long v;

	if ((s = strstr(m, "Kill process ")) == NULL &&
	    (s = strstr(m, "kill process ")) == NULL)
		return LINE_NO;
	if (*s == 'k')
		ev->shape |= OOMX_SH_KILL_LOWER;
	s = pid_comm(p, ev, s + 13, &ev->chosen_pid, &ev->chosen_comm,
		     " score ");
	if (s && (s = strstr(s, "score ")) != NULL &&
	    parse_u(s + 6, &v))
		ev->chosen_score = v;
	return LINE_OK;
}

int no_killable_line(struct oomx_parser *p, const char *m)
{
	if (!strstr(m, "no killable processes") &&
	    !strstr(m, "No available memory"))
		return LINE_NO;
	p->cur->no_killable = 1;
	return LINE_OK;
}

/*
 * A panic ends the event: nothing was killed.  With vm.panic_on_oom set
 * the kernel says which setting did it: "Out of memory: system-wide
 * panic_on_oom is enabled" (1: an OOM of the whole machine) or "compulsory
 * panic_on_oom is enabled" (2: a memcg, cpuset or mempolicy OOM too).
 */
int panic_line(struct oomx_parser *p, const char *m)
{
	if (!starts(m, "Kernel panic") && !strstr(m, "deadlocked on memory"))
		return LINE_NO;
	p->cur->panic = 1;
	if (strstr(m, "system-wide panic_on_oom is enabled"))
		p->cur->panic_on_oom = 1;
	else if (strstr(m, "compulsory panic_on_oom is enabled"))
		p->cur->panic_on_oom = 2;
	return LINE_CLOSED;
}

/* Before 4.19: "comm cpuset=/ mems_allowed=0" */
int cpuset_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	const char *s = strstr(m, " cpuset="), *e;

	if (!s || (e = strstr(s, " mems_allowed=")) == NULL)
		return LINE_NO;
	if (!ev->cpuset)
		ev->cpuset = ev_str(p, ev, s + 8, (size_t)(e - s - 8));
	if (!ev->mems_allowed)
		ev->mems_allowed = ev_str(p, ev, e + 14, strlen(e + 14));
	return LINE_OK;
}

/*
 * "oom_reaper: reaped process N (comm), now anon-rss:..." of the victim of
 * the event being read or of the last one, which it completes; 1 for any
 * oom_reaper line.
 */
int reaper_line(struct oomx_parser *p, const char *m)
{
	const char *s = strstr(m, "oom_reaper: reaped process ");
	struct oomx_event *ev;
	long long pid;

	if (!s && (s = strstr(m, "oom_reaper: unable to reap pid:")) != NULL) {
		if (parse_u(s + 31, &pid)) {
			ev = p->done && p->done->victim.pid == pid ? p->done : p->cur;
			if (ev && ev->victim.pid == pid)
				ev->reap_failed = 1;
		}
		return 1;
	}
	if (!s)
		return 0;
	s += 27;
	if (!parse_u(s, &pid))
		return 1;
	ev = p->done;
	if (!ev || ev->victim.pid != pid)
		ev = p->cur;
	if (!ev || ev->victim.pid != pid)
		return 1;
	ev->reaped = 1;
	ev->reaped_anon_kb = kb_of(s, "anon-rss:");
	ev->reaped_file_kb = kb_of(s, "file-rss:");
	ev->reaped_shmem_kb = kb_of(s, "shmem-rss:");
	if (ev == p->done)
		emit_done(p);
	return 1;
}
