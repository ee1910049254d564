#!/usr/bin/env bash
# Benchmark bourse's matching against its peers on seeded random profiles and a synthetic territory.
#
# Usage: Scripts/bench-match.sh                (works from any folder; no arguments)
#
# Steps: a Python venv with matching 1.4.3, scipy and numpy in Scripts/.venv; a release build of
# bourse in .build-bench/ (a scratch folder of its own); seeded inputs in Scripts/out/match/
# (regenerated when missing or older than their generator); then, each timed with
# Scripts/measure.py (wall seconds and peak RSS of the whole process):
#   1. Hospitals/residents, N x N (capacity 1, each resident lists 20-50 random hospitals, each
#      hospital the residents that listed it, in random order; Scripts/gen-profiles.py hr):
#        a. bourse solve FILE --out OUT --timings
#        b. Scripts/peer_matching.py   the matching package: HospitalResident, solve("resident")
#        c. Scripts/peer_da.py         plain-Python resident-proposing deferred acceptance
#      The three resident -> hospital maps must be equal (Scripts/check-answers.py).
#   2. Assignment (max total score): dense N x N integer scores 0-100 (BENCH_SCORE_MAX) for each N of
#      BENCH_DENSE_SIZES, and a sparse N x N with 20-50 allowed pairs per row (null elsewhere):
#        bourse solve FILE --out OUT --timings   (its "résolution" time is the solve time)
#        Scripts/peer_scipy.py                   linear_sum_assignment(M, maximize=True), timed
#                                                alone; forbidden pairs as -1e9, dropped from its total
#      Dense: equal totals. Sparse: bourse's total >= scipy's feasible total.
#   3. End to end: an inventory of P premises over the 8 communes (Scripts/gen-inventory.py),
#      S structures and N needs (Scripts/gen-territory.py); bourse init, sources add ept, import --source ept
#      --date 2026-01-01, structures import, needs import into a fresh database (not timed); then,
#      each on its own copy of that database, with a timeout and a virtual-memory cap:
#        bourse match --db DB --date D                      (stable, the default)
#        bourse match --db DB --date D --strategy optimal
# and a table with the ratios and targets.
#
# Environment:
#   BOURSE_BIN=path          use this bourse binary, skip the build
#   BENCH_SEED=N             generators' seed (default 42)
#   BENCH_RUNS=N             run each timed step N times, keep the fastest (default 1)
#   BENCH_PARTS="hr assign match"   which parts to run (default all three)
#   BENCH_HR_SIZE=N          residents = hospitals (default 10000)
#   BENCH_DENSE_SIZES="N..." dense assignment sizes (default "2000 5000")
#   BENCH_SPARSE_SIZE=N      sparse assignment size (default 5000; 0 skips it)
#   BENCH_SCORE_MAX=N        assignment scores are integers 0..N (default 100; with 100 a dense
#                            matrix's optimum is the bound 100 x size, an easy instance)
#   BENCH_MATCH_PREMISES=N   premises of the territory (default 100000)
#   BENCH_MATCH_NEEDS=N      needs (default 50000)
#   BENCH_MATCH_STRUCTURES=N structures (default 30000)
#   BENCH_MATCH_STRATEGIES="stable optimal"   which bourse match strategies to time (default both)
#   BENCH_MATCH_DATE=D       the rounds' --date, so that runs on other days agree (default 2026-12-01)
#   BENCH_MATCH_TIMEOUT=S    timeout of each bourse match (default 300 s)
#   BENCH_MATCH_VMEM_MB=M    virtual-memory cap of each bourse match (ulimit -v; default 12288),
#                            so that a run that wants tens of GB fails alone instead of bringing
#                            the out-of-memory killer onto the machine
#   BENCH_PEER_TIMEOUT=S     timeout of each Python peer (default 3600 s)
#   BENCH_KEEP_DB=1          keep the databases in Scripts/out/match/ (deleted by default)
#   BENCH_ENFORCE=1          also exit non-zero when a target is missed
#   MEASURE_BACKEND          auto|time|rusage, see Scripts/measure.py
#
# Exit status: 0 when every step ran and its output was checked, 1 otherwise (a failed step, a
# disagreement between solvers, a crash; a failed step still lets the others run), 2 on bad usage.
# A bourse match --strategy optimal that times out or refuses the size (exit 1 with a message) is
# reported (a timeout as a missed target), not counted as a failure; one that crashes is a
# failure. A stable bourse match that times out is a failure.
set -euo pipefail

