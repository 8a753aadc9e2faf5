#!/usr/bin/env bash
# Profiling aid (not a test): runs a command and prints the CPU seconds (user + system) its Java
# process spent per kind of thread: the JIT compilers ("C2 CompilerThre", "C1 CompilerThre"), the
# garbage collector ("GC Thread#", "G1 Conc#"), Spark's task threads ("Executor task l"), the main
# thread ("java"), ... (Linux thread names, cut to 15 characters, digits dropped). Java Flight
# Recorder samples only Java code, so the compilers' and the collector's share shows here only.
# The threads are read from /proc every half second: a thread that lives less than that is missed,
# so the total may fall short of /usr/bin/time's.
# Usage: bench/thread_cpu.sh OUT CMD...   (OUT: the table; CMD's exit code is returned)
set -uo pipefail
out="$1"
shift
"$@" &
pid=$!
declare -A ticks name
while kill -0 "$pid" 2>/dev/null; do
  java_pid=$(pgrep -P "$pid" java || echo "$pid")   # the launcher execs java; taskset may too
  for t in /proc/"$java_pid"/task/*; do
    read -r stat <"$t/stat" 2>/dev/null || continue
    read -r comm <"$t/comm" 2>/dev/null || continue
    read -r -a f <<<"${stat##*) }"   # fields after the name: f[11] utime, f[12] stime
    tid=${t##*/}
    ticks[$tid]=$((f[11] + f[12]))
    name[$tid]="$comm"
  done
  sleep 0.5
done
wait "$pid"
rc=$?
hz=$(getconf CLK_TCK)
for tid in "${!ticks[@]}"; do echo "${name[$tid]}|${ticks[$tid]}"; done | sed -E 's/[0-9]+\|/|/' |
  awk -F'|' -v hz="$hz" '{s[$1] += $2; t += $2} END {for (k in s) printf "%8.1f s  %s\n", s[k] / hz, k; printf "%8.1f s  all threads\n", t / hz}' |
  sort -rn >"$out"
exit "$rc"
