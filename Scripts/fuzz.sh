#!/usr/bin/env bash
# Fuzzes the CSV and XML inventory readers, and the CSV and HTML writers, with libFuzzer
# (Sources/BourseFuzz) for a set time per target, then prints for each one the executions,
# executions per second and what was found.
#
#   Scripts/fuzz.sh [csv|xml|output|all] [SECONDS]     default: all 60
#   Scripts/fuzz.sh min [csv|xml|output|all]           minimise the corpus into Scripts/out/fuzz/TARGET/min
#
# Targets: csv and xml feed each input to the inventory readers; output makes cell values of it
# (UTF-8 with U+FFFD for bad bytes, or pieces: CRLF, formula signs, combining marks, joiners) and
# checks FrenchCSV.line against a strict RFC 4180 reader, and HTMLText.escape
# (Sources/BourseFuzz/OutputCheck.swift); its failures are regression inputs for
# `BOURSE_FUZZ_TARGET=output swift run bourse-fuzz FILE`, not for the readers' fixtures.
#
# Environment:
#   FUZZ_SANITIZER   address (default: libFuzzer + AddressSanitizer) or none (libFuzzer alone, faster)
#   FUZZ_MAX_LEN     largest input in bytes (default 65536)
#   FUZZ_RSS_MB      memory ceiling of the process, in MiB (default 2048)
#   FUZZ_TIMEOUT     seconds one input may take before it counts as a hang (default 10)
#   FUZZ_RUNS        stop after this many inputs (default: only the time limit)
#   FUZZ_SKIP_BUILD  1: use the binary already built
#   FUZZ_ARGS        more libFuzzer flags, for example "-seed=1 -use_value_profile=1"
#
# Everything goes under Scripts/out/fuzz/TARGET/ (git-ignored): corpus/ (what libFuzzer kept),
# crashes/ (crash-*, timeout-*, oom-*, leak-* inputs), run-DATE.log. Seeds: the samples of Imports/,
# Scripts/fuzz/seeds/TARGET, and the regression inputs of Tests/BourseImportTests/Fixtures/fuzz/TARGET.
# A crashing input is replayed by `BOURSE_FUZZ_TARGET=TARGET .build-fuzz/release/bourse-fuzz FILE`
# (or the plain `swift run bourse-fuzz FILE`), and becomes a regression test by moving it to
# Tests/BourseImportTests/Fixtures/fuzz/TARGET/.
set -euo pipefail

