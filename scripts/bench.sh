#!/usr/bin/env bash
# Benchmark (not a test): wall time of one fresh `vanban render` process
# turning the sample into PDF + DOCX, release build. Uses hyperfine when it
# is installed (Debian package `hyperfine`), else a plain timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/vanban-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/vanban"
sample=samples/cong-van-ccn-bac-giang.yaml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
runs=${RUNS:-30}

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" -N \
    "$bin render $sample -o $out --no-system-fonts" \
    "$bin render $sample -o $out --no-system-fonts --format pdf" \
    "$bin render $sample -o $out --no-system-fonts --format docx"
else
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$bin" render "$sample" -o "$out" --no-system-fonts; done
  end=$(date +%s%N)
  echo "sample → PDF + DOCX: $(( (end - start) / runs / 1000000 )) ms per run (mean of $runs)"
fi
/usr/bin/time -v "$bin" render "$sample" -o "$out" --no-system-fonts 2>&1 \
  | grep -E "Maximum resident|Elapsed" || true
