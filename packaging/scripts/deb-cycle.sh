#!/bin/bash
# deb-cycle.sh BUILD_DIR: the Debian package's install → run → remove cycle (as root, on a machine whose
# package database may be changed). Builds sextant_<version>_amd64.deb with cpack, validates the desktop entry
# and the AppStream metainfo, installs the package with dpkg, runs `sextant-cli --version`, `sextant-cli demo` and
# `sextant --screenshot` and the example nightly script (against the PostgreSQL test server) from the installed
# files, purges it and checks that none of its files is left.
set -euo pipefail
build=$(realpath "${1:?usage: deb-cycle.sh BUILD_DIR}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$build"
rm -f sextant_*_amd64.deb
cpack -G DEB > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls sextant_*_amd64.deb)
echo "deb-cycle: built $deb ($(du -k "$deb" | cut -f1) KiB); depends: $(dpkg-deb -f "$deb" Depends)"
if dpkg-query -W -f='${Status}' sextant 2>/dev/null | grep -q "install ok installed"; then
  echo "deb-cycle: a sextant package is already installed here; not touching it" >&2
  exit 1
fi
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; dpkg -P sextant >/dev/null 2>&1 || true; exit 1; }
files=$(dpkg -L sextant | while read -r f; do [ -f "$f" ] && echo "$f"; done)
status=0
check() { # check DESCRIPTION COMMAND…: runs the command, says what failed
  local what=$1; shift
  if "$@" > "$work/out.log" 2>&1; then echo "deb-cycle: ok: $what"; else echo "deb-cycle: FAILED: $what" >&2; cat "$work/out.log" >&2; status=1; fi
}
check "desktop-file-validate" desktop-file-validate /usr/share/applications/sextant.desktop
check "appstreamcli validate" appstreamcli validate --no-net /usr/share/metainfo/io.sextant.Sextant.metainfo.xml
check "icons (scalable and 6 sizes)" test "$(ls /usr/share/icons/hicolor/*/apps/sextant.* | wc -l)" -eq 7
check "man page" man -l /usr/share/man/man1/sextant-cli.1
check "sextant-cli --version" /usr/bin/sextant-cli --version
check "sextant-cli demo" env HOME="$work/home" /usr/bin/sextant-cli demo --output "$work/demo.sqlite" --memories 200
check "sextant --screenshot" env HOME="$work/home" QT_QPA_PLATFORM=offscreen /usr/bin/sextant \
  --workspace "$work/demo.sqlite" --screenshot "$work/installed.png"
check "the screenshot was written" test -s "$work/installed.png"
# The example nightly script, as installed, against a PostgreSQL workspace of the test server (when one is given).
if [ -n "${SEXTANT_TEST_PG:-}" ]; then
  nightly=/usr/share/doc/sextant/examples/sextant-nightly
  psql "$SEXTANT_TEST_PG dbname=postgres" -qc "DROP DATABASE IF EXISTS sextant_debcycle_nightly" 2>/dev/null
  psql "$SEXTANT_TEST_PG dbname=postgres" -qc "CREATE DATABASE sextant_debcycle_nightly"
  conn="$SEXTANT_TEST_PG dbname=sextant_debcycle_nightly"
  check "sextant-cli demo --publish (PostgreSQL)" env HOME="$work/home" /usr/bin/sextant-cli demo --publish --migrate \
    --memories 300 --connect "$conn"
  check "the installed nightly script against PostgreSQL" env HOME="$work/home" "$nightly" "$conn" "$work/nightly"
  check "the nightly fairness report is a PDF" bash -c "head -c 5 '$work'/nightly/*/fairness-age-band.pdf | grep -q %PDF"
  psql "$SEXTANT_TEST_PG dbname=postgres" -qc "DROP DATABASE IF EXISTS sextant_debcycle_nightly" 2>/dev/null || true
else
  echo "deb-cycle: FAILED: no PostgreSQL test server (SEXTANT_TEST_PG) for the nightly script" >&2
  status=1
fi
mkdir -p "$build/test-output" && cp "$work/installed.png" "$build/test-output/deb-installed.png" 2>/dev/null || true
dpkg -P sextant > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; status=1; }
left=0
for f in $files; do
  if [ -e "$f" ]; then echo "deb-cycle: left behind: $f" >&2; left=$((left + 1)); fi
done
check "removed, nothing left behind ($left files)" test "$left" -eq 0
exit $status
