# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/json-html.sh, sourced by tests/run-tests.sh: the JSON's fields and strings, and the HTML page: its escaping, captions, title and the lab8 answer.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# JSON: the event's time as printed, its seconds, schema and tool versions
run "$work/out" "$work/err" "$bin" --json "$here/fixtures/x86_64-6.1-dmesg.txt"
if [ "$rc" -eq 0 ] && grep -q '"schema_version":3,"tool_version":"'"$want_ver"'"' "$work/out" &&
   grep -q '"timestamp":{"as_printed":"\[' "$work/out" && grep -q '"seconds":[0-9]' "$work/out"; then
	ok "JSON carries the time, schema and tool versions"
else
	not_ok "JSON carries the time, schema and tool versions" "exit $rc"
fi

# JSON: the architecture a call trace names, by its entry frames; null
# where no frame is one architecture's alone (Rocky 8's x86_64 trace runs
# through page_fault, which i386 has too)
bad_arch=''
for want in arm64-6.6-linux-cifs-cma-order2:arm64:el0_svc_common seed-000-arm-4.0-highmem:arm:ret_fast_syscall \
	x86_64-6.1-dmesg:x86_64:do_syscall_64 ubuntu-4.4-syslog-fragmentation:x86_64:entry_SYSCALL_64_fastpath \
	numa-4.18-rocky8-nodemask:: mips64-3.17-linux-mips-16k-pages::; do
	f=${want%%:*} arch_frame=${want#*:}
	run "$work/out" "$work/err" "$bin" --json "$here/fixtures/$f.txt"
	got=$(sed -n 's/.*"trace_arch":{"arch":"\([^"]*\)","frame":"\([^"]*\)"}.*/\1:\2/p; s/.*"trace_arch":null.*/:/p' "$work/out")
	[ "$rc" -eq 0 ] && [ "$got" = "$arch_frame" ] || bad_arch="$bad_arch $f: '$got', want '$arch_frame';"
done
if [ -z "$bad_arch" ]; then
	ok "JSON names the architecture of the call trace's entry frames"
else
	not_ok "JSON names the architecture of the call trace's entry frames" "$bad_arch"
fi

# A zone whose blocks of the order are all CMA: the verdict says so
run "$work/out" "$work/err" "$bin" "$here/fixtures/arm64-6.6-linux-cifs-cma-order2.txt"
if [ "$rc" -eq 0 ] && grep -q '^      DMA: no free block of order 2 to 10 it may take: those there are all CMA (C), the largest order 10 (4096 kB), 21557 pages above min$' "$work/out"; then
	ok "fragmentation names the migrate type of the blocks a request may not take"
else
	not_ok "fragmentation names the migrate type of the blocks a request may not take" "exit $rc: $(grep 'DMA: ' "$work/out" | head -n 1)"
fi

# JSON strings are UTF-8: valid sequences as they are, other bytes U+FFFD
printf 'caf\303\251 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (a\377b) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/utf8.txt"
run "$work/out" "$work/err" "$bin" --json "$work/utf8.txt"
if [ "$rc" -eq 0 ] && grep -q "\"comm\":\"caf$(printf '\303\251')\"" "$work/out" &&
   grep -q "\"comm\":\"a$(printf '\357\277\275')b\"" "$work/out" && "$pyjs" "$here/validate-json.py" "$schema" "$work/out" 1 >/dev/null 2>&1; then
	ok "JSON keeps UTF-8 and replaces other bytes"
else
	not_ok "JSON keeps UTF-8 and replaces other bytes" "exit $rc"
fi

# validate-json.py takes a JSON line as one line, also when a string in
# it holds U+0085 or U+2028 raw (valid JSON, which splitlines() breaks)
run "$work/out" "$work/err" "$bin" --json "$here/fixtures/x86_64-6.1-dmesg.txt"
sed "s/\"comm\":\"insmod\"/\"comm\":\"ins$(printf '\302\205')mod$(printf '\342\200\250')\"/" "$work/out" >"$work/nel.json"
src=0
"$pyjs" "$here/validate-json.py" "$schema" "$work/nel.json" 1 >"$work/schema.err" 2>&1 || src=$?
if [ "$src" -eq 2 ]; then
	ok "validate-json.py splits on newlines only # SKIP python3-jsonschema not installed"
elif [ "$src" -eq 0 ] && grep -q "$(printf '\342\200\250')" "$work/nel.json"; then
	ok "validate-json.py splits on newlines only"
else
	not_ok "validate-json.py splits on newlines only" "$(head -n 1 "$work/schema.err")"
fi

# --html: every text from the log is escaped, markup and quotes included
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (<i>a&b"c'"'"'d\033) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/markup.txt"
run "$work/out" "$work/err" "$bin" --html "$work/markup.html" "$work/markup.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" &&
   grep -qF '&lt;i&gt;a&amp;b&quot;c&#39;d\x1b' "$work/markup.html" &&
   ! grep -q '<i>' "$work/markup.html" && ! grep -q "$(printf '\033')" "$work/markup.html"; then
	ok "html escapes the log's text"
else
	not_ok "html escapes the log's text" "exit $rc, or raw markup or control bytes in the page"
fi
# the page is written besides the usual output, which it does not change
fx="$here/fixtures/seed-000-arm-4.0-highmem.txt"
"$bin" "$fx" >"$work/plain" 2>/dev/null || true
run "$work/out" "$work/err" "$bin" --html "$work/p.html" "$fx"
if [ "$rc" -eq 0 ] && cmp -s "$work/plain" "$work/out" && grep -q '<section class="event" id="e1"' "$work/p.html"; then
	ok "html page besides the text"
else
	not_ok "html page besides the text" "exit $rc or the text changed"
fi
run "$work/out" "$work/err" "$bin" --html - "$fx"
if [ "$rc" -eq 0 ] && head -n 1 "$work/out" | grep -qx '<!DOCTYPE html>' && ! grep -q '^== ' "$work/out" &&
   tail -n 1 "$work/out" | grep -qx '</html>'; then
	ok "html - writes the page alone to stdout"
else
	not_ok "html - writes the page alone to stdout" "exit $rc"
fi
run "$work/out" "$work/err" "$bin" --html "$work/none.html" "$work/none.txt"
if [ "$rc" -eq 1 ] && grep -q 'class="none"' "$work/none.html" && grep -qx '</html>' "$work/none.html"; then
	ok "html without an event says so, exit 1"
else
	not_ok "html without an event says so, exit 1" "exit $rc"
fi
while read -r name want args; do
	# shellcheck disable=SC2086 # the arguments are words
	run "$work/out" "$work/err" "$bin" $args
	if [ "$rc" -eq 2 ] && grep -q "$want" "$work/err"; then
		ok "html refused: $name"
	else
		not_ok "html refused: $name" "exit $rc: $(head -n 1 "$work/err")"
	fi
done <<EOF_ARGS
with-follow does.not.go.with.--follow --html $work/f.html -F $work/none.txt
stdout-with-json does.not.go.with.--json --html - --json $fx
unwritable-path $work/no-dir/p.html --html $work/no-dir/p.html $fx
with-decode-gfp does.not.go.with.--decode-gfp --html $work/g.html --decode-gfp 0xcc0
EOF_ARGS

# the task table's caption: the kernel's adj * (totalpages / 1000), the
# division first, as the page's own points are computed (oom-hog, adj
# 1000, 12854 pages of rss and page tables: 12854 + 1000 * 52 = 64854;
# 1000 * 52688 / 1000 would make it 65542)
run "$work/out" "$work/err" "$bin" --html "$work/caption.html" "$here/fixtures/x86_64-6.1-dmesg.txt"
if [ "$rc" -eq 0 ] && grep -qF '+ oom_score_adj &times; &lfloor;totalpages / 1000&rfloor;; totalpages 52688, so oom_score_adj &times; 52)</caption>' "$work/caption.html" &&
   grep -qF 'data-pid="93" data-points="64854"' "$work/caption.html"; then
	ok "html caption gives the kernel's adj * (totalpages / 1000)"
else
	not_ok "html caption gives the kernel's adj * (totalpages / 1000)" "exit $rc: $(grep -o '<caption>.*</caption>' "$work/caption.html")"
fi

# The page's <title> names the kernels of its events (and how many of
# each kind), the source as the input is named, all escaped
while IFS='|' read -r name want; do
	run "$work/out" "$work/err" "$bin" --html "$work/title.html" "$here/fixtures/$name.txt"
	got=$(grep -m 1 -o '<title>[^<]*</title>' "$work/title.html")
	if [ "$got" = "<title>$want</title>" ]; then
		ok "html title: $name"
	else
		not_ok "html title: $name" "got '$got'"
	fi
done <<'TITLES'
x86_64-6.1-dmesg|OOM report: x86_64-6.1-dmesg.txt, Linux 6.1.0-57-amd64
x86_64-6.1-dmesg-T-two-events|2 OOM reports: x86_64-6.1-dmesg-T-two-events.txt, Linux 6.1.0-57-amd64
guest-arm-6.12-1G|2 OOM reports, 1 page allocation failure: guest-arm-6.12-1G.txt, Linux 6.12.95+deb12-armmp
TITLES
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nCPU: 0 PID: 9 Comm: x Not tainted 6.1.0-<i>&"x'"'"'\033[2J #1 Debian\nOut of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/kver.txt"
run "$work/out" "$work/err" "$bin" --html "$work/title.html" "$work/kver.txt"
if [ "$rc" -eq 0 ] && grep -qxF '<title>OOM report: kver.txt, Linux 6.1.0-&lt;i&gt;&amp;&quot;x&#39;\x1b[2J</title>' "$work/title.html"; then
	ok "html title escapes the kernel"
else
	not_ok "html title escapes the kernel" "exit $rc: $(grep -m 1 '<title>' "$work/title.html")"
fi
if [ -x "$htmlpage" ]; then
	while IFS='|' read -r src want; do
		run "$work/title.html" "$work/err" "$htmlpage" "$src" "$here/fixtures/x86_64-6.1-dmesg.txt"
		got=$(grep -m 1 -o '<title>[^<]*</title>' "$work/title.html")
		if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ "$got" = "<title>$want</title>" ]; then
			ok "html title names the source: $src"
		else
			not_ok "html title names the source: $src" "exit $rc, got '$got'"
		fi
	done <<'SOURCES'
/var/log/syslog.txt|OOM report: syslog.txt, Linux 6.1.0-57-amd64
-|OOM report: standard input, Linux 6.1.0-57-amd64
logs/a<b>&"c'd.log|OOM report: a&lt;b&gt;&amp;&quot;c&#39;d.log, Linux 6.1.0-57-amd64
SOURCES
else
	ok "html title names the source # SKIP no $htmlpage (make check builds it)"
fi

# The lab8 answer on the page, not only in the text: on armhf 6.1 a
# one-page GFP_KERNEL request fails with 64114 HighMem pages free (the
# report lists no HighMem zone; the global free count has them) against
# 837 in DMA, all the request may use
fx="$here/fixtures/armhf-6.1-vexpress-highmem.txt"
text_and_html "$fx" "$work/lab8.html"
if [ "$rc" -eq 0 ] && grep -qF '* free_in_unusable_zones: 64114 free pages are in zones the request cannot use' "$work/text" &&
   grep -qF '<li data-verdict="free_in_unusable_zones">free_in_unusable_zones: <span class="answer">64114 free pages (256456 kB) are in zones this request cannot use (64114 in zones above Normal that the report does not list' "$work/lab8.html" &&
   grep -qF 'the zones up to Normal, all it may use, have 837.</span></li>' "$work/lab8.html" &&
   grep -qF '<div class="unusable-free" id="e1-unusable-free" data-usable="837" data-unusable="64114">' "$work/lab8.html" &&
   grep -qF 'data-bar="unusable" data-value="64114"' "$work/lab8.html"; then
	ok "html says and draws the free pages the request could not use (armhf HighMem)"
else
	not_ok "html says and draws the free pages the request could not use (armhf HighMem)" "exit $rc: $(grep -o '<li data-verdict="free_in[^<]*' "$work/lab8.html")"
fi

# A cpuset or memory-policy OOM's report prints only the zones of the
# nodes the request may use: the free pages it leaves out are said to be
# those of the other nodes (or above the zone class), in text and html
for name in x86_64-6.1-cpuset-numa2 x86_64-6.1-mempolicy-numa2; do
	text_and_html "$here/fixtures/$name.txt" "$work/nodes.html"
	if [ "$rc" -eq 0 ] && grep -q 'in zones the report leaves out, those of the nodes it may not use or above' "$work/text" &&
	   grep -q 'in zones the report leaves out, those of the nodes it may not use or above' "$work/nodes.html" &&
	   ! grep -q 'in zones above [A-Za-z0-9]* that the report does not list' "$work/text" "$work/nodes.html"; then
		ok "the free pages a constrained report leaves out are the other nodes': $name"
	else
		not_ok "the free pages a constrained report leaves out are the other nodes': $name" "exit $rc: $(grep -o 'free_in_unusable_zones: .*' "$work/text")"
	fi
done

# --html onto its own input is refused before the page is opened for
# writing: the same file by name, through a symbolic link, and as a hard
# link of standard input; the log is left as it was
cp "$fx" "$work/self.log"
ln -s "$work/self.log" "$work/self-link.html"
ln "$work/self.log" "$work/self-hard.html"
for how in name link stdin; do
	# shellcheck disable=SC2016 # the inner shell expands them
	case $how in
	name) run "$work/out" "$work/err" "$bin" --html "$work/self.log" "$work/self.log" ;;
	link) run "$work/out" "$work/err" "$bin" --html "$work/self-link.html" "$work/self.log" ;;
	stdin) run "$work/out" "$work/err" sh -c '"$1" --html "$2" <"$3"' sh "$bin" "$work/self-hard.html" "$work/self.log" ;;
	esac
	if [ "$rc" -eq 2 ] && grep -q 'is the input file' "$work/err" && cmp -s "$fx" "$work/self.log"; then
		ok "html refused onto its own input ($how)"
	else
		not_ok "html refused onto its own input ($how)" "exit $rc, or the log changed"
	fi
done
