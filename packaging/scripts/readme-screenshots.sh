#!/bin/bash
# readme-screenshots.sh [BUILD_DIR]: refreshes the README's page screenshots (docs/screenshots/<page>.png) from
# those the test suite takes. Runs tst_readmescreenshots in BUILD_DIR (default: build), which opens the main
# window on a demo workspace and saves test-output/readme-<page>.png, then copies them beside the README.
set -euo pipefail
root=$(realpath "$(dirname "$0")/../..")
build=$(realpath "${1:-$root/build}")
pages=(memories map matches review fairness archetypes)
ctest --test-dir "$build" -R '^tst_readmescreenshots$' --output-on-failure > /dev/null \
  || { echo "readme-screenshots: tst_readmescreenshots failed in $build (is it built?)" >&2; exit 1; }
mkdir -p "$root/docs/screenshots"
for page in "${pages[@]}"; do
  shot="$build/test-output/readme-$page.png"
  [ -s "$shot" ] || { echo "readme-screenshots: $shot is missing" >&2; exit 1; }
  cp "$shot" "$root/docs/screenshots/$page.png"
done
echo "readme-screenshots: ${#pages[@]} pages copied to docs/screenshots"
