/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared state of the alloc_oom module.
 *
 * The files depend on each other one way only:
 *
 *   alloc_oom.c     parameters, the allocation loop, debugfs, init/exit
 *     oom_notifier.c  the OOM notifier and the kill limit
 *       blocks.c        the blocks held and their release
 *     pressure.c      the watermark a pressure round stops below
 *     buddy_stats.c   the scan of the buddy free lists
 */
#ifndef ALLOC_OOM_H
#define ALLOC_OOM_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/notifier.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "compat.h"

/* What the notifier's firing leads to; see the release parameter. */
enum aoom_release {
	AOOM_RELEASE_NONE,
	AOOM_RELEASE_BACKUP,
	AOOM_RELEASE_ALL,
	AOOM_RELEASE_NOTIFIER,
};

/* Where a round is: the notifier answers by it. */
enum aoom_phase {
	AOOM_PHASE_IDLE,
	AOOM_PHASE_TAKING,
	AOOM_PHASE_HANDING_BACK,
};

/* Why an allocation round ended. */
enum aoom_stop {
	AOOM_STOP_NONE,
	AOOM_STOP_NOTIFIER,
	AOOM_STOP_SIGNAL,
	AOOM_STOP_ALLOC_FAILED,
	AOOM_STOP_TARGET,
	AOOM_STOP_KILL,
};

/* The outcome of one allocation round, as the summary line reports it. */
struct aoom_round {
	unsigned long blocks;
	s64 ms;
	enum aoom_stop stop;
	int notifier_hits;
	unsigned long kills;
	unsigned long released; /* pages */
	unsigned long held; /* pages */
};

/**
 * struct aoom_blocks - the blocks the module holds
 * @order: order of every block taken
 * @gfp: allocation flags
 * @backup: size of the reserve, in blocks of @order
 * @step: blocks the OOM notifier frees at a call that finds the reserve
 *	gone: @backup, and at least the default reserve
 * @lock: protects the lists and their counts
 * @reserve: the first @backup blocks taken, chained on page->lru
 * @held: every other block, chained on page->lru
 * @nr_reserve: blocks of @order on @reserve; a list entry may be a bigger
 *	block (AOOM_RESERVE_ORDER), whose order is in its page->private
 * @nr_held: blocks of @order on @held
 */
struct aoom_blocks {
	unsigned int order;
	gfp_t gfp;
	unsigned long backup;
	unsigned long step;

	spinlock_t lock; /* protects the lists and their counts */
	struct list_head reserve;
	struct list_head held;
	unsigned long nr_reserve;
	unsigned long nr_held;
};

/*
 * A watched zone as a pressure round's last check saw it, in pages; its
 * marks are zone->_watermark[] plus @boost (aoom_wmark()).
 */
struct aoom_zone_seen {
	unsigned long free; /* CMA left out */
	unsigned long cma;
	unsigned long highatomic; /* left out as the highatomic reserve */
	unsigned long boost;
	long reserve; /* lowmem_reserve against the round's requests */
};

/**
 * struct aoom_target - what a pressure round watches
 * @mark: the watermark a round stops below, or -1 for none
 * @nodes: the nodes the round's requests may use
 * @top_zone: the highest zone index the requests may use (gfp_zone())
 * @seen: the watched zones as the round's last look saw them, nr_node_ids
 *	rows of MAX_NR_ZONES, by node and zone index; written and read under
 *	the round lock
 */
struct aoom_target {
	int mark;
	nodemask_t nodes;
	int top_zone;
	struct aoom_zone_seen (*seen)[MAX_NR_ZONES];
};

/**
 * struct aoom - everything the module holds
 * @blocks: the blocks taken
 * @release: what the loop hands back when the notifier fired
 * @kills: kills a round allows before the module gives memory back
 *	instead, 0 for no limit
 * @account: the blocks are charged to the loading task's memory cgroup
 * @target: the pressure round's watermark and zones
 * @notified: set by the notifier, cleared when a round starts
 * @handed_back: set when the notifier handed memory back instead of a kill,
 *	cleared when a round starts
 * @phase: what the round is doing, an enum aoom_phase.  Set with
 *	smp_store_release() after the fields it makes valid (@round_task,
 *	@own_kills, @handing_back), read with smp_load_acquire()
 * @handing_back: what the round hands back once its loop has ended
 * @round_task: the task the running round allocates in
 * @own_kills: the kills of the round's loop (see oom_notifier.c);
 *	written under the kernel's oom_lock
 * @armed_by: the task whose machine-wide OOM the notifier let go on to a
 *	kill, until its first victim is marked; under oom_lock
 * @kills_seen: the kernel's oom_kill count when the last victim was
 *	marked; under oom_lock
 * @mark_victim: the kernel's mark_victim tracepoint, NULL until found
 * @notifier_hits: times the OOM notifier has been called since load
 * @notifier_freed: pages the notifier handed back since load, and the
 *	blocks @release_work freed for it
 * @release_work: frees every block outside oom_lock, for a notifier call
 *	that found the reserve gone
 * @oom_nb: our entry in the kernel's OOM notifier chain
 * @last_round: the outcome of the last round
 * @rounds: rounds run since load
 * @round_lock: serialises rounds and releases; held while a round runs
 * @debugfs: our debugfs folder
 */
struct aoom {
	struct aoom_blocks blocks;
	enum aoom_release release;
	unsigned int kills;
	bool account;
	struct aoom_target target;

	bool notified;
	bool handed_back;
	int phase;
	enum aoom_release handing_back;
	struct task_struct *round_task;
	unsigned long own_kills;
	struct task_struct *armed_by;
	unsigned long kills_seen;
	struct tracepoint *mark_victim;
	atomic_t notifier_hits;
	atomic_long_t notifier_freed;
	struct work_struct release_work;
	struct notifier_block oom_nb;

	struct aoom_round last_round;
	unsigned long rounds;
	struct mutex round_lock; /* one round or release at a time */
	struct dentry *debugfs;
};

/* blocks.c */
struct page *aoom_blocks_alloc(struct aoom_blocks *b, bool *try_reserve,
			       unsigned int *order);
void aoom_blocks_hold(struct aoom_blocks *b, struct page *page,
		      unsigned int order);
unsigned long aoom_blocks_release(struct aoom_blocks *b,
				  enum aoom_release what);
unsigned long aoom_blocks_release_some(struct aoom_blocks *b,
				       unsigned long max);
unsigned long aoom_blocks_held(struct aoom_blocks *b);

/* oom_notifier.c */
bool aoom_kill_limit_reached(const struct aoom *a);
int aoom_notifier_register(struct aoom *a);
void aoom_notifier_unregister(struct aoom *a);
void aoom_notifier_flush(struct aoom *a);

/* pressure.c */
int aoom_target_init(struct aoom_target *t, gfp_t gfp);
void aoom_target_exit(struct aoom_target *t);
bool aoom_below_target(struct aoom_target *t);
void aoom_target_log(const struct aoom_target *t);

/* buddy_stats.c */
unsigned long aoom_free_pages_from(const unsigned long *nr_free,
				   unsigned int order);
void aoom_buddy_log(const char *when, unsigned int order);
int aoom_buddyinfo_show(struct seq_file *m, void *unused);

#endif /* ALLOC_OOM_H */
