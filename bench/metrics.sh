#!/usr/bin/env bash
# What metrics cost on the hot path: `cairn bench` workloads on one node with `metrics_enabled`
# off and on, in server CPU-µs per operation and throughput.
#
#   bench/metrics.sh [WORKLOADS] [RECORDS] [SECONDS] [ROUNDS]
#
#   WORKLOADS  default "a c"; RECORDS default 100000; SECONDS per measured run, default 30 (after
#   a discarded 10 s warm-up run); ROUNDS default 3: each round starts a node with metrics off,
#   then one with them on (alternating, so that the machine's drift falls on both), loads and
#   measures each workload once; the medians of the rounds are reported.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORKLOADS="${1:-a c}"
RECORDS="${2:-100000}"
RUN_SECONDS="${3:-30}"
ROUNDS="${4:-3}"
OUT="$ROOT/bench/results/metrics"
WORK="${TMPDIR:-/tmp}/cairn-bench-metrics-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"
CONCURRENCY=32

[ -x "$CAIRN" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
mkdir -p "$OUT" "$WORK"
cleanup() {
    "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for round in $(seq 1 "$ROUNDS"); do
    for mode in off on; do
        enabled=false
        [ "$mode" = on ] && enabled=true
        CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" "$CAIRN" cluster start -n 1 --dir "$WORK/cairn" \
            --set "metrics_enabled: $enabled" >/dev/null
        pids="$(cat "$WORK"/cairn/node1/cairn.pid)"
        common=(--records "$RECORDS" --rf 1 --consistency ONE -c "$CONCURRENCY" --server-pids "$pids" --label "metrics-$mode")
        echo "== round $round, metrics $mode: loading $RECORDS records"
        "$CAIRN" bench run 127.0.0.1 --phase load "${common[@]}" >/dev/null 2>&1
        for w in $WORKLOADS; do
            "$CAIRN" bench run 127.0.0.1 --phase run -w "$w" --duration 10 "${common[@]}" >/dev/null 2>&1
            echo "== round $round, metrics $mode: workload $w"
            "$CAIRN" bench run 127.0.0.1 --phase run -w "$w" --duration "$RUN_SECONDS" "${common[@]}" \
                -o "$OUT/$mode-$w-$round.json" >/dev/null 2>&1 || echo "   ($w had errors)"
        done
        "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null
    done
done

python3 - "$OUT" "$WORKLOADS" "$ROUNDS" "$RUN_SECONDS" "$RECORDS" > "$OUT/RESULTS.md" <<'PY'
import json, statistics, sys, datetime
out, workloads, rounds, seconds, records = sys.argv[1], sys.argv[2].split(), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def values(mode, w, key):
    found = []
    for r in range(1, rounds + 1):
        try:
            found.append(json.load(open(f"{out}/{mode}-{w}-{r}.json"))["run"][key])
        except (OSError, KeyError):
            pass
    return found
def med(v):
    return statistics.median(v) if v else float("nan")
print("# What metrics cost: 1 node, metrics_enabled off and on")
print()
print(f"Written by `bench/metrics.sh \"{' '.join(workloads)}\" {records} {seconds} {rounds}` on "
      f"{datetime.date.today()}: medians of {rounds} rounds (each a node with metrics off, then one with")
print(f"them on, {records} records loaded, a 10 s warm-up, then {seconds} s measured), 32 requests in flight,")
print("consistency ONE, client (cairn bench) and server on this machine. The spread is the rounds' lowest and highest.")
print()
print("| workload | ops/s off | ops/s on | server CPU-µs/op off | server CPU-µs/op on | metrics add |")
print("|---|---|---|---|---|---|")
for w in workloads:
    toff, ton = values("off", w, "throughput"), values("on", w, "throughput")
    coff, con = values("off", w, "serverCpuMicrosPerOperation"), values("on", w, "serverCpuMicrosPerOperation")
    spread = lambda v: f" ({min(v):.1f}–{max(v):.1f})" if v else ""
    added = (med(con) / med(coff) - 1) * 100 if coff and con else float("nan")
    print(f"| {w} | {med(toff):,.0f} | {med(ton):,.0f} | {med(coff):.1f}{spread(coff)} | {med(con):.1f}{spread(con)} | {added:+.1f} % |")
PY
cat "$OUT/RESULTS.md"
"$ROOT/bench/index.sh"
