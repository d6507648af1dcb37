#!/bin/sh
# Peak memory and wall time of `gazet gazetteer import` on a synthetic
# GeoNames dump, and of the first (compiling) and second (cached) load of
# the gazetteer it writes.
#
#     benches/gazetteer_memory.sh [ROWS [LOAD_ROWS]]
#
# ROWS (default 5000000): rows of the dump to generate and import
# (benches/gen_geonames.py: one populated place and four alternate names
# per row, about 140 bytes).
# LOAD_ROWS (default ROWS): rows of the imported gazetteer to load. The
# import streams; a load keeps every name in memory (see the table), so on
# a small machine load fewer rows than you import.
#
# Needs python3 and GNU time (/usr/bin/time). Builds the release binary
# (honours CARGO_TARGET_DIR) unless GAZET names one. Everything is written to
# a temporary folder, removed at the end. The measured commands are the
# first the kernel stops if memory runs out (oom_score_adj 1000), so a load
# too big for the machine fails alone.
set -eu
cd "$(dirname "$0")/.."
rows=${1:-5000000}
load_rows=${2:-$rows}
if [ -z "${GAZET:-}" ]; then
    cargo build --release --quiet --bin gazet
    GAZET=${CARGO_TARGET_DIR:-target}/release/gazet
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "generating $rows rows..." >&2
python3 benches/gen_geonames.py --places "$rows" --out "$tmp/dump.txt"

# measure LABEL ROWS COMMAND...: runs COMMAND under GNU time, prints a row.
measure() {
    label=$1 n=$2
    shift 2
    echo "$label..." >&2
    if ! /usr/bin/time -f '%M %e' -o "$tmp/time" \
        sh -c 'echo 1000 > /proc/self/oom_score_adj 2>/dev/null; exec "$@"' sh "$@" \
        >"$tmp/out" 2>"$tmp/err"; then
        cat "$tmp/err" "$tmp/time" >&2
        echo "$label failed" >&2
        exit 1
    fi
    # The last line: GNU time may add "Command exited..." above it.
    tail -n 1 "$tmp/time" | awk -v l="$label" -v n="$n" \
        '{ printf "%-22s %10s %10.0f MB %9.1f s\n", l, n, $1 / 1024, $2 }' >>"$tmp/table"
}

measure "import" "$rows" \
    "$GAZET" gazetteer import --geonames "$tmp/dump.txt" -o "$tmp/gaz"
gaz=$tmp/gaz
if [ "$load_rows" != "$rows" ]; then
    head -n "$load_rows" "$tmp/dump.txt" >"$tmp/part.txt"
    "$GAZET" gazetteer import --geonames "$tmp/part.txt" -o "$tmp/gaz-part" >/dev/null
    gaz=$tmp/gaz-part
fi
mkdir "$tmp/cache"
export GAZET_CACHE_DIR="$tmp/cache"
measure "first load (compile)" "$load_rows" "$GAZET" lookup --gazetteer "$gaz" Raqqa
grep -q 'gn:172955' "$tmp/out" || { echo "lookup did not find Raqqa" >&2; exit 1; }
measure "second load (cached)" "$load_rows" "$GAZET" lookup --gazetteer "$gaz" Raqqa
grep -q 'gn:172955' "$tmp/out" || { echo "lookup did not find Raqqa" >&2; exit 1; }

printf '%-22s %10s %13s %11s\n' "step" "rows" "peak RSS" "wall"
cat "$tmp/table"
echo "(the gazetteer loaded is the imported one over the default; $(nproc) cores)"
