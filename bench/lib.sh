# Helpers the bench scripts share; sourced, not run. Before sourcing it a script sets BENCH (its
# name, for messages), WORK (its work folder), OUT (where results go), CAIRN (the cairn launcher),
# CASSANDRA_SCRIPTS (the Cassandra 5.0 scripts), TIMEOUT (seconds), RF and CONCURRENCY.
# WORK/pids lists "what pid marker" for every process the script started itself; stop_own stops
# those still running whose command line holds their marker (a PID reused by another process is
# left alone).

log() { echo "[$(date -u +%H:%M:%S)] $*"; }
die() { echo "$BENCH: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
cql_open() { (exec 3<>"/dev/tcp/$1/9042") 2>/dev/null; }

# CPU seconds (user + system) used so far by the comma-separated PIDs.
cpu_of() {
    local total=0 pid tck
    tck=$(getconf CLK_TCK)
    for pid in ${1//,/ }; do
        if [ -r "/proc/$pid/stat" ]; then total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); fi
    done
    awk -v t="$total" -v k="$tck" 'BEGIN { printf "%.1f", t / k }'
}

# The PIDs of a Cairn cluster's nodes in DIR, comma-separated.
cairn_pids() { for f in "$1"/node*/cairn.pid; do cat "$f"; echo; done | paste -sd, -; }

stop_own() {
    local what pid marker
    [ -s "$WORK/pids" ] || return 0
    while read -r what pid marker; do
        if kill -0 "$pid" 2>/dev/null && tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"; then
            log "stopping $what (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        fi
    done < "$WORK/pids"
    : > "$WORK/pids"
}

# wait_until SECONDS DESCRIPTION COMMAND...: runs COMMAND every 2 s until it succeeds.
wait_until() {
    local limit="$1" what="$2" deadline; shift 2
    deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "timed out after $limit s waiting for $what"
        sleep 2
    done
}

# load NAME HOSTS RECORDS CONSISTENCY SEED: writes the first RECORDS YCSB records (again) with
# cairn bench; a load whose inserts partly failed (a saturated 2-core machine times some out) is
# run once more, and a second failure stops the script. LOAD_PASSES: how many passes it took.
load() {
    local name="$1" hosts="$2" records="$3" consistency="$4" seed="$5" pass
    for pass in 1 2; do
        LOAD_PASSES=$pass
        # shellcheck disable=SC2086
        if timeout "$TIMEOUT" "$CAIRN" bench run $hosts --phase load --records "$records" --rf "$RF" \
            --consistency "$consistency" -c "$CONCURRENCY" --seed "$seed" --label "$name" \
            -o "$OUT/$name.json" > "$OUT/$name.log" 2>&1; then
            return 0
        fi
        tail -5 "$OUT/$name.log" >&2
        [ $pass -eq 1 ] || die "$name: the load failed twice"
        log "$name: some inserts failed; writing the records once more"
    done
}

# Makes CASSANDRA_SCRIPTS writable (fetch.sh writes its jars beside them): a read-only folder is
# copied into WORK first.
writable_cassandra_scripts() {
    if [ ! -w "$CASSANDRA_SCRIPTS" ]; then
        cp -r "$CASSANDRA_SCRIPTS" "$WORK/cassandra-scripts"
        chmod -R u+w "$WORK/cassandra-scripts"
        CASSANDRA_SCRIPTS="$WORK/cassandra-scripts"
    fi
}

# cassandra_launch N [EXTRA JVM FLAGS...]: starts Cassandra node N on its folder and configuration
# as the scripts' start.sh does (common.sh sourced first), in the background; NODE_PID is its PID,
# recorded for stop.sh and stop_own.
cassandra_launch() {
    local n="$1" d jvm_flags jamm; shift
    d="$(node_dir "$n")"
    mapfile -t jvm_flags < <(grep -E '^-' "$ANCHOR_DIR/conf/jvm17.options")
    jamm="$(ls "$ANCHOR_DIR"/lib/jamm-*.jar | head -1)"
    "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" "${jvm_flags[@]}" "-javaagent:$jamm" \
        "-Dcassandra.anchor.node=$d" \
        "-Dcassandra.config=file://$d/conf/cassandra.yaml" \
        "-Dcassandra.storagedir=$d" \
        "-Dcassandra.logdir=$d/logs" \
        "-Dlogback.configurationFile=file://$d/conf/logback.xml" \
        "-Dcassandra.jmx.local.port=$(jmx_port "$n")" \
        "-Dcassandra.skip_wait_for_gossip_to_settle=0" \
        "-Dcassandra.ring_delay_ms=${RING_DELAY_MS:-5000}" \
        "-Dcassandra-foreground=yes" \
        "-XX:HeapDumpPath=$d" \
        "$@" \
        -cp "$ANCHOR_DIR/conf:$CASS_CP" \
        org.apache.cassandra.service.CassandraDaemon \
        >> "$d/logs/stdout.log" 2>&1 < /dev/null &
    NODE_PID=$!
    echo "$n $NODE_PID" >> "$PID_FILE"          # stop.sh stops it too
    echo "cassandra-node$n $NODE_PID -Dcassandra.anchor.node=$d" >> "$WORK/pids"
}

# cassandra_state IP: its state in node 1's nodetool status (UN, UJ, DN, ... or nothing).
cassandra_state() { nodetool_node 1 status 2>/dev/null | awk -v ip="$1" '$2 == ip { print $1 }'; }
cassandra_is() { [ "$(cassandra_state "$1")" = "$2" ]; }
