"""Tables of bench/growth.sh from its tab-separated log (label, hold-out, seed, fm4j JSON, reference
JSON, "wall user system" seconds of the whole fm4j command and of the whole reference command, load
average after the pair).

    growth_table.py LOG last             the last run: per time point and timing
    growth_table.py LOG mean LABEL HOLD  means over the seeds of one case
"""
import json
import sys


def rows(log):
    out = []
    for line in open(log):
        label, hold, seed, j, r, ours, ref, load = line.rstrip("\n").split("\t")
        out.append((label, hold, int(seed), json.loads(j), json.loads(r), clock(ours), clock(ref), float(load)))
    return out


def clock(field):
    """(wall, cpu) seconds of a command from /usr/bin/time's "%e %U %S"."""
    wall, user, system = (float(x) for x in field.split())
    return wall, user + system


def sem(xs):
    """Standard error of the mean of xs (the sample standard deviation over sqrt(n))."""
    n = len(xs)
    m = sum(xs) / n
    return (sum((x - m) ** 2 for x in xs) / (n - 1) / n) ** 0.5


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return (xs[n // 2] + xs[(n - 1) // 2]) / 2


def per_time(hold, j, r):
    """[(t, fm4j W1, ref W1, fm4j mass error, ref mass error)] at the evaluated time points."""
    g = j["growth"]
    ours = g["holdout"] if hold else g["fit_all"]
    times = r.get("time_points") or list(range(1, len(r["w1"]) + 1))
    table = []
    for row in ours:
        t = row["time"]
        i = [q for q, tt in enumerate(times) if float(tt) == t]
        rw = r["w1"][i[0]] if i else float("nan")
        rm = r["mass_error"][i[0]] if i else float("nan")
        table.append((t, row["w1"], rw, row["mass_error"], rm))
    return table


def timing(j, r):
    g = j["growth"]
    ms = g["ms_per_step"] if "ms_per_step" in g else g["holdout"][0]["ms_per_step"]
    train = ms * j["steps"] / 1000
    return g["plan_seconds"], ms / 1000, g["plan_seconds"] + train, \
        r.get("uot_seconds", float("nan")), r["sec_per_epoch"], r["seconds"]


def cpu_timing(j, r):
    """CPU seconds (every thread of the process) of plans + training of fm4j and of the reference."""
    g = j["growth"]
    ms = g["cpu_ms_per_step"] if "cpu_ms_per_step" in g else g["holdout"][0]["cpu_ms_per_step"]
    return g["plan_cpu_seconds"] + ms * j["steps"] / 1000, r["pretrain_cpu_seconds"], ms / 1000


def show(table):
    print(f"{'t':>4} {'fm4j W1':>9} {'ref W1':>9} {'fm4j mass err':>14} {'ref mass err':>13}")
    for t, w, rw, m, rm in table:
        print(f"{t:>4g} {w:9.4f} {rw:9.4f} {m:14.4f} {rm:13.4f}")


def main():
    log, mode = sys.argv[1], sys.argv[2]
    runs = rows(log)
    if mode == "last":
        label, hold, seed, j, r, ours, ref, load = runs[-1]
        g = j["growth"]
        print(f"\n{label} ({'hold out t=' + hold if hold else 'fit-all'}), seed {seed}, delta fm4j "
              f"{g['wfr_delta']:.4g}")
        show(per_time(hold, j, r))
        p, e, tot, rp, re, rtot = timing(j, r)
        print(f"fm4j: plans {p:.1f} s, train {e:.4f} s/step ({j['steps']} steps), plans + train {tot:.1f} s "
              f"(whole command {ours[0]:.1f} s wall, {ours[1]:.1f} s CPU)")
        print(f"ref : plans {rp:.1f} s, train {re:.4f} s/epoch, plans + train {rtot:.1f} s "
              f"(whole command {ref[0]:.1f} s wall, {ref[1]:.1f} s CPU)")
        c, rc, ce = cpu_timing(j, r)
        print(f"CPU of plans + train: fm4j {c:.1f} s (train {ce:.4f}"
              f" s/step), ref {rc:.1f} s (train {r['cpu_sec_per_epoch']:.4f} s/epoch); ratio {c / rc:.3f}")
        print(f"ratio (plans + train) fm4j / ref = {tot / rtot:.3f}   (goal <= 0.2); whole commands: wall "
              f"{ours[0] / ref[0]:.3f}, CPU {ours[1] / ref[1]:.3f}; load average {load:.1f}")
        if g.get("growth_correlation") is not None:
            print(f"fm4j growth correlation {g['growth_correlation']:.4f}")
        if r.get("growth_corr") is not None:
            print(f"ref growth correlation {r['growth_corr']:.4f}")
        return
    label, hold = sys.argv[3], sys.argv[4]
    sel = [x for x in runs if x[0] == label and x[1] == hold]
    tables = [per_time(hold, x[3], x[4]) for x in sel]
    n = len(tables)
    print(f"\n{label} ({'hold out t=' + hold if hold else 'fit-all'}): mean over seeds "
          f"{', '.join(str(x[2]) for x in sel)}")
    mean = [tuple([tables[0][i][0]] + [sum(tb[i][c] for tb in tables) / n for c in range(1, 5)])
            for i in range(len(tables[0]))]
    show(mean)
    if len(mean) > 1:
        print(f"mean {sum(m[1] for m in mean) / len(mean):9.4f} {sum(m[2] for m in mean) / len(mean):9.4f} "
              f"{sum(m[3] for m in mean) / len(mean):14.4f} {sum(m[4] for m in mean) / len(mean):13.4f}")
    if n > 1:
        print("standard error of the mean W1 over the seeds, per time point: fm4j "
              + " / ".join(f"{sem([tb[i][1] for tb in tables]):.4f}" for i in range(len(mean))) + "; ref "
              + " / ".join(f"{sem([tb[i][2] for tb in tables]):.4f}" for i in range(len(mean))))
    t = [timing(x[3], x[4]) for x in sel]
    tot = sum(x[2] for x in t) / n
    rtot = sum(x[5] for x in t) / n
    print(f"time: fm4j {sum(x[1] for x in t) / n:.4f} s/step, plans + train {tot:.1f} s; ref "
          f"{sum(x[4] for x in t) / n:.4f} s/epoch, plans + train {rtot:.1f} s; ratio {tot / rtot:.3f}")
    c = [cpu_timing(x[3], x[4]) for x in sel]
    print(f"medians over the seeds of fm4j / ref: plans + train {median([x[2] / x[5] for x in t]):.3f} (CPU "
          f"{median([x[0] / x[1] for x in c]):.3f}), whole command "
          f"wall {median([x[5][0] / x[6][0] for x in sel]):.3f}, CPU {median([x[5][1] / x[6][1] for x in sel]):.3f}; "
          f"load average {', '.join(f'{x[7]:.1f}' for x in sel)}")


main()
