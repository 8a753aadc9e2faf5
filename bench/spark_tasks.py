"""Profiling aid (not a test): where the wall time of a Spark job goes, from Spark's event log.

Run a job with the event log on, e.g.
    FM4J_JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file:/tmp/ev" ./fm4j spark ...
then  python3 bench/spark_tasks.py /tmp/ev/eventlog_v2_local-...   (the directory Spark writes, or one
events file; files ending in .zstd, Spark 4's default compression, are read through the zstd command)

Prints, per stage, its tasks, its span (first launch to last finish) and the tasks' summed run time,
CPU time and garbage-collection time (Spark's task metrics), and for the whole application the wall
time during which 0, 1, 2, ... tasks ran: time with no task running is the driver's serial work
(session start, planning, the eigen-decomposition, commits), time with fewer tasks than cores is
idle cores (too few partitions, one task finishing late).
"""
import json
import os
import subprocess
import sys
from collections import defaultdict


def lines(path):
    """The event log's lines: one file, or a directory's events_N_* files in the order of N."""
    if os.path.isdir(path):
        names = [n for n in os.listdir(path) if n.startswith("events_")]
        for n in sorted(names, key=lambda n: int(n.split("_")[1])):
            yield from lines(os.path.join(path, n))
    elif path.endswith(".zstd"):
        yield from subprocess.run(["zstd", "-dc", path], check=True, capture_output=True, text=True).stdout.splitlines()
    else:
        with open(path) as f:
            yield from f


def main(path):
    tasks, stages, start, end = [], {}, None, None
    for line in lines(path):
        e = json.loads(line)
        kind = e["Event"]
        if kind == "SparkListenerApplicationStart":
            start = e["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            end = e["Timestamp"]
        elif kind == "SparkListenerStageCompleted":
            s = e["Stage Info"]
            stages[s["Stage ID"]] = s["Stage Name"].split(" at ")[0]
        elif kind == "SparkListenerTaskEnd":
            i, m = e["Task Info"], e.get("Task Metrics") or {}
            tasks.append((e["Stage ID"], i["Launch Time"], i["Finish Time"], m.get("Executor Run Time", 0),
                          m.get("Executor CPU Time", 0) / 1e6, m.get("JVM GC Time", 0)))
    per = defaultdict(lambda: [0, None, None, 0.0, 0.0, 0.0])
    for sid, t0, t1, run, cpu, gc in tasks:
        p = per[sid]
        p[0] += 1
        p[1] = t0 if p[1] is None else min(p[1], t0)
        p[2] = t1 if p[2] is None else max(p[2], t1)
        p[3] += run
        p[4] += cpu
        p[5] += gc
    print(f"{'stage':>5} {'tasks':>5} {'span s':>8} {'run s':>8} {'cpu s':>8} {'gc s':>7}  name")
    for sid in sorted(per):
        n, t0, t1, run, cpu, gc = per[sid]
        print(f"{sid:>5} {n:>5} {(t1 - t0) / 1e3:8.2f} {run / 1e3:8.2f} {cpu / 1e3:8.2f} {gc / 1e3:7.2f}  {stages.get(sid, '')}")
    points = sorted([(t0, 1) for _, t0, *_ in tasks] + [(t1, -1) for _, _, t1, *_ in tasks])
    busy, running, last = defaultdict(float), 0, start
    for t, d in points:
        busy[running] += (t - last) / 1e3
        running += d
        last = t
    busy[0] += (end - last) / 1e3
    total = (end - start) / 1e3
    print(f"application {total:.2f} s wall; tasks' run time {sum(p[3] for p in per.values()) / 1e3:.2f} s, "
          f"CPU {sum(p[4] for p in per.values()) / 1e3:.2f} s, GC {sum(p[5] for p in per.values()) / 1e3:.2f} s")
    for k in sorted(busy):
        print(f"  {k} task(s) running: {busy[k]:8.2f} s ({100 * busy[k] / total:.1f} %)")


if __name__ == "__main__":
    main(sys.argv[1])
