#!/usr/bin/env bash
# What TLS on the native port costs: `cairn bench` workloads on one node, without and with client
# TLS, on Cairn and on Apache Cassandra 5.0, in server CPU-µs per operation and throughput.
#
#   bench/tls.sh [WORKLOADS] [RECORDS] [SECONDS] [REPEATS]
#
#   WORKLOADS  default "a c"; RECORDS default 100000; SECONDS per measured run, default 30 (after
#   a discarded 10 s warm-up run); REPEATS measured runs of each, default 3 (the median is reported).
#
# Both systems get the same development certificate (cairn admin certs; EC P-256, TLS 1.3) and
# the same client (cairn bench, the DataStax Java driver 4 with the JDK's TLS). Cassandra's TLS is
# set in its cassandra.yaml (client_encryption_options, enabled, not optional), on a copy of the
# Cassandra scripts beside the project whose template has it. Each system runs alone; every
# process started is stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASSANDRA_SCRIPTS="${CAIRN_BENCH_CASSANDRA:-$ROOT/../shared/bench/cassandra}"
WORKLOADS="${1:-a c}"
RECORDS="${2:-100000}"
RUN_SECONDS="${3:-30}"
REPEATS="${4:-3}"
OUT="$ROOT/bench/results/tls"
WORK="${TMPDIR:-/tmp}/cairn-bench-tls-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"
STORE_PASSWORD="bench-store-secret"
CONCURRENCY=32

[ -x "$CAIRN" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
mkdir -p "$OUT" "$WORK"
cleanup() {
    "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null 2>&1 || true
    if [ -x "$WORK/cassandra/stop.sh" ]; then "$WORK/cassandra/stop.sh" --clean >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$CAIRN" admin certs "$WORK/certs" 127.0.0.1 --store-password "$STORE_PASSWORD" >/dev/null
TRUST=(--truststore "$WORK/certs/truststore.p12" --truststore-password "$STORE_PASSWORD")

# bench NAME PIDS [TLS ARGS...]: load, then per workload a warm-up and REPEATS measured runs.
bench() {
    local name="$1" pids="$2" w i; shift 2
    local common=(--records "$RECORDS" --rf 1 --consistency ONE -c "$CONCURRENCY" --server-pids "$pids" "$@")
    echo "== $name: loading $RECORDS records"
    "$CAIRN" bench run 127.0.0.1 --phase load "${common[@]}" --label "$name" >/dev/null 2>&1
    for w in $WORKLOADS; do
        "$CAIRN" bench run 127.0.0.1 --phase run -w "$w" --duration 10 "${common[@]}" --label "$name" >/dev/null 2>&1
        for i in $(seq 1 "$REPEATS"); do
            echo "== $name: workload $w, run $i"
            "$CAIRN" bench run 127.0.0.1 --phase run -w "$w" --duration "$RUN_SECONDS" "${common[@]}" \
                --label "$name" -o "$OUT/$name-$w-$i.json" >/dev/null 2>&1 || echo "   ($w run $i had errors)"
        done
    done
}

# Cairn, without and with TLS
for mode in plain tls; do
    settings=()
    if [ "$mode" = tls ]; then
        settings=(--set "client_encryption_options: {enabled: true, keystore: $WORK/certs/node-127.0.0.1.p12, keystore_password: $STORE_PASSWORD, store_type: PKCS12}")
    fi
    CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g" "$CAIRN" cluster start -n 1 --dir "$WORK/cairn" "${settings[@]}" >/dev/null
    pids="$(for f in "$WORK"/cairn/node*/cairn.pid; do cat "$f"; echo; done | paste -sd, -)"
    if [ "$mode" = tls ]; then bench "cairn-$mode" "$pids" "${TRUST[@]}"; else bench "cairn-$mode" "$pids"; fi
    "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null
done

# Apache Cassandra 5.0, without and with TLS: its scripts, copied with a template that has TLS.
"$CASSANDRA_SCRIPTS/fetch.sh" >/dev/null
for mode in plain tls; do
    rm -rf "$WORK/cassandra"
    cp -rs "$(cd "$CASSANDRA_SCRIPTS" && pwd)" "$WORK/cassandra"
    if [ "$mode" = tls ]; then
        template="$WORK/cassandra/conf/cassandra.yaml.template"
        cp --remove-destination "$(readlink -f "$template")" "$template"
        # Replace the template's client_encryption_options block (or add one) with TLS required.
        awk -v ks="$WORK/certs/node-127.0.0.1.p12" -v pw="$STORE_PASSWORD" '
            /^client_encryption_options:/ { skip = 1; next }
            skip && /^[^ #]/ { skip = 0 }
            !skip { print }
            END {
                print "client_encryption_options:"
                print "  enabled: true"
                print "  optional: false"
                print "  keystore: " ks
                print "  keystore_password: " pw
                print "  store_type: PKCS12"
                print "  require_client_auth: false"
            }' "$template" > "$template.new" && mv "$template.new" "$template"
    fi
    "$WORK/cassandra/start.sh" 1 >/dev/null
    run="${CASSANDRA_ANCHOR_RUN:-${TMPDIR:-/tmp}/cassandra-anchor}"
    pids="$(awk '{print $2}' "$run/pids" | paste -sd, -)"
    if [ "$mode" = tls ]; then bench "cassandra-$mode" "$pids" "${TRUST[@]}"; else bench "cassandra-$mode" "$pids"; fi
    "$WORK/cassandra/stop.sh" --clean >/dev/null
done

# RESULTS.md: medians of the runs, and what TLS adds.
python3 - "$OUT" "$WORKLOADS" "$REPEATS" "$RUN_SECONDS" "$RECORDS" > "$OUT/RESULTS.md" <<'PY'
import json, statistics, sys, datetime
out, workloads, repeats, seconds, records = sys.argv[1], sys.argv[2].split(), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def median(name, w, key):
    values = []
    for i in range(1, repeats + 1):
        try:
            values.append(json.load(open(f"{out}/{name}-{w}-{i}.json"))["run"][key])
        except (OSError, KeyError):
            pass
    return statistics.median(values) if values else float("nan")
print("# What client TLS costs: 1 node, Cairn and Apache Cassandra 5.0")
print()
print(f"Written by `bench/tls.sh \"{' '.join(workloads)}\" {records} {seconds} {repeats}` on "
      f"{datetime.date.today()}: medians of {repeats} runs of {seconds} s each after a 10 s warm-up,")
print("32 requests in flight, consistency ONE, client (cairn bench) and server on this machine.")
print("TLS 1.3 with an EC P-256 certificate, the JDK's TLS on both sides.")
print()
print("| system | workload | ops/s plain | ops/s TLS | server CPU-µs/op plain | server CPU-µs/op TLS | TLS adds (µs/op) |")
print("|---|---|---|---|---|---|---|")
for system in ("cairn", "cassandra"):
    for w in workloads:
        tp, tt = median(f"{system}-plain", w, "throughput"), median(f"{system}-tls", w, "throughput")
        cp, ct = median(f"{system}-plain", w, "serverCpuMicrosPerOperation"), median(f"{system}-tls", w, "serverCpuMicrosPerOperation")
        print(f"| {system} | {w} | {tp:,.0f} | {tt:,.0f} | {cp:.1f} | {ct:.1f} | {ct - cp:+.1f} |")
PY
cat "$OUT/RESULTS.md"
"$ROOT/bench/index.sh"
