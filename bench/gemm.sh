#!/usr/bin/env bash
# Where the large MLP step spends its time against PyTorch: the three product layouts of one
# 512 x 512 layer at batch 1024 (forward X.W, input gradient dY.W^T, weight gradient X^T.dY), in
# FlowMatch4J's kernels and in PyTorch's OpenBLAS, same thread count, same run. Prints ms (best
# block) and the ratio fm4j / torch per layout.
#
#   bench/gemm.sh            Environment: THREADS (default "1 2"), PYTHON, JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${THREADS:-1 2}"
python="${PYTHON:-/usr/bin/python3}"
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
source "$root/bench/java_program.sh"
compile_bench GemmLayouts.java --add-modules jdk.incubator.vector 2>/dev/null
printf '%-7s %-5s %9s %9s %7s\n' threads layout "fm4j ms" "torch ms" ratio
for t in $threads; do
  "$java" --add-modules jdk.incubator.vector -cp "$tmp:$jar" GemmLayouts "$t" 2>/dev/null >"$tmp/j.txt"
  OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" OMP_WAIT_POLICY=PASSIVE "$python" "$root/bench/gemm_torch.py" "$t" >"$tmp/p.txt"
  paste "$tmp/j.txt" "$tmp/p.txt" | awk -v t="$t" '{printf "%-7s %-5s %9.3f %9.3f %7.2f\n", t, $1, $2, $4, $2 / $4}'
done
