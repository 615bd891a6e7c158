#!/usr/bin/env bash
# Runs every benchmark; each writes bench/results/<name>.json. Pass --quick for a shorter run.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
for b in bench/bench_*.py; do
  echo "== $b"
  python "$b" "$@"
done
