#!/usr/bin/env bash
# Browser journeys through the portal (Scripts/browser_test.py): a fresh demo database, one
# account per role with known passwords, the portal on a loopback port, then Chromium (Debian's)
# driven by Playwright with axe-core on every page. Screenshots in Scripts/out/browser/.
#
# Needs: chromium (apt-get install chromium), and Scripts/.venv with playwright and
# axe-playwright-python (installed here when missing; no browser is downloaded).
# Usage: Scripts/browser-test.sh [path/to/bourse]   (default: a debug build)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v chromium >/dev/null || { echo "chromium manque : apt-get install chromium" >&2; exit 1; }
if [ ! -x Scripts/.venv/bin/python ]; then python3 -m venv Scripts/.venv; fi
Scripts/.venv/bin/python -c "import playwright, axe_playwright_python" 2>/dev/null \
  || Scripts/.venv/bin/pip install -q playwright axe-playwright-python

bourse=${1:-}
if [ -z "$bourse" ]; then
  swift build --product bourse >/dev/null
  bourse=.build/debug/bourse
fi

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$bourse" demo --output "$work/demo" >/dev/null
db="$work/demo/bourse.sqlite"
password="mot-de-passe-du-parcours"
printf '%s\n' "$password" | "$bourse" users add direction@demo.bourse.fr --name "Direction ESS" --role direction --password-stdin --db "$db" >/dev/null
printf '%s\n' "$password" | "$bourse" users add oph@demo.bourse.fr --name "OPH Terres d'Envol" --role bailleur --source oph-terres-envol --password-stdin --db "$db" >/dev/null

# What the journeys deposit: Sevran's inventory with two bad lines, and the landlord's next XML
# inventory (its latest with a later date and one premises more).
mkdir -p "$work/fichiers"
# Sevran's inventory of April, dated November, with one premises more that fits need B022 and
# two lines whose surface is wrong.
python3 - "$work/fichiers" <<'PY'
import sys
text = open("Imports/communes/sevran-2026-04-30.csv", encoding="utf-8", newline="").read().replace("30/04/2026", "30/11/2026")
lines = text.split("\r\n")
total = next(i for i, line in enumerate(lines) if line.startswith("TOTAL"))
lines[total:total] = [
    "SEV-2026-20;SEVRAN;5 rue Gabriel Péri;Bureau;100;10 800;60;Bail associatif;01/12/2026;RDC;OUI;Disponible;Direction de l'économie;Plateau de bureaux;;",
    "SEV-2026-21;SEVRAN;7 rue Gabriel Péri;Bureau;abc;7 200;40;Bail commercial;01/12/2026;RDC;OUI;Disponible;;;;",
    "SEV-2026-22;SEVRAN;9 rue Gabriel Péri;Bureau;-5;7 200;40;Bail commercial;01/12/2026;RDC;OUI;Disponible;;;;",
]
open(sys.argv[1] + "/sevran-2026-11-30.csv", "w", encoding="utf-8", newline="").write("\r\n".join(lines))
PY
sed -e 's/date="2026-09-30"/date="2026-11-30"/' \
  Imports/bailleurs/oph-terres-envol-2026-09-30.xml > "$work/fichiers/oph-terres-envol-2026-11-30.xml"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bourse" serve --db "$db" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/connexion" && break
  sleep 0.1
done

PORTAIL="http://127.0.0.1:$port" MOT_DE_PASSE="$password" FICHIERS="$work/fichiers" CAPTURES=Scripts/out/browser \
  Scripts/.venv/bin/python Scripts/browser_test.py
