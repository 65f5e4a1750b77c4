#!/usr/bin/env bash
# make test-slurm: the README's Slurm array job on a real Slurm. Starts a one-node cluster
# on this machine (its own munged, slurmctld and slurmd, all state in one temp dir), submits
# scripts/slurm/sweep.sbatch unchanged over a 12-point space split in 4 shards, merges the
# shard stores and checks that the merged report is byte for byte a single run's.
#
#   BIN=path/to/npu-codesign scripts/slurm/test-slurm.sh      (from anywhere; default BIN is
#                                                              .build/release/npu-codesign)
# Needs root (slurmd launches the tasks); installs Debian's slurm-wlm and munge if missing.
# KEEP_TMP=1 keeps the temp dir (logs, stores, reports) for a look afterwards.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The binary: BIN relative to where we were called from, or the release build of the project.
BIN=${BIN:-$root/.build/release/npu-codesign}
[ -x "$BIN" ] || { echo "test-slurm: FAIL: no executable at BIN=$BIN (make release builds it)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")   # absolute: the array tasks run it
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null ||
    { echo "test-slurm: FAIL: needs root (slurmd starts the jobs), and there is no sudo" >&2; exit 1; }
  echo "test-slurm: not root; re-running under sudo (slurmd must be able to start the jobs)"
  exec sudo BIN="$BIN" KEEP_TMP="${KEEP_TMP:-}" JOB_TIMEOUT="${JOB_TIMEOUT:-}" \
    bash "$root/scripts/slurm/test-slurm.sh" "$@"
fi
cd "$root"   # the workload and space paths below, and the README, are the project's
# slurmctld, slurmd and munged live in /usr/sbin, which a CI user's PATH may lack.
export PATH=$PATH:/usr/sbin:/sbin

WORKLOAD=Tests/CodesignWorkflowTests/Fixtures/tiny-workload.yaml   # 4 designs x 3 variants
SPACE=Tests/CodesignWorkflowTests/Fixtures/tiny-space.yaml
SHARDS=4
JOB_TIMEOUT=${JOB_TIMEOUT:-600}   # seconds for the whole array (a few seconds normally)
# Ports of our own cluster, not Slurm's defaults (6817/6818): apt may have started the
# packaged daemons, and a machine may run a real Slurm.
CTLD_PORT=16817
SLURMD_PORT=16818

