#!/usr/bin/env bash
# Starts a throw-away Ceph cluster for the S3 integration tests: one monitor, one OSD on memstore (RAM)
# and radosgw (beast) on 127.0.0.1, all under a fresh temporary folder. Installs nothing.
#
# Usage: scripts/radosgw/start.sh [state-file]
#   Prints the state file path; the file is JSON with the endpoint, the S3 keys, the folder and the PIDs.
#   Stop with scripts/radosgw/stop.sh <state-file>.
# Environment: RADOSGW_PORT (default: a free port), RADOSGW_TIMEOUT seconds (default 90).
set -euo pipefail

for binary in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph; do
  if ! command -v "$binary" >/dev/null 2>&1; then
    echo "radosgw/start: '$binary' not found; install radosgw ceph-mon ceph-osd ceph-common" >&2
    exit 3
  fi
done

dir="$(mktemp -d "${TMPDIR:-/tmp}/cdn-accel-radosgw.XXXXXX")"
state="${1:-$dir/state.json}"
timeout="${RADOSGW_TIMEOUT:-90}"
pids=()

fail() {
  echo "radosgw/start: $*" >&2
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  echo "radosgw/start: logs kept in $dir/log" >&2
  for log in "$dir"/log/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }; done
  exit 1
}

# Killed half-way (e.g. by a test runner's timeout): stop the daemons started so far, never leave them behind.
trap 'fail "interrupted"' TERM INT
# Any other command that fails stops the daemons too (set -e alone would leave them running).
trap 'fail "line $LINENO failed"' ERR

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Ports below the kernel's ephemeral range: one above it can be taken by an outgoing connection (the daemons
# open several) between this check and the daemon's bind ("Address already in use").
ephemeral_low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
[ "$ephemeral_low" -gt 12000 ] 2>/dev/null || ephemeral_low=32768

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((10000 + RANDOM % (ephemeral_low - 10000)))
    if port_is_free "$port"; then echo "$port"; return 0; fi
  done
  fail "no free port found"
}

wait_for() {
  local what="$1"; shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${timeout}s waiting for $what"
    sleep 0.5
  done
}

mon_port="$(free_port)"
rgw_port="${RADOSGW_PORT:-$(free_port)}"
fsid="$(cat /proc/sys/kernel/random/uuid)"
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
access_key="CDNACCEL$(random_hex 6 | tr 'a-f' 'A-F')"
secret_key="$(random_hex 20)"
mkdir -p "$dir"/{mon,osd,run,log,rgw}
conf="$dir/ceph.conf"

# Pitfalls: with auth "none" the monitor client must use crc mode, or radosgw loops on
# "get_initial_auth_request returned -13"; single-replica pools need both size settings below.
cat >"$conf" <<CONF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
ms mon client mode = crc
ms bind ipv4 = true
ms bind ipv6 = false
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
osd crush chooseleaf type = 0
# The OSD is placed in the CRUSH map by this script: on start it would ask the monitor itself, which
# races with its first monmap ("wrong fsid") and makes it exit.
osd crush update on start = false
osd class update on start = false
osd objectstore = memstore
memstore device bytes = 1073741824
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
mon data = $dir/mon/\$cluster-\$id
osd data = $dir/osd/\$cluster-\$id
keyring = $dir/keyring
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
rgw dns name = localhost
CONF

ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" || fail "ceph-mon --mkfs failed"
setsid ceph-mon -c "$conf" -i a -f </dev/null >>"$dir/log/mon-stdout.log" 2>&1 &
pids+=($!)
wait_for "the monitor" ceph -c "$conf" --connect-timeout 5 mon stat

# A ceph client can send its command before it has the monmap; the monitor then refuses it ("handle_command on
# fsid 00000000-…", EPERM) without running it. So each command is retried.
ceph_retried() {
  for _ in 1 2 3 4 5; do
    ceph -c "$conf" "$@" 2>>"$dir/log/ceph-cli.log" && return 0
    sleep 1
  done
  return 1
}

osd_id="$(ceph_retried osd create)" || fail "ceph osd create failed"
ceph_retried osd crush add "osd.$osd_id" 1.0 root=default >/dev/null || fail "adding osd.$osd_id to the CRUSH map failed"
mkdir -p "$dir/osd/ceph-$osd_id"
ceph-osd -c "$conf" -i "$osd_id" --mkfs >>"$dir/log/osd-mkfs.log" 2>&1 || fail "ceph-osd --mkfs failed"
osd_up() { ceph -c "$conf" osd stat --format json | grep -q '"num_up_osds":1'; }
# An OSD that loses a start-up race with the monitor exits; start it again (at most three times).
for attempt in 1 2 3; do
  setsid ceph-osd -c "$conf" -i "$osd_id" -f </dev/null >>"$dir/log/osd-stdout.log" 2>&1 &
  osd_pid=$!
  deadline=$((SECONDS + timeout / 3))
  until osd_up >/dev/null 2>&1 || ! kill -0 "$osd_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.5; done
  if osd_up >/dev/null 2>&1; then break; fi
  kill "$osd_pid" 2>/dev/null || true
  wait "$osd_pid" 2>/dev/null || true
  [ "$attempt" -lt 3 ] || fail "the OSD did not come up"
  echo "radosgw/start: OSD start attempt $attempt failed, retrying" >&2
done
pids+=("$osd_pid")

radosgw-admin -c "$conf" user create --uid=cdn-accel --display-name="cdn-accel tests" \
  --access-key="$access_key" --secret="$secret_key" >/dev/null 2>>"$dir/log/radosgw-admin.log" \
  || fail "radosgw-admin user create failed"

setsid radosgw -c "$conf" -n client.rgw -f </dev/null >>"$dir/log/rgw-stdout.log" 2>&1 &
pids+=($!)
rgw_up() { curl -fsS -o /dev/null "http://127.0.0.1:$rgw_port/" 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$rgw_port"); }
wait_for "radosgw on port $rgw_port" rgw_up

pid_json="$(IFS=,; echo "${pids[*]}")"
cat >"$state" <<JSON
{
  "endpoint": "http://127.0.0.1:$rgw_port",
  "region": "us-east-1",
  "accessKeyId": "$access_key",
  "secretAccessKey": "$secret_key",
  "dir": "$dir",
  "pids": [$pid_json]
}
JSON
echo "$state"
