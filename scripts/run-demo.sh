#!/usr/bin/env bash
# The main job on the embedded default store: summarise what the store holds.
set -euo pipefail
vigil=$1
store=$2
mkdir -p "$(dirname "$store")"
"$vigil" --store "$store" summary
