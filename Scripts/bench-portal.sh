#!/usr/bin/env bash
# Load on the portal (127.0.0.1 only, bounded): USERS signed-in users browse the dashboard and the
# lists for DURATION seconds while 4 commune agents each deposit a 10,000-line inventory at once;
# prints p50/p95/p99 and the errors, and checks that every deposit was stored exactly once.
# Two databases: the demo's (target p95 < 100 ms) and a territory of BENCH_PREMISES premises with
# BENCH_MONTHS months of history from Scripts/gen-history.py (target p95 < 300 ms).
#
# Pages are requested by wrk (apt-get install wrk) with the session cookies of USERS sign-ins;
# the deposits by Scripts/load_portal.py, at the same time.
# The target holds for users who read each page about THINK seconds (Scripts/load_portal.py);
# the saturation line (wrk, no reading time) gives the throughput when every user clicks at once.
# Usage: Scripts/bench-portal.sh   (env: USERS=50 DURATION=20 THINK=1 BENCH_PREMISES=100000 BENCH_MONTHS=120)
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-50}
DURATION=${DURATION:-20}
THINK=${THINK:-1}
PREMISES=${BENCH_PREMISES:-100000}
MONTHS=${BENCH_MONTHS:-120}
OUT=Scripts/out/portal
mkdir -p "$OUT"

swift build -c release --product bourse > "$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
bourse=.build/release/bourse
password="mot-de-passe-de-charge"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Four commune inventories of 10,000 lines each, every line of that commune.
for commune in Drancy Sevran Villepinte Dugny; do
  slug=$(echo "$commune" | tr '[:upper:]' '[:lower:]')
  python3 - "$work/$slug-2026-11-30.csv" "$commune" <<'PY'
import sys
path, commune = sys.argv[1], sys.argv[2]
with open(path, "w", encoding="utf-8") as out:
    out.write("Référence;Commune;Adresse;Type;Surface;Loyer mensuel\n")
    for i in range(10_000):
        out.write(f"CH-{i:05d};{commune};{i + 1} rue de la Charge;bureau;{20 + i % 300};{200 + i % 2000}\n")
PY
done

run() { # NAME DB TARGET
  local name=$1 db=$2 target=$3
  printf '%s\n' "$password" | "$bourse" users add "charge@ept.fr" --name Charge --role direction --password-stdin --db "$db" >/dev/null
  local uploads=()
  for commune in drancy sevran villepinte dugny; do
    printf '%s\n' "$password" | "$bourse" users add "$commune@charge.fr" --name "$commune" --role commune --source "$commune" --password-stdin --db "$db" >/dev/null
    uploads+=("$commune@charge.fr:$work/$commune-2026-11-30.csv")
  done
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  "$bourse" serve --db "$db" --port "$port" > "$OUT/serve-$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$port/connexion" && break; sleep 0.1; done
  local status=0
  echo "== $name : $USERS utilisateurs qui lisent chaque page environ ${THINK}s, pendant $DURATION s, et 4 dépôts de 10 000 lignes en même temps (cible p95 < $target ms)"
  python3 Scripts/load_portal.py --port "$port" --users "$USERS" --duration "$DURATION" --think "$THINK" --email charge@ept.fr \
    --password "$password" --target-p95-ms "$target" --uploads "${uploads[@]}" > "$OUT/$name.json" || status=1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print({k: r[k] for k in ("requêtes", "requêtes_par_s", "p50_ms", "p95_ms", "p99_ms", "erreurs")}); print("dépôts :", [(d["compte"], d["statut"], d["s"]) for d in r["dépôts"]])' "$OUT/$name.json" 2>/dev/null || cat "$OUT/$name.json"
  echo "-- saturation (wrk, sans temps de lecture, $USERS connexions, 10 s) :"
  python3 Scripts/load_portal.py --port "$port" --users "$USERS" --email charge@ept.fr --password "$password" --cookies "$work/cookies"
  COOKIES="$work/cookies" wrk -t2 -c"$USERS" -d10s --timeout 10s -s Scripts/portal.lua "http://127.0.0.1:$port" \
    | grep "^{" | tee "$OUT/$name-saturation.json"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  for commune in drancy sevran villepinte dugny; do
    n=$("$bourse" inventories --source "$commune" --db "$db" --format csv | grep -c "$commune-2026-11-30.csv" || true)
    [ "$n" = 1 ] || { echo "le dépôt de $commune est enregistré $n fois"; status=1; }
  done
  return $status
}

"$bourse" demo --output "$work/demo" > /dev/null
status=0
run demo "$work/demo/bourse.sqlite" 100 || status=1

history=$OUT/history-$PREMISES-$MONTHS.sqlite
if [ ! -s "$history" ]; then
  rm -f "$history.tmp"
  "$bourse" init --db "$history.tmp" > /dev/null
  python3 Scripts/gen-history.py "$history.tmp" --premises "$PREMISES" --months "$MONTHS" --end 2026-10 --seed 42 > "$OUT/gen-history.log"
  mv "$history.tmp" "$history"
fi
cp "$history" "$work/history.sqlite"
run "territoire-$PREMISES" "$work/history.sqlite" 300 || status=1
exit $status