CALLER_PWD=$PWD
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
cd "$REPO_ROOT"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
if [[ $# -gt 0 ]]; then usage >&2; exit 2; fi

bad() { echo "bench-match: $*" >&2; exit 2; }
int_var() { # NAME DEFAULT MIN: a non-negative integer from the environment (underscores allowed)
    local value=${!1:-$2}
    value=${value//_/}
    [[ $value =~ ^[0-9]+$ ]] || bad "$1 must be an integer, not '${!1}'"
    value=$((10#$value))
    (( value >= $3 )) || bad "$1 must be at least $3"
    printf '%s' "$value"
}
SEED=$(int_var BENCH_SEED 42 0)
RUNS=$(int_var BENCH_RUNS 1 1)
HR_SIZE=$(int_var BENCH_HR_SIZE 10000 1)
SPARSE_SIZE=$(int_var BENCH_SPARSE_SIZE 5000 0)
SCORE_MAX=$(int_var BENCH_SCORE_MAX 100 0)
M_PREMISES=$(int_var BENCH_MATCH_PREMISES 100000 1)
M_NEEDS=$(int_var BENCH_MATCH_NEEDS 50000 1)
M_STRUCTURES=$(int_var BENCH_MATCH_STRUCTURES 30000 1)
M_TIMEOUT=$(int_var BENCH_MATCH_TIMEOUT 300 1)
M_VMEM_MB=$(int_var BENCH_MATCH_VMEM_MB 12288 256)
PEER_TIMEOUT=$(int_var BENCH_PEER_TIMEOUT 3600 1)
M_DATE=${BENCH_MATCH_DATE:-2026-12-01}
[[ $M_DATE =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || bad "BENCH_MATCH_DATE must be YYYY-MM-DD"
DENSE_SIZES=()
for n in ${BENCH_DENSE_SIZES-2000 5000}; do
    n=${n//_/}
    [[ $n =~ ^[0-9]+$ ]] && (( 10#$n >= 1 )) || bad "BENCH_DENSE_SIZES must list positive integers, not '$n'"
    DENSE_SIZES+=($((10#$n)))
done
PARTS=" ${BENCH_PARTS:-hr assign match} "
PARTS=${PARTS//,/ }
for part in $PARTS; do
    [[ $part == hr || $part == assign || $part == match ]] || bad "BENCH_PARTS: unknown part '$part' (hr, assign, match)"
done
part_on() { [[ $PARTS == *" $1 "* ]]; }
STRATEGIES=()
for strategy in ${BENCH_MATCH_STRATEGIES-stable optimal}; do
    strategy=${strategy//,/}
    [[ $strategy == stable || $strategy == optimal ]] || bad "BENCH_MATCH_STRATEGIES: unknown strategy '$strategy' (stable, optimal)"
    STRATEGIES+=("$strategy")
done

OUT_DIR=$SCRIPT_DIR/out
DATA_DIR=$OUT_DIR/match
LOG_DIR=$OUT_DIR/logs/match
VENV=$SCRIPT_DIR/.venv
mkdir -p "$DATA_DIR" "$LOG_DIR"

FAILURES=0
say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
fail() { # message, optional stderr file
    FAILURES=$((FAILURES + 1))
    printf 'FAILED: %s\n' "$1" >&2
    if [[ -n ${2:-} && -s $2 ]]; then
        printf -- '--- last lines of %s ---\n' "${2#"$REPO_ROOT"/}" >&2
        tail -n 20 -- "$2" | cut -c 1-400 >&2
        printf -- '---\n' >&2
    fi
}

if ! command -v python3 >/dev/null 2>&1; then
    echo "bench-match: python3 is required" >&2
    exit 1
fi

# ---------------------------------------------------------------- 1. venv + packages
step "Python environment ($VENV)"
PY=python3
if [[ ! -x $VENV/bin/python ]]; then
    if ! python3 -m venv "$VENV" >"$LOG_DIR/venv.log" 2>&1; then
        fail "python3 -m venv $VENV (on Debian: apt-get install python3-venv)" "$LOG_DIR/venv.log"
        rm -rf "$VENV"
    fi
fi
[[ -x $VENV/bin/python ]] && PY=$VENV/bin/python
have_module() { "$PY" -c "import $1" >/dev/null 2>&1; }
MATCHING_OK=0 SCIPY_OK=0
if [[ $PY != python3 ]]; then
    want=()
    if part_on hr && ! "$PY" -c 'import importlib.metadata as m, sys; sys.exit(m.version("matching") != "1.4.3")' >/dev/null 2>&1; then
        want+=(matching==1.4.3)
    fi
    if part_on assign && ! have_module scipy.optimize; then want+=(scipy numpy); fi
    if (( ${#want[@]} )); then
        say "installing ${want[*]} into the venv (pip, quietly)"
        if ! "$PY" -m pip install --quiet --disable-pip-version-check "${want[@]}" >"$LOG_DIR/pip.log" 2>&1; then
            fail "pip install ${want[*]}" "$LOG_DIR/pip.log"
        fi
    fi
fi
have_module matching.games && MATCHING_OK=1
have_module scipy.optimize && have_module numpy && SCIPY_OK=1
PY_VERSION=$("$PY" -c 'import sys; print(sys.version.split()[0])')
pkg_version() { "$PY" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null || echo absent; }
MATCHING_VERSION=$(pkg_version matching)
SCIPY_VERSION=$(pkg_version scipy)
NUMPY_VERSION=$(pkg_version numpy)
say "python $PY_VERSION ($PY), matching $MATCHING_VERSION, scipy $SCIPY_VERSION, numpy $NUMPY_VERSION"

# ---------------------------------------------------------------- 2. bourse binary
step "bourse binary"
BOURSE=""
BOURSE_WHY="not built"
SCRATCH=$REPO_ROOT/.build-bench
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
    say "swift build -c release --product bourse --scratch-path ${SCRATCH#"$REPO_ROOT"/} (log: ${LOG_DIR#"$REPO_ROOT"/}/build.log)"
    build_started=$SECONDS
    if swift build -c release --product bourse --scratch-path "$SCRATCH" >"$LOG_DIR/build.log" 2>&1; then
        bin_dir=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path 2>/dev/null || echo "$SCRATCH/release")
        if [[ -x $bin_dir/bourse ]]; then
            BOURSE=$bin_dir/bourse
            say "built $BOURSE in $((SECONDS - build_started)) s"
        else
            fail "the build succeeded but no bourse binary was found in $bin_dir"
        fi
    else
        fail "swift build -c release --product bourse: bourse not built" "$LOG_DIR/build.log"
        if grep -q 'error:' "$LOG_DIR/build.log"; then
            { echo "--- first errors of the build ---"; grep -m 10 'error:' "$LOG_DIR/build.log"; echo "---"; } >&2
        fi
    fi
fi

# ---------------------------------------------------------------- helpers
declare -A WALL=() RSS=() STATUS=() SOLVE=() READ=() NOTE=()
BACKEND=""
LAST_WALL="" LAST_RSS="" LAST_RC=0

# measured NAME CMD...: run CMD under measure.py, stdout/stderr to $LOG_DIR/NAME.{out,err}.
# Keeps the fastest run of NAME. Returns the command's status (also in LAST_RC).
measured() {
    local name=$1; shift
    local res=$LOG_DIR/$name.res rc=0
    rm -f -- "$res"
    python3 "$SCRIPT_DIR/measure.py" -o "$res" -- "$@" </dev/null >"$LOG_DIR/$name.out" 2>"$LOG_DIR/$name.err" || rc=$?
    LAST_RC=$rc
    if [[ ! -s $res ]]; then
        STATUS[$name]="FAILED (measure.py)"
        fail "$name: measure.py wrote no result" "$LOG_DIR/$name.err"
        return 1
    fi
    local wall rss status backend
    read -r wall rss status backend <"$res"
    BACKEND=$backend
    LAST_WALL=$wall
    LAST_RSS=$rss
    if (( rc != 0 )); then
        return "$rc"
    fi
    if [[ -z ${WALL[$name]:-} ]] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(a < b) }'; then
        WALL[$name]=$wall
        RSS[$name]=$rss
    fi
    STATUS[$name]=ok
    return 0
}
# failed_run NAME: records and reports a non-zero exit of the last measured NAME.
failed_run() {
    local name=$1 rc=$LAST_RC what
    [[ ${STATUS[$name]:-} == "FAILED (measure.py)" ]] && return 0
    if (( rc == 124 || rc == 137 )); then what="timeout"
    elif (( rc > 128 )); then what="killed by signal $((rc - 128))"
    else what="exit $rc"; fi
    STATUS[$name]="FAILED ($what)"
    fail "$name: $what" "$LOG_DIR/$name.err"
}
# timings NAME: "lecture : X s ; résolution : Y s" on NAME's stderr -> READ/SOLVE (fastest solve kept).
timings() {
    local line read solve
    line=$(sed -n 's/.*lecture : \([0-9.]*\) s ; résolution : \([0-9.]*\) s.*/\1 \2/p' "$LOG_DIR/$1.err" | tail -n 1)
    [[ -n $line ]] || return 1
    read -r read solve <<<"$line"
    if [[ -z ${SOLVE[$1]:-} ]] || awk -v a="$solve" -v b="${SOLVE[$1]}" 'BEGIN { exit !(a < b) }'; then
        SOLVE[$1]=$solve
        READ[$1]=$read
    fi
}
check_fail() { # NAME MESSAGE
    STATUS[$1]="FAILED (check)"
    fail "$1: $2" "$LOG_DIR/$1.err"
}
runnable() {
    [[ ${STATUS[$1]:-ok} == ok ]] && return 0
    say "skipped: ${STATUS[$1]} in an earlier run"
    return 1
}
# fresh NAME GENERATOR FILE CMD...: (re)generate FILE with CMD unless it exists and is newer
# than GENERATOR. Returns non-zero (reported) when the generation fails.
fresh() {
    local generator=$1 file=$2; shift 2
    if [[ -s $file && $file -nt $generator ]]; then
        say "${file#"$REPO_ROOT"/}: up to date, reusing it"
        return 0
    fi
    if ! "$@" 2>"$LOG_DIR/gen.err"; then
        fail "could not generate ${file#"$REPO_ROOT"/}" "$LOG_DIR/gen.err"
        return 1
    fi
    tail -n 1 "$LOG_DIR/gen.err"
}
fresh_db() { rm -f -- "$1" "$1-wal" "$1-shm" "$1-journal"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }
size_mb() { awk -v b="$(wc -c <"$1" | tr -d ' ')" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# ---------------------------------------------------------------- 3. hospitals/residents
HR_FILE=$DATA_DIR/hr-$HR_SIZE-seed$SEED.json
HR_OK=0
if part_on hr; then
    step "1. Hospitals/residents $HR_SIZE x $HR_SIZE"
    if fresh "$SCRIPT_DIR/gen-profiles.py" "$HR_FILE" "$PY" "$SCRIPT_DIR/gen-profiles.py" hr "$HR_SIZE" "$HR_FILE" --seed "$SEED"; then
        HR_OK=1
        say "profile: $(size_mb "$HR_FILE") MB"
        cat -- "$HR_FILE" >/dev/null
    else
        for name in hr_bourse hr_matching hr_da; do STATUS[$name]="no profile"; done
    fi
fi
if (( HR_OK )); then
    for ((run = 1; run <= RUNS; run++)); do
        (( RUNS > 1 )) && say "-- run $run of $RUNS"
        if [[ -z $BOURSE ]]; then
            STATUS[hr_bourse]=$BOURSE_WHY
        elif runnable hr_bourse; then
            if measured hr_bourse "$BOURSE" solve "$HR_FILE" --out "$DATA_DIR/hr.bourse.json" --timings; then
                timings hr_bourse || true
                say "a. bourse solve: wall $LAST_WALL s ($(tail -n 1 "$LOG_DIR/hr_bourse.err"))"
            else failed_run hr_bourse; fi
        fi
        if (( ! MATCHING_OK )); then
            STATUS[hr_matching]="matching not importable"
        elif runnable hr_matching; then
            if measured hr_matching timeout --kill-after=10 "$PEER_TIMEOUT" "$PY" "$SCRIPT_DIR/peer_matching.py" "$HR_FILE" --out "$DATA_DIR/hr.matching.json"; then
                say "b. matching $MATCHING_VERSION: wall $LAST_WALL s"
            else failed_run hr_matching; fi
        fi
        if runnable hr_da; then
            if measured hr_da timeout --kill-after=10 "$PEER_TIMEOUT" "$PY" "$SCRIPT_DIR/peer_da.py" "$HR_FILE" --out "$DATA_DIR/hr.da.json"; then
                say "c. plain-Python DA: wall $LAST_WALL s"
            else failed_run hr_da; fi
        fi
    done
    # Same resident -> hospital map from every solver that ran.
    if [[ ${STATUS[hr_bourse]:-} == ok ]]; then
        others=()
        [[ ${STATUS[hr_matching]:-} == ok ]] && others+=("$DATA_DIR/hr.matching.json")
        [[ ${STATUS[hr_da]:-} == ok ]] && others+=("$DATA_DIR/hr.da.json")
        if (( ${#others[@]} )); then
            if verdict=$("$PY" "$SCRIPT_DIR/check-answers.py" hr "$DATA_DIR/hr.bourse.json" "${others[@]}" 2>&1); then
                say "answers agree: $verdict"
                NOTE[hr]="answers agree ($verdict)"
            else
                say "$verdict"
                NOTE[hr]="ANSWERS DIFFER: $(tr '\n' ' ' <<<"$verdict" | cut -c 1-300)"
                check_fail hr_bourse "its resident -> hospital map differs from the peers' (see above)"
            fi
        fi
    fi
fi

# ---------------------------------------------------------------- 4. assignment
ASSIGN_CASES=()
if part_on assign; then
    for n in "${DENSE_SIZES[@]}"; do ASSIGN_CASES+=("dense:$n"); done
    (( SPARSE_SIZE > 0 )) && ASSIGN_CASES+=("sparse:$SPARSE_SIZE")
fi
for case in "${ASSIGN_CASES[@]}"; do
    kind=${case%%:*} n=${case#*:}
    key=${kind}_$n
    file=$DATA_DIR/$kind-$n-seed$SEED.json
    (( SCORE_MAX == 100 )) || file=$DATA_DIR/$kind-$n-max$SCORE_MAX-seed$SEED.json
    step "2. Assignment, $kind $n x $n, scores 0-$SCORE_MAX"
    if ! fresh "$SCRIPT_DIR/gen-profiles.py" "$file" "$PY" "$SCRIPT_DIR/gen-profiles.py" "$kind" "$n" "$file" --seed "$SEED" --max-score "$SCORE_MAX"; then
        STATUS[${key}_bourse]="no profile"; STATUS[${key}_scipy]="no profile"
        continue
    fi
    say "profile: $(size_mb "$file") MB"
    cat -- "$file" >/dev/null
    for ((run = 1; run <= RUNS; run++)); do
        (( RUNS > 1 )) && say "-- run $run of $RUNS"
        if [[ -z $BOURSE ]]; then
            STATUS[${key}_bourse]=$BOURSE_WHY
        elif runnable "${key}_bourse"; then
            if measured "${key}_bourse" "$BOURSE" solve "$file" --out "$DATA_DIR/$key.bourse.json" --timings; then
                timings "${key}_bourse" || check_fail "${key}_bourse" "no 'lecture : … ; résolution : …' line on stderr"
                say "bourse solve: wall $LAST_WALL s ($(tail -n 1 "$LOG_DIR/${key}_bourse.err"))"
            else failed_run "${key}_bourse"; fi
        fi
        if (( ! SCIPY_OK )); then
            STATUS[${key}_scipy]="scipy not importable"
        elif runnable "${key}_scipy"; then
            if measured "${key}_scipy" timeout --kill-after=10 "$PEER_TIMEOUT" "$PY" "$SCRIPT_DIR/peer_scipy.py" "$file" --out "$DATA_DIR/$key.scipy.json"; then
                timings "${key}_scipy" || check_fail "${key}_scipy" "no 'lecture : … ; résolution : …' line on stderr"
                say "scipy: wall $LAST_WALL s ($(tail -n 1 "$LOG_DIR/${key}_scipy.err"))"
            else failed_run "${key}_scipy"; fi
        fi
    done
    if [[ ${STATUS[${key}_bourse]:-} == ok && ${STATUS[${key}_scipy]:-} == ok ]]; then
        b_total=- b_assigned=- s_total=- s_assigned=-
        read -r b_total b_assigned < <("$PY" "$SCRIPT_DIR/check-answers.py" total "$DATA_DIR/$key.bourse.json" 2>&1) || true
        read -r s_total s_assigned < <("$PY" "$SCRIPT_DIR/check-answers.py" total "$DATA_DIR/$key.scipy.json" 2>&1) || true
        NOTE[$key]="total bourse $b_total ($b_assigned rows assigned), scipy $s_total ($s_assigned)"
        if ! [[ $b_total =~ ^-?[0-9.]+$ && $s_total =~ ^-?[0-9.]+$ ]]; then
            check_fail "${key}_bourse" "could not read the totals of the answers (bourse '$b_total', scipy '$s_total')"
        elif [[ $kind == dense ]]; then
            if awk -v a="$b_total" -v b="$s_total" 'BEGIN { exit !(a == b) }'; then
                say "totals agree: $b_total"
            else
                check_fail "${key}_bourse" "total $b_total differs from scipy's $s_total"
            fi
        else
            if awk -v a="$b_total" -v b="$s_total" 'BEGIN { exit !(a >= b) }'; then
                say "bourse total $b_total >= scipy feasible total $s_total"
            else
                check_fail "${key}_bourse" "total $b_total below scipy's feasible total $s_total"
            fi
        fi
    fi
done

# ---------------------------------------------------------------- 5. end to end
M_INV=$DATA_DIR/territory-inventory-$M_PREMISES-seed$SEED.csv
M_STRUCT=$DATA_DIR/territory-structures-$M_STRUCTURES-$M_NEEDS-seed$SEED.csv
M_NEEDS_CSV=$DATA_DIR/territory-besoins-$M_STRUCTURES-$M_NEEDS-seed$SEED.csv
M_DB=$DATA_DIR/bench-match.sqlite
M_WORK=$DATA_DIR/bench-match-run.sqlite
MATCH_READY=0
M_COUNTS=""
if part_on match; then
    step "3. End to end: $M_PREMISES premises, $M_STRUCTURES structures, $M_NEEDS needs"
    if [[ -z $BOURSE ]]; then
        STATUS[match_stable]=$BOURSE_WHY; STATUS[match_optimal]=$BOURSE_WHY
    elif { [[ -s $M_STRUCT ]] || rm -f -- "$M_NEEDS_CSV"; } \
        && fresh "$SCRIPT_DIR/gen-inventory.py" "$M_INV" "$PY" "$SCRIPT_DIR/gen-inventory.py" "$M_PREMISES" "$M_INV" --seed "$SEED" \
        && fresh "$SCRIPT_DIR/gen-territory.py" "$M_NEEDS_CSV" "$PY" "$SCRIPT_DIR/gen-territory.py" "$M_STRUCTURES" "$M_NEEDS" "$M_STRUCT" "$M_NEEDS_CSV" --seed "$SEED"; then
        fresh_db "$M_DB"
        setup_ok=1
        setup() { # NAME EXPECTED CMD...: untimed setup command whose "acceptés : N" must be EXPECTED
            local name=$1 expected=$2; shift 2
            local started=$SECONDS
            if ! "$@" </dev/null >"$LOG_DIR/$name.out" 2>"$LOG_DIR/$name.err"; then
                fail "$name: $(basename -- "$1") ${2:-} exited with an error" "$LOG_DIR/$name.err"; setup_ok=0; return 1
            fi
            if [[ -n $expected ]]; then
                local got
                got=$( { grep -m 1 'acceptés :' "$LOG_DIR/$name.out" || true; } | sed 's/.*acceptés : \([^a-z]*\).*/\1/' | tr -cd '0-9')
                if [[ $got != "$expected" ]]; then
                    fail "$name: $got rows accepted, expected $expected" "$LOG_DIR/$name.out"; setup_ok=0; return 1
                fi
            fi
            say "$name: $((SECONDS - started)) s${expected:+, $expected accepted}"
        }
        # The generated premises lie in the 8 communes: an EPT-wide source holds them.
        setup setup_init "" "$BOURSE" init --db "$M_DB" \
            && setup setup_source "" "$BOURSE" sources add ept --name "EPT Paris Terres d'Envol" --kind autre --db "$M_DB" \
            && setup setup_import "$M_PREMISES" "$BOURSE" import "$M_INV" --source ept --date 2026-01-01 --db "$M_DB" \
            && setup setup_structures "$M_STRUCTURES" "$BOURSE" structures import "$M_STRUCT" --db "$M_DB" \
            && setup setup_needs "$M_NEEDS" "$BOURSE" needs import "$M_NEEDS_CSV" --db "$M_DB" || true
        if (( setup_ok )); then MATCH_READY=1; else STATUS[match_stable]="setup failed"; STATUS[match_optimal]="setup failed"; fi
    else
        STATUS[match_stable]="no input files"; STATUS[match_optimal]="no input files"
    fi
fi
if (( MATCH_READY )); then
    # The command runs under a timeout and a virtual-memory cap (ulimit -v, KiB).
    capped=(timeout --kill-after=10 "$M_TIMEOUT" bash -c 'ulimit -v "$1" && shift && exec "$@"' _ $((M_VMEM_MB * 1024)))
    for ((run = 1; run <= RUNS; run++)); do
        (( RUNS > 1 )) && say "-- run $run of $RUNS"
        for strategy in "${STRATEGIES[@]}"; do
            name=match_$strategy
            runnable "$name" || continue
            # Each run on a fresh copy of the imported database (a round is saved into it).
            fresh_db "$M_WORK"
            cp -- "$M_DB" "$M_WORK"
            [[ -f $M_DB-wal ]] && cp -- "$M_DB-wal" "$M_WORK-wal"
            args=(match --db "$M_WORK" --date "$M_DATE")
            [[ $strategy == optimal ]] && args+=(--strategy optimal)
            if measured "$name" "${capped[@]}" "$BOURSE" "${args[@]}"; then
                summary=$( { grep -m 1 'besoin(s) actif(s)' "$LOG_DIR/$name.out" || true; } | sed 's/^ *//')
                say "bourse match --strategy $strategy: wall $LAST_WALL s — $summary"
                NOTE[$name]=$summary
                got_needs=$(sed -n 's/^ *\(.*\) besoin(s) actif(s), .*/\1/p' "$LOG_DIR/$name.out" | head -n 1 | tr -cd '0-9')
                got_premises=$(sed -n 's/.* besoin(s) actif(s), \(.*\) local(aux) disponible(s).*/\1/p' "$LOG_DIR/$name.out" | head -n 1 | tr -cd '0-9')
                if [[ "$got_needs $got_premises" != "$M_NEEDS $M_PREMISES" ]]; then
                    check_fail "$name" "expected $M_NEEDS active needs and $M_PREMISES available premises, the round says '${summary:-nothing}'"
                fi
            else
                rc=$LAST_RC
                # The crash report's "Fatal error" line, else bourse's message (its last line).
                message=$( { grep -m 1 -E 'Fatal error|Out of memory|out of memory' "$LOG_DIR/$name.err" \
                    || grep -v '^[[:space:]]*$' "$LOG_DIR/$name.err" || true; } | tail -n 1 | cut -c 1-160)
                # Keep what the killed or crashed run reached (wall time, peak RSS).
                WALL[$name]=$LAST_WALL RSS[$name]=$LAST_RSS
                if (( rc == 124 || rc == 137 )); then
                    STATUS[$name]="timeout (${M_TIMEOUT} s)"
                    NOTE[$name]="killed after ${M_TIMEOUT} s (BENCH_MATCH_TIMEOUT)"
                    say "bourse match --strategy $strategy: timed out after $M_TIMEOUT s"
                    [[ $strategy == optimal ]] || fail "$name: timed out after $M_TIMEOUT s" "$LOG_DIR/$name.err"
                elif (( rc == 1 )) && [[ $strategy == optimal ]]; then
                    STATUS[$name]="refused (exit 1)"
                    NOTE[$name]="refused: $message"
                    say "bourse match --strategy optimal refused: $message"
                else
                    failed_run "$name"
                    NOTE[$name]="exit $rc under a ${M_VMEM_MB} MB virtual-memory cap after $LAST_WALL s: $message"
                fi
            fi
        done
    done
    if [[ ${BENCH_KEEP_DB:-0} != 1 ]]; then fresh_db "$M_DB"; fi
    fresh_db "$M_WORK"
fi

# ---------------------------------------------------------------- 6. report
cpu_model=$(awk -F': *' '/^(model name|Hardware|cpu model|Processor)[[:space:]]*:/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu_model ]] || cpu_model=$(uname -m)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo "?")
[[ -n $BACKEND ]] || BACKEND=$(python3 "$SCRIPT_DIR/measure.py" true 2>&1 >/dev/null | awk '{ print $4 }')

printf '\n==================== bench-match ====================\n'
printf 'machine    : %s CPUs (nproc), %s, %s RAM, %s\n' "$(nproc 2>/dev/null || echo '?')" "$cpu_model" "$mem_total" "$(uname -sr)"
printf 'tools      : bourse %s; python %s; matching %s; scipy %s; numpy %s\n' "${BOURSE:-($BOURSE_WHY)}" "$PY_VERSION" "$MATCHING_VERSION" "$SCIPY_VERSION" "$NUMPY_VERSION"
printf 'inputs     : seed %s; HR %s x %s; dense %s; sparse %s; scores 0-%s; territory %s premises, %s structures, %s needs (round date %s)\n' \
    "$SEED" "$HR_SIZE" "$HR_SIZE" "${DENSE_SIZES[*]:-none}" "$( ((SPARSE_SIZE)) && echo "$SPARSE_SIZE" || echo none)" "$SCORE_MAX" "$M_PREMISES" "$M_STRUCTURES" "$M_NEEDS" "$M_DATE"
printf 'measure    : measure.py backend %s, best of %s run(s); whole-process wall time; RSS in MB (10^6 bytes);\n' "${BACKEND:-?}" "$RUNS"
printf '             "read s" / "solve s": the tool'"'"'s own split (bourse solve --timings; peer_scipy.py around linear_sum_assignment)\n'
printf '\n'

printf '%-44s %9s %11s %9s %9s  %s\n' "step" "wall s" "peak RSS MB" "read s" "solve s" "status"
printf '%-44s %9s %11s %9s %9s  %s\n' "--------------------------------------------" "---------" "-----------" "---------" "---------" "------"
row() { # name label
    local name=$1 label=$2 status=${STATUS[$1]:-not run}
    if [[ -n ${WALL[$name]:-} ]]; then
        printf '%-44s %9s %11s %9s %9s  %s\n' "$label" "${WALL[$name]}" "$(mb "${RSS[$name]}")" "${READ[$name]:--}" "${SOLVE[$name]:--}" "$status"
    else
        printf '%-44s %9s %11s %9s %9s  %s\n' "$label" "-" "-" "-" "-" "$status"
    fi
}
if part_on hr; then
    row hr_bourse   "HR $HR_SIZE: bourse solve"
    row hr_matching "HR $HR_SIZE: matching $MATCHING_VERSION"
    row hr_da       "HR $HR_SIZE: plain-Python DA (peer_da.py)"
fi
for case in "${ASSIGN_CASES[@]}"; do
    kind=${case%%:*} n=${case#*:}
    row "${kind}_${n}_bourse" "assignment $kind $n: bourse solve"
    row "${kind}_${n}_scipy"  "assignment $kind $n: scipy"
done
if part_on match; then
    for strategy in "${STRATEGIES[@]}"; do row "match_$strategy" "match $M_PREMISES/$M_NEEDS: $strategy"; done
fi

MISSED=0
# verdict_line LABEL VALUE TARGET_TEXT OP TARGET: OP is ge, gt, le or lt; VALUE may be "-".
verdict_line() {
    local label=$1 value=$2 text=$3 op=$4 target=$5 verdict
    if [[ $value == - ]]; then
        verdict=n/a
    elif awk -v v="$value" -v t="$target" -v op="$op" 'BEGIN { v += 0; t += 0;
            exit !((op == "ge" && v >= t) || (op == "gt" && v > t) || (op == "le" && v <= t) || (op == "lt" && v < t)) }'; then
        verdict=ok
    else
        verdict=MISSED; MISSED=$((MISSED + 1))
    fi
    printf '%-44s %10s %14s  %s\n' "$label" "$value" "$text" "$verdict"
}
# ratio_of A B FIELD: FIELD (WALL or SOLVE) of A / of B, or "-".
ratio_of() {
    local a b
    if [[ ${STATUS[$1]:-} != ok || ${STATUS[$2]:-} != ok ]]; then echo -; return; fi
    if [[ $3 == WALL ]]; then a=${WALL[$1]:-} b=${WALL[$2]:-}; else a=${SOLVE[$1]:-} b=${SOLVE[$2]:-}; fi
    [[ -n $a && -n $b ]] || { echo -; return; }
    awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else if (a > 0) print "inf"; else print "1.00" }'
}
printf '\n%-44s %10s %14s  %s\n' "ratio / target" "value" "target" "verdict"
printf '%-44s %10s %14s  %s\n' "--------------------------------------------" "----------" "--------------" "-------"
if part_on hr; then
    verdict_line "HR: matching / bourse (wall)" "$(ratio_of hr_matching hr_bourse WALL)" ">= 100" ge 100
    verdict_line "HR: plain-Python DA / bourse (wall)" "$(ratio_of hr_da hr_bourse WALL)" ">= 5" ge 5
fi
for case in "${ASSIGN_CASES[@]}"; do
    kind=${case%%:*} n=${case#*:}
    if [[ $kind == dense ]]; then
        verdict_line "$kind $n: bourse / scipy (solve)" "$(ratio_of "${kind}_${n}_bourse" "${kind}_${n}_scipy" SOLVE)" "<= 1.5" le 1.5
    else
        verdict_line "$kind $n: bourse / scipy (solve)" "$(ratio_of "${kind}_${n}_bourse" "${kind}_${n}_scipy" SOLVE)" "< 1" lt 1
    fi
    printf '%-44s %10s %14s  %s\n' "$kind $n: bourse / scipy (whole process)" "$(ratio_of "${kind}_${n}_bourse" "${kind}_${n}_scipy" WALL)" "" "(information)"
done
if part_on match; then
    for strategy in "${STRATEGIES[@]}"; do
        name=match_$strategy
        if [[ ${STATUS[$name]:-} == ok ]]; then
            verdict_line "match $strategy: wall s" "${WALL[$name]}" "< 60" lt 60
            verdict_line "match $strategy: peak RSS MB" "$(mb "${RSS[$name]}")" "< 2000" lt 2000
        elif [[ ${STATUS[$name]:-} == timeout* ]]; then
            MISSED=$((MISSED + 1))
            printf '%-44s %10s %14s  %s\n' "match $strategy: wall s" "> $M_TIMEOUT" "< 60" "MISSED (killed by the timeout)"
            printf '%-44s %10s %14s  %s\n' "match $strategy: peak RSS MB when killed" "$(mb "${RSS[$name]}")" "< 2000" "(information)"
        else
            printf '%-44s %10s %14s  %s\n' "match $strategy: wall s / peak RSS MB" "-" "< 60 / < 2000" "n/a (${STATUS[$name]:-not run})"
        fi
    done
fi

notes=0
for key in hr "${ASSIGN_CASES[@]/:/_}" match_stable match_optimal; do
    [[ -n ${NOTE[$key]:-} ]] || continue
    (( notes++ == 0 )) && printf '\nchecks and notes:\n'
    printf '  %-14s %s\n' "$key" "${NOTE[$key]}"
done
printf '\ninputs in %s\nlogs in %s\n' "$DATA_DIR" "$LOG_DIR"

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
