#!/usr/bin/env bash
# The suite N times in a row while a second pytest run loads the machine (issue 14: under 90 s
# wall, green every time). Prints each run's wall time, exit code and pytest's summary line.
#
#   bench/suite_under_load.sh [N]        N defaults to 5; PYTHON=... picks the interpreter
#
# The load is the same suite, restarted as soon as it ends, with its own --basetemp and -n 2, so
# the measured runs get the machine the way CI gets a busy runner. Run from anywhere; it works in
# the repository root. Exit code: 0 when every measured run passed.
set -u
N=${1:-5}
PYTHON=${PYTHON:-python}
cd "$(dirname "$0")/.." || exit 1
work=$(mktemp -d)

# shellcheck disable=SC2016  # $0 and $1 belong to the inner bash
# setsid: the loader and every process it starts share one process group, stopped together below
setsid bash -c '
    while :; do
        "$0" -m pytest -q -p no:cacheprovider -n 2 --basetemp="$1/load-tmp" >>"$1/load.log" 2>&1
        echo "load run exit $?" >>"$1/load.log"
    done' "$PYTHON" "$work" &
loader=$!
trap 'kill -TERM -- "-$loader" 2>/dev/null; wait "$loader" 2>/dev/null; rm -rf "$work"' EXIT
sleep 5 # let the load start

failed=0
for i in $(seq 1 "$N"); do
    start=$(date +%s.%N)
    "$PYTHON" -m pytest -q -p no:cacheprovider >"$work/run-$i.log" 2>&1
    code=$?
    end=$(date +%s.%N)
    summary=$(grep -E "(passed|failed|error)" "$work/run-$i.log" | tail -n 1)
    printf 'run %d: %6.1f s wall, exit %d: %s\n' "$i" "$(echo "$end - $start" | bc)" "$code" "$summary"
    if [ "$code" -ne 0 ]; then
        failed=1
        grep -E "^(FAILED|ERROR) " "$work/run-$i.log" | sed 's/^/    /'
    fi
done
echo "load: $(grep -c '^load run exit 0' "$work/load.log") load runs passed," \
    "$(grep -c '^load run exit [1-9]' "$work/load.log") failed while measuring"
exit "$failed"
