#!/usr/bin/env bash
# CPU time of what OT-MFM adds to an OT-CFM step (bench/MfmParts.java): stage 2's path point with
# phi read from its table against OT-CFM's straight path on the same pairs of the whole-population
# plan, and stage 1's LAND metric with its vector-Jacobian product, on the cells of two time points.
#
#   bench/mfm_parts.sh [CSV] [TIME0] [TIME1] [ROWS] [REPEATS]
#       defaults ../shared/data/dygen.csv, 2, 4 (the interval of dygen with time 3 held out), 768, 2000
#
# Environment: JAVA_HOME (the JDK), JAVA_OPTS (extra JVM options).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csv="${1:-$root/../shared/data/dygen.csv}"
[ -f "$csv" ] || { echo "data file $csv not found (give a time-course CSV)" >&2; exit 2; }
source "$root/bench/java_program.sh"
compile_bench MfmParts.java --add-modules jdk.incubator.vector 2>/dev/null
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
"$java" --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -cp "$tmp:$jar" MfmParts \
  "$csv" "${2:-2}" "${3:-4}" "${4:-768}" "${5:-2000}" 2>/dev/null
