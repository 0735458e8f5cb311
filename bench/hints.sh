#!/usr/bin/env bash
# Measures hint replay on Cairn and on Apache Cassandra 5.0 on this machine, with equivalent
# settings, and writes a summary to bench/results/hints/.
#
#   bench/hints.sh [HINTS]
#
#   HINTS    records written while a replica is down, one hint each (default 100000, ~1 KB each)
#
# For each system (CAIRN_BENCH_SYSTEMS="cairn cassandra" by default) and each hint throttle
# (CAIRN_HINTS_THROTTLES="1024 0" by default, in KiB a second: hinted_handoff_throttle_in_kb's
# default, and 0 for no limit):
#   1. 3 nodes on 127.0.0.1 ... 127.0.0.3, no automatic repair (Cairn); 1,000 records loaded at ALL
#      (keyspace RF 3), so that the schema is everywhere.
#   2. Node 3 stopped (SIGTERM), and HINTS records written at QUORUM through nodes 1 and 2: each
#      write misses node 3 and leaves one hint on its coordinator.
#   3. The hints held are counted (Cairn: `GET /api/hints` of nodes 1 and 2; Cassandra: the files
#      and bytes in their hints directories, once the hint buffers were flushed, 10 s).
#   4. Node 3 started again, and timed from when it serves CQL until nodes 1 and 2 hold no hint
#      (Cairn: their pending counts are 0; Cassandra: their hints directories hold no hints file,
#      a file being deleted once delivered whole), polled every 0.5 s. Hints per second = hints
#      held / those seconds; CPU: seconds of the three servers in that time.
# Both deliver hints in rounds every 10 s (Cassandra's hints dispatch trigger; Cairn's replay
# interval, and at once when gossip sees the replica come back), so a round's start is in the time.
# CAIRN_HINTS_TIMEOUT (default 1800) bounds every operation and wait, in seconds.
#
# The throttle means the same on both: what all the other nodes together send a node that comes
# back, each of them at the throttle divided by the number of other nodes (here 2: 512 KiB/s each
# at 1024). Equivalent settings otherwise: the same client (cairn bench, YCSB record layout, 32
# requests in flight), replication factor 3, 16 tokens per node, 1 GiB heap per node, commit log
# synced every 10 s (periodic) on both. The Cassandra scripts live beside the project
# (../shared/bench/cassandra, or CAIRN_BENCH_CASSANDRA); a read-only folder is copied first.
# Each system runs alone, and every process started is stopped (also on failure).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASSANDRA_SCRIPTS="${CAIRN_BENCH_CASSANDRA:-$ROOT/../shared/bench/cassandra}"
HINTS="${1:-100000}"
TIMEOUT="${CAIRN_HINTS_TIMEOUT:-1800}"
SYSTEMS="${CAIRN_BENCH_SYSTEMS:-cairn cassandra}"
THROTTLES="${CAIRN_HINTS_THROTTLES:-1024 0}"
RF=3
CONCURRENCY=32
SCHEMA_RECORDS=1000
OUT="$ROOT/bench/results/hints"
WORK="${TMPDIR:-/tmp}/cairn-hints-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"
ALL_HOSTS=(127.0.0.1 127.0.0.2 127.0.0.3)
STAYING=(127.0.0.1 127.0.0.2)

case "$HINTS" in ''|*[!0-9]*) echo "usage: $0 [HINTS]" >&2; exit 2 ;; esac
for t in $THROTTLES; do
    case "$t" in ''|*[!0-9]*) echo "CAIRN_HINTS_THROTTLES: KiB a second, not '$t'" >&2; exit 2 ;; esac
done
if [ ! -x "$CAIRN" ]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
mkdir -p "$OUT" "$WORK"
: > "$WORK/pids"
BENCH=hints.sh
# log, die, now, elapsed, cql_open, cpu_of, cairn_pids, stop_own, wait_until, load, writable_cassandra_scripts,
# cassandra_launch, cassandra_is
. "$ROOT/bench/lib.sh"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_own
    local dir
    for dir in "$WORK"/cairn-*; do
        if [ -d "$dir" ]; then "$CAIRN" cluster clear --dir "$dir" >/dev/null 2>&1 || true; fi
    done
    if [ -n "${CASSANDRA_STARTED:-}" ]; then "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
    [ $rc -eq 0 ] || echo "hints.sh: failed (exit $rc); every process it started is stopped" >&2
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A row of the summary: SYSTEM THROTTLE HINTS SECONDS CPU NOTE (hints a second computed here).
row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
        "$(awk -v h="$3" -v s="$4" 'BEGIN { printf "%.0f", (s > 0 ? h / s : 0) }')" "$5" "$6" >> "$OUT/$1.tsv"
}
throttle_name() { if [ "$1" = 0 ]; then echo "none"; else echo "$1 KiB/s"; fi; }

