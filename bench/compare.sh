#!/usr/bin/env bash
# Runs the same `cairn bench` workloads against Cairn and against Apache Cassandra 5.0 on this
# machine, with equivalent settings, and writes both results, their comparison and RESULTS.md.
#
#   bench/compare.sh NODES [WORKLOADS] [RECORDS] [SECONDS]
#
#   NODES      1, or 3 (replication factor 3, QUORUM); nodes on 127.0.0.1 ... 127.0.0.N
#   WORKLOADS  default "a c write" (any of a b c d e f write read)
#   RECORDS    records loaded first (default 100000)
#   SECONDS    length of each measured run (default 30), after a discarded 10 s warm-up run
#
# Equivalent settings: the same client, statements, record layout, consistency level,
# replication and 32 requests in flight; 1 GiB heap per node; commit log synced every 10 s
# (periodic) on both. The Cassandra scripts live beside the project (../shared/bench/cassandra,
# or CAIRN_BENCH_CASSANDRA); each system runs alone, and every process started is stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASSANDRA_SCRIPTS="${CAIRN_BENCH_CASSANDRA:-$ROOT/../shared/bench/cassandra}"
N="${1:-1}"
WORKLOADS="${2:-a c write}"
RECORDS="${3:-100000}"
RUN_SECONDS="${4:-30}"
case "$N" in 1) RF=1; CL=ONE ;; 3) RF=3; CL=QUORUM ;; *) echo "usage: $0 1|3 [workloads] [records] [seconds]" >&2; exit 2 ;; esac
CONCURRENCY=32
OUT="$ROOT/bench/results/$N-node"
WORK="${TMPDIR:-/tmp}/cairn-bench-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"

if [ ! -x "$CAIRN" ]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
mkdir -p "$OUT" "$WORK"
HOSTS=()
for i in $(seq 1 "$N"); do HOSTS+=("127.0.0.$i"); done

cleanup() {
    "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null 2>&1 || true
    "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

bench_system() {  # bench_system NAME PIDS
    local name="$1" pids="$2" w
    local common=(--records "$RECORDS" --rf "$RF" --consistency "$CL" -c "$CONCURRENCY" --server-pids "$pids")
    echo "== $name: loading $RECORDS records"
    "$CAIRN" bench run "${HOSTS[@]}" --phase load "${common[@]}" --label "$name" -o "$OUT/$name-load.json" 2>/dev/null
    for w in $WORKLOADS; do
        echo "== $name: workload $w"
        "$CAIRN" bench run "${HOSTS[@]}" --phase run -w "$w" --duration 10 "${common[@]}" --label "$name" \
            >/dev/null 2>&1
        "$CAIRN" bench run "${HOSTS[@]}" --phase run -w "$w" --duration "$RUN_SECONDS" "${common[@]}" \
            --label "$name" -o "$OUT/$name-$w.json" 2>/dev/null
    done
}

# Cairn
CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" "$CAIRN" cluster start -n "$N" --dir "$WORK/cairn"
CAIRN_PIDS="$(cat "$WORK"/cairn/node*/cairn.pid | paste -sd, -)"
bench_system cairn "$CAIRN_PIDS"
"$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null

# Apache Cassandra
"$CASSANDRA_SCRIPTS/fetch.sh" >/dev/null
"$CASSANDRA_SCRIPTS/start.sh" "$N"
CASSANDRA_RUN="${CASSANDRA_ANCHOR_RUN:-${TMPDIR:-/tmp}/cassandra-anchor}"
CASSANDRA_PIDS="$(awk '{print $2}' "$CASSANDRA_RUN/pids" | paste -sd, -)"
bench_system cassandra "$CASSANDRA_PIDS"
"$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null

# Comparison (ratio = Cairn / Cassandra) and RESULTS.md
{
    echo "# Cairn and Apache Cassandra side by side: $N node(s)"
    echo
    echo "Written by \`bench/compare.sh $N \"$WORKLOADS\" $RECORDS $RUN_SECONDS\` on $(date -u +%Y-%m-%d)."
    echo "Replication factor $RF, consistency $CL, $CONCURRENCY requests in flight, YCSB record layout,"
    echo "client and servers on this machine ($(nproc) cores). Ratio = Cairn / Cassandra."
    for w in $WORKLOADS; do
        echo
        echo '```'
        "$CAIRN" bench compare "$OUT/cassandra-$w.json" "$OUT/cairn-$w.json" --html "$OUT/$w.html"
        echo '```'
    done
} > "$OUT/RESULTS.md"
cat "$OUT/RESULTS.md"
