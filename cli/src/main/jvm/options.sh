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

# Class-data sharing (CDS, JEP 350): the classes a run loads (the JDK's beyond its own archive, the
# libraries', wardwatch's) are parsed, verified and laid out once, written to an archive at the end of a
# run, and mapped by later runs instead of being loaded again (bench/RESULTS.md: analyze of a 13 MB
# capture 2.0 -> 1.5 s). One archive per jar and java, in ${XDG_CACHE_HOME:-~/.cache}/wardwatch; the key
# in its name changes with the jar or the java installation, so a rebuilt jar or an updated JDK gets a new
# one (the JVM ignores an archive that does not match, silently). WARDWATCH_CDS=off turns it off.
#   wardwatch_cds_archive JAR    the archive path for this jar and the java on the PATH, or nothing
wardwatch_cds_archive() {
  local jar="$1" cache="${XDG_CACHE_HOME:-}" java path stamp
  [ "${WARDWATCH_CDS:-on}" != off ] || return 0
  [ -n "$cache" ] || { [ -n "${HOME:-}" ] && cache="$HOME/.cache"; } || return 0
  java="$(readlink -f "$(command -v java)" 2>/dev/null)" && [ -f "$java" ] && [ -f "$jar" ] || return 0
  path="$(readlink -f "$jar" 2>/dev/null)" && stamp="$(stat -c '%s %Y' "$jar" "$java" 2>/dev/null)" || return 0
  # cds-<jar's path>-<jar's size and time, java's>.jsa: one archive per jar path at a time
  echo "$cache/wardwatch/cds-$(printf '%s' "$path" | cksum | cut -d' ' -f1)-$(printf '%s' "$stamp" | cksum | cut -d' ' -f1).jsa"
  return 0
}

# Runs java: JAR with the options named in the array OPTS_NAME and the arguments after it. With a CDS
# archive for the jar it is used; without one, a capture-file run (KIND batch) writes it as it ends (about
# a second, once), under a temporary name renamed when complete so that a concurrent run never maps half
# an archive; this jar path's older archives are removed then. The JVM's CDS messages are silenced (they
# would go to standard output). The exit status is java's.
#   wardwatch_run_java KIND JAR OPTS_NAME ARGS...
wardwatch_run_java() {
  local kind="$1" jar="$2" archive tmp status
  local -n run_opts="$3"
  shift 3
  archive="$(wardwatch_cds_archive "$jar")"
  if [ -n "$archive" ] && [ -s "$archive" ]; then
    exec java "${run_opts[@]}" "-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off" -jar "$jar" "$@"
  fi
  if [ -z "$archive" ] || [ "$kind" != batch ] || ! mkdir -p "${archive%/*}" 2>/dev/null; then
    exec java "${run_opts[@]}" -jar "$jar" "$@"
  fi
  tmp="$archive.$$.tmp"
  status=0
  java "${run_opts[@]}" "-XX:ArchiveClassesAtExit=$tmp" "-Xlog:cds*=off" -jar "$jar" "$@" || status=$?
  if [ -s "$tmp" ]; then
    # this jar path's older archives, and temporary files a killed run left over an hour ago, go
    local same="${archive##*/}"
    same="${same%-*}-"
    find "${archive%/*}" -maxdepth 1 \( \( -name "$same*.jsa" ! -name "${archive##*/}" \) -o \( -name "$same*.tmp" -mmin +60 \) \) \
      -delete 2>/dev/null || true
    mv -f "$tmp" "$archive" 2>/dev/null || rm -f "$tmp"
  else
    rm -f "$tmp"
  fi
  return "$status"
}
