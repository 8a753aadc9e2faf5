#!/usr/bin/env bash
# One MLP training step (forward, backward, Adam) in FlowMatch4J and in PyTorch, same sizes,
# same thread counts, in the same run. Prints ms/step for both and the ratio FlowMatch4J/PyTorch.
#
#   bench/mlp.sh [ROUNDS]            ROUNDS (default 3) alternating runs of both sides per
#                                    thread count; the table shows medians over rounds.
# Environment: JAVA_HOME picks the JDK (for example /usr/lib/jvm/temurin-25-jdk-amd64),
# THREADS (default "1 2"), PYTHON (default /usr/bin/python3, which has python3-torch).
# Goal: ratio <= 0.5 at the small size and <= 1.0 at the large size.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
threads="${THREADS:-1 2}"
python="${PYTHON:-/usr/bin/python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$root/fm4j" --version >&2
for r in $(seq 1 "$rounds"); do
  for t in $threads; do
    echo "round $r/$rounds, threads $t: FlowMatch4J" >&2
    "$root/fm4j" bench mlp --threads "$t" --json 2>/dev/null | tail -n 1 >>"$tmp/java.jsonl"
    echo "round $r/$rounds, threads $t: PyTorch" >&2
    "$python" "$root/bench/torch_mlp.py" --threads "$t" --json | tail -n 1 >>"$tmp/torch.jsonl"
  done
done

"$python" - "$tmp/java.jsonl" "$tmp/torch.jsonl" <<'PY'
import json, statistics, sys
def load(path):
    out = {}
    for line in open(path):
        d = json.loads(line)
        for s in d["sizes"]:
            out.setdefault((d["threads"], s["size"]), []).append(s["msPerStep"])
    return out, d
java, jmeta = load(sys.argv[1])
torch, tmeta = load(sys.argv[2])
print(f"FlowMatch4J ({jmeta['kernels']} kernels, Java {jmeta['java']}) vs PyTorch {tmeta['torch']}; "
      f"median ms/step over {len(next(iter(java.values())))} rounds")
print(f"{'threads':>7} {'size':>6} {'fm4j ms':>9} {'torch ms':>9} {'ratio':>6} {'goal':>5}")
for key in sorted(java):
    j = statistics.median(java[key]); t = statistics.median(torch[key])
    goal = 0.5 if key[1] == "small" else 1.0
    print(f"{key[0]:>7} {key[1]:>6} {j:9.3f} {t:9.3f} {j / t:6.2f} {'met' if j / t <= goal else 'MISSED':>6}")
PY
