#!/usr/bin/env bash
# Measures anti-entropy repair on Cairn and on Apache Cassandra 5.0 on this machine, with
# equivalent settings, and writes a summary to bench/results/repair/.
#
#   bench/repair.sh [RECORDS]
#
#   RECORDS    records loaded first (default 1000000: about 1 KB each, so about 1 GB a replica)
#
# For each system (CAIRN_BENCH_SYSTEMS="cairn cassandra" by default):
#   1. 3 nodes on 127.0.0.1 ... 127.0.0.3, hinted handoff off (Cairn: hinted_handoff_enabled:
#      false; Cassandra: nodetool disablehandoff on each node) and no automatic repair, so that
#      only repair brings a node back. RECORDS records loaded at ALL (keyspace RF 3; a load whose
#      inserts partly failed is run once more); Cassandra's memtables flushed.
#   2. A first repair on node 3, not measured: it leaves every range repaired (Cassandra's first
#      incremental repair anticompacts the whole table; Cairn's compares it whole).
#   3. Two measured rounds, incremental then full: node 3 stopped (SIGTERM), CHANGED records
#      (RECORDS / 100, the first ones: 1 %) written again at QUORUM through nodes 1 and 2, node 3
#      started again, and a repair of the keyspace run on node 3 (Cairn: `cairn admin repair ycsb
#      [--full]`; Cassandra: `nodetool repair [-full] ycsb`). Measured: wall seconds of the
#      repair command, CPU seconds of the three servers during it, and bytes streamed (Cairn: the
#      repair's bytes received and sent; Cassandra: the sum of what each node's log says it
#      receives when each stream session is prepared).
# CAIRN_REPAIR_TIMEOUT (default 3600) bounds every operation and wait, in seconds.
#
# Equivalent settings: the same client (cairn bench, YCSB record layout, 32 requests in flight),
# replication factor 3, 16 tokens per node, 1 GiB heap per node, commit log synced every 10 s
# (periodic) on both; each system's default repair and streaming throughput. The Cassandra scripts
# live beside the project (../shared/bench/cassandra, or CAIRN_BENCH_CASSANDRA); when that folder
# is read-only, they are copied to a work folder first (fetch.sh writes its jars beside them).
# Each system runs alone, and every process started is stopped (also on failure).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASSANDRA_SCRIPTS="${CAIRN_BENCH_CASSANDRA:-$ROOT/../shared/bench/cassandra}"
RECORDS="${1:-1000000}"
TIMEOUT="${CAIRN_REPAIR_TIMEOUT:-3600}"
SYSTEMS="${CAIRN_BENCH_SYSTEMS:-cairn cassandra}"
RF=3
CONCURRENCY=32
OUT="$ROOT/bench/results/repair"
WORK="${TMPDIR:-/tmp}/cairn-repair-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"
ALL_HOSTS=(127.0.0.1 127.0.0.2 127.0.0.3)
STAYING=(127.0.0.1 127.0.0.2)

case "$RECORDS" in ''|*[!0-9]*) echo "usage: $0 [RECORDS]" >&2; exit 2 ;; esac
CHANGED=$((RECORDS / 100))
[ "$CHANGED" -ge 1 ] || { echo "RECORDS must be at least 100" >&2; exit 2; }
if [ ! -x "$CAIRN" ]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
mkdir -p "$OUT" "$WORK"
: > "$WORK/pids"
BENCH=repair.sh
# log, die, now, elapsed, cpu_of, cairn_pids, stop_own, wait_until, load, writable_cassandra_scripts,
# cassandra_launch, cassandra_is
. "$ROOT/bench/lib.sh"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_own
    if [ -d "$WORK/cairn" ]; then "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null 2>&1 || true; fi
    if [ -n "${CASSANDRA_STARTED:-}" ]; then "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
    [ $rc -eq 0 ] || echo "repair.sh: failed (exit $rc); every process it started is stopped" >&2
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A row of the summary: SYSTEM MODE WALL CPU STREAMED_BYTES NOTE
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$OUT/$1.tsv"; }

