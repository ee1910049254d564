#!/usr/bin/env bash
# Benchmark `bourse import` against its peers on a generated inventory.
#
# Usage: Scripts/bench-import.sh [ROWS]        (default 1000000; works from any folder)
#
# Steps: a Python venv with pandas in Scripts/.venv; a deterministic inventory of ROWS
# rows in Scripts/out/ (regenerated when missing, of the wrong length or older than gen-inventory.py);
# a release build of bourse; then, each timed with Scripts/measure.py (wall seconds and
# peak RSS):
#   a. bourse import            into a fresh, initialised database
#   b. bourse import --dry-run  against another fresh, initialised database
#   c. sqlite3 shell .import    into a plain table, one transaction (unvalidated ceiling)
#   d. Scripts/peer_csv_import.py   csv module + conversions + executemany
#   e. Scripts/peer_pandas_read.py  pandas.read_csv
# and a table with the ratios and targets.
#
# Environment:
#   BOURSE_BIN=path     use this bourse binary, skip the build
#   BENCH_SEED=N        generator seed (default 42)
#   BENCH_RUNS=N        run each step N times, keep the fastest (default 1)
#   BENCH_KEEP_DB=1     keep the databases in Scripts/out/ (deleted by default)
#   BENCH_ENFORCE=1     also exit non-zero when a target is missed
#   BENCH_COUNT_SQL=... after step a, run this query on the imported database with the
#                       sqlite3 shell and require ROWS (e.g. "SELECT count(*) FROM locaux")
#   MEASURE_BACKEND     auto|time|rusage, see Scripts/measure.py
#
# Exit status: 0 when every step ran and its output was checked, 1 otherwise (a failed
# or not built step still lets the others run), 2 on bad usage.
set -euo pipefail

CALLER_PWD=$PWD
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
cd "$REPO_ROOT"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

