#!/usr/bin/env bash
# The test command (README.md): build with warnings as errors, run every test project against real parts,
# and end with a plain "N passed, N failed" line derived from the test results (TRX files).
#
# Tests that need PostgreSQL use $ESTATE_TEST_DB when set, otherwise start a throwaway cluster from the
# Debian `postgresql` package on a loopback port; this script installs that package (and `chromium`, for the
# tests that open the published pages in a headless browser) when it is missing and it can (root with apt-get),
# and says what to do when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ESTATE_TEST_DB:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== installing the postgresql package (needed by the database tests)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "The database tests need PostgreSQL: install the Debian 'postgresql' package, or set ESTATE_TEST_DB" >&2
    echo "to a connection string for a server where the tests may create databases." >&2
    exit 1
  fi
fi

# The published pages (improvements schedule, yearly report) are checked in a real headless browser.
if [ -z "${ESTATE_CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== installing the chromium package (the page tests open pages in a headless browser)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The page tests need a headless browser: install the Debian 'chromium' package, or set ESTATE_CHROMIUM" >&2
    echo "to the path of a Chromium executable." >&2
    exit 1
  fi
fi

echo "== build (warnings are errors)"
dotnet build EstateScheduler.sln -c Release -warnaserror -nologo -v quiet

results="$(mktemp -d)"
echo "== test"
status=0
set +e
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=${name}.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done
set -e

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ...>
read -r passed failed < <(cat "$results"/*.trx 2>/dev/null | tr '\n' ' ' | grep -o '<Counters [^>]*>' |
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
         if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2]; } }
       END { print p + 0, f + 0 }')
rm -rf "$results"
if [ "$passed" = "0" ] && [ "$failed" = "0" ]; then
  echo "no test results were found" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
