#!/usr/bin/env bash
# Benchmark the reports (issue 6) on a synthetic history of monthly inventories.
#
# Usage: Scripts/bench-reports.sh            (works from any folder; no arguments)
#
# Steps:
#   1. a release build of bourse (swift build -c release --product bourse), unless BOURSE_BIN;
#   2. a database: bourse init, then Scripts/gen-history.py fills it with BENCH_MONTHS monthly
#      inventories of the 8 communes and 12 landlords, about BENCH_PREMISES premises available each
#      month with churn (withdrawals, new premises, returns, surface and rent changes, placements);
#      kept in Scripts/out/reports/ and made again only when missing or older than the generator;
#   3. one untimed run of each report (applies pending migrations, warms the page cache), then
#      BENCH_RUNS timed runs of each, whole process, output to /dev/null, under GNU time -v (wall
#      and CPU seconds, peak RSS):
#        bourse report evolution --by month --db DB      target < 1 s
#        bourse report indicators --db DB                target < 2 s
#   4. a check that the evolution's last period holds exactly the available m² and premises the
#      database holds today;
# and a table of the best run of each, with the targets.
#
# Environment:
#   BOURSE_BIN=path        use this bourse binary, skip the build
#   BENCH_PREMISES=N       premises available each month (default 100000)
#   BENCH_MONTHS=N         months of inventories (default 120: ten years)
#   BENCH_END=YYYY-MM      last month of the history (default: the last complete month)
#   BENCH_SEED=N           generator's seed (default 42)
#   BENCH_RUNS=N           timed runs of each report, the fastest kept (default 3)
#   BENCH_REGEN=1          make the database again even when it is up to date
#   BENCH_ENFORCE=1        exit 1 when a target is missed
#
# Exit status: 0 when every step ran and the check passed, 1 otherwise, 2 on bad usage.
set -euo pipefail

