#!/usr/bin/env bash
# Regenerates the expected-result tables of NOTES.md's study-group guide: for every lesson in
# scenarios/lessons/, runs `eksim compare LESSON` (full length, as a student runs it) and puts its
# output between the lines <!-- BEGIN LESSON NAME --> and <!-- END LESSON NAME --> (NAME = the
# file name without .ini), inside a text fence. Lessons without markers are reported.
# Usage: tests/update-notes-lessons.sh [EKSIM]      (takes a minute or two; results in a temp folder)
#        LESSONS="03-public-access-cidrs-and-nat 07-..." tests/update-notes-lessons.sh   (only those)
set -euo pipefail
cd "$(dirname "$0")/.."
eksim=${1:-build/eksim}
[ $# -ge 1 ] || make -s "$eksim" >/dev/null
notes=NOTES.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$notes" "$work/notes"
for lesson in scenarios/lessons/*.ini; do
  name=$(basename "$lesson" .ini)
  if [ -n "${LESSONS:-}" ] && [[ " $LESSONS " != *" $name "* ]]; then
    continue
  fi
  if ! grep -q "^<!-- BEGIN LESSON $name -->\$" "$work/notes"; then
    echo "no markers for $name in $notes" >&2
    continue
  fi
  "$eksim" compare "$lesson" -o "$work/results" -j "${JOBS:-2}" >"$work/table"
  awk -v name="$name" -v table="$work/table" '
    $0 == "<!-- BEGIN LESSON " name " -->" {
      print; print "```text"; while ((getline l < table) > 0) print l; print "```"; skip = 1; next }
    $0 == "<!-- END LESSON " name " -->" { skip = 0 }
    !skip { print }
  ' "$work/notes" >"$work/next"
  mv "$work/next" "$work/notes"
  echo "updated $name"
done
cp "$work/notes" "$notes"
