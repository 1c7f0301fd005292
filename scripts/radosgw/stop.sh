#!/usr/bin/env bash
# Stops what scripts/radosgw/start.sh started, by the PIDs in its state file, then removes its folder.
# Usage: scripts/radosgw/stop.sh <state-file>
set -euo pipefail
state="${1:?usage: stop.sh <state-file>}"
[ -f "$state" ] || { echo "radosgw/stop: no state file $state" >&2; exit 1; }

pids="$(sed -n 's/.*"pids": *\[\([0-9, ]*\)\].*/\1/p' "$state" | tr ',' ' ')"
dir="$(sed -n 's/.*"dir": *"\([^"]*\)".*/\1/p' "$state")"

# Reverse start order: radosgw first, the monitor last.
for pid in $(echo "$pids" | tr ' ' '\n' | tac); do
  kill "$pid" 2>/dev/null || true
done
for pid in $pids; do
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
done

# SECURITY: only ever delete the folder start.sh created (its name pattern), never a path from elsewhere.
case "$dir" in
  */cdn-accel-radosgw.*) rm -rf "$dir" ;;
  *) echo "radosgw/stop: refusing to remove unexpected folder '$dir'" >&2 ;;
esac
[ "$state" = "$dir/state.json" ] || rm -f "$state"
