#!/usr/bin/env bash
# Fuzzes the parsers of untrusted input: map files (load_ron), CSV
# imports (import_csv) and pasted clipboard text (paste_cards), each for a
# set time.
#
#   fuzz/run.sh                 every target, 60 s each
#   FUZZ_SECONDS=600 fuzz/run.sh import_csv
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The corpus starts from the
# example maps and the test files and grows in fuzz/corpus/; crashes land in
# fuzz/artifacts/TARGET/. Replay one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…
# then copy it to tests/fuzz/TARGET/ so tests/fuzz_regressions.rs keeps it fixed.
#
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_SANITIZER (none,
# the default, for speed: the crate forbids unsafe code; or address).
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz_dir")"
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(load_ron import_csv paste_cards)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed; install it with: cargo install cargo-fuzz" >&2
    exit 2
fi
# cargo-fuzz passes nightly-only flags to rustc; this lets a stable toolchain take them.
export RUSTC_BOOTSTRAP=1

# Copies the files matching the patterns into a corpus folder, if there are any.
seed() {
    local corpus="$1"
    shift
    mkdir -p "$corpus"
    local file
    for file in "$@"; do
        if [ -f "$file" ]; then
            cp "$file" "$corpus/"
        fi
    done
}

cd "$root"
seed fuzz/corpus/load_ron examples/*.stagemap.ron tests/golden/*/*.ron tests/bad/* tests/fuzz/load_ron/*
seed fuzz/corpus/import_csv tests/csv/*.csv tests/fuzz/import_csv/*
seed fuzz/corpus/paste_cards tests/fuzz/paste_cards/*

failed=()
for target in "${targets[@]}"; do
    case "$target" in
        load_ron) dict=fuzz/dict/ron.dict ;;
        import_csv) dict=fuzz/dict/csv.dict ;;
        paste_cards) dict=fuzz/dict/ron.dict ;;
        *)
            echo "unknown target $target; the targets are load_ron, import_csv and paste_cards" >&2
            exit 2
            ;;
    esac
    echo "== $target for ${seconds}s"
    # -timeout catches inputs that take seconds (a cost that grows too fast);
    # -rss_limit_mb catches inputs that blow up memory.
    if ! cargo fuzz run --sanitizer "$sanitizer" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -dict="$dict" -print_final_stats=1; then
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "crashes found in: ${failed[*]}; inputs are in fuzz/artifacts/" >&2
    exit 1
fi
echo "no crashes"
