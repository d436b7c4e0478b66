"""CPU seconds of a JVM by thread group (by thread name) and of the PostgreSQL serving a data directory.

Usage: cpu-by-thread.py <java pid> <data dir>: prints a JSON object of seconds by group;
cpu-by-thread.py per <before> <after> <count> <unit>: microseconds per unit by group between two such objects
(both used by cpu-run.sh, for assign-cpu.sh and events-cpu.sh)."""
import json
import os
import sys

TICK = os.sysconf('SC_CLK_TCK')


def cpu(stat):
    rest = stat[stat.rindex(')') + 2:].split()
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / TICK


def group(name):
    if name.startswith('vert.x-eventloo'):
        return 'loop'
    for prefix in ('C2', 'C1'):
        if name.startswith(prefix):
            return prefix
    if 'GC' in name or name.startswith('G1'):
        return 'GC'
    return 'worker' if 'worker' in name else 'other'


def threads(pid):
    out = {}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
            seconds = cpu(open(f'/proc/{pid}/task/{t}/stat').read())[1]
        except OSError:
            continue
        out[group(name)] = out.get(group(name), 0) + seconds
    return out


def postgres(datadir):
    """The postmaster started on this data directory and its children (backends, WAL writer...)."""
    procs, postmaster = {}, None
    for p in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmd = open(f'/proc/{p}/cmdline').read().replace('\0', ' ')
            procs[int(p)] = cpu(open(f'/proc/{p}/stat').read())
        except OSError:
            continue
        if 'postgres' in cmd and datadir in cmd and ' -D' in cmd:
            postmaster = int(p)
    if postmaster is None:
        return -1
    return procs[postmaster][1] + sum(s for (parent, s) in procs.values() if parent == postmaster)


def per(before, after, count, unit):
    a, b = json.loads(before), json.loads(after)
    return ' '.join(f"{k}={(b.get(k, 0) - a.get(k, 0)) / count * 1e6:.1f}" for k in sorted(b)) + \
        f" us/{unit} over {count} {unit}s"


if sys.argv[1] == 'per':
    print(per(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]))
else:
    result = threads(int(sys.argv[1]))
    result['pg'] = postgres(sys.argv[2])
    print(json.dumps(result))
