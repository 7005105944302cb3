# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/escaping.sh, sourced by tests/run-tests.sh: nothing a terminal or a browser acts on passes from the log to any output.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# Nothing a terminal or a browser acts on passes from the log to any
# output: each class (bytes as printf writes them) as a task name, in the
# header, in a line the parser skips and in the kill line, must come out
# escaped as the text shows it and as JSON writes it (\ufffd: U+FFFD), in the text, the
# facts, --skipped, JSON and HTML, and no output may hold it raw.
noraw() {
	command -v python3 >/dev/null 2>&1 || return 0
	python3 "$here/no-raw-controls.py" "$@"
}
while read -r class bytes shown json; do
	[ -n "$class" ] || continue
	x=$(printf '%b' "$bytes")
	# JSON holds a byte that is not UTF-8 as U+FFFD itself
	json=$(printf '%s' "$json" | sed "s/\\\\ufffd/$(printf '\357\277\275')/g")
	{
		printf 'a%sb invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n' "$x"
		printf 'junk a%sb\n' "$x"
		printf 'Out of memory: Killed process 9 (a%sb) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' "$x"
	} >"$work/ctl.txt"
	why=
	run "$work/ctl.text" "$work/ctl.skipped" "$bin" --skipped "$work/ctl.txt"
	if [ "$rc" -ne 0 ] || ! sanitizer_clean "$work/ctl.skipped"; then
		why="text: exit $rc"
	elif ! grep -qF "Trigger:    a${shown}b (pid" "$work/ctl.text" ||
	     ! grep -qF "Victim:     a${shown}b (pid 9)" "$work/ctl.text"; then
		why="text: no a${shown}b"
	elif ! grep -qxF "oom-explain: event 1: skipped: junk a${shown}b" "$work/ctl.skipped"; then
		why="--skipped: no a${shown}b"
	fi
	run "$work/ctl.facts" "$work/err" "$bin" --facts "$work/ctl.txt"
	if [ -z "$why" ] && { ! grep -qxF "e1.trigger.comm=a${shown}b" "$work/ctl.facts" ||
	     ! grep -qxF "e1.victim.comm=a${shown}b" "$work/ctl.facts"; }; then
		why="facts: no a${shown}b"
	fi
	run "$work/ctl.json" "$work/err" "$bin" --json "$work/ctl.txt"
	jrc=0
	json_valid "$work/ctl.json" 1 || jrc=$?
	if [ -z "$why" ] && { [ "$jrc" -eq 1 ] ||
	     [ "$(grep -oF "\"comm\":\"a${json}b\"" "$work/ctl.json" | wc -l)" -ne 2 ]; }; then
		why="json: invalid, or comm is not \"a${json}b\" twice"
	fi
	run "$work/ctl.out" "$work/err" "$bin" --html "$work/ctl.html" "$work/ctl.txt"
	if [ -z "$why" ] && [ "$(grep -oF "a${shown}b" "$work/ctl.html" | wc -l)" -lt 3 ]; then
		why="html: a${shown}b not shown as trigger, victim and task"
	fi
	if [ -z "$why" ] && ! noraw "$work/ctl.text" "$work/ctl.skipped" "$work/ctl.facts" \
		"$work/ctl.json" "$work/ctl.html" >"$work/noraw" 2>&1; then
		why="raw: $(head -n 1 "$work/noraw")"
	fi
	if [ -z "$why" ]; then
		ok "no raw control in any output: $class"
	else
		not_ok "no raw control in any output: $class" "$why"
	fi
done <<'CLASSES'
c0-esc          \0033               \x1b            \u001b
c0-bel          \0007               \x07            \u0007
c0-tab          \0011               \x09            \t
c0-cr           \0015               \x0d            \r
del             \0177               \x7f            \u007f
c1-byte-csi     \0233               \x9b            \ufffd
c1-byte-osc     \0235               \x9d            \ufffd
c1-byte-st      \0234               \x9c            \ufffd
c1-utf8-csi     \0302\0233          \u009b          \u009b
c1-utf8-osc     \0302\0235          \u009d          \u009d
c1-utf8-st      \0302\0234          \u009c          \u009c
c1-utf8-nel     \0302\0205          \u0085          \u0085
bidi-lre        \0342\0200\0252     \u202a          \u202a
bidi-pdf        \0342\0200\0254     \u202c          \u202c
bidi-rlo        \0342\0200\0256     \u202e          \u202e
bidi-lri        \0342\0201\0246     \u2066          \u2066
bidi-pdi        \0342\0201\0251     \u2069          \u2069
bidi-lrm        \0342\0200\0216     \u200e          \u200e
bidi-rlm        \0342\0200\0217     \u200f          \u200f
bidi-alm        \0330\0234          \u061c          \u061c
bom             \0357\0273\0277     \ufeff          \ufeff
utf8-invalid    \0377               \xff            \ufffd
utf8-cut        \0342\0200          \xe2\x80        \ufffd\ufffd
utf8-overlong   \0300\0257          \xc0\xaf        \ufffd\ufffd
utf8-surrogate  \0355\0240\0200     \xed\xa0\x80    \ufffd\ufffd\ufffd
CLASSES
# printable UTF-8 stays as it is (the same check, a class that passes)
printf 'a\303\251b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (a\342\206\222b) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/ctl.txt"
run "$work/ctl.text" "$work/err" "$bin" "$work/ctl.txt"
run "$work/ctl.json" "$work/err2" "$bin" --json "$work/ctl.txt"
if [ "$rc" -eq 0 ] && grep -qF "$(printf 'a\303\251b')" "$work/ctl.text" &&
   grep -qF "$(printf '"comm":"a\342\206\222b"')" "$work/ctl.json"; then
	ok "printable UTF-8 is shown as it is"
else
	not_ok "printable UTF-8 is shown as it is" "exit $rc"
fi