# ---------------------------------------------------------------- Cairn
repair_cairn() {
    local dir="$WORK/cairn" pids round mode flag t0 cpu0 wall cpu json streamed
    log "cairn: starting 3 nodes (no hints, no automatic repair)"
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" timeout "$TIMEOUT" "$CAIRN" cluster start -n 3 --dir "$dir" \
        --set "hinted_handoff_enabled: false" --set "auto_repair_enabled: false" > "$OUT/cairn-start.log" 2>&1 \
        || { tail -20 "$OUT/cairn-start.log" >&2; die "cairn: the cluster did not start"; }
    log "cairn: loading $RECORDS records at ALL"
    load cairn-load "${ALL_HOSTS[*]}" "$RECORDS" ALL 1
    log "cairn: data per node after the load (MiB): $(for i in 1 2 3; do du -sm "$dir/node$i/data" | cut -f1; done | paste -sd/ -)"
    log "cairn: first repair (not measured)"
    timeout "$TIMEOUT" "$CAIRN" admin repair ycsb --admin 127.0.0.3:9180 --json > "$OUT/cairn-repair-first.json" \
        || die "cairn: the first repair failed"
    : > "$OUT/cairn.tsv"
    round=0
    for mode in incremental full; do
        round=$((round + 1))
        flag=""; [ "$mode" = full ] && flag="--full"
        log "cairn: stopping node 3; $CHANGED records written again at QUORUM"
        "$CAIRN" cluster stop --node 3 --dir "$dir" > /dev/null
        load "cairn-changes-$mode" "${STAYING[*]}" "$CHANGED" QUORUM $((round + 1))
        CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" "$CAIRN" cluster start --node 3 --dir "$dir" > /dev/null \
            || die "cairn: node 3 did not start again"
        pids="$(cairn_pids "$dir")"
        sleep 10   # gossip sees node 3 up on every node
        log "cairn: $mode repair on node 3"
        cpu0=$(cpu_of "$pids"); t0=$(now)
        # shellcheck disable=SC2086
        timeout "$TIMEOUT" "$CAIRN" admin repair ycsb $flag --admin 127.0.0.3:9180 --json \
            > "$OUT/cairn-repair-$mode.json" || die "cairn: the $mode repair failed"
        wall=$(elapsed "$t0" "$(now)"); cpu=$(awk -v a="$cpu0" -v b="$(cpu_of "$pids")" 'BEGIN { printf "%.1f", b - a }')
        json="$(sed -n '/^{/,$p' "$OUT/cairn-repair-$mode.json")"
        streamed=$(python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["bytes_received"] + r["bytes_sent"])' <<< "$json")
        log "cairn: $mode repair: $wall s, $cpu CPU s, $streamed bytes streamed"
        row cairn "$mode" "$wall" "$cpu" "$streamed" "$(python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print("%d partitions compared on the 3 replicas, %d received, %d sent" % (r["partitions_hashed"], r["partitions_received"], r["partitions_sent"]))' <<< "$json")"
    done
    "$CAIRN" cluster clear --dir "$dir" > /dev/null
}

