# JVM options of the ./wardwatch launcher, one per line, for the kind of run in $2 (sourced by the
# launcher and by bench/whole-process.sh, so that the benchmark runs Java as users do).
#   wardwatch_jvm_options ROOT batch    reading capture files (analyze without --interface, demo)
#   wardwatch_jvm_options ROOT service  live capture, the server, everything else
# batch: the throughput collector (a batch job finishes sooner with it than with G1); service keeps the
# JVM's default collector (short pauses). Both: a 4 GiB heap, and the compiler directives beside this
# file (C2 only for the packet engine and the JDK buffers it reads; the analyzers with low compile
# thresholds: see compiler-directives.json).
wardwatch_jvm_options() {
  local root="$1" kind="$2"
  local directives="$root/cli/src/main/jvm/compiler-directives.json"
  echo "-Xmx4g"
  [ "$kind" = batch ] && echo "-XX:+UseParallelGC"
  if [ -f "$directives" ]; then
    echo "-XX:+UnlockDiagnosticVMOptions"
    echo "-XX:-DisplayVMOutput" # else the JVM prints "2 compiler directives added" on every start
    echo "-XX:CompilerDirectivesFile=$directives"
    echo "-XX:CompileCommand=quiet"
    echo "-XX:CompileCommand=CompileThresholdScaling,org.wardwatch.protocols.*::*,0.05"
    echo "-XX:CompileCommand=CompileThresholdScaling,org.wardwatch.model.*::*,0.05"
  fi
  return 0
}
