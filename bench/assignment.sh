#!/usr/bin/env bash
# Benchmark (not a test): CPU time per exact 256 x 256 minibatch assignment on the inputs of
# `fm4j trajectory --demo` (bench/AssignmentSolves.java): its simulated cells against the cells of
# the next time point, and Gaussian noise against cells. Thread CPU times, median over ROUNDS
# rounds of SOLVES solves. With OLD_JAR (a jar of an earlier build, copied aside before the
# change), both solvers run in alternating rounds in one JVM on the same inputs; the script prints
# the ratio this build / old and exits 1 when any permutation differs between them.
#
#   bench/assignment.sh [SOLVES] [ROUNDS] [OLD_JAR]     defaults 2000, 5
#
# Environment: JAVA_HOME (the JDK).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/fm4j" --version >/dev/null 2>&1
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" --add-modules jdk.incubator.vector -cp "$root/fm4j-cli/target/fm4j.jar" \
  "$root/bench/AssignmentSolves.java" "${1:-2000}" "${2:-5}" ${3:+"$3"} 2> >(grep -v -e 'incubat' -e '^1 warning' >&2)
