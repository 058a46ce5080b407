#!/usr/bin/env bash
# Regenerates the key reference in scenarios/README.md from the schema table
# (sim/scenario/schema.c), between the BEGIN KEYS / END KEYS marker lines. tests/test-schema
# checks that the committed file matches. Usage: tests/update-readme-keys.sh [EKSIM]
set -euo pipefail
cd "$(dirname "$0")/.."
eksim=${1:-build/eksim}
[ $# -ge 1 ] || make -s "$eksim" >/dev/null
readme=scenarios/README.md
keys=$(mktemp)
tmp=$(mktemp "$readme.XXXXXX")
trap 'rm -f "$tmp" "$keys"' EXIT
"$eksim" keys --markdown >"$keys"
awk -v keys="$keys" '
  /^<!-- BEGIN KEYS/ { print; while ((getline l < keys) > 0) print l; skip = 1; found++; next }
  /^<!-- END KEYS -->$/ { skip = 0; found++ }
  !skip { print }
  END { if (found != 2) { print "markers missing" > "/dev/stderr"; exit 2 } }
' "$readme" >"$tmp"
mv "$tmp" "$readme"
echo "updated $readme"
