# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/tap.sh: the TAP writer of 'make check', sourced by tests/run.sh:
# the counts, one result line each, gates, diagnostics, the phase times,
# and the closing plan and count.  A part that runs beside the guests
# (tests/host.sh) calls tap_defer first: its results and phases are then
# written as @@ records into its stream, and tap_replay numbers them
# into the main stream once the guests are done.
# Expects: $out, the folder of the logs.
# shellcheck disable=SC2154 # $out is tests/run.sh's

n=0 passed=0 failed=0 skipped=0
: >"$out/results"
: >"$out/tap"
# result ok|fail|skip NAME [REASON]: one TAP line, kept in $out/tap too.
result() {
	local line
	n=$((n + 1))
	printf '%s\t%s\n' "$1" "$2" >>"$out/results"
	case $1 in
	ok)
		passed=$((passed + 1))
		line="ok $n $2"
		;;
	skip)
		skipped=$((skipped + 1))
		line="ok $n $2 # SKIP ${3:-}"
		;;
	*)
		failed=$((failed + 1))
		line="not ok $n $2 # ${3:-failed}"
		;;
	esac
	echo "$line"
	echo "$line" >>"$out/tap"
}

# gate_verdict NAME LOG STATUS: ok when a command that wrote LOG ended
# with STATUS 0 and printed no warning or error, make's own $(warning)s
# ("Makefile:1311: C=2 specified, but sparse is not available or not up
# to date") included.
gate_verdict() {
	if [ "$3" = 0 ] && ! grep -Eiq '(warning|error)[: ]|Makefile[^ ]*:[0-9]+: ' "$2"; then
		result ok "$1"
	else
		result fail "$1" "see $2"
		sed 's/^/#   /' "$2" | tail -n 20
	fi
}

# diag N FILE: the last N lines of FILE, as TAP comments.
diag() { tail -n "$1" "$2" | sed 's/^/#   /'; }

# ktap_name LINE: the description of a KTAP result line, in $ktap (a
# variable, not a command substitution: thousands of results each cost a
# process otherwise).
ktap_name() {
	local l=${1#not }
	l=${l#ok }
	l=${l#"${l%%[!0-9]*}"}
	l=${l# }
	ktap=${l%% # *}
}

# phase NAME START: how long a phase took since START, now and again in
# the breakdown at the end.
phases=()
phase() {
	local secs
	secs=$(since "$2")
	echo "# $1 took $secs s"
	phases+=("$(printf '%8s s  %s' "$secs" "$1")")
}

# The stream is TAP version 13 with the plan at its end, so that prove and
# other TAP consumers read it; the plain count closes it, for CI.  The
# failures are repeated just above it, where a log cut to its tail shows
# them.
finish() {
	if [ "$failed" != 0 ]; then
		echo "# the $failed failure(s) again:"
		grep '^not ok ' "$out/tap" | sed 's/^/#   /'
	fi
	echo "1..$n"
	echo "$passed passed, $failed failed$([ "$skipped" = 0 ] || echo ", $skipped skipped")"
	[ "$failed" = 0 ]
}

# tap_import LOG [PREFIX]: the results of another TAP or KTAP stream, the
# "ok"/"not ok" lines of LOG, as results of this one, their names after
# PREFIX.  A failure's reason is its own "# ..." or else the comment line
# right under it, which TAP producers write there; without either, LOG.
# Sets $imported, how many there were.
tap_import() {
	local line why
	imported=0
	while read -r line; do
		imported=$((imported + 1))
		why=${line#*# }
		[ "$why" != "$line" ] || why="see $1"
		ktap_name "$line"
		case $line in
		"ok "*"# SKIP"*) result skip "${2:-}$ktap" "${line#*# SKIP }" ;;
		"ok "*) result ok "${2:-}$ktap" ;;
		"not ok "*) result fail "${2:-}$ktap" "$why" ;;
		esac
	done < <(awk '
		held != "" {
			if (/^# ./) { print held " # " substr($0, 3); held = ""; next }
			print held; held = ""
		}
		/^not ok [0-9]+ / && !/ # / { held = $0; next }
		/^(not )?ok [0-9]+ / { print }
		END { if (held != "") print held }' "$1")
}

# tap_defer: from here on (in a subshell), result and phase write @@
# records for tap_replay instead of TAP lines.
# shellcheck disable=SC2317 # the functions are called by the part
tap_defer() {
	result() { printf '@@result\t%s\t%s\t%s\n' "$1" "$2" "${3:-}"; }
	phase() { printf '@@phase\t%s\t%s\n' "$1" "$(since "$2")"; }
}

# tap_replay STREAM: the records and comments of a deferred part, in order.
tap_replay() {
	local line kind name why secs
	while IFS= read -r line; do
		case $line in
		@@result$'\t'*)
			IFS=$'\t' read -r _ kind name why <<<"$line"
			result "$kind" "$name" "$why"
			;;
		@@phase$'\t'*)
			IFS=$'\t' read -r _ name secs <<<"$line"
			echo "# $name took $secs s (beside the guests)"
			phases+=("$(printf '%8s s  %s (beside the guests)' "$secs" "$name")")
			;;
		*) echo "$line" ;;
		esac
	done <"$1"
}
