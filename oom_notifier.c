// SPDX-License-Identifier: GPL-2.0
/*
 * The module's entry in the kernel's OOM notifier chain, and the kill
 * limit.
 *
 * out_of_memory() calls the chain, under oom_lock, before it picks a
 * victim.  The allocation loop cannot see an OOM any other way: its own
 * alloc_pages() call may simply succeed once the victim's memory has been
 * reaped.  So the notifier counts the hit and tells the loop to stop; the
 * loop then hands back the reserve as the release parameter says.
 *
 * Pages freed here and reported in *freed make out_of_memory() return
 * without killing, as virtio_balloon does.  That is what release=notifier
 * asks for on every hit, and what the kill limit asks for once a round has
 * seen its kills: the allocation that is still short after a kill calls
 * the OOM killer again, and without the limit the kernel would kill once
 * more, or, with nothing left to kill, panic.
 *
 * A round's kills are its own, not the machine's: a probe on the kernel's
 * mark_victim tracepoint, which fires under oom_lock for each task the OOM
 * killer marks, counts
 *  - the first victim of each machine-wide OOM during the round, whoever's
 *    allocation called it (the round is what ran the machine out), but not
 *    sysrq-f's, whose call the notifier knows (aoom_oom_is_manual()), nor
 *    the other members of a memory.oom.group killed with it;
 *  - with account=1, each victim of the round's own memory cgroup OOMs:
 *    those that run in the round's task.
 * A memory cgroup's OOM elsewhere calls no notifier and runs in another
 * task, so it is not counted.  Telling the two kinds apart needs the
 * notifier: it is called for machine-wide OOMs only, so it arms the probe
 * for the calling task when it lets the kernel go on to a kill, and the
 * probe disarms at that task's next mark.  A victim marked without a kill
 * (one already exiting, which the kernel only waits for) has not moved the
 * kernel's oom_kill count, which a kill raises just before its mark, and
 * is not counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/oom.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

#include "alloc_oom.h"

#if !IS_ENABLED(CONFIG_VM_EVENT_COUNTERS)
#error "alloc_oom tells kills by the oom_kill event: CONFIG_VM_EVENT_COUNTERS"
#endif

/*
 * The kernel's count of OOM kills: the oom_kill line of /proc/vmstat, one
 * per victim, of the machine-wide OOM killer and of every memory
 * cgroup's.  The per-CPU counters are summed without a lock, as the
 * machine-wide /proc files do; a CPU that goes offline has its counts
 * moved to another, so none is lost.
 */
static unsigned long aoom_oom_kills(void)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(vm_event_states, cpu).event[OOM_KILL];
	return sum;
}

/**
 * aoom_kill_limit_reached - has the round had as many kills as it allows?
 * @a: the module's state; its round has a kill limit
 *
 * The one test of the kill limit, for the round's loop and the notifier.
 *
 * Return: true once the running round's own kills reach @a->kills.
 */
bool aoom_kill_limit_reached(const struct aoom *a)
{
	return READ_ONCE(a->own_kills) >= a->kills;
}

/*
 * A task has been marked as an OOM victim; under oom_lock, in the task
 * that called the OOM killer.  Counts the round's own kills (see the top
 * of this file).
 */
static void aoom_victim_marked(struct aoom *a)
{
	unsigned long kills = aoom_oom_kills();
	bool killed = kills != a->kills_seen, ours;

	a->kills_seen = kills;
	if (READ_ONCE(a->armed_by) == current) {
		/* The first victim of the call the notifier let through. */
		WRITE_ONCE(a->armed_by, NULL);
		ours = killed;
	} else {
		ours = killed && a->account &&
		       READ_ONCE(a->round_task) == current;
	}
	/* Pairs with the smp_store_release()s in aoom_run_round(). */
	if (ours && smp_load_acquire(&a->phase) == AOOM_PHASE_TAKING)
		WRITE_ONCE(a->own_kills, a->own_kills + 1);
}

/* The probes, one for each form of the tracepoint's arguments (compat.h). */
static void aoom_marked_task(void *data, struct task_struct *task, uid_t uid)
{
	aoom_victim_marked(data);
}

static void aoom_marked_pid(void *data, int pid)
{
	aoom_victim_marked(data);
}

static void aoom_find_mark_victim(struct tracepoint *tp, void *priv)
{
	struct aoom *a = priv;

	if (!strcmp(tp->name, "mark_victim"))
		a->mark_victim = tp;
}

static void *aoom_mark_victim_probe(void)
{
	return AOOM_MARK_VICTIM_HAS_TASK ? (void *)aoom_marked_task :
					   (void *)aoom_marked_pid;
}

/* cpuset_mems_allowed_intersects() with current, which is not exported. */
static bool aoom_mems_intersect(struct task_struct *p)
{
#if IS_ENABLED(CONFIG_CPUSETS)
	return nodes_intersects(current->mems_allowed, p->mems_allowed);
#else
	return true;
#endif
}

