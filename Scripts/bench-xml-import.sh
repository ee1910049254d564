#!/usr/bin/env bash
# Benchmark `bourse import` of a landlord XML inventory against its ceiling and its peer.
#
# Usage: Scripts/bench-xml-import.sh [ROWS]     (default 1000000; works from any folder)
#
# The same premises as Scripts/bench-import.sh (gen-inventory.py, seed 42), turned into the bourse's
# XML format by csv-to-xml.py (Scripts/out/, regenerated when missing or older than the scripts).
# Then, in the same run, each timed with Scripts/measure.py (wall seconds, peak RSS), best of
# BENCH_RUNS (default 1):
#   a. bourse import           our format, validated against Imports/inventaire-bailleur.xsd while
#                              read, into a fresh database (the full import)
#   b. bourse import --mapping the same file read through a landlord profile (no XSD), for scale
#   c. xmllint --stream --noout   libxml2's streaming parse alone (the ceiling; libxml2-utils)
#   d. Scripts/peer_lxml_import.py   lxml iterparse + conversions + executemany (peer)
# and the ratios against the targets of issue 3: a ≤ 2 × c, d ≥ 2.5 × a, a under 100 MB. The steps
# run in rounds (a, c, b, d, then again), so that the machine's speed, which drifts, weighs on all
# alike; besides the ratio of the best times, each round's a / c is printed, and their median.
#
# Environment: BOURSE_BIN=path (skip the build), BENCH_RUNS=N, BENCH_SEED=N.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
cd "$REPO_ROOT"
if [[ ${1:-} == -h || ${1:-} == --help ]]; then sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0; fi
ROWS=${1:-1000000}
[[ $ROWS =~ ^[0-9]+$ ]] || { echo "bench-xml-import: ROWS must be a positive integer" >&2; exit 2; }
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-1}
OUT=$SCRIPT_DIR/out
LOGS=$OUT/logs/xml
VENV=$SCRIPT_DIR/.venv
mkdir -p "$OUT" "$LOGS"

step() { printf '\n==> %s\n' "$*"; }

step "tools"
command -v xmllint >/dev/null || { echo "xmllint missing: apt-get install libxml2-utils" >&2; exit 1; }
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
PY=$VENV/bin/python
"$PY" -c 'import lxml' 2>/dev/null || "$PY" -m pip install --quiet --disable-pip-version-check lxml
echo "xmllint: $(xmllint --version 2>&1 | head -1); lxml $("$PY" -c 'import lxml; print(lxml.__version__)')"

step "data"
CSV=$OUT/inventory-$ROWS-seed$SEED.csv
XML=$OUT/inventory-$ROWS-seed$SEED.xml
if [[ ! -s $CSV || $SCRIPT_DIR/gen-inventory.py -nt $CSV ]]; then
    "$PY" "$SCRIPT_DIR/gen-inventory.py" "$ROWS" "$CSV" --seed "$SEED"
fi
if [[ ! -s $XML || $SCRIPT_DIR/csv-to-xml.py -nt $XML || $CSV -nt $XML ]]; then
    "$PY" "$SCRIPT_DIR/csv-to-xml.py" "$CSV" "$XML"
fi
echo "$XML: $(wc -c <"$XML" | tr -d ' ') bytes"
PROFILE=$OUT/bourse-format-sans-xsd.json
cat >"$PROFILE" <<'JSON'
{"espace_de_noms_par_defaut": "urn:bourse-fonciere-ess:inventaire:1", "racine": "inventaire", "enregistrement": "local",
 "date": "@date", "champs": {"reference": "@reference", "commune": "commune", "code_insee": "commune/@insee",
 "adresse": "adresse", "type": "type", "surface": "surface", "loyer_mensuel": "loyer", "charges": "charges",
 "bail": "bail", "disponible_le": "disponible_le", "etage": "etage", "pmr": "pmr", "contact": "contact",
 "remarques": "remarques"}}
JSON

step "bourse binary"
if [[ -n ${BOURSE_BIN:-} ]]; then
    BOURSE=$BOURSE_BIN
else
    swift build -c release --product bourse >"$LOGS/build.log" 2>&1 || { tail -20 "$LOGS/build.log"; exit 1; }
    BOURSE=$(swift build -c release --show-bin-path)/bourse
fi
echo "$BOURSE"

