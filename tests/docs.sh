# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/docs.sh: the README's layout table against the tree, and every
# relative link of the README and docs/ against the files; sourced by
# tests/frontdoor.sh with its result().
# shellcheck disable=SC2154 # the variables are tests/run.sh's

docs_checks() {
	local readme=$AOOM_TOP/README.md named missing='' stale='' p f link dead=''
	# The first column's paths: `a`, `b/` or `a`, `b` in one cell.
	named=$(awk '/^## Layout/ { t = 1; next } t && /^## / { exit }
		t && /^\| `/ { split($0, c, "|"); print c[2] }' "$readme" |
		grep -o "\`[^\`]*\`" | tr -d "\`" | sed 's|/$||')
	for p in $(git -C "$AOOM_TOP" ls-files | cut -d/ -f1 | sort -u); do
		case $p in .* | README.md) continue ;; esac
		grep -qxF "$p" <<<"$named" || missing="$missing $p"
	done
	for p in $named; do
		[ -e "$AOOM_TOP/$p" ] || stale="$stale $p"
	done
	if [ -z "$missing$stale" ]; then
		result ok "README's layout table names every top-level file and folder, and only those"
	else
		result fail "README's layout table names every top-level file and folder, and only those" \
			"${missing:+not in the table:$missing}${stale:+${missing:+; }not in the tree:$stale}"
	fi
	for f in "$readme" "$AOOM_TOP"/docs/*.md; do
		while read -r link; do
			[ -e "$(dirname "$f")/$link" ] || dead="$dead ${f#"$AOOM_TOP"/}:$link"
		done < <(grep -o '](\([^)#]*\)' "$f" | sed 's/^](//' | grep -v '^[a-z]*:')
	done
	if [ -z "$dead" ]; then
		result ok "every relative link in README.md and docs/ leads to a file"
	else
		result fail "every relative link in README.md and docs/ leads to a file" "dead:$dead"
	fi
	if [ "$(wc -l <"$readme")" -le 300 ]; then
		result ok "README.md reads in five minutes ($(wc -l <"$readme") lines, at most 300)"
	else
		result fail "README.md reads in five minutes" "$(wc -l <"$readme") lines, more than 300"
	fi
}
docs_checks
