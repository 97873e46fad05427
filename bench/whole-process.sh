#!/usr/bin/env bash
# whole-process.sh - whole-process speed of wardwatch next to ndpiReader and the C floor, in ONE run,
# on the same large capture (page-cache resident), single analysis thread.
#
# Usage:   bash bench/whole-process.sh [CAPTURE] [RUNS]
#          defaults: /tmp/hosp-1500m.pcap (generated when absent: ../shared/bench/gen_corpus.py,
#          1500 MB, seed 1), 3 runs of each command, interleaved; the median wall time is reported.
# Needs:   JDK 17 + Maven (builds the jars when missing), python3, gcc, ndpiReader (Debian libndpi-bin),
#          /usr/bin/time (Debian package time).
# Prints:  per command the median wall seconds, CPU seconds (user+sys), packets/s, and the ratios there
#          are targets for: the packet engine's packets/s over ndpiReader's (>= 6) and its time over the
#          C floor's (<= 2.5); the engine with every analyzer on over ndpiReader (>= 4). Then the steady
#          state of both (third pass in one process), a reference for long captures and live interfaces.
#
# Commands measured:
#   c_floor      ../shared/bench/pcap_floor.c -m 2 (mmap + parse + bidirectional flow table), gcc -O2
#   java_floor   ../shared/bench/PcapFloor.java -m 2 (the same in Java)
#   engine       the packet engine alone (decode, defragment, flow table, flow records) with a listener
#                that only counts: org.wardwatch.bench.EngineMain
#   engine_analyzers  the engine into the dispatcher with every registered analyzer, observations
#                counted and dropped ("all analyzers on", nothing else): EngineMain --analyzers
#   analyze      ./wardwatch analyze (the whole product: analyzers, inventory, risk, reports, outputs)
#   ndpiReader   ndpiReader -i CAPTURE -q (nDPI: deep packet inspection)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SHARED="${WARDWATCH_SHARED:-$ROOT/../shared}"
F="${1:-/tmp/hosp-1500m.pcap}"
RUNS="${2:-3}"
WORK="$(mktemp -d /tmp/ww-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
# the JVM options the ./wardwatch launcher uses for reading capture files (heap, throughput collector,
# compiler directives): cli/src/main/jvm/options.sh; WARDWATCH_JAVA_OPTS replaces them, as in the launcher
if [ -n "${WARDWATCH_JAVA_OPTS:-}" ]; then
  JAVA_OPTS="$WARDWATCH_JAVA_OPTS"
else
  . "$ROOT/cli/src/main/jvm/options.sh"
  JAVA_OPTS="$(wardwatch_jvm_options "$ROOT" batch | tr '\n' ' ')"
fi

[ -s "$F" ] || python3 "$SHARED/bench/gen_corpus.py" --out "$F" --size-mb 1500 --seed 1
gcc -O2 -o "$WORK/pcap_floor" "$SHARED/bench/pcap_floor.c"
mkdir -p "$WORK/jcls" && javac -d "$WORK/jcls" "$SHARED/bench/PcapFloor.java"
if [ ! -f "$ROOT/bench/target/wardwatch-bench.jar" ] || [ ! -f "$ROOT/cli/target/wardwatch.jar" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests -Pbench package) >&2
fi
cat "$F" > /dev/null # page cache warm-up: every figure below reads from memory

# Class-data sharing, as the ./wardwatch launcher does it (cli/src/main/jvm/options.sh): the first run of a
# jar writes an archive of the classes it loaded, later runs map them. One such first run per jar here, on
# this capture, not timed; every timed Java run below is a later run. WARDWATCH_CDS=off (or
# WARDWATCH_JAVA_OPTS, as in the launcher) measures without.
CDS_BENCH="" CDS_CLI=""
if [ -z "${WARDWATCH_JAVA_OPTS:-}" ] && [ "${WARDWATCH_CDS:-on}" != off ]; then
  set -f
  java $JAVA_OPTS -XX:ArchiveClassesAtExit="$WORK/bench.jsa" -Xlog:cds*=off -cp "$ROOT/bench/target/wardwatch-bench.jar" \
    org.wardwatch.bench.EngineMain --analyzers "$F" > /dev/null
  java $JAVA_OPTS -XX:ArchiveClassesAtExit="$WORK/cli.jsa" -Xlog:cds*=off -jar "$ROOT/cli/target/wardwatch.jar" \
    analyze --no-progress --out "$WORK/out" --data "$WORK/data" "$F" > /dev/null
  set +f
  CDS_BENCH="-XX:SharedArchiveFile=$WORK/bench.jsa -Xlog:cds*=off"
  CDS_CLI="-XX:SharedArchiveFile=$WORK/cli.jsa -Xlog:cds*=off"
