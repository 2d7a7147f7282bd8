#!/usr/bin/env bash
# The main job (`make run`): generate the sample synthetic city, load it into a fresh embedded
# store and summarise what the store holds.
#   scripts/run-demo.sh VIGIL_BINARY STORE_FILE [SEED]
set -euo pipefail
vigil=$1
store=$2
seed=${3:-7}
sim_dir=out/sim

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
