#!/usr/bin/env bash
# Renders a report page (estate-scheduler report --out FILE) in headless Chromium (Debian package 'chromium'),
# saves a screenshot beside it, and fails if the page logged anything to the browser console.
#   bash scripts/check-report.sh report-2027.html [screenshot.png]
set -euo pipefail
page=$(realpath "$1")
shot=${2:-${page%.html}.png}
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
  --screenshot="$shot" --window-size=1200,3000 "file://$page" 2>"$log" >/dev/null || true
if grep -E 'CONSOLE|Uncaught' "$log"; then
  echo "$page: the browser console reported the lines above" >&2
  exit 1
fi
[ -s "$shot" ] || { echo "$page: no screenshot was made" >&2; exit 1; }
echo "$page renders without console messages; screenshot in $shot"
