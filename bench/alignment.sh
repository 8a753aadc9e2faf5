#!/usr/bin/env bash
# Whether the placement of the packed panels in memory changes the speed of the matrix products
# (bench/GemmAlignment.java): the three product layouts of one 512 x 512 layer at batch 1024 on
# one thread, with the panels at byte offsets 0, 16, 32 and 48 modulo 64, alternating in one JVM;
# thread CPU time per product, least and median, and the ratio to offset 0.
#
#   bench/alignment.sh [ROUNDS]     default 15
#
# Environment: JAVA_HOME (the JDK), JAVA_OPTS (extra JVM options, e.g. -XX:+UseTransparentHugePages).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/java_program.sh"
compile_bench GemmAlignment.java --add-modules jdk.incubator.vector 2>/dev/null
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
"$java" --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -cp "$tmp:$jar" GemmAlignment "${1:-15}" 2>/dev/null
