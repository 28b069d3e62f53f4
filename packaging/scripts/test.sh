#!/bin/bash
# README command (b), and what CI runs: install what is missing, build, and run the whole test suite.
#   test.sh              the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan), the fuzz
#                        targets among it (five seconds of mutated seeds each), and the Debian package's cycle on a
#                        Release build of the program (build-package); libFuzzer's own run (fuzz.sh) while the run
#                        is inside CI's budget
#   test.sh --release    the suite on the Release build (build), whose benchmark lines are the ones to read, and the
#                        package's cycle from the same build
#   test.sh --tsan       the task runner, database-worker and review-outbox tests under ThreadSanitizer (build-tsan).
#                        Not in CI yet: Debian's Qt is not instrumented, so TSan cannot see the locks of Qt's queues
#                        and reports the hand-over of every queued call (tests/sanitizers/tsan.supp says which)
#   test.sh --sanitize   the same as test.sh (its name before the sanitizers became the default)
# The sanitizer and package builds are unity builds (see CMakeLists.txt): batches of 16 files parse the Qt headers
# once, not 16 times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode=sanitize
case "${1:-}" in
"" | --sanitize) ;;
--release) mode=release ;;
--tsan) mode=tsan ;;
*)
  echo "usage: $0 [--release | --tsan | --sanitize]" >&2
  exit 2
  ;;
esac
start=$(date +%s)
jobs="$(nproc 2>/dev/null || echo 2)"
stage_times=()
stage() { # stage NAME STARTED: remembers how long a stage took, for the summary line
  stage_times+=("$1 $(($(date +%s) - $2)) s")
}

"$root/packaging/scripts/install-deps.sh"

# build DIR TARGET… -- CMAKE_ARGS…: configures DIR and builds the targets (all without any).
build() {
  local dir=$1 targets=() began
  shift
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do targets+=(--target "$1"); shift; done
  shift
  began=$(date +%s)
  cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" "${targets[@]}"
  stage "build $(basename "$dir")" "$began"
}

# -O1 and line tables only: the sanitizers' reports name file and line, and the build stays fast (the tests' own
# files are -O0, tests/CMakeLists.txt).
unity=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)
# lld links the 140 instrumented executables in half the time GNU ld takes.
sanitized=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DBUILD_TESTING=ON "${unity[@]}"
  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
# The tests ThreadSanitizer runs: the task runner, the database worker's lanes, and the review outbox with its
# claims and journal, where the threads meet.
tsan_tests=(tst_taskrunner tst_workspacelanes tst_reviewservice)
if [ "$mode" = sanitize ]; then
  build "$root/build-asan" -- "${sanitized[@]}" -DSEXTANT_SANITIZE=address
  # What the package ships: Release, without the tests. It builds at the lowest priority while the suite runs: the
  # suite waits on its servers and timers much of the time and leaves most of a core idle, and whatever is left of
  # the build gets both cores once the suite is done.
  cmake -S "$root" -B "$root/build-package" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF "${unity[@]}" \
    >/dev/null
  package_began=$(date +%s)
  nice -n 19 cmake --build "$root/build-package" -j "$jobs" >"$root/build-package/build.log" 2>&1 &
  package_build=$!
  suite="$root/build-asan"
  package="$root/build-package"
elif [ "$mode" = tsan ]; then
  build "$root/build-tsan" "${tsan_tests[@]}" -- "${sanitized[@]}" -DSEXTANT_SANITIZE=thread
  suite="$root/build-tsan"
  package=""
else
  build "$root/build" -- -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON
  suite="$root/build"
  package="$root/build"
fi
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

# Any sanitizer report fails its test. Leak reports name only leaks of Sextant's own (tests/sanitizers/lsan.supp
# lists the libraries below Qt that keep allocations until exit on purpose).
supp="$root/tests/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
# Instrumented code runs slower: tests that bound a wait in real time scale it (tests/support/testclocks.h).
[ "$mode" = release ] || export SEXTANT_TEST_TIME_SCALE=4

set +e
status=0
began=$(date +%s)
cd "$suite"
only=()
[ "$mode" != tsan ] || only=(-R "^($(IFS='|'; echo "${tsan_tests[*]}"))\$")
ctest --output-on-failure -j 2 "${only[@]}" 2>&1 | tee ctest.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
stage "suite $(basename "$suite")" "$began"
if [ -n "$package" ]; then
  if [ -n "${package_build:-}" ]; then
    began=$(date +%s)
    if wait "$package_build"; then
      echo "test.sh: the package's Release build ended $(($(date +%s) - package_began)) s after it began"
    else
      tail -50 "$root/build-package/build.log" >&2
      echo "test.sh: the package's Release build failed (build-package/build.log)" >&2
      status=1
    fi
    stage "waiting for build-package" "$began"
  fi
  # The Debian package: build, validate, install, run from the installed files, remove (issue 20).
  began=$(date +%s)
  bash "$root/packaging/scripts/deb-cycle.sh" "$package" || status=1
  stage "package cycle" "$began"
  # libFuzzer's coverage-guided run of the fuzz targets (clang, its own build), a few seconds each on a copy of the
  # seed corpus. Its build takes minutes on two cores, so it runs only while the whole run stays inside CI's
  # 45-minute budget; otherwise it says so (the suite ran the same targets on mutated seeds).
  elapsed=$(($(date +%s) - start))
  if [ "$elapsed" -lt 1800 ]; then
    began=$(date +%s)
    bash "$root/packaging/scripts/fuzz.sh" --seconds 5 || status=1
    stage "libFuzzer" "$began"
  else
    echo "test.sh: libFuzzer's run did not start: $((elapsed / 60)) min of CI's 45 are gone; run packaging/scripts/fuzz.sh"
  fi
fi
set -e
end=$(date +%s)
echo "install+build $((built - start)) s, tests $((end - built)) s ($(IFS=';'; echo "${stage_times[*]}"))"
cd "$suite"
grep -E "tests passed|tests failed" ctest.log | tail -1
# Each database test prints "PG-PASS <test>" / "PGVECTOR-PASS <test>" when its pass reaches the server;
# ctest keeps every test's output in LastTest.log, the passing ones too.
passes() { grep -ahoE "^$1 tst_[a-z0-9_]+" Testing/Temporary/LastTest.log 2>/dev/null | sort -u | wc -l; }
pg_passes=$(passes PG-PASS)
pgvector_passes=$(passes PGVECTOR-PASS)
echo "Server passes: $pg_passes tests ran their PostgreSQL pass, $pgvector_passes their pgvector pass"
if [ "$mode" != tsan ] && { [ "$pg_passes" -eq 0 ] || [ "$pgvector_passes" -eq 0 ]; }; then
  echo "test.sh: a test server was up but no test reached it" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
