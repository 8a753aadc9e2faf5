#!/usr/bin/env bash
# Benchmark (not a test): end-to-end preprocessing + inference of a synthetic atlas through
# `fm4j spark` in Spark's local mode against the single-process path, on the same machine and cores.
#
#   atlas:  CELLS cells x 2,000 genes of sparse counts (about 36 non-zeros per cell), obs day 0/1/2
#   steps:  normalize_total 1e4, log1p, 500 highly variable genes, 20 principal components, then
#           every cell pushed from t = 0 to 1 through a small flow model (Euler, NFE steps)
#   single: fm4j preprocess (-> .h5ad) + bench/SparkBench.java predict (one JVM, all cores)
#   spark:  fm4j spark preprocess --then predict, both jobs in one Spark session, the cells handed
#           from one job to the next in memory (preprocess without --out, predict without INPUT: the
#           predictions' Parquet holds obs, X_pca and x_1); at 2 cores also the same pipeline writing
#           the embedding as Parquet first (preprocess --out, predict reads it back) and the two jobs
#           as separate commands; --master local[CORES]
#
# Prints wall time, cells per second, CPU time (user + system) and peak resident memory (max RSS) of
# each run: the two paths at equal cores (2) with the heap and collector each launcher gives by
# default (the JVM's default heap, a quarter of the memory; `fm4j spark` adds -XX:+UseParallelGC and
# the launcher's compile and metaspace thresholds),
# the Spark pipeline with a 12 GiB heap, Spark at 1 core, and both under a heap limit HEAP that the
# single process's data does not fit. A 3,000-cell run of the Spark pipeline comes first, so
# that the launcher's class-data-sharing archive exists before anything is timed. Also prints the load average, since the machine may be
# shared: on a loaded machine the CPU seconds compare the two paths better than the wall times.
# Usage: bench/spark.sh [CELLS] [HEAP] [NFE]     (defaults 1000000 1g 20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cells="${1:-1000000}"
heap="${2:-1g}"
nfe="${3:-20}"
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
pre=(--target-sum 1e4 --log1p --hvg 500 --pcs 20)

"$root/fm4j" --version >/dev/null          # builds the plain jar if needed
"$root/fm4j" spark --version >/dev/null    # builds the Spark module if needed
jar="$root/fm4j-cli/target/fm4j.jar"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
echo "generating $cells cells x 2000 genes in $tmp ..." >&2
"$py" "$root/bench/spark_atlas.py" "$tmp/atlas.h5ad" --cells "$cells"
ls -la "$tmp/atlas.h5ad"
"$java" --add-modules jdk.incubator.vector -cp "$jar" "$root/bench/SparkBench.java" train 20 "$tmp/model.ckpt" 2>/dev/null | tail -1

# xmx HEAP: the JVM option of HEAP (none for "default": the JVM's own default heap)
xmx() {
  if [ "$1" != default ]; then echo "-Xmx$1"; fi
}

# run NAME HEAP CMD...: wall seconds and max RSS of CMD, or its failure
run() {
  local name="$1" heap="$2"
  shift 2
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  FM4J_JAVA_OPTS="$(xmx "$heap")" /usr/bin/time -f "%M %U %S" -o "$tmp/rss" "$@" >"$tmp/$name.log" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  local wall rss cpu
  wall=$(echo "$t1 - $t0" | bc)
  read -r rss user sys < <(tail -1 "$tmp/rss")
  cpu=$(echo "$user + $sys" | bc)
  if [ "$rc" -ne 0 ]; then
    printf '%-28s FAILED (exit %d) after %.1f s, max RSS %d MiB: %s\n' "$name" "$rc" "$wall" $((rss / 1024)) \
      "$(grep -v '^Command exited' "$tmp/$name.log" | grep -m1 -i 'memory\|error\|exception' || tail -1 "$tmp/$name.log")"
    echo "FAIL" >"$tmp/$name.wall"
  else
    printf '%-28s %8.1f s %10.0f cells/s   CPU %7.1f s   max RSS %6d MiB\n' "$name" "$wall" \
      "$(echo "$cells / $wall" | bc -l)" "$cpu" $((rss / 1024))
    echo "$wall" >"$tmp/$name.wall"
    echo "$cpu" >"$tmp/$name.cpu"
  fi
}

single() {
  local heap="$1" tag="$2"
  run "single-preprocess$tag" "$heap" "$root/fm4j" preprocess "$tmp/atlas.h5ad" --out "$tmp/single$tag.h5ad" "${pre[@]}"
  if [ -f "$tmp/single$tag.h5ad" ]; then
    # shellcheck disable=SC2046
    run "single-predict$tag" "$heap" "$java" --add-modules jdk.incubator.vector $(xmx "$heap") -cp "$jar" \
      "$root/bench/SparkBench.java" predict "$tmp/single$tag.h5ad" "$tmp/model.ckpt" "$nfe"
  fi
}

# spark HEAP CORES TAG: preprocess --then predict in one session, the cells in memory between them
# (recorded as spark-pipeline$TAG)
spark() {
  local heap="$1" cores="$2" tag="$3"
  run "spark-pipeline$tag" "$heap" taskset -c "0-$((cores - 1))" "$root/fm4j" spark preprocess "$tmp/atlas.h5ad" \
    "${pre[@]}" --master "local[$cores]" \
    --then predict --model "$tmp/model.ckpt" --from 0 --to 1 --solver euler --nfe "$nfe" --out "$tmp/pred$tag.parquet"
}

