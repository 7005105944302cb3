# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/browser.sh, sourced by tests/run-tests.sh: the HTML pages in a real browser (chromium) and the DOM checkers' own tests.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# --html in a real browser: chromium loads the page of real reports, the
# DOM it built has every zone with its bars and the victim marked; a
# screenshot of each page is kept
shots="$top/build/test/html"
mkdir -p "$shots"
browser=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
# in_browser NAME PAGE PNG CHECKER ARGS...: one test: chromium loads
# PAGE, keeps a screenshot in PNG, and CHECKER reads the DOM it built
# (CHECKER DOM ARGS...)
in_browser() {
	bname=$1
	bpage=$2
	bpng=$3
	bcheck=$4
	shift 4
	brc=0
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$work/chromium" --window-size=1000,1600 \
		--screenshot="$bpng" --dump-dom "file://$bpage" \
		>"$work/dom" 2>"$work/browser.err" </dev/null || brc=$?
	if [ "$brc" -ne 0 ]; then
		not_ok "$bname" "$browser exit $brc: $(grep -v dbus "$work/browser.err" | tail -n 1)"
	elif ! python3 "$bcheck" "$work/dom" "$@" >"$work/check" 2>&1; then
		not_ok "$bname" "$(head -n 3 "$work/check" | tr '\n' ';')"
	elif [ "$(head -c 8 "$bpng" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
		not_ok "$bname" "no PNG screenshot at $bpng"
	else
		ok "$bname"
		echo "# screenshot: $bpng"
	fi
}
while read -r name flags; do
	fx="$here/fixtures/$name.txt"
	page="$shots/$name.html"
	png="$shots/$name.png"
	if [ -z "$browser" ]; then
		ok "html in chromium $name # SKIP chromium not installed (scripts/setup-host.sh installs it)"
		continue
	fi
	rm -f "$png"
	run "$work/facts" "$work/err" "$bin" --facts "$fx"
	run "$work/out" "$work/err" "$bin" --html "$page" "$fx"
	if [ "$rc" -ne 0 ] || ! sanitizer_clean "$work/err"; then
		not_ok "html in chromium $name" "oom-explain --html: exit $rc"
		continue
	fi
	in_browser "html in chromium $name" "$page" "$png" "$here/check-html-dom.py" \
		"$work/facts" ${flags:+"$flags"}
done <<'PAGES'
seed-000-arm-4.0-highmem --victim-row
numa-4.18-rocky8-nodemask --victim-row
era-2.6.32-rhel6-two-nodes
guest-x86_64-6.1-256M --victim-row
allocfail-2.6.31-linux-mm-order5
guest-arm-6.1-1G --victim-row
armhf-6.1-vexpress-highmem --victim-row
stall-4.9-linux-mm-syslog
stall-4.10-linux-mm-then-oom
memcg-3.10-linux-mm-trace-only
allocfail-5.10-lkml-wrapped-zones
arm64-5.4-blog-64k-pages
mips64-3.17-linux-mips-16k-pages
PAGES
# the summary page of all fixtures: what chromium built counts what
# --summary --json counts
page="$shots/summary.html"
png="$shots/summary.png"
rm -f "$png"
if [ -z "$browser" ]; then
	ok "summary page in chromium # SKIP chromium not installed (scripts/setup-host.sh installs it)"
else
	run "$work/sum.json" "$work/err" "$bin" --summary --json "$here"/fixtures/*.txt
	run "$work/out" "$work/err2" "$bin" --summary --html "$page" "$here"/fixtures/*.txt
	if [ "$rc" -ne 0 ] || ! sanitizer_clean "$work/err2"; then
		not_ok "summary page in chromium" "oom-explain --summary --html: exit $rc"
	else
		in_browser "summary page in chromium" "$page" "$png" "$here/check-summary-dom.py" "$work/sum.json"
	fi
	# and the checker sees a bar that counts wrong
	sed -e 's/class="vbar" data-verdict="below_min" data-count="\([0-9]*\)"/class="vbar" data-verdict="below_min" data-count="1\1"/' \
		"$work/dom" >"$work/wrong.html"
	if ! cmp -s "$work/dom" "$work/wrong.html" &&
	   ! python3 "$here/check-summary-dom.py" "$work/wrong.html" "$work/sum.json" >/dev/null 2>&1; then
		ok "summary page check finds a wrong bar"
	else
		not_ok "summary page check finds a wrong bar" "check-summary-dom.py passed a page with a wrong count"
	fi
	# a date timeline that lost a mark, and no word on the events without
	# a date
	while read -r what script; do
		what=$(printf '%s' "$what" | tr - ' ')
		sed -e "$script" "$work/dom" >"$work/wrong.html"
		if ! cmp -s "$work/dom" "$work/wrong.html" &&
		   ! python3 "$here/check-summary-dom.py" "$work/wrong.html" "$work/sum.json" >/dev/null 2>&1; then
			ok "summary page check finds $what"
		else
			not_ok "summary page check finds $what" "check-summary-dom.py passed it, or the page did not change"
		fi
	done <<'FORGED'
a-date-timeline-short-of-a-mark 0,/class="dt-mark"/s/class="dt-mark"/class="x"/
unordered-events-not-said s/class="not-ordered"/class="x"/
FORGED
fi
if [ -n "$browser" ]; then
	# the checker itself must see a page that marks no victim
	sed -e 's/class="task victim/class="task/' "$shots/numa-4.18-rocky8-nodemask.html" >"$work/unmarked.html"
	"$bin" --facts "$here/fixtures/numa-4.18-rocky8-nodemask.txt" >"$work/facts" 2>/dev/null || true
	if python3 "$here/check-html-dom.py" "$work/unmarked.html" "$work/facts" --victim-row >/dev/null 2>&1; then
		not_ok "html check finds an unmarked victim" "check-html-dom.py passed a page without the victim marked"
	else
		ok "html check finds an unmarked victim"
	fi
	# and a badge that says "below min" of a zone above min, a caption
	# that multiplies first, a row whose points do not follow the caption
	"$bin" --facts "$here/fixtures/guest-x86_64-6.1-256M.txt" >"$work/facts" 2>/dev/null || true
	while read -r what script; do
		what=$(printf '%s' "$what" | tr - ' ')
		sed -e "$script" "$shots/guest-x86_64-6.1-256M.html" >"$work/forged.html"
		if cmp -s "$work/forged.html" "$shots/guest-x86_64-6.1-256M.html"; then
			not_ok "html check finds $what" "the page did not change"
		elif python3 "$here/check-html-dom.py" "$work/forged.html" "$work/facts" --victim-row >/dev/null 2>&1; then
			not_ok "html check finds $what" "check-html-dom.py passed it"
		else
			ok "html check finds $what"
		fi
	done <<'FORGED'
a-reserve-refusal-called-below-min s/short of min + reserve by 2</below min by 1</
a-caption-that-multiplies-first s/&lfloor;totalpages \/ 1000&rfloor;; totalpages 52691, so oom_score_adj &times; 52)/totalpages \/ 1000; totalpages 52691)/
points-not-following-the-caption s/<td>1000<\/td><td>64770<\/td>/<td>1000<\/td><td>65461<\/td>/
FORGED
	"$bin" --facts "$here/fixtures/armhf-6.1-vexpress-highmem.txt" >"$work/facts" 2>/dev/null || true
	sed -e 's/<span class="answer">[^<]*<\/span>//' "$shots/armhf-6.1-vexpress-highmem.html" >"$work/forged.html"
	if cmp -s "$work/forged.html" "$shots/armhf-6.1-vexpress-highmem.html" ||
	   python3 "$here/check-html-dom.py" "$work/forged.html" "$work/facts" --victim-row >/dev/null 2>&1; then
		not_ok "html check finds a page without the unusable free pages said" "check-html-dom.py passed it, or the page did not change"
	else
		ok "html check finds a page without the unusable free pages said"
	fi
fi
