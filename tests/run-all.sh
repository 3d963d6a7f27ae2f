#!/bin/bash
# The one test command:  bash tests/run-all.sh
#
# 1. builds the solution once (Release),
# 2. runs every test project under tests/ with `dotnet test --no-build`, one TRX file each in
#    test-results/<project>/,
# 3. runs the end-to-end tier (tests/EndToEnd/run.sh) against the server just built,
# 4. runs the appliance tier (tests/Compose/run.sh): the compose bundle in Docker, end to end,
# then prints one line per tier and, last, exactly one line "N passed, N failed[, N skipped]".
# Exits non-zero when anything failed, a test project crashed without a TRX, or the build failed.
#
# Environment:
#   SNIKKET_TEST_ARTIFACTS_PATH  build into this directory instead of ./artifacts (-p:ArtifactsPath),
#                                e.g. to build beside a colleague working in the same checkout
#   SNIKKET_TEST_FILTER          passed to every `dotnet test --filter` (e.g. a quick local subset)
#   SNIKKET_TEST_SKIP_E2E=1      leave out the end-to-end tier (reported, not silently: it prints)
#   SNIKKET_TEST_SKIP_COMPOSE=1  leave out the compose tier (reported the same way)
#   SNIKKET_TEST_HANG_TIMEOUT    a test running longer than this (default 5m) is killed with its
#                                test host: the project is reported as an aborted run, counted failed
#   E2E_SERVER, E2E_*            see tests/EndToEnd/run.sh
#   SNIKKET_TEST_POSTGRES        see tests/Snikket.Server.IntegrationTests/Infrastructure/PostgresServer.cs
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
root=$(pwd)
results="$root/test-results"
rm -rf "$results"
mkdir -p "$results"

props=()
if [[ -n ${SNIKKET_TEST_ARTIFACTS_PATH:-} ]]; then
    props+=("-p:ArtifactsPath=$SNIKKET_TEST_ARTIFACTS_PATH")
fi

total_passed=0
total_failed=0
total_skipped=0
summary=()

now() { date +%s; }
section() { echo; echo "=== $* ==="; }

# ---- build ---------------------------------------------------------------------------------
section "build: dotnet build Snikket.slnx -c Release"
t0=$(now)
dotnet build Snikket.slnx -c Release --nologo -v minimal -tl:off "${props[@]}" 2>&1 | tee "$results/build.log"
build_rc=${PIPESTATUS[0]}
build_secs=$(($(now) - t0))
if ((build_rc != 0)); then
    summary+=("$(printf '%-32s' build) FAILED (exit $build_rc, ${build_secs}s): see errors above / test-results/build.log")
    total_failed=$((total_failed + 1))
else
    summary+=("$(printf '%-32s' build) ok (${build_secs}s)")
fi

# ---- test projects -------------------------------------------------------------------------
# counter FILE NAME: the value of attribute NAME of the first <Counters .../> element in FILE.
counter() {
    grep -o '<Counters [^>]*>' "$1" | head -n1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p"
}

# built PROJECT: whether this build produced PROJECT (msbuild prints "  PROJECT -> path" for each
# project it built or found up to date). When the build fails, the projects that did build still
# run, and no test runs from a stale binary of a project that did not.
built() {
    grep -qE "^  $1 -> " "$results/build.log"
}

is_test_project() {
    local value
    value=$(dotnet msbuild "$1" -getProperty:IsTestProject -p:Configuration=Release "${props[@]}" 2>/dev/null | tr -d '[:space:]')
    [[ ${value,,} == true ]]
}

