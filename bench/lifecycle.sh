#!/usr/bin/env bash
# Measures node lifecycle operations under load, on Cairn and on Apache Cassandra 5.0 on this
# machine, with equivalent settings, and writes a summary to bench/results/lifecycle/.
#
#   bench/lifecycle.sh [RECORDS]
#
#   RECORDS    records loaded first (default 200000; about 1 KB each, replication factor 3)
#
# For each system (CAIRN_BENCH_SYSTEMS="cairn cassandra" by default, as bench/compare.sh):
#   1. 4 nodes on 127.0.0.1 ... 127.0.0.4; RECORDS records loaded at QUORUM (keyspace RF 3; a load
#      with failed inserts is run once more, so that every record is there); the
#      memtables flushed (Cassandra: nodetool flush; Cairn has no flush command: a short wait)
#      and each node's data directory measured (du), so the data a leaving node held is known.
#   2. A concurrent YCSB workload A at QUORUM, open loop at CAIRN_LIFECYCLE_RATE operations per
#      second (default 500) for CAIRN_LIFECYCLE_DURATION seconds (default 240), against 127.0.0.1
#      and 127.0.0.2 as contact points (the nodes that stay; the driver finds the others), after
#      a discarded warm-up of the same workload (CAIRN_BENCH_WARMUP seconds, default 20). The
#      operations start 10 s into it; its numbers cover its whole duration, the quiet end included.
#   3. Node 4 is decommissioned: seconds from the command until it returns, the node having
#      handed its data over and left the ring (Cairn: `cairn cluster decommission`, which also
#      stops the node; Cassandra: `nodetool decommission`; node 1 must then no longer list it).
#   4. Node 3 is killed (SIGKILL), its disk wiped, and a replacement started on 127.0.0.3 with the
#      dead node's address to replace (Cairn: replace_address; Cassandra:
#      -Dcassandra.replace_address_first_boot): seconds from starting the replacement until it
#      serves (Cairn: "Cairn is ready", after it received its data; Cassandra: CQL open, which
#      it does once it has received its data and joined; node 1 must then list it as UN).
#      Before the replacement starts, the script waits until node 1 sees node 3 down (Cassandra)
#      or CAIRN_LIFECYCLE_DEAD_WAIT seconds (default 15); that wait is not counted.
#   5. When the concurrent load ends, its throughput, p99 and errors are taken from its result;
#      every record must still read back at QUORUM (SELECT COUNT(*) at QUORUM equals RECORDS).
# CAIRN_LIFECYCLE_TIMEOUT (default 900) bounds every operation and wait, in seconds.
#
# Equivalent settings: the same client (cairn bench, YCSB record layout, 32 requests in flight),
# replication factor 3, QUORUM, 16 tokens per node, 1 GiB heap per node, commit log synced every
# 10 s (periodic) on both; Cassandra's default streaming throughput limits. The Cassandra scripts
# live beside the project (../shared/bench/cassandra, or CAIRN_BENCH_CASSANDRA); start.sh starts
# nodes 1-3 and this script adds node 4 the same way (auto_bootstrap on). Each system runs alone,
# and every process started is stopped (also on failure). Data sizes are of the data directories
# (Cairn's holds its commit log too; Cassandra's commit log is a directory of its own, not counted).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASSANDRA_SCRIPTS="${CAIRN_BENCH_CASSANDRA:-$ROOT/../shared/bench/cassandra}"
RECORDS="${1:-200000}"
RATE="${CAIRN_LIFECYCLE_RATE:-500}"
LOAD_SECONDS="${CAIRN_LIFECYCLE_DURATION:-240}"
WARMUP_SECONDS="${CAIRN_BENCH_WARMUP:-20}"
TIMEOUT="${CAIRN_LIFECYCLE_TIMEOUT:-900}"
DEAD_WAIT="${CAIRN_LIFECYCLE_DEAD_WAIT:-15}"
SYSTEMS="${CAIRN_BENCH_SYSTEMS:-cairn cassandra}"
RF=3
CL=QUORUM
CONCURRENCY=32
OUT="$ROOT/bench/results/lifecycle"
WORK="${TMPDIR:-/tmp}/cairn-lifecycle-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"
ALL_HOSTS=(127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4)
STAYING=(127.0.0.1 127.0.0.2)

