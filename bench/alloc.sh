#!/usr/bin/env bash
# Checks that the compiled vector kernels do not allocate per call (bench/KernelAllocations.java):
# a kernel the JIT compiled with boxed vectors allocates on every call and runs several times
# slower. Runs RUNS fresh JVMs (compile order, and hence a boxed compile, can differ between
# runs); exits 1 when any run finds a kernel that allocates.
#
#   bench/alloc.sh [RUNS] [WARMUP_CALLS] [CALLS]     defaults 3, 3000, 200
#
# Environment: JAVA_HOME (the JDK), JAVA_OPTS (extra JVM options).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
source "$root/bench/java_program.sh"
compile_bench KernelAllocations.java --add-modules jdk.incubator.vector 2>/dev/null
status=0
for r in $(seq 1 "$runs"); do
  echo "run $r/$runs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086
  "$java" --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -cp "$tmp:$jar" KernelAllocations "${2:-3000}" "${3:-200}" 2>/dev/null \
    || status=1
done
exit "$status"