# ---------------------------------------------------------------- Apache Cassandra
repair_cassandra() {
    writable_cassandra_scripts
    # common.sh: RUN_DIR, PID_FILE, JAVA, HEAP, CASS_CP, node_dir, jmx_port, nodetool_node
    . "$CASSANDRA_SCRIPTS/common.sh"
    local pids i mode flag round t0 cpu0 wall cpu streamed pid3
    "$CASSANDRA_SCRIPTS/fetch.sh" > "$OUT/cassandra-fetch.log" 2>&1 || die "cassandra: fetch.sh failed"
    log "cassandra: starting 3 nodes"
    CASSANDRA_STARTED=1
    timeout "$TIMEOUT" "$CASSANDRA_SCRIPTS/start.sh" 3 > "$OUT/cassandra-start.log" 2>&1 \
        || { tail -30 "$OUT/cassandra-start.log" >&2; die "cassandra: start.sh 3 failed"; }
    for i in 1 2 3; do nodetool_node "$i" disablehandoff; done
    # Bytes the nodes' logs say they receive in stream sessions prepared after line $1 of each log.
    received_since() {
        local n total=0 b
        for n in 1 2 3; do
            b=$(tail -n +"$(( $(sed -n "${n}p" <<< "$1") + 1 ))" "$(node_dir "$n")/logs/system.log" \
                | grep -o 'Prepare completed. Receiving [0-9]* files([^)]*)' \
                | sed -E 's/.*files\(([0-9.]+) ?([A-Za-z]+)\)/\1 \2/' \
                | awk '{ m = 1; if ($2 == "KiB") m = 1024; else if ($2 == "MiB") m = 1048576;
                         else if ($2 == "GiB") m = 1073741824; s += $1 * m } END { printf "%.0f", s }')
            total=$((total + ${b:-0}))
        done
        echo "$total"
    }
    log "cassandra: loading $RECORDS records at ALL"
    load cassandra-load "${ALL_HOSTS[*]}" "$RECORDS" ALL 1
    for i in 1 2 3; do nodetool_node "$i" flush; done
    log "cassandra: data per node after the load (MiB): $(for i in 1 2 3; do du -sm "$(node_dir "$i")/data" | cut -f1; done | paste -sd/ -)"
    log "cassandra: first repair (not measured; incremental: anticompacts the table)"
    timeout "$TIMEOUT" bash -c ". '$CASSANDRA_SCRIPTS/common.sh'; nodetool_node 3 repair ycsb" \
        > "$OUT/cassandra-repair-first.log" 2>&1 || die "cassandra: the first repair failed"
    : > "$OUT/cassandra.tsv"
    round=0
    for mode in incremental full; do
        round=$((round + 1))
        flag=""; [ "$mode" = full ] && flag="-full"
        pid3=$(awk '$1 == 3 { p = $2 } END { print p }' "$PID_FILE")
        log "cassandra: stopping node 3 (pid $pid3); $CHANGED records written again at QUORUM"
        kill -TERM "$pid3"
        wait_until 120 "node 3 to stop" bash -c "! kill -0 $pid3"
        wait_until 120 "node 1 to see node 3 down" cassandra_is 127.0.0.3 DN
        load "cassandra-changes-$mode" "${STAYING[*]}" "$CHANGED" QUORUM $((round + 1))
        for i in 1 2; do nodetool_node "$i" flush; done
        cassandra_launch 3
        wait_until "$TIMEOUT" "node 3 to serve again" bash -c "(exec 3<>/dev/tcp/127.0.0.3/9042) 2>/dev/null"
        wait_until "$TIMEOUT" "node 1 to see node 3 up" cassandra_is 127.0.0.3 UN
        nodetool_node 3 disablehandoff
        pids="$(awk '{print $2}' "$PID_FILE" | sort -u | while read -r p; do kill -0 "$p" 2>/dev/null && echo "$p"; done | paste -sd, -)"
        local lines
        lines="$(for i in 1 2 3; do wc -l < "$(node_dir "$i")/logs/system.log"; done)"
        log "cassandra: $mode repair on node 3"
        cpu0=$(cpu_of "$pids"); t0=$(now)
        # shellcheck disable=SC2086
        timeout "$TIMEOUT" bash -c ". '$CASSANDRA_SCRIPTS/common.sh'; nodetool_node 3 repair $flag ycsb" \
            > "$OUT/cassandra-repair-$mode.log" 2>&1 || { tail -20 "$OUT/cassandra-repair-$mode.log" >&2; die "cassandra: the $mode repair failed"; }
        wall=$(elapsed "$t0" "$(now)"); cpu=$(awk -v a="$cpu0" -v b="$(cpu_of "$pids")" 'BEGIN { printf "%.1f", b - a }')
        sleep 2   # the last stream sessions' log lines
        streamed=$(received_since "$lines")
        log "cassandra: $mode repair: $wall s, $cpu CPU s, $streamed bytes streamed"
        row cassandra "$mode" "$wall" "$cpu" "$streamed" "nodetool repair $flag"
    done
    "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null
    CASSANDRA_STARTED=
    : > "$WORK/pids"
}

for system in $SYSTEMS; do
    case "$system" in
        cairn) repair_cairn ;;
        cassandra) repair_cassandra ;;
        *) die "unknown system '$system' (cairn or cassandra)" ;;
    esac
done

{
    echo "# Repair of a table where 1 % differs: Cairn and Apache Cassandra 5.0"
    echo
    echo "Written by \`bench/repair.sh $RECORDS\` on $(date -u +%Y-%m-%d) (systems measured now: $SYSTEMS; a system left out keeps its earlier rows)."
    echo "3 nodes on this machine ($(nproc) cores), replication factor $RF, $RECORDS records of ~1 KB loaded at ALL,"
    echo "a first repair not measured; then, for each mode, node 3 stopped, $CHANGED records written again at"
    echo "QUORUM without it (no hints), node 3 started, and a repair of the keyspace run on node 3."
    echo "Wall: seconds of the repair command. CPU: seconds of the three servers during it. Streamed: bytes."
    echo
    echo "| system | mode | wall (s) | CPU (s) | streamed (bytes) | note |"
    echo "|---|---|---|---|---|---|"
    for system in cairn cassandra; do
        [ -s "$OUT/$system.tsv" ] || continue
        awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$OUT/$system.tsv"
    done
} > "$OUT/RESULTS.md"
cat "$OUT/RESULTS.md"
"$ROOT/bench/index.sh"