/*
 * Would the OOM killer find a task to kill, or one it is already waiting
 * for?  The tests select_bad_process() and oom_badness() make, none of
 * them exported, as far as a module can see them: a user process with
 * memory not already reaped, whose oom_score_adj is above -1000, sharing
 * nodes with the allocating task's cpuset.  A victim still exiting counts,
 * because the kernel then waits for it instead of choosing.  What is not
 * visible here, a task's memory policy, is not tested: under a
 * CONSTRAINT_MEMORY_POLICY OOM a task this counts may not be eligible.
 */
static bool aoom_oom_candidate_exists(void)
{
	struct task_struct *p, *t;
	struct mm_struct *mm;
	bool found = false;

	rcu_read_lock();
	for_each_process(p) {
		if (is_global_init(p) || (p->flags & PF_KTHREAD))
			continue;
		if (!aoom_mems_intersect(p))
			continue;
		if (tsk_is_oom_victim(p) &&
		    !aoom_mm_oom_skip(p->signal->oom_mm)) {
			found = true;
			break;
		}
		if (READ_ONCE(p->signal->oom_score_adj) == OOM_SCORE_ADJ_MIN ||
		    in_vfork(p))
			continue;
		for_each_thread(p, t) {
			task_lock(t);
			mm = t->mm;
			found = mm && !aoom_mm_oom_skip(mm);
			task_unlock(t);
			if (mm)
				break;
		}
		if (found)
			break;
	}
	rcu_read_unlock();
	return found;
}

/* How the notifier answers a call of the OOM killer. */
enum aoom_answer {
	AOOM_LET_KILL, /* free nothing: the kernel picks a victim */
	AOOM_GIVE_RESERVE, /* the reserve, if it is still held */
	AOOM_GIVE, /* the reserve, or else the other blocks */
};

/*
 * Must this call of the OOM killer be answered with memory rather than a
 * kill?  Yes with release=notifier; yes once the round's loop has had its
 * kills; and yes whenever the module holds memory and the kernel would
 * find nothing to kill: it would panic, and the module would be the cause.
 * While the round hands back after its loop, a call (of another task) gets
 * the reserve if the round is about to hand that back anyway, and never
 * more: release=backup keeps the other blocks, release=none everything.
 */
static enum aoom_answer aoom_answer(struct aoom *a)
{
	int phase;

	if (a->release == AOOM_RELEASE_NOTIFIER)
		return AOOM_GIVE;
	if (!a->kills)
		return AOOM_LET_KILL;
	/* Pairs with the smp_store_release()s in aoom_run_round(). */
	phase = smp_load_acquire(&a->phase);
	if (phase == AOOM_PHASE_TAKING && aoom_kill_limit_reached(a))
		return AOOM_GIVE;
	if (phase == AOOM_PHASE_HANDING_BACK &&
	    READ_ONCE(a->handing_back) != AOOM_RELEASE_NONE)
		return AOOM_GIVE_RESERVE;
	return aoom_oom_candidate_exists() ? AOOM_LET_KILL : AOOM_GIVE;
}

/*
 * The notifier's messages that may repeat: an allocation that stays short
 * calls the OOM killer again at every retry, and a big machine retries
 * for a long time.
 */
static DEFINE_RATELIMIT_STATE(aoom_notify_rs, DEFAULT_RATELIMIT_INTERVAL,
			      DEFAULT_RATELIMIT_BURST);

/*
 * Is this call of the OOM killer a manual one, sysrq-f?
 *
 * out_of_memory() marks one with order -1 (is_sysrq_oom()), but a
 * notifier is given no oom_control to read that from.  What it can see is
 * who is calling.  sysrq-f schedules moom_work, whose function
 * moom_callback() (drivers/tty/sysrq.c) takes oom_lock and calls
 * out_of_memory() from the system workqueue: the caller is then a
 * workqueue worker whose current work item runs moom_callback.  That is
 * so in 5.10, 6.1, 6.12 and 7.3.  current_work() is exported; the
 * function is static, so it is compared by its symbol name (%ps, through
 * kallsyms).  A kernel without CONFIG_KALLSYMS prints an address instead,
 * and there a manual OOM is taken for any other.
 */
static bool aoom_oom_is_manual(void)
{
	struct work_struct *work = current_work();
	char name[32];

	if (!work)
		return false;
	snprintf(name, sizeof(name), "%ps", work->func);
	return !strcmp(name, "moom_callback");
}