case "$RECORDS" in ''|*[!0-9]*) echo "usage: $0 [RECORDS]" >&2; exit 2 ;; esac
if [ ! -x "$CAIRN" ]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
mkdir -p "$OUT" "$WORK"
: > "$WORK/pids"
BENCH=lifecycle.sh
# log, die, now, elapsed, cql_open, cairn_pids, stop_own, wait_until, cassandra_launch, cassandra_state,
# cassandra_is
. "$ROOT/bench/lib.sh"

# The Cairn nodes' logs, kept beside the results as cairn-nodeN*.log (git-ignored).
keep_cairn_logs() {
    local log
    for log in "$WORK"/cairn/node*/logs/cairn.log; do
        if [ -f "$log" ]; then cp "$log" "$OUT/cairn-$(basename "$(dirname "$(dirname "$log")")").log"; fi
    done
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_own
    keep_cairn_logs
    if [ -d "$WORK/cairn" ]; then "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null 2>&1 || true; fi
    if [ -n "${CASSANDRA_STARTED:-}" ]; then "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
    [ $rc -eq 0 ] || echo "lifecycle.sh: failed (exit $rc); every process it started is stopped" >&2
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mib() { awk -v b="$1" 'BEGIN { printf "%.0f\n", b / 1048576 }'; }

# Data directory sizes in MiB, "n1/n2/n3/n4".
sizes() {  # sizes DIR_PATTERN (with %i for the node)
    local i s=()
    for i in 1 2 3 4; do
        s+=("$(mib "$(du -sb "${1//%i/$i}" | cut -f1)")")
    done
    du -sm "${1//%i/1}"/* >&2 || true   # what node 1's data directory holds, for the log
    (IFS=/; echo "${s[*]}")
}

# Loads RECORDS records. A load whose inserts partly failed (a saturated 2-core machine times some
# out) is run once more: the same records again, so that every record is there; a second failure
# stops the script. The first pass's numbers are kept as NAME-load-first.log.
load_records() {  # load_records SYSTEM PIDS
    local name="$1" pids="$2" pass
    for pass in 1 2; do
        if timeout "$TIMEOUT" "$CAIRN" bench run "${ALL_HOSTS[@]}" --phase load --records "$RECORDS" --rf "$RF" \
            --consistency "$CL" -c "$CONCURRENCY" --server-pids "$pids" --label "$name" -o "$OUT/$name-load.json" \
            > "$OUT/$name-load.log" 2>&1; then
            return 0
        fi
        tail -5 "$OUT/$name-load.log" >&2
        [ $pass -eq 1 ] || die "$name: load failed twice"
        cp "$OUT/$name-load.log" "$OUT/$name-load-first.log"
        log "$name: some inserts of the load failed; loading the records once more"
    done
}

# The concurrent load, in the background; its PID is recorded.
start_load() {  # start_load SYSTEM PIDS
    local name="$1"
    # A discarded warm-up first: the load only wrote, and the first seconds of reads on a fresh
    # server (JIT) would otherwise weigh on the measured p99.
    timeout 120 "$CAIRN" bench run "${STAYING[@]}" --phase run -w a --records "$RECORDS" --rf "$RF" --consistency "$CL" \
        -c "$CONCURRENCY" --rate "$RATE" --duration "$WARMUP_SECONDS" --label "$name warm-up" \
        > "$OUT/$name-warmup.log" 2>&1 || log "$name: the warm-up had errors (see $name-warmup.log)"
    "$CAIRN" bench run "${STAYING[@]}" --phase run -w a --records "$RECORDS" --rf "$RF" --consistency "$CL" \
        -c "$CONCURRENCY" --rate "$RATE" --duration "$LOAD_SECONDS" --label "$name during lifecycle" \
        -o "$OUT/$name-during.json" > "$OUT/$name-during.log" 2>&1 &
    LOAD_PID=$!
    echo "load $LOAD_PID $OUT/$name-during.json" >> "$WORK/pids"
    LOAD_T0=$(now)
    log "$name: concurrent load started (pid $LOAD_PID, $RATE ops/s for $LOAD_SECONDS s)"
    sleep 10
    kill -0 "$LOAD_PID" 2>/dev/null || { tail -20 "$OUT/$name-during.log" >&2; die "$name: the concurrent load stopped"; }
}

finish_load() {  # finish_load SYSTEM; waits for the load to end (within its duration)
    local name="$1" left
    OPS_END=$(now)
    left=$(awk -v a="$LOAD_T0" -v b="$OPS_END" -v d="$LOAD_SECONDS" 'BEGIN { printf "%d", d - (b - a) }')
    if [ "$left" -le 0 ]; then
        LOAD_NOTE="the load ended before the operations did (raise CAIRN_LIFECYCLE_DURATION)"
    else
        LOAD_NOTE=""
        log "$name: operations done; the load runs $left s more"
    fi
    local deadline=$((SECONDS + (left > 0 ? left : 0) + 120))
    while kill -0 "$LOAD_PID" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || die "$name: the concurrent load did not end"
        sleep 2
    done
    wait "$LOAD_PID" || log "$name: the concurrent load had errors (see its result)"
    [ -s "$OUT/$name-during.json" ] || { tail -20 "$OUT/$name-during.log" >&2; die "$name: no result from the concurrent load"; }
}

# Every loaded record reads back at QUORUM: COUNT(*) over 64 slices of the token ring (one count of
# the whole table is a single request, which Cassandra's range timeout cuts short) sums to RECORDS.
count_statements() {
    local i lo hi step=288230376151711744   # 2^64 / 64
    for i in $(seq 0 63); do
        lo=$(( -9223372036854775807 - 1 + i * step ))
        if [ "$i" -eq 63 ]; then hi=9223372036854775807; else hi=$(( lo + step )); fi
        echo "SELECT COUNT(*) FROM ycsb.usertable WHERE token(y_id) > $lo AND token(y_id) <= $hi;"
    done
}
verify() {  # verify SYSTEM
    local name="$1" count
    count=$(timeout "$TIMEOUT" "$CAIRN" shell 127.0.0.1 --consistency "$CL" --request-timeout 60 \
        -e "$(count_statements)" 2>&1 | tee "$OUT/$name-verify.log" \
        | awk '/^[[:space:]]*[0-9]+[[:space:]]*$/ { n++; sum += $1 } END { if (n == 64) print sum; else print "?" }' || true)
    if [ "$count" = "$RECORDS" ]; then
        VERIFIED="all $RECORDS"
    else
        VERIFIED="COUNT ${count:-failed} of $RECORDS"
        log "$name: records read back at QUORUM: ${count:-none}, expected $RECORDS (see $name-verify.log)"
    fi
}

summarize() {  # summarize SYSTEM LOADED_SIZES AFTER_SIZES DECOMMISSION_S REPLACE_S
    local name="$1" j="$OUT/$1-during.json"
    local tput p99r p99u errors
    tput=$(jq -r '.run.throughput | floor' "$j")
    p99r=$(jq -r '(.run.byOperation.READ.p99 // 0) / 1000 | . * 10 | round / 10' "$j")
    p99u=$(jq -r '(.run.byOperation.UPDATE.p99 // 0) / 1000 | . * 10 | round / 10' "$j")
    errors=$(jq -r '[.run.byOperation[].errors] | add' "$j")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$2" "$3" "$4" "$5" "$tput" "$p99r" "$p99u" \
        "$errors" "$VERIFIED" "$LOAD_NOTE" > "$OUT/$name.tsv"
    log "$name: $(cat "$OUT/$name.tsv")"
}

# ---------------------------------------------------------------- Cairn
# Records the Cairn node processes too, so that they are stopped even if `cairn cluster clear` fails.
own_cairn_nodes() {  # own_cairn_nodes DIR
    local f
    for f in "$1"/node[0-9]/cairn.pid; do
        [ -s "$f" ] && echo "cairn-$(basename "$(dirname "$f")") $(cat "$f") $(dirname "$f")/cairn.yaml" >> "$WORK/pids"
    done
}
lifecycle_cairn() {
    local dir="$WORK/cairn" pids loaded after t0 dec rep pid
    log "cairn: starting 4 nodes"
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" timeout "$TIMEOUT" "$CAIRN" cluster start -n 4 --dir "$dir"
    pids="$(cairn_pids "$dir")"
    own_cairn_nodes "$dir"
    log "cairn: loading $RECORDS records"
    load_records cairn "$pids"
    sleep 10   # no flush command: let the memtables and compaction settle a little
    loaded=$(sizes "$dir/node%i/data")
    log "cairn: data per node after the load (MiB): $loaded"

    start_load cairn
    log "cairn: decommissioning node 4"
    t0=$(now)
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" timeout "$TIMEOUT" "$CAIRN" cluster decommission --node 4 --dir "$dir" \
        || die "cairn: decommission of node 4 failed"
    dec=$(elapsed "$t0" "$(now)")
    log "cairn: node 4 left after $dec s"
    "$CAIRN" admin ring --admin 127.0.0.1:9180 || true

    pid=$(cat "$dir/node3/cairn.pid")
    log "cairn: killing node 3 (pid $pid) with SIGKILL"
    kill -KILL "$pid"
    wait_until 60 "node 3 to die" bash -c "! kill -0 $pid"
    sleep "$DEAD_WAIT"
    log "cairn: replacing node 3 (its directory is set aside, the replacement starts empty)"
    t0=$(now)
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" timeout "$TIMEOUT" "$CAIRN" cluster replace --node 3 --dir "$dir" \
        || die "cairn: replacement of node 3 failed"
    rep=$(elapsed "$t0" "$(now)")
    log "cairn: node 3's replacement serves after $rep s"
    rm -rf "$dir"/node3-replaced*/data
    own_cairn_nodes "$dir"
    "$CAIRN" admin ring --admin 127.0.0.1:9180 || true

    finish_load cairn
    after=$(for i in 1 2 3; do mib "$(du -sb "$dir/node$i/data" | cut -f1)"; done | paste -sd/ -)
    log "cairn: data per node after the operations (MiB): $after"
    verify cairn
    summarize cairn "$loaded" "$after" "$dec" "$rep"
    keep_cairn_logs
    "$CAIRN" cluster clear --dir "$dir" >/dev/null
}

# ---------------------------------------------------------------- Apache Cassandra
lifecycle_cassandra() {
    writable_cassandra_scripts
    # common.sh: RUN_DIR, PID_FILE, JAVA, HEAP, CASS_CP, node_dir, jmx_port, nodetool_node, need_lib
    . "$CASSANDRA_SCRIPTS/common.sh"
    local loaded after t0 dec rep pid i status
    "$CASSANDRA_SCRIPTS/fetch.sh" >/dev/null 2>&1 || die "cassandra: $CASSANDRA_SCRIPTS/fetch.sh failed"
    log "cassandra: starting nodes 1-3"
    CASSANDRA_STARTED=1
    timeout "$TIMEOUT" "$CASSANDRA_SCRIPTS/start.sh" 3 > "$OUT/cassandra-start.log" 2>&1 \
        || { tail -30 "$OUT/cassandra-start.log" >&2; die "cassandra: start.sh 3 failed"; }

    # start_node N [EXTRA JVM FLAGS...]: as start.sh does, with auto_bootstrap on (a node that
    # joins a cluster with data, or replaces a dead one, must receive its data).
    start_node() {
        local n="$1" ip="127.0.0.$1" d; shift
        d="$(node_dir "$n")"
        mkdir -p "$d"/{data,commitlog,saved_caches,hints,cdc_raw,logs,conf}
        sed -e "s|@@ADDRESS@@|$ip|g" -e "s|@@NODE_DIR@@|$d|g" -e 's|^auto_bootstrap: false|auto_bootstrap: true|' \
            "$ANCHOR_DIR/conf/cassandra.yaml.template" > "$d/conf/cassandra.yaml"
        grep -q '^auto_bootstrap: true' "$d/conf/cassandra.yaml" || die "cassandra: cannot set auto_bootstrap for node $n"
        cp "$ANCHOR_DIR/conf/logback.xml" "$d/conf/logback.xml"
        : > "$d/logs/stdout.log"
        cassandra_launch "$n" "$@"
    }
    node_gone() {  # node_gone IP: node 1 answers and no longer lists it
        local s
        s="$(nodetool_node 1 status 2>/dev/null)" || return 1
        grep -q '^Datacenter' <<< "$s" || return 1
        ! awk '{ print $2 }' <<< "$s" | grep -qxF "$1"
    }
    serves() {  # serves N PID: CQL open on its address and UN in node 1's view
        kill -0 "$2" 2>/dev/null || return 2
        cql_open "127.0.0.$1" && cassandra_is "127.0.0.$1" UN
    }
    wait_serves() {  # wait_serves N PID
        local n="$1" p="$2" deadline=$((SECONDS + TIMEOUT)) rc
        while :; do
            rc=0; serves "$n" "$p" || rc=$?
            [ $rc -eq 0 ] && return 0
            if [ $rc -eq 2 ]; then tail -30 "$(node_dir "$n")/logs/system.log" >&2 || true; die "cassandra: node $n stopped while starting"; fi
            [ $SECONDS -lt $deadline ] || { tail -30 "$(node_dir "$n")/logs/system.log" >&2 || true; die "cassandra: node $n did not serve within $TIMEOUT s"; }
            sleep 2
        done
    }

    log "cassandra: adding node 4"
    start_node 4
    wait_serves 4 "$NODE_PID"
    pid4=$NODE_PID
    nodetool_node 1 status

    local pids
    pids="$(awk '{print $2}' "$PID_FILE" | paste -sd, -)"
    log "cassandra: loading $RECORDS records"
    load_records cassandra "$pids"
    for i in 1 2 3 4; do timeout 300 bash -c ". '$CASSANDRA_SCRIPTS/common.sh'; nodetool_node $i flush" \
        || die "cassandra: nodetool flush on node $i failed"; done
    sleep 10   # let compaction of the flushed tables settle a little
    loaded=$(sizes "$RUN_DIR/node%i/data")
    log "cassandra: data per node after the load and flush (MiB): $loaded"

    start_load cassandra
    log "cassandra: decommissioning node 4"
    t0=$(now)
    timeout "$TIMEOUT" bash -c ". '$CASSANDRA_SCRIPTS/common.sh'; nodetool_node 4 decommission" \
        || die "cassandra: nodetool decommission on node 4 failed"
    dec=$(elapsed "$t0" "$(now)")   # nodetool returns once the node has streamed its data and left
    wait_until "$TIMEOUT" "node 4 to leave node 1's ring" node_gone 127.0.0.4
    log "cassandra: node 4 left after $dec s"
    kill -TERM "$pid4" 2>/dev/null || true
    wait_until 60 "node 4 to stop" bash -c "! kill -0 $pid4"
    nodetool_node 1 status || true

    pid=$(awk '$1 == 3 { p = $2 } END { print p }' "$PID_FILE")
    log "cassandra: killing node 3 (pid $pid) with SIGKILL"
    kill -KILL "$pid"
    wait_until 60 "node 3 to die" bash -c "! kill -0 $pid"
    wait_until "$TIMEOUT" "node 1 to see node 3 down" cassandra_is 127.0.0.3 DN
    rm -rf "$(node_dir 3)-dead"
    mv "$(node_dir 3)" "$(node_dir 3)-dead"
    rm -rf "$(node_dir 3)-dead"/{data,commitlog,saved_caches,hints,cdc_raw}
    log "cassandra: replacing node 3 (its disk is gone; the replacement starts empty)"
    t0=$(now)
    start_node 3 -Dcassandra.replace_address_first_boot=127.0.0.3
    # It opens CQL once it has received its data and joined (as Cairn's "ready"): that is the time
    # measured, polled every 0.5 s; then node 1 must list it as UN (not counted: nodetool is slow).
    local deadline=$((SECONDS + TIMEOUT))
    until cql_open 127.0.0.3; do
        kill -0 "$NODE_PID" 2>/dev/null || { tail -30 "$(node_dir 3)/logs/system.log" >&2; die "cassandra: the replacement of node 3 stopped"; }
        [ $SECONDS -lt $deadline ] || die "cassandra: the replacement of node 3 did not open CQL within $TIMEOUT s"
        sleep 0.5
    done
    rep=$(elapsed "$t0" "$(now)")
    wait_serves 3 "$NODE_PID"
    log "cassandra: node 3's replacement serves after $rep s (UN in node 1's view after $(elapsed "$t0" "$(now)") s)"
    nodetool_node 1 status || true

    finish_load cassandra
    after=$(for i in 1 2 3; do mib "$(du -sb "$(node_dir "$i")/data" | cut -f1)"; done | paste -sd/ -)
    log "cassandra: data per node after the operations (MiB): $after"
    verify cassandra
    summarize cassandra "$loaded" "$after" "$dec" "$rep"
    "$CASSANDRA_SCRIPTS/stop.sh" --clean >/dev/null
    CASSANDRA_STARTED=
    : > "$WORK/pids"
}

for system in $SYSTEMS; do
    case "$system" in
        cairn) lifecycle_cairn ;;
        cassandra) lifecycle_cassandra ;;
        *) die "unknown system '$system' (cairn or cassandra)" ;;
    esac
