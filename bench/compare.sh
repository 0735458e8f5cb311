#!/usr/bin/env bash
# Runs the same `cairn bench` workloads against Cairn and against Apache Cassandra 5.0 on this
# machine, with equivalent settings, and writes both results, their comparison and RESULTS.md.
#
#   bench/compare.sh NODES [WORKLOADS] [RECORDS] [SECONDS]
#
#   NODES      1, or 3 (replication factor 3, QUORUM); nodes on 127.0.0.1 ... 127.0.0.N
#   WORKLOADS  default "a c write" (any of a b c d e f write read, the lightweight transactions
#              lwt-insert lwt-update lwt-contended, the storage-attached index reads sai-eq
#              sai-range, and the vector search ann: see below)
#   RECORDS    records loaded first (default 100000)
#   SECONDS    length of each measured run (default 30), after a discarded warm-up run
#   CAIRN_BENCH_WARMUP=S  seconds of that warm-up (default 10). The first minutes after a load are
#   slower on both systems (JIT, compaction of what was loaded); a longer warm-up measures them settled.
#   CAIRN_BENCH_SYSTEMS="cairn" (or "cassandra") re-measures one system and compares it with the
#   other's earlier results.
#   CAIRN_BENCH_PAXOS_VARIANT=v2 (default) or v1: Cassandra's Paxos implementation. 5.0 defaults to
#   v1 (four round trips per uncontended CAS); v2 (two, as Cairn's) is the fair peer. The Cassandra
#   scripts have no setting for it, so their JAVA runs bench/cassandra-java, which passes it as a
#   system property; the node's logged configuration is checked for it.
#
# Lightweight transactions: lwt-insert inserts new records IF NOT EXISTS; lwt-update updates the
# loaded records (uniformly) IF field0 holds the value the client last saw; lwt-contended does the
# same on 10 records. Serial consistency SERIAL, commit consistency the run's (ONE or QUORUM).
# Their results count applied, not applied and unknown (timed out) outcomes, and the internode
# messages per operation where the servers count them.
#
# Storage-attached indexes: sai-eq reads the 10 records of one tag (WHERE tag = ?), sai-range 10
# records by score (WHERE score >= ? AND score < ?), uniformly, from a table of their own
# (ycsb.indexed, one row per record, both columns indexed USING 'StorageAttachedIndex'), which
# is loaded once, before the first of them runs.
#
# Vector search: ann searches the 10 nearest of a random vector (ORDER BY v ANN OF ? LIMIT 10) in
# a table of RECORDS random 128-dimension vectors (ycsb.vectors, its vector indexed USING
# 'StorageAttachedIndex', cosine similarity), loaded once before it runs, with 2 requests in flight:
# Cassandra 5.0.9 fails vector writes beyond a pool of (cores + 1) concurrent ones ("Number of
# outstanding pooled objects has gone beyond the limit of 3" on 2 cores). Its result adds
# recall@10, the share of the exact 10 nearest (computed by the client) that the answers hold.
# A run of only sai-* and ann workloads loads no YCSB records.
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
WARMUP_SECONDS="${CAIRN_BENCH_WARMUP:-10}"
case "$N" in 1) RF=1; CL=ONE ;; 3) RF=3; CL=QUORUM ;; *) echo "usage: $0 1|3 [workloads] [records] [seconds]" >&2; exit 2 ;; esac
CONCURRENCY=32
# Which systems to measure now (a system left out keeps its earlier results in bench/results).
SYSTEMS="${CAIRN_BENCH_SYSTEMS:-cairn cassandra}"
PAXOS_VARIANT="${CAIRN_BENCH_PAXOS_VARIANT:-v2}"
case "$PAXOS_VARIANT" in v1|v2) ;; *) echo "CAIRN_BENCH_PAXOS_VARIANT must be v1 or v2" >&2; exit 2 ;; esac
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
    local ycsb=""
    for w in $WORKLOADS; do
        if [[ "$w" != sai-* && "$w" != ann ]]; then ycsb=yes; fi
    done
    if [ -n "$ycsb" ]; then
        echo "== $name: loading $RECORDS records"
        "$CAIRN" bench run "${HOSTS[@]}" --phase load "${common[@]}" --label "$name" -o "$OUT/$name-load.json" 2>/dev/null
    fi
    local indexed="" vectors=""
    for w in $WORKLOADS; do
        if [[ "$w" == ann && -z "$vectors" ]]; then
            echo "== $name: loading $RECORDS vectors"
            "$CAIRN" bench run "${HOSTS[@]}" --phase load -w ann --records "$RECORDS" --rf "$RF" \
                --consistency "$CL" -c 2 --server-pids "$pids" --label "$name" \
                -o "$OUT/$name-vectors-load.json" 2>/dev/null
            vectors=yes
        fi
        if [[ "$w" == sai-* && -z "$indexed" ]]; then
            echo "== $name: loading $RECORDS indexed records"
            "$CAIRN" bench run "${HOSTS[@]}" --phase load -w "$w" "${common[@]}" --label "$name" \
                -o "$OUT/$name-indexed-load.json" 2>/dev/null
            indexed=yes
        fi
        echo "== $name: workload $w"
        # A run with failed statements (say, SERIAL reads timing out under contention) still writes
        # its result, which counts them: note it and go on with the next workload.
        "$CAIRN" bench run "${HOSTS[@]}" --phase run -w "$w" --duration "$WARMUP_SECONDS" "${common[@]}" --label "$name" \
            >/dev/null 2>&1 || echo "   (warm-up of $w had errors)"
        "$CAIRN" bench run "${HOSTS[@]}" --phase run -w "$w" --duration "$RUN_SECONDS" "${common[@]}" \
            --label "$name" -o "$OUT/$name-$w.json" 2>/dev/null || echo "   ($w had errors: see its result)"
    done
}