static int aoom_oom_notify(struct notifier_block *nb, unsigned long unused,
			   void *parm)
{
	struct aoom *a = container_of(nb, struct aoom, oom_nb);
	int hits = atomic_inc_return(&a->notifier_hits);
	unsigned long *freed = parm;
	enum aoom_answer answer;
	unsigned long n;

	/*
	 * sysrq-f asks for a kill, and gets one.  Before 5.17 ("mm, oom: OOM
	 * sysrq should always kill a process") out_of_memory() returned
	 * without killing as soon as a notifier freed anything, sysrq or
	 * not; later kernels kill anyway, but the module would have emptied
	 * itself for nothing.  So it frees nothing, and a running round does
	 * not take the call for its own.
	 */
	if (aoom_oom_is_manual()) {
		if (__ratelimit(&aoom_notify_rs))
			pr_info("OOM notifier called (hit %d) by sysrq-f: the module keeps its blocks\n",
				hits);
		return NOTIFY_OK;
	}
	WRITE_ONCE(a->notified, true);
	answer = aoom_answer(a);
	if (answer == AOOM_LET_KILL) {
		if (__ratelimit(&aoom_notify_rs))
			pr_info("OOM notifier called (hit %d)\n", hits);
		/* Nothing freed here, so the kernel goes on to pick a victim. */
		WRITE_ONCE(a->armed_by, current);
		return NOTIFY_OK;
	}
	/*
	 * Process context under oom_lock, which memcg OOMs wait on, so only
	 * a bounded amount is freed here: the reserve, or when it is gone
	 * already (an earlier call took it, and the request is still short)
	 * one reserve's worth of the other blocks, since a call that frees
	 * nothing would end in the kill or panic this is here to stop.  A
	 * worker frees the rest, outside the lock.
	 */
	n = aoom_blocks_release(&a->blocks, AOOM_RELEASE_BACKUP);
	if (!n && answer == AOOM_GIVE) {
		n = aoom_blocks_release_some(&a->blocks, a->blocks.step);
		if (aoom_blocks_held(&a->blocks))
			schedule_work(&a->release_work);
	}
	atomic_long_add(n, &a->notifier_freed);
	*freed += n;
	if (!n) {
		if (__ratelimit(&aoom_notify_rs))
			pr_info("OOM notifier called (hit %d), freed 0 pages\n",
				hits);
		WRITE_ONCE(a->armed_by, current);
		return NOTIFY_OK;
	}
	WRITE_ONCE(a->handed_back, true);
	/* Each of these frees memory, so they cannot come in a flood. */
	pr_info("OOM notifier called (hit %d), freed %lu pages\n", hits, n);
	return NOTIFY_OK;
}

/*
 * The rest of the blocks, for a notifier call that found the reserve gone,
 * one reserve's worth at a time, so that the blocks not yet freed stay on
 * the list: a notifier call while the worker runs finds them there and
 * frees its own share, instead of an empty list, which would leave the
 * kernel nothing freed and nothing to kill ("System is deadlocked on
 * memory").
 */
static void aoom_release_work(struct work_struct *work)
{
	struct aoom *a = container_of(work, struct aoom, release_work);
	unsigned long n, total = 0;

	while ((n = aoom_blocks_release_some(&a->blocks, a->blocks.step))) {
		atomic_long_add(n, &a->notifier_freed);
		total += n;
		cond_resched();
	}
	if (total)
		pr_info("OOM notifier: freed %lu more pages outside oom_lock\n",
			total);
}

/**
 * aoom_notifier_register - join the OOM notifier chain and watch the victims
 * @a: the module's state
 *
 * The probe first, so that every call the notifier arms reaches it.
 *
 * Return: 0, -ENOENT when the kernel has no mark_victim tracepoint, or the
 * error of tracepoint_probe_register() or register_oom_notifier().
 */
int aoom_notifier_register(struct aoom *a)
{
	int ret;

	for_each_kernel_tracepoint(aoom_find_mark_victim, a);
	if (!a->mark_victim) {
		pr_err("the kernel has no mark_victim tracepoint (CONFIG_TRACEPOINTS): a round could not tell its own OOM kills\n");
		ret = -ENOENT;
		goto out;
	}
	a->kills_seen = aoom_oom_kills();
	ret = tracepoint_probe_register(a->mark_victim,
					aoom_mark_victim_probe(), a);
	if (ret) {
		pr_err("cannot watch the OOM killer's victims (mark_victim tracepoint): %d\n",
		       ret);
		goto out;
	}
	INIT_WORK(&a->release_work, aoom_release_work);
	a->oom_nb.notifier_call = aoom_oom_notify;
	ret = register_oom_notifier(&a->oom_nb);
	if (ret) {
		pr_err("cannot register the OOM notifier: %d\n", ret);
		goto out_probe;
	}
	return 0;

out_probe:
	tracepoint_probe_unregister(a->mark_victim, aoom_mark_victim_probe(),
				    a);
	tracepoint_synchronize_unregister();
out:
	return ret;
}

/**
 * aoom_notifier_unregister - leave the OOM notifier chain
 * @a: the module's state
 *
 * Once this returns the notifier, its worker and the probe are not running
 * and will not run again.
 */
void aoom_notifier_unregister(struct aoom *a)
{
	unregister_oom_notifier(&a->oom_nb);
	flush_work(&a->release_work);
	tracepoint_probe_unregister(a->mark_victim, aoom_mark_victim_probe(),
				    a);
	tracepoint_synchronize_unregister();
}

/**
 * aoom_notifier_flush - wait for the notifier's worker
 * @a: the module's state
 *
 * Once this returns, what a notifier call so far left to the worker has
 * been freed and counted in @a->notifier_freed.
 */
void aoom_notifier_flush(struct aoom *a)
{
	flush_work(&a->release_work);
}
