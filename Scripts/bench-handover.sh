#!/usr/bin/env bash
# Times the import's hand-overs between threads: `Monitor` and `BackgroundProducer` as they are in
# Sources/, against the NSCondition versions they replaced (Scripts/handover/Baseline.swift), in
# alternated rounds of one process (Scripts/handover/main.swift says what is timed).
#
# Usage: Scripts/bench-handover.sh [HAND-OVERS] [RECORDS] [ROUNDS]
#        (defaults 1000000, 2000000, 8; works from any folder)
#
# Built with `swiftc -O -wmo` (as a release build of the package is) into .build-handover/.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
if [[ ${1:-} == -h || ${1:-} == --help ]]; then sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0; fi
OUT=$REPO_ROOT/.build-handover
mkdir -p "$OUT"
swiftc -O -wmo -swift-version 6 -module-name Handover -o "$OUT/handover" \
    "$SCRIPT_DIR/handover/main.swift" "$SCRIPT_DIR/handover/Baseline.swift" \
    "$REPO_ROOT/Sources/BourseImport/Pipeline/Monitor.swift" \
    "$REPO_ROOT/Sources/BourseImport/Pipeline/BackgroundProducer.swift"
printf 'machine: %s CPUs, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
"$OUT/handover" "$@"