# Everything in a function: bash reads it whole before running it, so editing this file during a
# long run does not break the run.
main() {
  cd "$(dirname "$0")/.."

  mode=run
  if [ "${1:-}" = "min" ]; then
    mode=min
    shift
  fi
  which=${1:-all}
  seconds=${2:-60}
  case "$which" in
    csv | xml | output) targets=("$which") ;;
    all) targets=(csv xml output) ;;
    -h | --help)
      sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "fuzz.sh : cible « $which » inconnue (csv, xml, output ou all)" >&2
      exit 2
      ;;
  esac
  if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "fuzz.sh : durée « $seconds » invalide (un nombre de secondes)" >&2
    exit 2
  fi

  sanitizer=${FUZZ_SANITIZER:-address}
  case "$sanitizer" in
    address) sanitize=fuzzer,address scratch=.build-fuzz ;;
    none) sanitize=fuzzer scratch=.build-fuzz-plain ;;
    *)
      echo "fuzz.sh : FUZZ_SANITIZER=« $sanitizer » inconnu (address ou none)" >&2
      exit 2
      ;;
  esac
  binary=$scratch/release/bourse-fuzz

  if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
    echo "== construction de bourse-fuzz (-sanitize=$sanitize, dossier $scratch)"
    # gold fails on the sanitizer runtime's symbols: link with lld (shipped with the toolchain).
    swift build -c release --scratch-path "$scratch" --product bourse-fuzz \
      -Xswiftc "-sanitize=$sanitize" -Xswiftc -DBOURSE_FUZZING -Xswiftc -use-ld=lld
  fi
  [ -x "$binary" ] || { echo "fuzz.sh : $binary introuvable" >&2; exit 1; }

  out=Scripts/out/fuzz
  mkdir -p "$out/tmp"
  # The harness writes each input to a scratch file under TMPDIR.
  export TMPDIR=$PWD/$out/tmp
  # A Swift trap is left to libFuzzer and AddressSanitizer: the Swift runtime's own backtracer reads
  # memory in ways AddressSanitizer reports as a second, unrelated crash.
  export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
  # No allocation stacks in reports (a tenth faster): replay a crash with ASAN_OPTIONS= to get them.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

  seeds() {
    local target=$1 dirs=()
    case "$target" in
      csv) dirs+=(Imports/communes) ;;
      xml) dirs+=(Imports/bailleurs) ;;
    esac
    for dir in "Scripts/fuzz/seeds/$target" "Tests/BourseImportTests/Fixtures/fuzz/$target"; do
      [ -d "$dir" ] && dirs+=("$dir")
    done
    printf '%s\n' "${dirs[@]}"
  }

  fuzz_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }

  if [ "$mode" = min ]; then
    for target in "${targets[@]}"; do
      dir=$out/$target
      mkdir -p "$dir/corpus"
      rm -rf "$dir/min"
      mkdir -p "$dir/min"
      mapfile -t inputs < <(seeds "$target")
      echo "== minimisation du corpus $target"
      BOURSE_FUZZ_TARGET=$target "$binary" -merge=1 -max_len="${FUZZ_MAX_LEN:-65536}" \
        -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
        "$dir/min" "$dir/corpus" "${inputs[@]}" 2>"$dir/min.log" || { tail -n 20 "$dir/min.log"; exit 1; }
      echo "$target : $(find "$dir/corpus" -type f | wc -l) entrées → $(find "$dir/min" -type f | wc -l) dans $dir/min"
    done
    exit 0
  fi

  summary=()
  found=0
  for target in "${targets[@]}"; do
    dir=$out/$target
    mkdir -p "$dir/corpus" "$dir/crashes"
    mapfile -t inputs < <(seeds "$target")
    log=$dir/run-$(date +%Y%m%d-%H%M%S).log
    marker=$(mktemp "$out/tmp/debut.XXXXXX")
    args=(
      -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-65536}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}"
      -timeout="${FUZZ_TIMEOUT:-10}" -dict="Scripts/fuzz/$target.dict" -artifact_prefix="$dir/crashes/"
      -print_final_stats=1 -reload=0
    )
    [ -n "${FUZZ_RUNS:-}" ] && args+=(-runs="$FUZZ_RUNS")
    # shellcheck disable=SC2206
    [ -n "${FUZZ_ARGS:-}" ] && args+=($FUZZ_ARGS)
    echo "== $target : ${seconds} s, corpus $dir/corpus, graines ${inputs[*]}, journal $log"
    start=$(date +%s)
    status=0
    BOURSE_FUZZ_TARGET=$target "$binary" "${args[@]}" "$dir/corpus" "${inputs[@]}" >"$log" 2>&1 || status=$?
    elapsed=$(($(date +%s) - start))
    executions=$(fuzz_stat number_of_executed_units "$log")
    rate=$(fuzz_stat average_exec_per_sec "$log")
    added=$(fuzz_stat new_units_added "$log")
    rss=$(fuzz_stat peak_rss_mb "$log")
    mapfile -t crashes < <(find "$dir/crashes" -type f -newer "$marker" | sort)
    rm -f "$marker"
    corpus=$(find "$dir/corpus" -type f | wc -l)
    line="$target : ${executions:-?} exécutions en ${elapsed} s (${rate:-?} exéc./s), ${added:-?} nouvelles entrées, corpus de ${corpus}, mémoire max ${rss:-?} Mio, ${#crashes[@]} plantage(s)"
    summary+=("$line")
    if [ ${#crashes[@]} -gt 0 ] || [ "$status" -ne 0 ]; then
      found=1
      grep -E "^(==[0-9]+==ERROR|bourse-fuzz : anomalie|SUMMARY|Fatal error|.*Fatal error:)" "$log" | head -n 5 | sed 's/^/    /' || true
      for crash in "${crashes[@]}"; do summary+=("    $crash"); done
      [ ${#crashes[@]} -eq 0 ] && summary+=("    libFuzzer s'est arrêté avec le code $status (voir $log)")
    fi
  done

  echo
  echo "== bilan"
  printf '%s\n' "${summary[@]}"
  exit "$found"
}

main "$@"