mapfile -t projects < <(find tests -mindepth 2 -maxdepth 2 -name '*.csproj' | sort)
for project in "${projects[@]}"; do
    name=$(basename "$project" .csproj)
    if ! is_test_project "$project"; then
        continue
    fi
    section "tests: $name"
    out="$results/$name"
    mkdir -p "$out"
    t0=$(now)
    if ! built "$name"; then
        echo "not run: $name did not build (counted as 1 failed)"
        summary+=("$(printf '%-32s' "$name") not run: it did not build (counted as 1 failed)")
        total_failed=$((total_failed + 1))
        continue
    fi
    filter=()
    [[ -n ${SNIKKET_TEST_FILTER:-} ]] && filter=(--filter "$SNIKKET_TEST_FILTER")
    dotnet test "$project" --no-build -c Release -tl:off "${props[@]}" "${filter[@]}" \
        --logger "trx;LogFileName=$name.trx" --results-directory "$out" \
        --verbosity minimal --blame-hang-timeout "${SNIKKET_TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type none 2>&1 | tee "$out/console.log"
    rc=${PIPESTATUS[0]}
    secs=$(($(now) - t0))
    trx="$out/$name.trx"
    if [[ ! -f $trx ]] || [[ -z $(counter "$trx" total) ]]; then
        echo "!!! $name: the test run crashed without a TRX file (exit $rc); counted as 1 failed"
        summary+=("$(printf '%-32s' "$name") CRASHED without TRX (exit $rc, ${secs}s): counted as 1 failed")
        total_failed=$((total_failed + 1))
        continue
    fi
    total=$(counter "$trx" total)
    passed=$(counter "$trx" passed)
    failed=$(($(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
    executed=$(counter "$trx" executed)
    skipped=$((total - ${executed:-$total}))
    ((skipped < 0)) && skipped=0
    note=""
    if ((rc != 0 && failed == 0)); then
        echo "!!! $name: dotnet test exited $rc although the TRX shows no failed test; counted as 1 failed"
        failed=1
        note=" (exit $rc without a failed test: crash or aborted run)"
    fi
    summary+=("$(printf '%-32s' "$name") $passed passed, $failed failed, $skipped skipped (${secs}s)$note")
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
done

# script_tier NAME RESULTS PREFIX COMMAND...: runs a script tier whose last line is
# "N passed, N failed", keeping its output in test-results/RESULTS/output.log. Its lines are
# prefixed so that its own closing line is not taken for this script's.
script_tier() {
    local name=$1 dir=$results/$2 prefix=$3 t0 rc secs closing passed failed
    shift 3
    t0=$(now)
    mkdir -p "$dir"
    "$@" 2>&1 | tee "$dir/output.log" | sed -u "s/^/  $prefix| /"
    rc=${PIPESTATUS[0]}
    secs=$(($(now) - t0))
    closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/output.log" | tail -n1)
    if [[ -z $closing ]]; then
        summary+=("$(printf '%-32s' "$name") no closing line (exit $rc, ${secs}s): counted as 1 failed")
        total_failed=$((total_failed + 1))
        return
    fi
    passed=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$closing")
    failed=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$closing")
    if ((rc != 0 && failed == 0)); then
        failed=1
    fi
    summary+=("$(printf '%-32s' "$name") $passed passed, $failed failed (${secs}s)")
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
}

# ---- end to end ----------------------------------------------------------------------------
section "end-to-end: tests/EndToEnd/run.sh (server: ${E2E_SERVER:-snikket})"
if [[ ${SNIKKET_TEST_SKIP_E2E:-0} == 1 ]]; then
    echo "skipped: SNIKKET_TEST_SKIP_E2E=1"
    summary+=("$(printf '%-32s' end-to-end) not run (SNIKKET_TEST_SKIP_E2E=1)")
elif [[ ${E2E_SERVER:-snikket} == snikket ]] && ! built Snikket.Server; then
    echo "not run: the server did not build"
    summary+=("$(printf '%-32s' end-to-end) not run: the server did not build (counted as 1 failed)")
    total_failed=$((total_failed + 1))
else
    E2E_SKIP_BUILD=1 script_tier end-to-end EndToEnd e2e bash tests/EndToEnd/run.sh
fi

# ---- the appliance (compose) ---------------------------------------------------------------
section "compose: tests/Compose/run.sh (the appliance in Docker, end to end)"
if [[ ${SNIKKET_TEST_SKIP_COMPOSE:-0} == 1 ]]; then
    echo "skipped: SNIKKET_TEST_SKIP_COMPOSE=1"
    summary+=("$(printf '%-32s' compose) not run (SNIKKET_TEST_SKIP_COMPOSE=1)")
else
    script_tier compose Compose compose bash tests/Compose/run.sh
fi

section "summary"
printf '  %s\n' "${summary[@]}"
echo "  results: test-results/"
if ((total_skipped > 0)); then
    echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
else
    echo "$total_passed passed, $total_failed failed"
fi
((total_failed == 0))
