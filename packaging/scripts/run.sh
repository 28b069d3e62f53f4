#!/bin/bash
# README command (a): install what is missing, build, and open Sextant on the demo workspace.
# Without a display it starts a virtual one (Xvfb).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/packaging/scripts/install-deps.sh"
"$root/packaging/scripts/build.sh"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting Sextant under xvfb-run."
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$root/build/bin/sextant" "$@"
fi
exec "$root/build/bin/sextant" "$@"
