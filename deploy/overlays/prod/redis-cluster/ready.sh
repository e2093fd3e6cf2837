#!/bin/sh
# Readiness of one node: it answers (not while it loads its AOF), it sees the cluster as ok, and a
# replica's link to its master is up (so its initial sync is done). A rolling update of the
# StatefulSet waits for this before restarting the next pod, so a master is never restarted while
# its replica is still catching up. Password: REDISCLI_AUTH.
set -eu
port=${REDIS_PORT:-6379}
[ "$(redis-cli -p "$port" ping)" = PONG ]
redis-cli -p "$port" cluster info | grep -q '^cluster_state:ok'
replication=$(redis-cli -p "$port" info replication)
case "$replication" in
  *role:slave*) echo "$replication" | grep -q '^master_link_status:up' ;;
esac
