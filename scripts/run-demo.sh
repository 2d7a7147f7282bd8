#!/usr/bin/env bash
# The main job (`make run`): generate the sample synthetic city, load it into a fresh embedded
# store, summarise it, forecast risk, plan a patrol shift, backtest the models, create demo
# accounts and serve the dashboard (web/dist, built by `make web`) until Ctrl-C.
#   scripts/run-demo.sh VIGIL_BINARY STORE_FILE [SEED]
# LISTEN (default 127.0.0.1:8080) sets where the dashboard is served; SERVE=0 stops before serving.
set -euo pipefail
vigil=$1
store=$2
seed=${3:-7}
sim_dir=out/sim
reports=out/reports
listen=${LISTEN:-127.0.0.1:8080}

mkdir -p "$(dirname "$store")"
# A fresh store each run, so the job is repeatable (WAL side files included).
rm -f "$store" "$store-wal" "$store-shm"

# 1. The synthetic city: same seed, same files (docs/file-formats.md, "Synthetic city files").
"$vigil" sim --seed "$seed" --out "$sim_dir"

# 2. Incidents and calls for service through the built-in profiles (times UTC).
"$vigil" --store "$store" ingest -p vigil-incidents --rejects out/rejects-incidents.csv "$sim_dir/incidents.csv"
"$vigil" --store "$store" ingest -p vigil-calls --rejects out/rejects-calls.csv "$sim_dir/calls.csv"

# 3. Reference layers: areas (districts, neighbourhoods, city boundary) and entities.
for kind in district neighborhood boundary; do
  file=$sim_dir/$kind.geojson; [ "$kind" = boundary ] || file=$sim_dir/${kind}s.geojson
  "$vigil" --store "$store" ingest-areas --kind "$kind" --code-field code --name-field name "$file"
done
for layer in stations units cameras pois persons vehicles plate-reads relations; do
  "$vigil" --store "$store" ingest-layer --layer "$layer" "$sim_dir/${layer//-/_}.csv"
done

# 4. What the store holds.
"$vigil" --store "$store" summary

# 5. Forecasts for the three days after the data (the dashboard's time slider): theft (28-day
# naive), assault (KDE) and burglary (ETAS) each day, then the learned model for theft on the
# last day, so that day's theft layer has plain-words reasons (the newest forecast is shown).
rm -rf "$reports" out/forecasts
mkdir -p "$reports/patrol-plans" "$reports/backtests" out/forecasts
first=$("$vigil" --store "$store" predict --model naive-28d --category theft --out out/forecasts/theft-0 |
  sed -n 's/.* slot \([^ ]*\) .*/\1/p')
day_after() { date -u -d "$first + $1 day" +%Y-%m-%dT%H:%M:%SZ; }
for day in 0 1 2; do
  at=$(day_after "$day")
  [ "$day" = 0 ] || "$vigil" --store "$store" predict --model naive-28d --category theft --at "$at" --out "out/forecasts/theft-$day" >/dev/null
  "$vigil" --store "$store" predict --model kde --category assault --at "$at" --out "out/forecasts/assault-$day" >/dev/null
  "$vigil" --store "$store" predict --model etas --category burglary --at "$at" --out "out/forecasts/burglary-$day" >/dev/null
done
echo "forecasts: theft, assault, burglary for $first and the two days after"
echo "forecasting theft for $(day_after 2) with the learned model (reasons)..."
"$vigil" --store "$store" predict --model xgboost --category theft --at "$(day_after 2)" --out out/forecasts/theft-learned | sed -n 1,2p

# 6. A patrol plan for the first day's theft risk along the city's roads, where
# `vigil serve --reports-dir` lists it (patrol-plans/).
"$vigil" --store "$store" patrol --forecast-id 1 --graph "$sim_dir/roads.geojson" \
  --profile profiles/roads/vigil-sim.json --cars 12 --time-limit 2 --out "$reports/patrol-plans/day-shift" | tail -n 2

# 7. A two-week walk-forward backtest of the quick models (backtests/): the forecast-quality view.
"$vigil" --store "$store" backtest --models naive-28d,naive-365d,kde,etas --categories major,theft \
  --test-from "$(date -u -d "$first - 24 day" +%Y-%m-%d)" --test-to "$(date -u -d "$first - 10 day" +%Y-%m-%d)" \
  --refit-days 14 --out "$reports/backtests/last-weeks" | tail -n 1

# 8. Demo accounts, one password for all (printed below).
password=demo-$(tr -dc 'a-z0-9' </dev/urandom | head -c 12 || true)
for account in commander:commander analyst:analyst officer:patrol_officer auditor:auditor; do
  added=$(echo "$password" | "$vigil" --store "$store" user add --name "${account%%:*}" --role "${account#*:}" 2>&1) ||
    { echo "$added" >&2; exit 1; }
done

# 9. The dashboard, until Ctrl-C.
[ "${SERVE:-1}" = 0 ] && exit 0
[ -f web/dist/index.html ] || { echo "run-demo: web/dist is missing: make web" >&2; exit 1; }
cat <<EOF

  Vigil dashboard:  http://${listen/127.0.0.1/localhost}/
  Sign in as:       commander   (also analyst, officer, auditor: each role sees its own views)
  Password:         $password

  Ctrl-C stops the server.

EOF
exec "$vigil" --store "$store" serve --listen "$listen" --web-root web/dist --reports-dir "$reports" \
  --graph "$sim_dir/roads.geojson" --profile profiles/roads/vigil-sim.json
