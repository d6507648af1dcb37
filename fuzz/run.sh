#!/usr/bin/env bash
# Builds the cargo-fuzz targets and runs each for SECONDS (default 60),
# one job each, from a fresh copy of fuzz/seeds/<target>.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets it take the -Z
# flags that cargo-fuzz passes (AddressSanitizer, coverage). Set
# FUZZ_SANITIZER=none to build without AddressSanitizer.
# Exits non-zero if any target crashed; the input is then in
# fuzz/artifacts/<target>/ and the log in fuzz/target/fuzz-logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(normalize html markdown jsonl gazetteer)
fi
SANITIZER="${FUZZ_SANITIZER:-address}"
CARGO_FUZZ_VERSION=0.13.2
export RUSTC_BOOTSTRAP=1
# The gazetteer target must not keep a compiled gazetteer per input.
export GAZET_NO_CACHE=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cargo fuzz build -s "$SANITIZER"

mkdir -p target/fuzz-logs
failed=()
for t in "${TARGETS[@]}"; do
    rm -rf "corpus/$t"
    mkdir -p "corpus/$t" "artifacts/$t"
    cp seeds/"$t"/* "corpus/$t/"
    log="target/fuzz-logs/$t.log"
    echo "== $t: ${SECONDS_PER_TARGET}s"
    if cargo fuzz run -s "$SANITIZER" "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=30 \
        -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
        status=ok
    else
        status=CRASH
        failed+=("$t")
    fi
    stats=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "$t: $status  ${stats:-no stats}  execs=${execs:-?}  corpus=$(ls "corpus/$t" | wc -l) files"
    if [ "$status" = CRASH ]; then
        grep -E -A 30 "panicked|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY" "$log" | head -n 60 || true
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz targets that crashed: ${failed[*]}" >&2
    exit 1
fi
echo "all fuzz targets ran ${SECONDS_PER_TARGET}s without a crash"