say() { echo "test-slurm: $*"; }
die() { echo "test-slurm: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_start=$(now)

# --- The README shows the very file and command this test runs --------------------------
# The Slurm example must be scripts/slurm/sweep.sbatch verbatim, and the Kubernetes Job's
# command must pass the same flags in the same order, with N = its completions.
readme=$(<README.md)
sbatch_file=$(<scripts/slurm/sweep.sbatch)
[[ $readme == *"$sbatch_file"* ]] ||
  die "README.md does not show scripts/slurm/sweep.sbatch verbatim (update the Slurm example)"
flags() { grep -o -- ' --[a-z-]*' | tr -d ' ' | tr '\n' ' '; }
slurm_flags=$(awk '/"\$BIN" explore/ {c = 1} c {print} c && !/\\$/ {exit}' \
  scripts/slurm/sweep.sbatch | flags)
k8s_cmd=$(awk '/completionMode: Indexed/ {k = 1} k && /npu-codesign explore/ {c = 1}
               c {print} c && /&&/ {exit}' README.md)
k8s_flags=$(flags <<<"$k8s_cmd")
[ -n "$slurm_flags" ] && [ "$slurm_flags" = "$k8s_flags" ] ||
  die "README's Kubernetes Job runs explore with '$k8s_flags', sweep.sbatch with '$slurm_flags'"
completions=$(sed -n 's/^ *completions: *\([0-9]*\).*/\1/p' README.md | head -n1)
grep -qF -- "--shard \$((JOB_COMPLETION_INDEX + 1))/$completions " <<<"$k8s_cmd" ||
  die "README's Kubernetes Job must pass --shard \$((JOB_COMPLETION_INDEX + 1))/$completions"

# --- Slurm and MUNGE from Debian's packages ---------------------------------------------
t_install=0
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
   ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  command -v apt-get >/dev/null ||
    die "Slurm or MUNGE missing and no apt-get: install slurmctld, slurmd, sbatch and munged"
  say "installing slurm-wlm and munge"
  t0=$(now)
  export DEBIAN_FRONTEND=noninteractive
  # The lock timeout: a fresh CI machine may still be running its own apt jobs.
  timeout 900 apt-get -o DPkg::Lock::Timeout=300 update -qq ||
    die "apt-get update failed"
  timeout 900 apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
    slurm-wlm munge >/dev/null || die "apt-get install slurm-wlm munge failed"
  t_install=$(since "$t0")
fi

# --- One temp dir holds everything; the trap stops what we started and removes it -------
tmp=$(mktemp -d /tmp/npu-slurm.XXXXXX)
chmod 0755 "$tmp"   # munged wants its socket reachable by all (the key stays 0600)
munged_pid= ctld_pid= slurmd_pid= jobid=
export SLURM_CONF=$tmp/slurm.conf   # for sinfo, sbatch, scontrol, scancel (and the tasks)

# Stop one daemon we started: TERM, then KILL if it is still there after 10 s.
stop() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  ( sleep 10; kill -KILL "$pid" 2>/dev/null ) &
  local killer=$!
  wait "$pid" 2>/dev/null
  kill "$killer" 2>/dev/null; wait "$killer" 2>/dev/null
  return 0
}
cleanup() {
  local rc=$?
  set +e
  # Tasks still running (a timeout, an interrupt) would outlive slurmd in their slurmstepd.
  [ -n "$jobid" ] && [ -n "$ctld_pid" ] && timeout 10 scancel "$jobid" >/dev/null 2>&1
  stop "$slurmd_pid"; stop "$ctld_pid"; stop "$munged_pid"
  if [ "$rc" != 0 ]; then
    # A daemon's log file, or what it printed if it died before opening it; the tasks'.
    for f in "$tmp"/munged.out "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/job/*.out; do
      [ -s "$f" ] || f=${f%.log}.out
      [ -s "$f" ] && { echo "--- last lines of $f"; tail -n 25 "$f"; }
    done >&2
  fi
  if [ -n "${KEEP_TMP:-}" ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Is a daemon we started still running? (kill -0 alone says yes to a zombie.)
alive() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]
}
# wait_for SECONDS WHAT PID CMD...: run CMD every 0.5 s until it succeeds; fail as soon as
# the daemon PID has died, or after SECONDS.
wait_for() {
  local secs=$1 what=$2 pid=$3; shift 3
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    alive "$pid" || die "$what: the daemon exited"
    [ "$(date +%s)" -lt "$deadline" ] || die "$what: not within $secs s"
    sleep 0.5
  done
}

t_cluster=$(now)
node=$(hostname -s)

# --- MUNGE: Slurm's authentication -------------------------------------------------------
# Our own munged on our own key and socket, so a system munged (apt may have started one)
# neither interferes nor is touched. munged refuses to run as root without --force.
mkdir -m 0755 "$tmp/munge"   # the socket's dir: open to all, as munged wants
mungekey --create --keyfile="$tmp/munge/munge.key" ||
  die "mungekey could not create a key"
sock=$tmp/munge/munge.socket
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$sock" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" \
  >"$tmp/munged.out" 2>&1 &   # in the foreground munged logs to stderr
munged_pid=$!
munge_ok() { munge -n -S "$sock" | unmunge -S "$sock"; }
wait_for 20 "munged answering on $sock" "$munged_pid" munge_ok

# --- slurm.conf for one node, this machine -----------------------------------------------
# The node line is slurmd's own reading of the hardware (CPUs, sockets, cores, threads,
# memory), so the node registers instead of being drained for a mismatch. Addresses are
# 127.0.0.1: nothing depends on the host name resolving (a CI machine's may not).
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/job" "$tmp/results"
hw=$(slurmd -C | head -n1)
case $hw in NodeName=*" CPUs="*) ;; *) die "slurmd -C printed '$hw'" ;; esac
hw=${hw#NodeName=* }   # our own NodeName below, the one slurmd is started as
cat >"$SLURM_CONF" <<EOF
# Written by scripts/slurm/test-slurm.sh: a throwaway one-node cluster.
ClusterName=npu-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
# No cgroups: a container or a CI VM may not delegate them.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
# Cores are the consumable resource, so two one-CPU tasks share a two-core node.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# A node that was down comes back when its slurmd registers with a valid configuration.
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node $hw State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

# Foreground daemons in the background, so the trap has their pids.
slurmctld -D -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
ctld_pid=$!
wait_for 30 "slurmctld answering" "$ctld_pid" scontrol ping
slurmd -D -f "$SLURM_CONF" -N "$node" >"$tmp/slurmd.out" 2>&1 &
slurmd_pid=$!
# The node registers within a second or two; a node drained for a bad configuration says
# why in sinfo's reason, so the failure prints it.
node_state=
node_idle() { node_state=$(sinfo -h -n "$node" -o '%T %E' 2>&1); [ "${node_state%% *}" = idle ]; }
deadline=$(( $(date +%s) + 60 ))
until node_idle; do
  alive "$slurmd_pid" || die "slurmd exited before node $node registered"
  [ "$(date +%s)" -lt "$deadline" ] || die "node $node not idle within 60 s: '$node_state'"
  sleep 0.5
done
t_cluster=$(since "$t_cluster")
say "one-node cluster up: $(sinfo -h -o '%P %D %T %C(CPUs A/I/O/T)') in ${t_cluster}s"

# --- The README's array job, over the small space ---------------------------------------
# The same file as the README, its own --array and --cpus-per-task overridden on the
# command line: 4 shards, one CPU each, so two run at a time on two cores.
t_job=$(now)
jobid=$(sbatch --parsable --array=1-$SHARDS --cpus-per-task=1 \
  --output="$tmp/job/slurm-%A_%a.out" \
  --export=ALL,BIN="$BIN",WORKLOAD=$WORKLOAD,SPACE=$SPACE,RESULTS="$tmp/results" \
  scripts/slurm/sweep.sbatch) || die "sbatch refused the job"
jobid=${jobid%%;*}
say "submitted array job $jobid (tasks 1-$SHARDS)"

# Poll the controller until no task is pending or running. Without accounting (no sacct)
# the controller keeps finished tasks for MinJobAge (300 s), long enough to read their
# states and exit codes below.
unfinished='JobState=(PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUE[A-Z_]*|RESIZING) '
deadline=$(( $(date +%s) + JOB_TIMEOUT ))
while :; do
  # A failed query (the controller busy) is no answer: ask again.
  if out=$(scontrol show job -o "$jobid" 2>&1); then
    grep -qE "$unfinished" <<<"$out" || break
  fi
  [ "$(date +%s)" -lt "$deadline" ] ||
    die "array job $jobid not done within ${JOB_TIMEOUT}s: $(squeue -h -j "$jobid" -o '%i %T %r' | tr '\n' ' ')"
  alive "$slurmd_pid" || die "slurmd exited while the job ran"
  sleep 0.5
done
t_job=$(since "$t_job")

# Every task completed with exit code 0, and left its shard store.
tasks=$(scontrol show job -o "$jobid" |
  sed -n 's/.*ArrayTaskId=\([0-9]*\) .*JobState=\([A-Z_]*\) .*ExitCode=\([0-9:]*\) .*/\1 \2 \3/p' |
  sort -n)
say "tasks (id state exit): $(tr '\n' ',' <<<"$tasks" | sed 's/,$//; s/,/, /g')"
[ "$(wc -l <<<"$tasks")" = "$SHARDS" ] || die "expected $SHARDS array tasks, got: $tasks"
bad=$(grep -v ' COMPLETED 0:0$' <<<"$tasks" || true)
[ -z "$bad" ] || die "array tasks failed (id state exit): $(tr '\n' ',' <<<"$bad" | sed 's/,$//')"
for i in $(seq 1 "$SHARDS"); do
  [ -s "$tmp/results/shard-$i.sqlite" ] || die "task $i left no results/shard-$i.sqlite"
  # Diagnostics are `...: error: ...`, the tool's and slurmstepd's alike.
  ! grep -qE '(^|: )error:' "$tmp/job/slurm-${jobid}_$i.out" ||
    die "task $i reported an error: $(grep -E '(^|: )error:' "$tmp/job/slurm-${jobid}_$i.out")"
done

# --- Merge, report, and compare with a single run ---------------------------------------
# The README's commands after the array job, then the same exploration in one process.
t_merge=$(now)
merged=$("$BIN" merge --into "$tmp/results/all.sqlite" "$tmp"/results/shard-*.sqlite) ||
  die "merge failed"
"$BIN" report --db "$tmp/results/all.sqlite" --out "$tmp/merged" >/dev/null 2>"$tmp/report.err" ||
  die "report failed: $(cat "$tmp/report.err")"
t_merge=$(since "$t_merge")
t_single=$(now)
"$BIN" explore --workload "$WORKLOAD" --space "$SPACE" --strategy grid \
  --db "$tmp/single.sqlite" --out "$tmp/single" >/dev/null 2>"$tmp/single.err" ||
  die "the single run failed: $(cat "$tmp/single.err")"
t_single=$(since "$t_single")
for f in pareto.csv points.csv refined.csv summary.json report.md report.html; do
  [ -s "$tmp/merged/$f" ] || die "the merged report has no $f"
done
diff -r "$tmp/merged" "$tmp/single" >"$tmp/diff.txt" ||
  die "merged report differs from the single run's: $(head -c 2000 "$tmp/diff.txt")"

points=$(sed -n 's/^\([0-9]*\) points merged.*/\1/p' <<<"$merged")
say "PASS: $SHARDS array tasks, ${points:-?} points; merged report = single run's, byte for byte" \
  "($(ls "$tmp/merged" | wc -l) files)"
say "seconds: cluster ${t_cluster}, array job ${t_job}, merge+report ${t_merge}," \
  "single run ${t_single}, install ${t_install}, total $(since "$t_start")"