# until_drained DESCRIPTION COMMAND...: polls COMMAND (true once nothing is left) every 0.5 s.
until_drained() {
    local what="$1" deadline=$((SECONDS + TIMEOUT)); shift
    until "$@"; do
        [ $SECONDS -lt $deadline ] || die "$what: hints still held after $TIMEOUT s"
        sleep 0.5
    done
}

# ---------------------------------------------------------------- Cairn
cairn_hints() {  # cairn_hints FIELD: that count of GET /api/hints, nodes 1 and 2 together
    local total=0 n i
    for i in 1 2; do
        n=$(curl -sf "http://127.0.0.$i:9180/api/hints" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])") \
            || return 1
        total=$((total + n))
    done
    echo "$total"
}
cairn_held() { cairn_hints total; }
cairn_drained() { [ "$(cairn_held 2>/dev/null)" = 0 ]; }
# All three nodes are metadata replicas (they become so one by one after the start): a schema
# statement with node 3 down then still has a majority of them.
cairn_metadata_complete() {
    [ "$(curl -sf http://127.0.0.1:9180/api/describecluster \
        | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["metadata_replicas"]))')" = 3 ]
}

hints_cairn() {
    local throttle="$1" dir="$WORK/cairn-$1" pids held t_up wall cpu0 cpu delivered bytes
    log "cairn: starting 3 nodes (hint throttle $(throttle_name "$throttle"), no automatic repair)"
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" timeout "$TIMEOUT" "$CAIRN" cluster start -n 3 --dir "$dir" \
        --set "auto_repair_enabled: false" --set "hinted_handoff_throttle_in_kb: $throttle" \
        > "$OUT/cairn-start-$throttle.log" 2>&1 || { tail -20 "$OUT/cairn-start-$throttle.log" >&2; die "cairn: the cluster did not start"; }
    wait_until 120 "every node to be a metadata replica" cairn_metadata_complete
    load "cairn-schema-$throttle" "${ALL_HOSTS[*]}" "$SCHEMA_RECORDS" ALL 1
    log "cairn: stopping node 3; $HINTS records written at QUORUM through nodes 1 and 2"
    "$CAIRN" cluster stop --node 3 --dir "$dir" > /dev/null
    load "cairn-missed-$throttle" "${STAYING[*]}" "$HINTS" QUORUM 2
    sleep 5   # the last writes' timeouts towards node 3 store their hints
    held=$(cairn_held) || die "cairn: nodes 1 and 2 do not answer GET /api/hints"
    log "cairn: nodes 1 and 2 hold $held hints for node 3; starting node 3"
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" "$CAIRN" cluster start --node 3 --dir "$dir" > /dev/null \
        || die "cairn: node 3 did not start again"
    until cql_open 127.0.0.3; do sleep 0.2; done
    t_up=$(now)
    pids="$(cairn_pids "$dir")"
    cpu0=$(cpu_of "$pids")
    until_drained "cairn" cairn_drained
    wall=$(elapsed "$t_up" "$(now)")
    cpu=$(awk -v a="$cpu0" -v b="$(cpu_of "$pids")" 'BEGIN { printf "%.1f", b - a }')
    delivered=$(cairn_hints delivered)
    bytes=$(cairn_hints delivered_bytes)
    log "cairn: $held hints replayed in $wall s ($delivered acknowledged, $bytes bytes of HINT messages), $cpu CPU s"
    row cairn "$(throttle_name "$throttle")" "$held" "$wall" "$cpu" \
        "hints counted by GET /api/hints; $delivered acknowledged by node 3; $bytes bytes of HINT messages"
    "$CAIRN" cluster clear --dir "$dir" > /dev/null
}