if [[ $# -gt 1 || ${1:-} == -h || ${1:-} == --help ]]; then
    usage
    [[ $# -gt 1 ]] && exit 2 || exit 0
fi
ROWS=${1:-1000000}
ROWS=${ROWS//_/}
if ! [[ $ROWS =~ ^[0-9]+$ ]] || (( 10#$ROWS < 1 )); then
    echo "bench-import: ROWS must be a positive integer, not '$1'" >&2
    exit 2
fi
ROWS=$((10#$ROWS))
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-1}
if ! [[ $SEED =~ ^[0-9]+$ && $RUNS =~ ^[0-9]+$ ]] || (( RUNS < 1 )); then
    echo "bench-import: BENCH_SEED must be an integer and BENCH_RUNS a positive integer" >&2
    exit 2
fi

OUT_DIR=$SCRIPT_DIR/out
LOG_DIR=$OUT_DIR/logs
VENV=$SCRIPT_DIR/.venv
mkdir -p "$OUT_DIR" "$LOG_DIR"

FAILURES=0
say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
fail() { # message, optional stderr file
    FAILURES=$((FAILURES + 1))
    printf 'FAILED: %s\n' "$1" >&2
    if [[ -n ${2:-} && -s $2 ]]; then
        printf -- '--- last lines of %s ---\n' "${2#"$REPO_ROOT"/}" >&2
        tail -n 20 -- "$2" >&2
        printf -- '---\n' >&2
    fi
}

if ! command -v python3 >/dev/null 2>&1; then
    echo "bench-import: python3 is required" >&2
    exit 1
fi

# ---------------------------------------------------------------- 1. venv + pandas
step "Python environment ($VENV)"
PY=python3
PANDAS_OK=0
if [[ ! -x $VENV/bin/python ]]; then
    if ! python3 -m venv "$VENV" >"$LOG_DIR/venv.log" 2>&1; then
        fail "python3 -m venv $VENV (on Debian: apt-get install python3-venv)" "$LOG_DIR/venv.log"
        rm -rf "$VENV"
    fi
fi
if [[ -x $VENV/bin/python ]]; then
    PY=$VENV/bin/python
    if ! "$PY" -c 'import pandas' >/dev/null 2>&1; then
        say "installing pandas into the venv (pip, quietly)"
        if ! "$PY" -m pip install --quiet --disable-pip-version-check pandas >"$LOG_DIR/pip.log" 2>&1; then
            fail "pip install pandas" "$LOG_DIR/pip.log"
        fi
    fi
    if "$PY" -c 'import pandas' >/dev/null 2>&1; then
        PANDAS_OK=1
    fi
fi
PY_VERSION=$("$PY" -c 'import sys; print(sys.version.split()[0])')
PANDAS_VERSION=$( ((PANDAS_OK)) && "$PY" -c 'import pandas; print(pandas.__version__)' || echo "absent")
say "python $PY_VERSION ($PY), pandas $PANDAS_VERSION"

# ---------------------------------------------------------------- 2. inventory
FILE=$OUT_DIR/inventory-$ROWS-seed$SEED.csv
step "Inventory $FILE"
# Reused only when newer than the generator and of the right length (ROWS + header).
if [[ -s $FILE && ! $SCRIPT_DIR/gen-inventory.py -nt $FILE ]] \
    && [[ $(wc -l <"$FILE" | tr -d ' ') == "$((ROWS + 1))" ]]; then
    say "up to date, reusing it"
else
    if ! "$PY" "$SCRIPT_DIR/gen-inventory.py" "$ROWS" "$FILE" --seed "$SEED"; then
        echo "bench-import: could not generate the inventory, nothing to measure" >&2
        exit 1
    fi
fi
FILE_BYTES=$(wc -c <"$FILE" | tr -d ' ')

# ---------------------------------------------------------------- 3. bourse binary
step "bourse binary"
BOURSE=""
BOURSE_WHY="not built"
if [[ -n ${BOURSE_BIN:-} ]]; then
    candidate=$BOURSE_BIN
    [[ $candidate == /* ]] || candidate=$CALLER_PWD/$candidate
    if [[ -x $candidate && -f $candidate ]]; then
        BOURSE=$candidate
        say "using BOURSE_BIN=$BOURSE (build skipped)"
    else
        BOURSE_WHY="BOURSE_BIN not executable"
        fail "BOURSE_BIN=$BOURSE_BIN is not an executable file"
    fi
elif ! command -v swift >/dev/null 2>&1; then
    fail "swift not found: bourse not built"
else
    say "swift build -c release --product bourse (log: ${LOG_DIR#"$REPO_ROOT"/}/build.log)"
    build_started=$SECONDS
    if swift build -c release --product bourse >"$LOG_DIR/build.log" 2>&1; then
        bin_dir=$(swift build -c release --show-bin-path 2>/dev/null || echo "$REPO_ROOT/.build/release")
        if [[ -x $bin_dir/bourse ]]; then
            BOURSE=$bin_dir/bourse
        elif [[ -x $REPO_ROOT/.build/release/bourse ]]; then
            BOURSE=$REPO_ROOT/.build/release/bourse
        else
            fail "the build succeeded but no bourse binary was found in $bin_dir"
        fi
        if [[ -n $BOURSE ]]; then say "built $BOURSE in $((SECONDS - build_started)) s"; fi
    else
        fail "swift build -c release --product bourse: bourse not built" "$LOG_DIR/build.log"
        if grep -q 'error:' "$LOG_DIR/build.log"; then
            { echo "--- first errors of the build ---"; grep -m 10 'error:' "$LOG_DIR/build.log"; echo "---"; } >&2
        fi
    fi
fi

# ---------------------------------------------------------------- 4. measurements
declare -A WALL=() RSS=() STATUS=()
BACKEND=""
LAST_WALL=""

# measured NAME CMD...: run CMD under measure.py (stdin inherited from the caller),
# stdout/stderr to $LOG_DIR/NAME.{out,err}. Keeps the fastest run of NAME. Returns
# the command's status.
measured() {
    local name=$1; shift
    local res=$LOG_DIR/$name.res rc=0
    rm -f -- "$res"
    python3 "$SCRIPT_DIR/measure.py" -o "$res" -- "$@" >"$LOG_DIR/$name.out" 2>"$LOG_DIR/$name.err" || rc=$?
    if [[ ! -s $res ]]; then
        STATUS[$name]="FAILED (measure.py)"
        fail "$name: measure.py wrote no result" "$LOG_DIR/$name.err"
        return 1
    fi
    local wall rss status backend
    read -r wall rss status backend <"$res"
    BACKEND=$backend
    LAST_WALL=$wall
    if (( rc != 0 )); then
        STATUS[$name]="FAILED (exit $rc)"
        fail "$name exited with status $rc" "$LOG_DIR/$name.err"
        return "$rc"
    fi
    if [[ -z ${WALL[$name]:-} ]] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(a < b) }'; then
        WALL[$name]=$wall
        RSS[$name]=$rss
    fi
    STATUS[$name]=ok
    return 0
}

# check NAME DESCRIPTION GOT WANT: output check after a measured step.
check() {
    if [[ $3 != "$4" ]]; then
        STATUS[$1]="FAILED (check)"
        fail "$1: $2: got '$3', expected '$4'" "$LOG_DIR/$1.err"
        return 1
    fi
}

fresh_db() { rm -f -- "$1" "$1-wal" "$1-shm" "$1-journal"; }

DB_IMPORT=$OUT_DIR/bench-import.sqlite
DB_DRY=$OUT_DIR/bench-dryrun.sqlite
DB_SQLITE=$OUT_DIR/bench-sqlite3.sqlite
DB_PEER=$OUT_DIR/bench-peer-csv.sqlite

# Put the file in the page cache so that no step pays for the first read.
cat -- "$FILE" >/dev/null

# tail_output NAME: the last lines the command printed (stdout, else stderr), indented.
tail_output() {
    local f=$LOG_DIR/$1.out
    [[ -s $f ]] || f=$LOG_DIR/$1.err
    tail -n 5 -- "$f" | sed 's/^/    /'
}
# runnable NAME: false, saying why, when NAME already failed in an earlier run.
runnable() {
    [[ ${STATUS[$1]:-ok} == ok ]] && return 0
    say "skipped: ${STATUS[$1]} in an earlier run"
    return 1
}

for ((run = 1; run <= RUNS; run++)); do
    if (( RUNS > 1 )); then step "Run $run of $RUNS"; fi

    # a. bourse import -------------------------------------------------------
    step "a. bourse import"
    if [[ -z $BOURSE ]]; then
        STATUS[import]=$BOURSE_WHY; say "$BOURSE_WHY"
    elif runnable import; then
        fresh_db "$DB_IMPORT"
        # The generated premises lie in the 8 communes: an EPT-wide source holds them (a
        # commune's source holds only its own premises).
        if ! { "$BOURSE" init --db "$DB_IMPORT" && "$BOURSE" sources add ept --name "EPT Paris Terres d'Envol" --kind autre --db "$DB_IMPORT"; } </dev/null >"$LOG_DIR/import-init.out" 2>"$LOG_DIR/import-init.err"; then
            STATUS[import]="FAILED (init)"
            fail "bourse init --db $DB_IMPORT" "$LOG_DIR/import-init.err"
        elif measured import "$BOURSE" import "$FILE" --source ept --date 2026-01-01 --db "$DB_IMPORT" </dev/null; then
            say "wall $LAST_WALL s; output tail:"; tail_output import
            if [[ -n ${BENCH_COUNT_SQL:-} ]]; then
                count=$(sqlite3 "$DB_IMPORT" "$BENCH_COUNT_SQL" 2>&1 || true)
                if check import "BENCH_COUNT_SQL on the imported database" "$count" "$ROWS"; then
                    say "$count rows stored (BENCH_COUNT_SQL)"
                fi
            fi
        fi
    fi

    # b. bourse import --dry-run ---------------------------------------------
    step "b. bourse import --dry-run"
    if [[ -z $BOURSE ]]; then
        STATUS[dryrun]=$BOURSE_WHY; say "$BOURSE_WHY"
    elif runnable dryrun; then
        fresh_db "$DB_DRY"
        # The generated premises lie in the 8 communes: an EPT-wide source holds them (a
        # commune's source holds only its own premises).
        if ! { "$BOURSE" init --db "$DB_DRY" && "$BOURSE" sources add ept --name "EPT Paris Terres d'Envol" --kind autre --db "$DB_DRY"; } </dev/null >"$LOG_DIR/dryrun-init.out" 2>"$LOG_DIR/dryrun-init.err"; then
            STATUS[dryrun]="FAILED (init)"
            fail "bourse init --db $DB_DRY" "$LOG_DIR/dryrun-init.err"
        elif measured dryrun "$BOURSE" import "$FILE" --source ept --date 2026-01-01 --dry-run --db "$DB_DRY" </dev/null; then
            say "wall $LAST_WALL s; output tail:"; tail_output dryrun
        fi
    fi

    # c. sqlite3 shell .import -----------------------------------------------
    step "c. sqlite3 .import"
    if ! command -v sqlite3 >/dev/null 2>&1; then
        if (( run == 1 )); then fail "the sqlite3 shell is not installed (apt-get install sqlite3)"; fi
        STATUS[sqlite3]="sqlite3 not found"
    elif runnable sqlite3; then
        fresh_db "$DB_SQLITE"
        if measured sqlite3 sqlite3 -bail "$DB_SQLITE" <<SQL
.mode csv
.separator ";"
BEGIN;
.import "$FILE" t
COMMIT;
SQL
        then
            count=$(sqlite3 "$DB_SQLITE" 'SELECT count(*) FROM t;' 2>&1 || true)
            if check sqlite3 "rows in t" "$count" "$ROWS"; then say "wall $LAST_WALL s, $count rows"; fi
        fi
    fi

    # d. Python csv peer -----------------------------------------------------
    step "d. Python csv peer"
    if runnable peer_csv; then
        fresh_db "$DB_PEER"
        if measured peer_csv "$PY" "$SCRIPT_DIR/peer_csv_import.py" "$FILE" "$DB_PEER" </dev/null; then
            got=$(tail -n 1 -- "$LOG_DIR/peer_csv.out")
            if check peer_csv "summary" "$got" "imported $ROWS, rejected 0"; then say "wall $LAST_WALL s, $got"; fi
        fi
    fi

    # e. pandas.read_csv -----------------------------------------------------
    step "e. pandas.read_csv"
    if (( ! PANDAS_OK )); then
        if (( run == 1 )); then fail "pandas is not importable from $PY"; fi
        STATUS[pandas]="pandas unavailable"
    elif runnable pandas; then
        if measured pandas "$PY" "$SCRIPT_DIR/peer_pandas_read.py" "$FILE" </dev/null; then
            got=$(tail -n 1 -- "$LOG_DIR/pandas.out")
            if check pandas "row count" "$got" "$ROWS"; then say "wall $LAST_WALL s, $got rows"; fi
        fi
    fi
done

if [[ ${BENCH_KEEP_DB:-0} != 1 ]]; then
    for db in "$DB_IMPORT" "$DB_DRY" "$DB_SQLITE" "$DB_PEER"; do fresh_db "$db"; done
fi

# ---------------------------------------------------------------- 5. report
cpu_model=$(awk -F': *' '/^(model name|Hardware|cpu model|Processor)[[:space:]]*:/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu_model ]] || cpu_model=$(uname -m)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo "?")
sqlite_version=$( (sqlite3 --version 2>/dev/null || echo absent) | awk '{ print $1 }')
[[ -n $BACKEND ]] || BACKEND=$(MEASURE_BACKEND=${MEASURE_BACKEND:-auto} python3 "$SCRIPT_DIR/measure.py" true 2>&1 >/dev/null | awk '{ print $4 }')

# Reported memory is in MB of 10^6 bytes; measure.py gives KiB.
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }

printf '\n==================== bench-import ====================\n'
printf 'machine    : %s CPUs (nproc), %s, %s RAM, %s\n' "$(nproc 2>/dev/null || echo '?')" "$cpu_model" "$mem_total" "$(uname -sr)"
printf 'inventory  : %s rows, %s bytes (%s MB), seed %s\n' "$ROWS" "$FILE_BYTES" "$(awk -v b="$FILE_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')" "$SEED"
printf 'file       : %s\n' "$FILE"
printf 'tools      : bourse %s; sqlite3 %s; python %s; pandas %s\n' "${BOURSE:-($BOURSE_WHY)}" "$sqlite_version" "$PY_VERSION" "$PANDAS_VERSION"
printf 'measure    : measure.py backend %s, best of %s run(s); RSS in MB (10^6 bytes)\n' "${BACKEND:-?}" "$RUNS"
if [[ $BACKEND == rusage ]]; then
    # Under rusage a child is charged at least measure.py's own RSS: say how much that is.
    floor=$(python3 "$SCRIPT_DIR/measure.py" true 2>&1 >/dev/null | awk '{ print $2 }')
    printf '             (rusage: an RSS at or below %s MB is measure.py'"'"'s floor, not the command'"'"'s)\n' "$(mb "${floor:-0}")"
fi
printf '\n'

printf '%-36s %10s %14s  %s\n' "step" "wall s" "peak RSS MB" "status"
printf '%-36s %10s %14s  %s\n' "------------------------------------" "----------" "--------------" "------"
row() { # name label
    local name=$1 label=$2 status=${STATUS[$1]:-not run}
    if [[ $status == ok ]]; then
        printf '%-36s %10s %14s  %s\n' "$label" "${WALL[$name]}" "$(mb "${RSS[$name]}")" "$status"
    else
        printf '%-36s %10s %14s  %s\n' "$label" "-" "-" "$status"
    fi
}
row import   "a. bourse import"
row dryrun   "b. bourse import --dry-run"
row sqlite3  "c. sqlite3 .import (ceiling)"
row peer_csv "d. python csv + executemany"
row pandas   "e. pandas.read_csv"

MISSED=0
# ratio LABEL NUM DEN TARGET(max, or empty)
ratio() {
    local label=$1 num=$2 den=$3 target=$4
    if [[ ${STATUS[$num]:-} != ok || ${STATUS[$den]:-} != ok ]]; then
        printf '%-36s %10s %14s  %s\n' "$label" "-" "${target:+<= $target}" "n/a"
        return
    fi
    local value verdict=""
    value=$(awk -v a="${WALL[$num]}" -v b="${WALL[$den]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }')
    if [[ -n $target ]]; then
        if awk -v v="$value" -v t="$target" 'BEGIN { exit !(v != "inf" && v + 0 <= t + 0) }'; then
            verdict=ok
        else
            verdict=MISSED; MISSED=$((MISSED + 1))
        fi
    fi
    printf '%-36s %10s %14s  %s\n' "$label" "$value" "${target:+<= $target}" "$verdict"
}
printf '\n%-36s %10s %14s  %s\n' "ratio (wall time)" "value" "target" "verdict"
printf '%-36s %10s %14s  %s\n' "------------------------------------" "----------" "--------------" "-------"
ratio "import / sqlite3 .import" import sqlite3 1.5
ratio "dry-run / pandas.read_csv" dryrun pandas 1.0
ratio "import / python csv peer" import peer_csv ""
if [[ ${STATUS[import]:-} == ok ]]; then
    import_mb=$(mb "${RSS[import]}")
    if awk -v m="$import_mb" 'BEGIN { exit !(m < 100) }'; then verdict=ok; else verdict=MISSED; MISSED=$((MISSED + 1)); fi
    printf '%-36s %10s %14s  %s\n' "import peak RSS (MB)" "$import_mb" "< 100" "$verdict"
else
    printf '%-36s %10s %14s  %s\n' "import peak RSS (MB)" "-" "< 100" "n/a"
fi
printf '\nlogs: %s\n' "$LOG_DIR"

status=0
if (( FAILURES > 0 )); then
    printf '%d problem(s): see FAILED lines above; exit 1\n' "$FAILURES" >&2
    status=1
fi
if (( MISSED > 0 )); then
    if [[ ${BENCH_ENFORCE:-0} == 1 ]]; then
        printf '%d target(s) missed (BENCH_ENFORCE=1): exit 1\n' "$MISSED" >&2
        status=1
    else
        printf '%d target(s) missed (informational; BENCH_ENFORCE=1 makes this fatal)\n' "$MISSED" >&2
    fi
fi
exit "$status"