fi

PACKETS=$("$WORK/pcap_floor" -m 2 "$F" 2>/dev/null | sed -n 's/.*packets=\([0-9]*\).*/\1/p')
echo "capture: $F ($(stat -c %s "$F") bytes, $PACKETS packets); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A CMD
CMD[c_floor]="$WORK/pcap_floor -m 2 $F"
CMD[java_floor]="java -cp $WORK/jcls PcapFloor -m 2 $F"
CMD[engine]="java $JAVA_OPTS $CDS_BENCH -cp $ROOT/bench/target/wardwatch-bench.jar org.wardwatch.bench.EngineMain $F"
CMD[engine_analyzers]="java $JAVA_OPTS $CDS_BENCH -cp $ROOT/bench/target/wardwatch-bench.jar org.wardwatch.bench.EngineMain --analyzers $F"
CMD[analyze]="java $JAVA_OPTS $CDS_CLI -jar $ROOT/cli/target/wardwatch.jar analyze --no-progress --out $WORK/out --data $WORK/data $F"
CMD[ndpiReader]="ndpiReader -i $F -q"
ORDER="c_floor java_floor engine engine_analyzers analyze ndpiReader"

for run in $(seq 1 "$RUNS"); do
  for name in $ORDER; do
    rm -rf "$WORK/out" "$WORK/data" # each analyze starts from an empty store, as a first run does
    # options such as CompileCommand patterns hold '*': no globbing of the words
    (set -f; exec /usr/bin/time -f "$name %e %U %S" -o "$WORK/time.$name.$run" ${CMD[$name]}) > "$WORK/stdout.$name" 2> "$WORK/stderr.$name" \
      || { echo "$name failed: $(tail -3 "$WORK/stderr.$name")" >&2; exit 1; }
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A WALL CPU
printf '%-16s %10s %10s %14s\n' command "wall s" "cpu s" "packets/s"
for name in $ORDER; do
  WALL[$name]=$(cat "$WORK"/time.$name.* | awk '{print $2}' | median)
  CPU[$name]=$(cat "$WORK"/time.$name.* | awk '{print $3 + $4}' | median)
  printf '%-16s %10.2f %10.2f %14.0f\n' "$name" "${WALL[$name]}" "${CPU[$name]}" "$(echo "$PACKETS / ${WALL[$name]}" | bc -l)"
done
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
echo
echo "engine  packets/s / ndpiReader packets/s : $(ratio "${WALL[ndpiReader]}" "${WALL[engine]}")   (packet engine target >= 6)"
echo "engine  time / C floor time              : $(ratio "${WALL[engine]}" "${WALL[c_floor]}")   (packet engine target <= 2.5)"
echo "engine+analyzers pkt/s / ndpiReader pkt/s: $(ratio "${WALL[ndpiReader]}" "${WALL[engine_analyzers]}")   (analyzers target >= 4)"
echo "analyze packets/s / ndpiReader packets/s : $(ratio "${WALL[ndpiReader]}" "${WALL[analyze]}")   (the whole product)"
echo "analyze time / C floor time              : $(ratio "${WALL[analyze]}" "${WALL[c_floor]}")"
echo "engine  cpu  / C floor cpu               : $(ratio "${CPU[engine]}" "${CPU[c_floor]}")"
echo "java floor time / C floor time           : $(ratio "${WALL[java_floor]}" "${WALL[c_floor]}")"
echo
echo "engine: $(tail -1 "$WORK/stdout.engine")"
echo "engine_analyzers: $(tail -1 "$WORK/stdout.engine_analyzers")"

# Steady state (a long capture or a live interface): the same process reads the capture 3 times; the last
# pass runs JIT-compiled code. Its packets/s over ndpiReader's whole-process packets/s is a reference
# figure for long runs, not one of the targets above.
steady() {
  set -f
  java $JAVA_OPTS $CDS_BENCH -cp "$ROOT/bench/target/wardwatch-bench.jar" org.wardwatch.bench.EngineMain --passes 3 "$@" "$F" \
    | tail -1 | sed -n 's/.*engine_s=\([0-9.]*\).*/\1/p'
  set +f
}
for mode in engine engine_analyzers; do
  if [ "$mode" = engine ]; then S=$(steady); else S=$(steady --analyzers); fi
  echo "steady state, 3rd pass in one process, $mode: ${S} s, $(echo "$PACKETS / $S" | bc -l | xargs printf '%.0f') packets/s," \
    "$(ratio "${WALL[ndpiReader]}" "$S") x ndpiReader's whole-process packets/s"
done
grep -E "^(packets|flows|elapsed) " "$WORK/stdout.analyze" || true