# ---------------------------------------------------------------- Apache Cassandra
hint_files() { ls "$(node_dir 1)"/hints/*.hints "$(node_dir 2)"/hints/*.hints 2>/dev/null | wc -l; }
hint_bytes() { cat "$(node_dir 1)"/hints/*.hints "$(node_dir 2)"/hints/*.hints 2>/dev/null | wc -c; }
cassandra_drained() { [ "$(hint_files)" = 0 ]; }

hints_cassandra() {
    writable_cassandra_scripts
    # common.sh: RUN_DIR, PID_FILE, JAVA, HEAP, CASS_CP, node_dir, jmx_port, nodetool_node
    . "$CASSANDRA_SCRIPTS/common.sh"
    local throttle round=0 pid3 pids files bytes hints t_up wall cpu0 cpu
    "$CASSANDRA_SCRIPTS/fetch.sh" > "$OUT/cassandra-fetch.log" 2>&1 || die "cassandra: fetch.sh failed"
    log "cassandra: starting 3 nodes"
    CASSANDRA_STARTED=1
    timeout "$TIMEOUT" "$CASSANDRA_SCRIPTS/start.sh" 3 > "$OUT/cassandra-start.log" 2>&1 \
        || { tail -30 "$OUT/cassandra-start.log" >&2; die "cassandra: start.sh 3 failed"; }
    load cassandra-schema "${ALL_HOSTS[*]}" "$SCHEMA_RECORDS" ALL 1
    for throttle in $THROTTLES; do
        round=$((round + 1))
        for i in 1 2; do nodetool_node "$i" sethintedhandoffthrottlekb "$throttle"; done
        pid3=$(awk '$1 == 3 { p = $2 } END { print p }' "$PID_FILE")
        log "cassandra: stopping node 3 (pid $pid3); $HINTS records written at QUORUM through nodes 1 and 2"
        kill -TERM "$pid3"
        wait_until 120 "node 3 to stop" bash -c "! kill -0 $pid3"
        wait_until 120 "node 1 to see node 3 down" cassandra_is 127.0.0.3 DN
        load "cassandra-missed-$throttle" "${STAYING[*]}" "$HINTS" QUORUM $((round + 1))
        hints=$((HINTS * LOAD_PASSES))
        sleep 15   # hints_flush_period (10 s): the hint buffers reach their files
        files=$(hint_files); bytes=$(hint_bytes)
        log "cassandra: nodes 1 and 2 hold $files hints files ($bytes bytes); starting node 3"
        cassandra_launch 3
        until cql_open 127.0.0.3; do
            kill -0 "$NODE_PID" 2>/dev/null || { tail -30 "$(node_dir 3)/logs/system.log" >&2; die "cassandra: node 3 stopped while starting"; }
            sleep 0.2
        done
        t_up=$(now)
        pids="$(awk '{print $2}' "$PID_FILE" | sort -u | while read -r p; do kill -0 "$p" 2>/dev/null && echo "$p"; done | paste -sd, -)"
        cpu0=$(cpu_of "$pids")
        until_drained "cassandra" cassandra_drained
        wall=$(elapsed "$t_up" "$(now)")
        cpu=$(awk -v a="$cpu0" -v b="$(cpu_of "$pids")" 'BEGIN { printf "%.1f", b - a }')
        log "cassandra: ~$hints hints ($bytes bytes of hints files) replayed in $wall s, $cpu CPU s"
        row cassandra "$(throttle_name "$throttle")" "$hints" "$wall" "$cpu" \
            "hints = records written while node 3 was down ($LOAD_PASSES load passes); $files hints files of $bytes bytes"
        wait_until "$TIMEOUT" "node 1 to see node 3 up" cassandra_is 127.0.0.3 UN
    done
    "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null
    CASSANDRA_STARTED=
    : > "$WORK/pids"
}

for system in $SYSTEMS; do
    : > "$OUT/$system.tsv"
    case "$system" in
        cairn) for throttle in $THROTTLES; do hints_cairn "$throttle"; done ;;
        cassandra) hints_cassandra ;;
        *) die "unknown system '$system' (cairn or cassandra)" ;;
    esac
done

{
    echo "# Hint replay: Cairn and Apache Cassandra 5.0"
    echo
    echo "Written by \`bench/hints.sh $HINTS\` on $(date -u +%Y-%m-%d) (systems measured now: $SYSTEMS; a system left out keeps its earlier rows)."
    echo "3 nodes on this machine ($(nproc) cores), replication factor $RF; node 3 stopped while $HINTS records of ~1 KB"
    echo "were written at QUORUM through nodes 1 and 2 (one hint each), then started again. Seconds: from node 3"
    echo "serving CQL until nodes 1 and 2 hold no hint. Throttle: hinted_handoff_throttle_in_kb, what node 3 may"
    echo "receive from the others together (each sends at half of it). CPU: seconds of the three servers meanwhile."
    echo
    echo "| system | throttle | hints | seconds | hints/s | CPU (s) | note |"
    echo "|---|---|---|---|---|---|---|"
    for system in cairn cassandra; do
        [ -s "$OUT/$system.tsv" ] || continue
        awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$OUT/$system.tsv"
    done
} > "$OUT/RESULTS.md"
cat "$OUT/RESULTS.md"
"$ROOT/bench/index.sh"