CALLER_PWD=$PWD
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
cd "$REPO_ROOT"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
if [[ $# -gt 0 ]]; then usage >&2; exit 2; fi

bad() { echo "bench-reports: $*" >&2; exit 2; }
int_var() { # NAME DEFAULT MIN
    local value=${!1:-$2}
    value=${value//_/}
    [[ $value =~ ^[0-9]+$ ]] || bad "$1 must be an integer, not '${!1}'"
    value=$((10#$value))
    (( value >= $3 )) || bad "$1 must be at least $3"
    printf '%s' "$value"
}
PREMISES=$(int_var BENCH_PREMISES 100000 1)
MONTHS=$(int_var BENCH_MONTHS 120 1)
SEED=$(int_var BENCH_SEED 42 0)
RUNS=$(int_var BENCH_RUNS 3 1)
END=${BENCH_END:-$(python3 -c 'import datetime as d; t = d.date.today().replace(day=1) - d.timedelta(days=1); print(t.strftime("%Y-%m"))')}
[[ $END =~ ^[0-9]{4}-[0-9]{2}$ ]] || bad "BENCH_END must be YYYY-MM, not '$END'"

OUT_DIR=$SCRIPT_DIR/out/reports
mkdir -p "$OUT_DIR"
step() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- 1. bourse binary
step "bourse binary"
if [[ -n ${BOURSE_BIN:-} ]]; then
    BOURSE=$BOURSE_BIN
    [[ $BOURSE == /* ]] || BOURSE=$CALLER_PWD/$BOURSE
    [[ -x $BOURSE ]] || { echo "bench-reports: BOURSE_BIN=$BOURSE_BIN is not executable" >&2; exit 1; }
    echo "using $BOURSE (build skipped)"
else
    echo "swift build -c release --product bourse (log: Scripts/out/reports/build.log)"
    if ! swift build -c release --product bourse >"$OUT_DIR/build.log" 2>&1; then
        tail -n 20 "$OUT_DIR/build.log" >&2
        echo "bench-reports: the release build failed" >&2
        exit 1
    fi
    BOURSE=$(swift build -c release --show-bin-path)/bourse
    echo "built $BOURSE"
fi

# ---------------------------------------------------------------- 2. database
DB=$OUT_DIR/history-$PREMISES-$MONTHS-$END-$SEED.sqlite
step "history database ${DB#"$REPO_ROOT"/}"
if [[ ${BENCH_REGEN:-0} == 1 || ! -s $DB || $SCRIPT_DIR/gen-history.py -nt $DB ]]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$BOURSE" init --db "$DB" >/dev/null
    started=$SECONDS
    python3 "$SCRIPT_DIR/gen-history.py" "$DB" --premises "$PREMISES" --months "$MONTHS" --end "$END" --seed "$SEED"
    echo "generated in $((SECONDS - started)) s, $(du -m "$DB" | cut -f1) MB"
else
    echo "up to date (BENCH_REGEN=1 makes it again)"
fi
read -r PREMISES_ROWS EVENTS PLACEMENTS INVENTORIES < <(python3 - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("premises", "premises_events", "placements", "inventories")))
EOF
)
echo "$INVENTORIES inventories, $PREMISES_ROWS premises, $EVENTS events, $PLACEMENTS placements"

# ---------------------------------------------------------------- 3. timings
EVOLUTION=("$BOURSE" report evolution --by month --db "$DB")
INDICATORS=("$BOURSE" report indicators --db "$DB")
step "warm-up (untimed)"
"${EVOLUTION[@]}" >/dev/null
"${INDICATORS[@]}" >/dev/null

# One timed run under GNU time -v: prints "wall cpu rss_kib" (cpu = user + system seconds).
timed() { # NAME CMD...
    local name=$1 out
    shift
    out=$OUT_DIR/$name.time
    if ! /usr/bin/time -v -o "$out" -- "$@" >/dev/null; then
        echo "bench-reports: $name failed" >&2
        tail -n 30 "$out" >&2
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$out"
}
best() { # NAME CMD...: prints "wall cpu rss" of the fastest of RUNS runs
    local name=$1 best_line="" run line wall cpu rss
    shift
    for ((run = 1; run <= RUNS; run++)); do
        line=$(timed "$name" "$@")
        read -r wall cpu rss <<<"$line"
        printf '   run %d: %s s wall, %s s CPU, %s MB\n' "$run" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" >&2
        if [[ -z $best_line ]] || awk -v a="$wall" -v b="${best_line%% *}" 'BEGIN { exit !(a < b) }'; then
            best_line=$line
        fi
    done
    printf '%s\n' "$best_line"
}
[[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null || { echo "bench-reports: GNU time is needed (apt-get install time)" >&2; exit 1; }
step "bourse report evolution --by month ($RUNS runs)"
EVO=$(best evolution "${EVOLUTION[@]}")
read -r EVO_WALL EVO_CPU EVO_RSS <<<"$EVO"
step "bourse report indicators ($RUNS runs)"
IND=$(best indicators "${INDICATORS[@]}")
read -r IND_WALL IND_CPU IND_RSS <<<"$IND"

# ---------------------------------------------------------------- 4. check
step "check: the last period's stock is today's"
"$BOURSE" report evolution --by month --format json --db "$DB" >"$OUT_DIR/evolution.json"
python3 - "$DB" "$OUT_DIR/evolution.json" <<'EOF'
import json, sqlite3, sys
rows = json.load(open(sys.argv[2]))
count, surface = sqlite3.connect(sys.argv[1]).execute(
    "SELECT count(*), coalesce(sum(surface), 0) FROM premises WHERE status = 'disponible'").fetchone()
last = rows[-1]
print(f"{len(rows)} periods; last ({last['periode']}): {last['locaux_disponibles']} premises, {last['m2_disponibles']} m²; "
      f"database: {count} premises, {surface:.1f} m²")
if last["locaux_disponibles"] != count or abs(last["m2_disponibles"] - surface) > 0.05:
    sys.exit("bench-reports: the evolution's last period does not match the database")
EOF

# ---------------------------------------------------------------- table
verdict() { awk -v a="$1" -v t="$2" 'BEGIN { print (a < t) ? "met" : "missed" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
step "results (best of $RUNS, whole process)"
printf '| report | wall s | CPU s (user + sys) | peak RSS MB | target | verdict |\n|---|---:|---:|---:|---|---|\n'
printf '| `bourse report evolution --by month` | %s | %s | %s | < 1 s | %s |\n' "$EVO_WALL" "$EVO_CPU" "$(mb "$EVO_RSS")" "$(verdict "$EVO_WALL" 1)"
printf '| `bourse report indicators` | %s | %s | %s | < 2 s | %s |\n' "$IND_WALL" "$IND_CPU" "$(mb "$IND_RSS")" "$(verdict "$IND_WALL" 2)"
echo "machine load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (wall times grow with it; CPU times much less)"
if [[ ${BENCH_ENFORCE:-0} == 1 ]]; then
    [[ $(verdict "$EVO_WALL" 1) == met && $(verdict "$IND_WALL" 2) == met ]] || exit 1
fi