done

# Summary of every system measured so far (a system left out keeps its earlier row).
{
    echo "# Node lifecycle under load: Cairn and Apache Cassandra 5.0"
    echo
    echo "Written by \`bench/lifecycle.sh $RECORDS\` on $(date -u +%Y-%m-%d) (systems measured now: $SYSTEMS)."
    echo "4 nodes on this machine ($(nproc) cores), replication factor $RF, $RECORDS records of ~1 KB loaded at $CL."
    echo "During the operations: YCSB workload A at $CL, $RATE ops/s open loop for $LOAD_SECONDS s"
    echo "(latency from each operation's intended start), contact points ${STAYING[*]}, after a discarded"
    echo "${WARMUP_SECONDS} s warm-up; the operations start 10 s into it, and its numbers cover all of it."
    echo "Decommission: node 4, from the command until it has left. Replace: node 3 killed (SIGKILL) and"
    echo "wiped; from starting the replacement until it serves. Data: MiB in each node's data directory"
    echo "(nodes 1/2/3/4 after the load; 1/2/3 after both operations). Read back: COUNT(*) at $CL afterwards."
    echo
    echo "| system | data after load (MiB) | data after (MiB) | decommission (s) | replace (s) | load ops/s | read p99 (ms) | update p99 (ms) | load errors | read back | note |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for system in cairn cassandra; do
        [ -s "$OUT/$system.tsv" ] || continue
        awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$OUT/$system.tsv"
    done
} > "$OUT/RESULTS.md"
cat "$OUT/RESULTS.md"
"$ROOT/bench/index.sh"
