#!/usr/bin/env bash
# Where a node's CPU goes under a workload, with native frames: async-profiler (from Maven
# Central) attached to node 1 of a local cluster while `cairn bench` runs, its samples summed by
# the code they were in (RocksDB, Netty, the kernel's scheduler, each Cairn layer) and by leaf.
#
#   bench/profile.sh [WORKLOAD] [NODES] [RECORDS] [SECONDS]
#
#   WORKLOAD default a; NODES default 3 (RF = NODES, QUORUM; 1: RF 1, ONE); RECORDS default
#   100000; SECONDS profiled, default 40 (after the load and a discarded 10 s warm-up run).
#   CAIRN_PROFILE_JAVA_OPTS adds JVM options to the nodes (a -D switch an experiment reads, say).
#   Writes bench/results/profile/WORKLOAD-NODES.md (the summary, kept) and .collapsed and .html
#   (the samples and a flame graph, too large to keep: not committed); stops every node it started.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORKLOAD="${1:-a}"
NODES="${2:-3}"
RECORDS="${3:-100000}"
SECONDS_PROFILED="${4:-40}"
OUT="$ROOT/bench/results/profile"
WORK="${TMPDIR:-/tmp}/cairn-bench-profile-$$"
CAIRN="$ROOT/cairn-tools/target/cairn/bin/cairn"
PROFILER_VERSION=4.2
CONSISTENCY=QUORUM
[ "$NODES" = 1 ] && CONSISTENCY=ONE

[ -x "$CAIRN" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
mkdir -p "$OUT" "$WORK"
BENCH=profile.sh
. "$ROOT/bench/lib.sh"
cleanup() {
    "$CAIRN" cluster clear --dir "$WORK/cairn" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The profiler's native library, from its Maven artifact.
(cd "$ROOT" && ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION:jar:linux-x64" \
    -DoutputDirectory="$WORK" -Dmdep.stripVersion=true)
(cd "$WORK" && unzip -q -o async-profiler-linux-x64.jar)
LIBRARY="$WORK/linux-x64/libasyncProfiler.so"
[ -f "$LIBRARY" ] || { echo "profile.sh: no libasyncProfiler.so in the artifact" >&2; exit 1; }

CAIRN_NODE_JAVA_OPTS="-Xms1g -Xmx1g ${CAIRN_PROFILE_JAVA_OPTS:-}" "$CAIRN" cluster start -n "$NODES" --dir "$WORK/cairn" >/dev/null
pids="$(cairn_pids "$WORK/cairn")"
first="$(cat "$WORK/cairn/node1/cairn.pid")"
common=(--records "$RECORDS" --rf "$NODES" --consistency "$CONSISTENCY" -c 32 --server-pids "$pids")
echo "== loading $RECORDS records"
"$CAIRN" bench run 127.0.0.1 --phase load "${common[@]}" >/dev/null 2>&1
"$CAIRN" bench run 127.0.0.1 --phase run -w "$WORKLOAD" --duration 10 "${common[@]}" >/dev/null 2>&1
# jcmd reads NAME=VALUE pairs: the profiler's options go quoted as one value.
jcmd "$first" JVMTI.agent_load "$LIBRARY" "\"start,event=cpu,interval=1ms\"" >/dev/null
echo "== profiling node 1 for $SECONDS_PROFILED s of workload $WORKLOAD"
"$CAIRN" bench run 127.0.0.1 --phase run -w "$WORKLOAD" --duration "$SECONDS_PROFILED" "${common[@]}" \
    > "$WORK/run.txt" 2>&1
base="$OUT/$WORKLOAD-$NODES"
jcmd "$first" JVMTI.agent_load "$LIBRARY" "\"dump,file=$base.html\"" >/dev/null
jcmd "$first" JVMTI.agent_load "$LIBRARY" "\"stop,file=$base.collapsed,collapsed\"" >/dev/null

python3 - "$base.collapsed" "$WORK/run.txt" "$WORKLOAD" "$NODES" "$CONSISTENCY" > "$base.md" <<'PY'
import collections, datetime, sys
path, run, workload, nodes, level = sys.argv[1:]
leaf, layer, total = collections.Counter(), collections.Counter(), 0
layers = ["io/cairn/server", "io/cairn/node/query", "io/cairn/node/coordinator", "io/cairn/node/replica",
          "io/cairn/node/paxos", "io/cairn/storage", "io/cairn/cluster", "io/cairn/protocol", "io/netty",
          "org/rocksdb", "io/micrometer", "java/util/concurrent"]
for line in open(path):
    stack, _, n = line.rstrip().rpartition(" ")
    n = int(n); total += n
    frames = stack.split(";")
    leaf[frames[-1]] += n
    for name in layers:
        if any(f.startswith(name) for f in frames):
            layer[name] += n
print(f"# Where node 1's CPU goes: workload {workload}, {nodes} node(s), {level}\n")
print(f"Written by `bench/profile.sh` on {datetime.date.today()}: async-profiler, CPU samples every 1 ms")
print(f"of node 1 while `cairn bench` ran (32 in flight), {total} samples. The run:\n")
print("```")
print("".join(l for l in open(run) if l.startswith(("run", "     "))).rstrip())
print("```\n")
print("| in a stack holding | share of samples |\n|---|---|")
for name, v in layer.most_common():
    print(f"| `{name}` | {100 * v / total:.1f} % |")
kernel = sum(v for f, v in leaf.items() if f.endswith("_[k]"))
jit = sum(v for f, v in leaf.items() if f.startswith(("Phase", "C2Compiler", "Compile::", "PhaseChaitin")))
rocks = sum(v for f, v in leaf.items() if "rocksdb::" in f or "librocksdbjni" in f)
print(f"\nBy the leaf frame: the kernel {100 * kernel / total:.1f} % (scheduling, wake-ups, syscalls), RocksDB's "
      f"native code {100 * rocks / total:.1f} %, the JIT compiler {100 * jit / total:.1f} %.")
print("\n| leaf frame (where the CPU was) | share |\n|---|---|")
for f, v in leaf.most_common(20):
    print(f"| `{f[:110]}` | {100 * v / total:.1f} % |")
PY
echo "== $base.md"
cat "$base.md"
