#!/bin/bash
# Builds the libFuzzer targets (tests/fuzz, clang with ASan + UBSan) and runs each, or one, on a copy of its
# seed corpus, so a run never grows the corpus in the repository.
#   fuzz.sh [TARGET] [--seconds N] [--runs N]
# --seconds N: libFuzzer's -max_total_time (default 10); --runs N: stop after N inputs instead.
# One line per target: FUZZ <target> execs=<n> crashes=<n> seconds=<s>. A crash, sanitizer report or
# timeout leaves its input under build-fuzz/fuzz-artifacts/<target>/ (named in the output) and the exit
# status is 1. SEXTANT_FUZZ_BUILD overrides the build folder, SEXTANT_FUZZ_JOBS the build's parallelism.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${SEXTANT_FUZZ_BUILD:-$root/build-fuzz}"
targets_all=(jsonl csv yaml sse openai evaluation copyvectors connection filterchips journal)

usage() {
  echo "usage: $0 [TARGET] [--seconds N] [--runs N]   (targets: ${targets_all[*]})" >&2
  exit 2
}
seconds=10
runs=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
  --seconds) [ $# -ge 2 ] || usage; seconds=$2; shift 2 ;;
  --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
  -h | --help) usage ;;
  -*) usage ;;
  *)
    if [[ " ${targets_all[*]} " != *" $1 "* ]]; then
      echo "fuzz.sh: no fuzz target \"$1\"." >&2
      usage
    fi
    targets+=("$1")
    shift
    ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
[ -z "$runs" ] || [[ "$runs" =~ ^[0-9]+$ ]] || usage

for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool is missing (apt-get install clang libclang-rt-14-dev)." >&2; exit 1; }
done
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# Debug: Q_ASSERTs stay in; the fuzz flags (-O1, sanitizers) come from SEXTANT_FUZZ.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSEXTANT_FUZZ=ON \
  "${launcher[@]}" >/dev/null
build_start=$(date +%s)
cmake --build "$build" -j "${SEXTANT_FUZZ_JOBS:-$(nproc)}" --target sextant_fuzzers
echo "FUZZ build seconds=$(($(date +%s) - build_start))"

# A sanitizer report stops the run at once, with the input that caused it written out.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
for target in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r "$root/tests/fuzz/corpus/$target/." "$work/"
  artifacts="$build/fuzz-artifacts/$target"
  mkdir -p "$artifacts"
  log="$build/fuzz-artifacts/$target.log"
  limit=(-max_total_time="$seconds")
  [ -z "$runs" ] || limit=(-runs="$runs")
  start=$(date +%s)
  set +e
  "$build/tests/fuzz/fuzz_$target" -print_final_stats=1 -timeout=10 "${limit[@]}" \
    -artifact_prefix="$artifacts/" "$work" >"$log" 2>&1
  status=$?
  set -e
  elapsed=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  crashes=0
  if [ "$status" -ne 0 ]; then
    crashes=1
    failed=1
  fi
  echo "FUZZ $target execs=${execs:-0} crashes=$crashes seconds=$elapsed"
  if [ "$status" -ne 0 ]; then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written to)' "$log" | head -8 || true
    echo "FUZZ $target log: $log"
  fi
  rm -rf "$work"
done
exit $failed
