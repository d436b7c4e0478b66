#!/usr/bin/env bash
# CPU per POST /api/v1/assign request, split by thread group: the server's event loops, its JIT (C1, C2), GC,
# worker and other threads, and the embedded PostgreSQL (the postmaster of this run's data directory and its
# backends). CPU per request is the figure to compare on a shared machine; requests/s there is not.
# A fresh server, a warm-up, then the measured run (wrk, one thread); prints microseconds per request by group.
# perUnit: 1 = every request a new unit (an exposure written), 5 = the realistic mix, 1000000 = (nearly) every
# request a repeat the exposure cache answers. The JIT is still compiling for a minute or so on a busy machine:
# compare the loop figure, and C2 only after a long warm-up.
# Usage: server/bench/assign-cpu.sh <perUnit> [connections, 64] [warm-up s, 60] [measured s, 20]
# (JOPTS=... passes JVM options; JAR=... another jar than server/target/moments-server.jar, e.g. to alternate an
# old and a new build on a shared machine. With psql on the PATH it also prints the events stored per commit:
# the writer's group size, diluted by the fold's and the jobs' own commits.)
set -uo pipefail
cd "$(dirname "$0")/../.."
PER=${1:?requests per unit}; CONN=${2:-64}; WARM=${3:-60}; SECS=${4:-20}
source server/bench/cpu-run.sh
echo "perUnit=$PER $(cpu_run server/bench/assign.lua 1 req "$KEY" "$PER")"
