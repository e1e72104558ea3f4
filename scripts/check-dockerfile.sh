#!/usr/bin/env bash
# Runs, outside Docker, every step the Dockerfile runs — with the same inputs, in a scratch folder — because these
# machines have no Docker engine: the build stage (only the files the Dockerfile COPYs, then the same
# `dotnet publish`), the runtime stage's layout (/app plus config/), and the entrypoint with its default and health
# commands against a throwaway PostgreSQL. A file the Dockerfile forgets to COPY fails the publish here as it would
# in `docker build`.
#
#   bash scripts/check-dockerfile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== build stage: the COPY lines of the Dockerfile, then its publish"
mkdir -p "$work/src"
# shellcheck disable=SC2046
copies="$(sed -n 's/^COPY \([^-][^ ]*\( [^ ]*\)*\) \.\/$/\1/p' Dockerfile | head -1)"
for file in $copies; do cp "$root/$file" "$work/src/"; done
cp -r "$root/src" "$work/src/src"
publish="$(sed -n 's/^RUN \(dotnet publish .*\)$/\1/p' Dockerfile)"
(cd "$work/src" && eval "${publish/-o \/app/-o $work/app}" -v quiet)

echo "== runtime stage: /app with config/"
cp -r "$root/config" "$work/app/config"
test -f "$work/app/estate-scheduler.dll"

echo "== entrypoint: dotnet /app/estate-scheduler.dll validate --config /app/config"
(cd "$work/app" && dotnet estate-scheduler.dll validate --config "$work/app/config")

echo "== entrypoint: the default command (run) and the HEALTHCHECK command against it"
if [ -n "${ESTATE_TEST_DB:-}" ]; then
  db="$ESTATE_TEST_DB"
else
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  pgdata="$work/pg"; mkdir -p "$pgdata"
  as=""; if [ "$(id -u)" = "0" ]; then chown postgres "$work" "$pgdata"; as="runuser -u postgres --"; fi
  port=$(( 20000 + RANDOM % 20000 ))
  $as "$bin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
  $as "$bin/pg_ctl" -D "$pgdata" -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" -l "$pgdata/log" -w start >/dev/null
  trap '$as "$bin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  db="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi
export ConnectionStrings__Estate="$db" Health__Urls="http://127.0.0.1:18080" Scheduler__JobStore=Memory Mail__PickupDirectory="$work/mail"
(cd "$work/app" && dotnet estate-scheduler.dll migrate && dotnet estate-scheduler.dll import --estate "$work/app/config/sample" >/dev/null)
(cd "$work/app" && exec dotnet estate-scheduler.dll run --config "$work/app/config") > "$work/run.log" 2>&1 &
worker=$!
healthy=""
for _ in $(seq 1 60); do
  if (cd "$work/app" && dotnet estate-scheduler.dll health --url http://127.0.0.1:18080/health/live >/dev/null 2>&1); then healthy=yes; break; fi
  sleep 1
done
kill -TERM "$worker" 2>/dev/null || { echo "the worker exited early:"; cat "$work/run.log"; exit 1; }
code=0; wait "$worker" || code=$?
if [ -z "$healthy" ]; then echo "the worker never reported healthy:"; cat "$work/run.log"; exit 1; fi
if [ "$code" != "0" ]; then echo "the worker exited $code on SIGTERM:"; cat "$work/run.log"; exit 1; fi
echo "ok: the Dockerfile's build, layout, entrypoint and health check work (worker stopped cleanly on SIGTERM)"
