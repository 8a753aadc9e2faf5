#!/usr/bin/env bash
# What `--add-modules jdk.incubator.vector` buys a library user: the same three workloads
# (bench/VectorFlag.java: an OT-CFM fit through FlowMatching, a 256 x 256 exact assignment, an
# exact W1 of 2000 x 2000 points in 20 dimensions) in a JVM without the module (scalar loops)
# and with it (Vector API). Prints seconds (best of 3) and the ratio scalar / vector.
#
#   bench/vector_flag.sh     Environment: JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/java_program.sh"
compile_bench VectorFlag.java
"$java" -cp "$tmp:$jar" VectorFlag >"$tmp/scalar.txt"
"$java" --add-modules jdk.incubator.vector -cp "$tmp:$jar" VectorFlag 2>/dev/null >"$tmp/vector.txt"
grep -q '^kernels scalar' "$tmp/scalar.txt" && grep -q '^kernels vector' "$tmp/vector.txt"
printf '%-11s %10s %10s %7s\n' workload "scalar s" "vector s" ratio
paste <(tail -n +2 "$tmp/scalar.txt") <(tail -n +2 "$tmp/vector.txt") \
  | awk '{printf "%-11s %10.4f %10.4f %7.2f\n", $1, $2, $4, $2 / $4}'
