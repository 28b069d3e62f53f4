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
export SEXTANT_TEST_PG="$("$root/packaging/scripts/pg-test-server.sh" start)"
export SEXTANT_TEST_PGVECTOR="$("$root/packaging/scripts/pglite-test-server.sh" start)"
echo "pgvector test server (PGlite): $SEXTANT_TEST_PGVECTOR"
export SEXTANT_TEST_PG_RESTART="$root/packaging/scripts/pg-test-server.sh restart"
echo "PostgreSQL test server: $SEXTANT_TEST_PG"
cd "$root/build"
set +e
ctest --output-on-failure -j 2 2>&1 | tee ctest.log
status=${PIPESTATUS[0]}
set -e
end=$(date +%s)
echo "install+build $((built - start)) s, tests $((end - built)) s"
grep -E "tests passed|tests failed" ctest.log | tail -1
exit "$status"
