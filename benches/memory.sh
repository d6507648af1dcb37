#!/usr/bin/env bash
# Peak memory of a streaming run: gazet extract over a 1 GB JSONL corpus
# stays within the gazetteer's own footprint + 200 MB.
#
#   bash benches/memory.sh            # 1 GB corpus (about 10 minutes on 2 cores)
#   bash benches/memory.sh --mb 100   # a quicker check
#   bash benches/memory.sh --runs "stdin gpkg"   # some of the rows only
#
# Rows (peak RSS from /usr/bin/time, wall time):
#   baseline   gazet extract --jsonl on one short article: start-up and
#              the gazetteer, the footprint the target is measured from
#   file       gazet extract --jsonl CORPUS > /dev/null
#   stdin      cat CORPUS | gazet extract --jsonl - > /dev/null
#   gpkg       gazet extract --format gpkg -o DIR CORPUS (run-level output
#              only: no per-article files)
set -euo pipefail
cd "$(dirname "$0")/.."

mb=1024
runs="file stdin gpkg"
while [ $# -gt 0 ]; do
    case "$1" in
        --mb) mb="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: bash benches/memory.sh [--mb N] [--runs \"file stdin gpkg\"]" >&2; exit 2 ;;
    esac
done

cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, so that a rebuild during the runs cannot change the binary (and
# its compiled-gazetteer cache key) between rows.
cp target/release/gazet "$work/gazet"
bin="$work/gazet"
dir=target/bench
mkdir -p "$dir"
corpus="$dir/memory-${mb}mb.jsonl"
if [ ! -s "$corpus" ]; then
    python3 benches/gen_corpus.py --mb "$mb" --seed 11 --out "$corpus"
fi
size=$(stat -c %s "$corpus")
# The cache is built once, outside the measured runs.
echo '{"id":"warm","text":"Fighting near Raqqa."}' | "$bin" extract -q --jsonl - >/dev/null

# measure NAME COMMAND...: prints "NAME wall_s peak_kb".
measure() {
    local name="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
    read -r wall kb <"$work/time"
    echo "$name $wall $kb"
}

{
    measure baseline sh -c "echo '{\"id\":\"a\",\"text\":\"Fighting near Raqqa.\"}' | $bin extract -q --jsonl -"
    for run in $runs; do
        case "$run" in
            file) measure file "$bin" extract -q --jsonl "$corpus" ;;
            stdin) measure stdin sh -c "cat '$corpus' | $bin extract -q --jsonl -" ;;
            gpkg) measure gpkg "$bin" extract -q --format gpkg -o "$work/out" "$corpus" ;;
            *) echo "unknown run $run" >&2; exit 2 ;;
        esac
    done
} >"$work/rows"

base_kb=$(awk '$1 == "baseline" { print $3 }' "$work/rows")
echo
echo "$("$bin" --version | head -1) ($(git rev-parse --short HEAD)), corpus $corpus ($((size / 1048576)) MB),"
echo "$(nproc) cores, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | wall | MB/s | peak RSS | above baseline | target (≤ baseline + 200 MB) |"
echo "|---|---|---|---|---|---|"
while read -r name wall kb; do
    awk -v n="$name" -v w="$wall" -v kb="$kb" -v base="$base_kb" -v size="$size" 'BEGIN {
        above = (kb - base) / 1024
        rate = (n == "baseline" || w == 0) ? "" : sprintf("%.1f", size / 1048576 / w)
        verdict = (n == "baseline") ? "" : (above <= 200 ? "met" : "missed")
        printf "| %s | %.1f s | %s | %.0f MB | %+.0f MB | %s |\n", n, w, rate, kb / 1024, above, verdict
    }'
done <"$work/rows"
