#!/bin/bash
# README command (b): install what is missing, build, and run the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
start=$(date +%s)
"$root/packaging/scripts/install-deps.sh"
"$root/packaging/scripts/build.sh"
built=$(date +%s)
# A real PostgreSQL 15 server for the database tests, stopped again however the run ends.
# PGlite (npm) for the pgvector tests: Debian's PostgreSQL 15 has no pgvector.
trap '"$root/packaging/scripts/pg-test-server.sh" stop; "$root/packaging/scripts/pglite-test-server.sh" stop' EXIT
# start_server NAME SCRIPT: the connection string the script prints, or the run stops here. (An
# `export X="$(…)"` would hide a failed start: export's own status is what set -e sees.)
start_server() {
  local name=$1 script=$2 connection status
  set +e
  connection="$("$script" start)"
  status=$?
  set -e
  if [ "$status" -ne 0 ] || [ -z "$connection" ]; then
    echo "test.sh: the $name test server did not start (exit status $status); no database test can run." >&2
    exit 1
  fi
  printf '%s' "$connection"
}
pg=$(start_server "PostgreSQL" "$root/packaging/scripts/pg-test-server.sh") || exit 1
pgvector=$(start_server "pgvector (PGlite)" "$root/packaging/scripts/pglite-test-server.sh") || exit 1
export SEXTANT_TEST_PG="$pg" SEXTANT_TEST_PGVECTOR="$pgvector"
export SEXTANT_TEST_PG_RESTART="$root/packaging/scripts/pg-test-server.sh restart"
export SEXTANT_TEST_PG_CONTROL="$root/packaging/scripts/pg-test-server.sh"
# Every database test must reach its server: one that finds none fails instead of skipping.
export SEXTANT_TEST_REQUIRE_SERVERS=1
echo "Test servers up: PostgreSQL 15 ($SEXTANT_TEST_PG); pgvector on PGlite ($SEXTANT_TEST_PGVECTOR)"
cd "$root/build"
set +e
ctest --output-on-failure -j 2 2>&1 | tee ctest.log
status=${PIPESTATUS[0]}
# The Debian package: build, validate, install, run from the installed files, remove (issue 20).
bash "$root/packaging/scripts/deb-cycle.sh" "$root/build" || status=1
# The fuzz targets (issue 21): clang with ASan and UBSan, each run for a few seconds on a copy of its seed corpus.
# Its own build takes minutes on two cores, so it runs only while the whole run stays inside CI's 45-minute budget;
# otherwise it says so, and `packaging/scripts/fuzz.sh` runs it alone.
elapsed=$(($(date +%s) - start))
if [ "$elapsed" -lt 1800 ]; then
  bash "$root/packaging/scripts/fuzz.sh" --seconds 5 || status=1
else
  echo "test.sh: the fuzz step did not run: the suite took $((elapsed / 60)) min of CI's 45; run packaging/scripts/fuzz.sh"
fi
set -e
end=$(date +%s)
echo "install+build $((built - start)) s, tests $((end - built)) s"
grep -E "tests passed|tests failed" ctest.log | tail -1
# Each database test prints "PG-PASS <test>" / "PGVECTOR-PASS <test>" when its pass reaches the server;
# ctest keeps every test's output in LastTest.log, the passing ones too.
passes() { grep -ahoE "^$1 tst_[a-z0-9_]+" Testing/Temporary/LastTest.log 2>/dev/null | sort -u | wc -l; }
pg_passes=$(passes PG-PASS)
pgvector_passes=$(passes PGVECTOR-PASS)
echo "Server passes: $pg_passes tests ran their PostgreSQL pass, $pgvector_passes their pgvector pass"
if [ "$pg_passes" -eq 0 ] || [ "$pgvector_passes" -eq 0 ]; then
  echo "test.sh: a test server was up but no test reached it" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
