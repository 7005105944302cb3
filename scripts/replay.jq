# SPDX-License-Identifier: GPL-2.0
#
# The facts scripts/replay.sh compares, read from one event of
# 'oom-explain --json'.  facts($zmap) gives one object per fact row:
# {fact, value}, and shown where the text differs from the value
# compared; $zmap maps the event's zone names to the guest's (the
# plan's zone mapping, {} for none).  A value of null is a fact the report
# does not state.

def has_verdict($v): any(.verdicts[]?; . == $v);

def kind:
	if .panic then "panic"
	elif .kind == "alloc_failure" then "allocation failure, no OOM killer"
	elif .victim == null then "OOM killer, nothing killed"
	else "OOM kill" end;

# The constraint's class: as printed, else what the verdicts say (a
# report from before 4.19 prints no oom-kill: line).
def ctype:
	if .kind != "oom" then "none (no OOM killer)"
	else .constraint.type // (
		if has_verdict("memcg_limit") then "CONSTRAINT_MEMCG"
		elif has_verdict("cpuset_constraint") then "CONSTRAINT_CPUSET"
		elif has_verdict("mempolicy_constraint") then "CONSTRAINT_MEMORY_POLICY"
		else "CONSTRAINT_NONE" end)
	end;

def constraint:
	ctype as $t |
	if $t == "CONSTRAINT_CPUSET" then "\($t) mems_allowed=\(.constraint.mems_allowed)"
	elif $t == "CONSTRAINT_MEMORY_POLICY" then "\($t) nodemask=\(.constraint.nodemask)"
	else $t end;

def gfpclass:
	if .gfp.highest_zone == null then null
	else "up to " + .gfp.highest_zone + (if .gfp.movable then ", movable" else ", not movable" end) end;

def zstate:
	if .below_min == true then
		({"free": "below min", "lowmem_reserve": "refused by lowmem_reserve",
		  "cma": "short once free CMA is left out", "highatomic": "short once highatomic is left out"}
		 [.below_min_cause // "free"] // ("below min (" + .below_min_cause + ")"))
	elif .has_block == false then "no free block of the order"
	elif .below_min == false then "could serve it"
	else "unknown" end;

# The zones the request may use, and what each said to it.  Zones it may
# not use are left out: which of them a report prints depends on the
# kernel's era (6.x prints none above the request's highest), and their
# free pages are the verdict free_in_unusable_zones.
def zones($zmap; $shown):
	[.zones[] | select(.usable and .node_allowed != false)] as $z |
	if ($z | length) == 0 then "none printed"
	else [$z[] | (if (.node // 0) > 0 then "node \(.node) " else "" end)
		+ (if $zmap[.name] == null then .name elif $shown then "\(.name) (as \($zmap[.name]))"
		   else $zmap[.name] end) + ": " + zstate] | join("; ") end;

def rank:
	if .victim == null then "no victim"
	elif .badness.victim_is_highest == true then "the highest badness"
	elif .badness.victim_is_highest == false then "not the highest badness"
	else null end;

def vadj:
	if .victim == null then "no victim"
	else .victim.oom_score_adj end;

def vtrigger:
	if .victim == null then "no victim"
	elif .victim.pid != null and .victim.pid == .trigger.pid then "yes"
	elif .victim.pid != null and .trigger.pid != null then "no"
	else null end;

def facts($zmap):
	[{fact: "kind", value: kind},
	 {fact: "constraint", value: constraint},
	 {fact: "order", value: (.trigger.order | if . == null then null else tostring end)},
	 {fact: "GFP zone class", value: gfpclass},
	 {fact: "verdicts", value: (.verdicts | sort | join(", "))},
	 {fact: "zones", value: zones($zmap; false), shown: zones($zmap; true)},
	 {fact: "victim's rank", value: rank},
	 {fact: "victim oom_score_adj", value: (vadj | if . == null then null else tostring end)},
	 {fact: "victim is the trigger", value: vtrigger}];