# Cairn
if [[ " $SYSTEMS " == *" cairn "* ]]; then
CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" "$CAIRN" cluster start -n "$N" --dir "$WORK/cairn"
CAIRN_PIDS="$(for f in "$WORK"/cairn/node*/cairn.pid; do cat "$f"; echo; done | paste -sd, -)"
bench_system cairn "$CAIRN_PIDS"
"$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null
fi

# Apache Cassandra
if [[ " $SYSTEMS " == *" cassandra "* ]]; then
"$CASSANDRA_SCRIPTS/fetch.sh" >/dev/null
CAIRN_BENCH_REAL_JAVA="${JAVA:-java}" CAIRN_BENCH_PAXOS_VARIANT="$PAXOS_VARIANT" JAVA="$ROOT/bench/cassandra-java" \
    "$CASSANDRA_SCRIPTS/start.sh" "$N"
CASSANDRA_RUN="${CASSANDRA_ANCHOR_RUN:-${TMPDIR:-/tmp}/cassandra-anchor}"
for log in "$CASSANDRA_RUN"/node*/logs/system.log; do
    if ! grep -q "paxos_variant=$PAXOS_VARIANT" "$log"; then
        echo "Cassandra did not take paxos_variant=$PAXOS_VARIANT (see $log)" >&2
        exit 1
    fi
done
CASSANDRA_PIDS="$(awk '{print $2}' "$CASSANDRA_RUN/pids" | paste -sd, -)"
bench_system cassandra "$CASSANDRA_PIDS"
"$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null
fi

# Comparison (ratio = Cairn / Cassandra) and RESULTS.md
{
    echo "# Cairn and Apache Cassandra side by side: $N node(s)"
    echo
    echo "Written by \`bench/compare.sh $N \"$WORKLOADS\" $RECORDS $RUN_SECONDS\` on $(date -u +%Y-%m-%d), after a ${WARMUP_SECONDS} s warm-up per workload."
    echo "Replication factor $RF, consistency $CL, $CONCURRENCY requests in flight, YCSB record layout,"
    echo "client and servers on this machine ($(nproc) cores). Ratio = Cairn / Cassandra."
    echo "Cassandra's Paxos: $PAXOS_VARIANT (lwt-* workloads; serial consistency SERIAL)."
    if [ "$SYSTEMS" != "cairn cassandra" ]; then
        echo "This run measured $SYSTEMS only; the other system's results come from an earlier run."
    fi
    for w in $WORKLOADS; do
        echo
        echo '```'
        "$CAIRN" bench compare "$OUT/cassandra-$w.json" "$OUT/cairn-$w.json" --html "$OUT/$w.html"
        echo '```'
    done
} > "$OUT/RESULTS.md"
cat "$OUT/RESULTS.md"

# bench/RESULTS.md: every section measured so far.
"$ROOT/bench/index.sh"
