#!/bin/sh
# Runs before the node is stopped (rolling update, node drain, pod deletion). A master hands its
# slots to one of its replicas first: CLUSTER FAILOVER, sent to the replica, has it catch up with
# the master and take over without losing an acknowledged write, in about a second. Without it the
# slots would be unavailable until the other nodes give up on the stopped master
# (cluster-node-timeout) and promote the replica themselves. A replica, or a master without a
# connected replica, just stops. Password: REDISCLI_AUTH.
port=${REDIS_PORT:-6379}
role() { redis-cli -p "$port" role | head -n 1; }

[ "$(role)" = master ] || exit 0
me=$(redis-cli -p "$port" cluster myid)
# CLUSTER REPLICAS lines: <id> <ip>:<port>@<cport>[,<hostname>...] <flags> <master> <ping> <pong> <epoch> <link>
replica=$(redis-cli -p "$port" cluster replicas "$me" |
  awk '$3 !~ /fail|noaddr|handshake/ && $8 == "connected" { print $2; exit }')
if [ -z "$replica" ]; then
  echo "no connected replica: stopping without a failover"
  exit 0
fi
address=${replica%%@*}
redis-cli -h "${address%:*}" -p "${address##*:}" cluster failover
i=0
while [ "$i" -lt 20 ]; do
  if [ "$(role)" = slave ]; then
    echo "replica $address took over"
    exit 0
  fi
  sleep 0.5
  i=$((i + 1))
done
echo "replica $address did not take over within 10 s: stopping anyway"
