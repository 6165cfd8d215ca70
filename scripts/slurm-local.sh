#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the tests that hand trials to Slurm:
#   scripts/slurm-local.sh start   # munged + slurmctld + slurmd, config in a temp folder
#   scripts/slurm-local.sh stop    # stops exactly the processes `start` started (by their pid files)
# Needs root and Debian's slurm-wlm and munge. `start` prints `export SLURM_CONF=...`; the state
# folder is $SLURM_LOCAL_DIR (default /tmp/mnist-lab-slurm), so `stop` finds the pids again.
set -euo pipefail
DIR="${SLURM_LOCAL_DIR:-/tmp/mnist-lab-slurm}"
CONF="$DIR/slurm.conf"

stop() {
  # Only the pids this script wrote: never every slurmctld on the machine.
  for name in slurmd slurmctld munged; do
    pidfile="$DIR/$name.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

start() {
  command -v slurmctld >/dev/null || { echo "slurmctld not found: apt-get install -y slurm-wlm munge" >&2; exit 1; }
  stop
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/munge"
  # munged runs as the munge user: it must reach its folder (mktemp -d makes folders private).
  chmod 755 "$DIR"
  chown munge:munge "$DIR/munge"
  local host cpus
  host="$(hostname -s)"
  cpus="${SLURM_LOCAL_CPUS:-2}"
  cat >"$CONF" <<EOF
ClusterName=mnistlab
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
# Short waits so the tests' cancels and time limits end jobs within seconds.
KillWait=5
MinJobAge=600
InactiveLimit=0
NodeName=$host CPUs=$cpus RealMemory=8000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  # munged keeps its socket where the slurm clients look for it (/run/munge).
  mkdir -p /run/munge && chown munge:munge /run/munge
  # A munged already serving this machine (the system's) is used as it is, and left alone at stop.
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=$DIR/munge/munged.pid"
    cp "$DIR/munge/munged.pid" "$DIR/munged.pid"
  fi
  slurmctld -f "$CONF"
  slurmd -f "$CONF"
  for _ in $(seq 100); do
    if SLURM_CONF="$CONF" sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "export SLURM_CONF=$CONF"
      return 0
    fi
    sleep 0.2
  done
  echo "The local Slurm cluster did not come up; see $DIR/log" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
