#!/usr/bin/env bash
# Renders the demo's HTML report in headless Chromium to a PNG and checks it shows the charts.
# Usage: Scripts/render-report.sh [OUT.png]   (installs Debian's chromium when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-Scripts/out/rapport.png}
mkdir -p "$(dirname "$out")"
if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
demo=$(mktemp -d)
swift run -c release bourse demo --output "$demo/demo" >/dev/null
html="$demo/demo/rapport.html"
grep -q '<polyline points="[0-9]' "$html" || { echo "no line chart in $html" >&2; exit 1; }
grep -q '<rect x="[0-9]' "$html" || { echo "no bar chart in $html" >&2; exit 1; }
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1600 \
  --screenshot="$out" "file://$html" 2>/dev/null
size=$(stat -c %s "$out")
[ "$size" -gt 20000 ] || { echo "screenshot $out is too small ($size bytes)" >&2; exit 1; }
echo "rendered $html to $out ($size bytes); the line and bar charts are in the page"