# written HEAP CORES TAG: the same pipeline writing the embedding as Parquet, which predict reads back
written() {
  local heap="$1" cores="$2" tag="$3"
  run "spark-written$tag" "$heap" taskset -c "0-$((cores - 1))" "$root/fm4j" spark preprocess "$tmp/atlas.h5ad" \
    --out "$tmp/written$tag.parquet" "${pre[@]}" --master "local[$cores]" \
    --then predict "$tmp/written$tag.parquet" --model "$tmp/model.ckpt" --from 0 --to 1 --solver euler --nfe "$nfe" \
    --out "$tmp/written-pred$tag.parquet"
}

# separate HEAP CORES TAG: the two jobs as two commands (two JVMs, two Spark sessions)
separate() {
  local heap="$1" cores="$2" tag="$3"
  run "spark-preprocess$tag" "$heap" taskset -c "0-$((cores - 1))" "$root/fm4j" spark preprocess "$tmp/atlas.h5ad" \
    --out "$tmp/sep$tag.parquet" "${pre[@]}" --master "local[$cores]"
  if [ -d "$tmp/sep$tag.parquet" ]; then
    run "spark-predict$tag" "$heap" taskset -c "0-$((cores - 1))" "$root/fm4j" spark predict "$tmp/sep$tag.parquet" \
      --model "$tmp/model.ckpt" --from 0 --to 1 --solver euler --nfe "$nfe" --out "$tmp/seppred$tag.parquet" --master "local[$cores]"
  fi
}

# total PATH TAG [wall|cpu]: the seconds of preprocess + predict
total() {
  local a b kind="${3:-wall}"
  a=$(cat "$tmp/$1-preprocess$2.$kind" 2>/dev/null || echo FAIL)
  b=$(cat "$tmp/$1-predict$2.$kind" 2>/dev/null || echo FAIL)
  if [ "$a" = FAIL ] || [ "$b" = FAIL ]; then echo FAIL; else echo "$a + $b" | bc; fi
}

echo "warm-up: the Spark pipeline on 3,000 cells (writes the class-data-sharing archive if missing)" >&2
"$py" "$root/bench/spark_atlas.py" "$tmp/small.h5ad" --cells 3000 >/dev/null
"$root/fm4j" spark preprocess "$tmp/small.h5ad" --out "$tmp/small.parquet" "${pre[@]}" --master "local[2]" \
  --then predict "$tmp/small.parquet" --model "$tmp/model.ckpt" --from 0 --to 1 --nfe 2 --out "$tmp/small-pred.parquet" >/dev/null 2>&1
ls "$root/fm4j-spark/target/fm4j-spark.jsa" >/dev/null 2>&1 && echo "class-data-sharing archive: present" || echo "class-data-sharing archive: absent"

echo
echo "== equal cores (2), the launchers' default heap =="
single default ""
spark default 2 ""
written default 2 ""
separate default 2 ""
echo
echo "== Spark at 2 cores, heap 12g =="
spark 12g 2 "-12g"
echo
echo "== Spark on 1 core, default heap =="
spark default 1 "-1core"
echo
echo "== heap limit $heap (both paths) =="
single "$heap" "-heap"
spark "$heap" 2 "-heap"
echo
s=$(total single "")
k=$(cat "$tmp/spark-pipeline.wall" 2>/dev/null || echo FAIL)
k2=$(total spark "")
k1=$(cat "$tmp/spark-pipeline-1core.wall" 2>/dev/null || echo FAIL)
echo "end-to-end (preprocess + predict) at 2 cores: single ${s} s, spark pipeline ${k} s, writing the embedding too $(cat "$tmp/spark-written.wall" 2>/dev/null || echo FAIL) s, spark as two commands ${k2} s"
if [ "$s" != FAIL ] && [ "$k" != FAIL ]; then
  echo "spark pipeline throughput / single throughput at equal cores: $(echo "$s / $k" | bc -l | cut -c1-5)"
  echo "single CPU seconds / spark pipeline CPU seconds: $(echo "$(total single "" cpu) / $(cat "$tmp/spark-pipeline.cpu")" | bc -l | cut -c1-5)"
fi
kw=$(cat "$tmp/spark-written.wall" 2>/dev/null || echo FAIL)
if [ "$s" != FAIL ] && [ "$kw" != FAIL ]; then
  echo "spark pipeline writing the embedding too: throughput / single throughput: $(echo "$s / $kw" | bc -l | cut -c1-5) (CPU seconds: $(echo "$(total single "" cpu) / $(cat "$tmp/spark-written.cpu")" | bc -l | cut -c1-5))"
fi
if [ "$s" != FAIL ] && [ "$k2" != FAIL ]; then
  echo "spark two commands throughput / single throughput: $(echo "$s / $k2" | bc -l | cut -c1-5) (CPU seconds: $(echo "$(total single "" cpu) / $(total spark "" cpu)" | bc -l | cut -c1-5))"
fi
k12=$(cat "$tmp/spark-pipeline-12g.wall" 2>/dev/null || echo FAIL)
if [ "$s" != FAIL ] && [ "$k12" != FAIL ]; then
  echo "spark pipeline with a 12 GiB heap: throughput / single throughput: $(echo "$s / $k12" | bc -l | cut -c1-5)"
fi
if [ "$k" != FAIL ] && [ "$k1" != FAIL ]; then
  echo "spark pipeline speed-up from 1 to 2 cores: $(echo "$k1 / $k" | bc -l | cut -c1-5) (CPU seconds $(cat "$tmp/spark-pipeline-1core.cpu") at 1 core, $(cat "$tmp/spark-pipeline.cpu") at 2)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
