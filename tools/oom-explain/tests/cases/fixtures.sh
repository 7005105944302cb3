# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/fixtures.sh, sourced by tests/run-tests.sh: each fixture's facts, JSON and text, the golden outputs, and the chunked feed.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

for fx in "$here"/fixtures/*.txt; do
	name=$(basename "$fx" .txt)
	exp="$here/expected/$name.facts"
	if [ ! -f "$exp" ]; then
		not_ok "fixture $name" "no expected/$name.facts"
		continue
	fi
	want_rc=$(sed -n 's/^@exit //p' "$exp")
	want_rc=${want_rc:-0}
	want_ev=$(sed -n 's/^@events //p' "$exp")
	want_ev=${want_ev:-1}

	run "$work/facts" "$work/err" "$bin" --facts "$fx"
	reason=
	if ! sanitizer_clean "$work/err"; then
		reason="sanitizer: $(grep -m1 -e ERROR -e 'runtime error' "$work/err")"
	elif [ "$rc" -ne "$want_rc" ]; then
		reason="exit $rc, expected $want_rc"
	else
		got_ev=$(grep -c '\.trigger\.comm=' "$work/facts" || true)
		if [ "$got_ev" -ne "$want_ev" ]; then
			reason="$got_ev events, expected $want_ev"
		fi
	fi
	if [ -z "$reason" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			case "$line" in
			'' | '#'* | '@'*) continue ;;
			'!'*)
				if grep -Fxq -- "${line#!}" "$work/facts"; then
					reason="unexpected: ${line#!}"
					break
				fi
				;;
			*)
				if ! grep -Fxq -- "$line" "$work/facts"; then
					got=$(grep -F -- "${line%%=*}=" "$work/facts" | head -n 3 | tr '\n' ' ')
					reason="missing: $line (got: ${got:-nothing})"
					break
				fi
				;;
			esac
		done <"$exp"
	fi
	if [ -z "$reason" ]; then ok "fixture $name"; else not_ok "fixture $name" "$reason"; fi

	# the same input as JSON Lines and as text
	run "$work/json" "$work/err" "$bin" --json "$fx"
	jrc=0
	json_valid "$work/json" "$want_ev" || jrc=$?
	if ! sanitizer_clean "$work/err"; then
		not_ok "json $name" "sanitizer report"
	elif [ "$jrc" -eq 2 ]; then
		ok "json $name # SKIP neither python3 nor jq"
	elif [ "$rc" -ne "$want_rc" ] || [ "$jrc" -ne 0 ]; then
		not_ok "json $name" "exit $rc or invalid JSON Lines"
	else
		ok "json $name"
	fi
	# and every object as the JSON Schema documents it
	schema_check "schema $name" "$schema" "$work/json" "$want_ev"
	run "$work/text" "$work/err" "$bin" "$fx"
	if ! sanitizer_clean "$work/err" || [ "$rc" -ne "$want_rc" ] ||
	   [ "$(grep -c '^== ' "$work/text" || true)" -ne "$want_ev" ]; then
		not_ok "text $name" "exit $rc or wrong number of events"
	else
		ok "text $name"
	fi
done

# every output mode on every fixture and seed is byte for byte what
# tests/golden.sha256 pinned (see tests/golden.sh)
golden="$here/golden.sha256"
if "$here/golden.sh" "$bin" >"$work/golden" 2>"$work/golden.err" &&
   cmp -s "$golden" "$work/golden"; then
	ok "output identical to golden.sha256 ($(wc -l <"$golden") input and mode pairs)"
else
	diff "$golden" "$work/golden" | grep '^>' | cut -f1,2 | sed 's/^> /#   differs: /' | head -n 20
	head -n 5 "$work/golden.err" | sed 's/^/# /'
	not_ok "output identical to golden.sha256" \
		"$(diff "$golden" "$work/golden" | grep -c '^>' || true) input and mode pairs differ; if the change of output is meant, run 'make golden' and commit tests/golden.sha256"
fi

# streaming: feeding in 1, 7 and 4093 byte pieces must not change a fact
if [ -x "$feed" ]; then
	for fx in "$here"/fixtures/*.txt; do
		name=$(basename "$fx" .txt)
		run "$work/out" "$work/err" "$feed" "$fx"
		if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err"; then
			ok "chunked feed $name"
		else
			not_ok "chunked feed $name" "$(head -n 1 "$work/err")"
		fi
	done
fi