declare -A WALL=() RSS=() ROUND=()
# measure NAME SETUP CMD...: one timed run (SETUP, a shell snippet, runs before it, untimed); keeps
# the best wall time and the lowest peak RSS over the rounds, and this round's wall time.
measure() {
    local name=$1 setup=$2; shift 2
    eval "$setup"
    python3 "$SCRIPT_DIR/measure.py" -o "$LOGS/$name.res" -- "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err" \
        || { echo "FAILED: $name (see $LOGS/$name.err)"; tail -5 "$LOGS/$name.err"; return 1; }
    read -r wall rss _ <"$LOGS/$name.res"
    ROUND[$name]=$wall
    if [[ -z ${WALL[$name]:-} ]] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN { exit !(a < b) }'; then WALL[$name]=$wall; fi
    if [[ -z ${RSS[$name]:-} || $rss -lt ${RSS[$name]} ]]; then RSS[$name]=$rss; fi
    printf '  %-10s %8.2f s %8.1f MB\n' "$name" "$wall" "$(awk -v k="$rss" 'BEGIN { print k * 1024 / 1e6 }')"
}

DB=$OUT/bench-xml.sqlite
fresh_db='rm -f "$DB" "$DB-wal" "$DB-shm"; "$BOURSE" init --db "$DB" >/dev/null; "$BOURSE" sources add bench --name Bench --db "$DB" >/dev/null'
# Rounds, each timing every step once, so that a change in the machine's speed during the run
# (seen: a third) weighs on all steps alike; each round's import / xmllint ratio is kept too.
PAIRED=()
for ((round = 1; round <= RUNS; round++)); do
    step "round $round of $RUNS"
    measure import "$fresh_db" "$BOURSE" import "$XML" --source bench --db "$DB" --rejects "$LOGS/import.rejets.csv"
    imported=$(sqlite3 "$DB" "SELECT count(*) FROM premises WHERE source_id = 'bench'")
    [[ $imported == "$ROWS" ]] || echo "WARNING: $imported premises imported, $ROWS expected"
    measure xmllint ":" xmllint --stream --noout "$XML"
    measure profile "$fresh_db" "$BOURSE" import "$XML" --source bench --db "$DB" --mapping "$PROFILE" --rejects "$LOGS/profile.rejets.csv"
    measure lxml 'rm -f "$OUT/peer-xml.sqlite"*' "$PY" "$SCRIPT_DIR/peer_lxml_import.py" "$XML" "$OUT/peer-xml.sqlite"
    PAIRED+=("$(awk -v a="${ROUND[import]}" -v b="${ROUND[xmllint]}" 'BEGIN { printf "%.2f", a / b }')")
done
rm -f "$DB" "$DB-wal" "$DB-shm" "$OUT/peer-xml.sqlite"*

step "measurements (best of $RUNS)"
for name in import profile xmllint lxml; do
    printf '%-10s %8.2f s %8.1f MB\n' "$name" "${WALL[$name]}" "$(awk -v k="${RSS[$name]}" 'BEGIN { print k * 1024 / 1e6 }')"
done

step "ratios"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? v <= t : v >= t; print ok ? "met" : "missed" }'; }
r1=$(ratio "${WALL[import]}" "${WALL[xmllint]}")
r2=$(ratio "${WALL[lxml]}" "${WALL[import]}")
r3=$(ratio "${WALL[profile]}" "${WALL[xmllint]}")
r4=$(ratio "${WALL[lxml]}" "${WALL[profile]}")
mb=$(awk -v k="${RSS[import]}" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
printf '%-52s %7s  %-8s %s\n' "ratio" "value" "target" "verdict"
printf '%-52s %7s  %-8s %s\n' "import (XSD) / xmllint --stream" "$r1" "≤ 2" "$(verdict "$r1" 2 le)"
printf '%-52s %7s  %-8s %s\n' "lxml peer / import (XSD)" "$r2" "≥ 2.5" "$(verdict "$r2" 2.5 ge)"
printf '%-52s %7s  %-8s %s\n' "import peak memory (MB)" "$mb" "< 100" "$(verdict "$mb" 99.999 le)"
printf '%-52s %7s\n' "profile import (no XSD) / xmllint --stream" "$r3"
printf '%-52s %7s\n' "lxml peer / profile import (no XSD)" "$r4"
median=$(printf '%s\n' "${PAIRED[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
printf '%-52s %7s  (rounds: %s)\n' "import / xmllint, median of the rounds' ratios" "$median" "${PAIRED[*]}"
