#!/bin/sh
# Forms the Redis Cluster once (Job redis-cluster-bootstrap): the nodes in NODES (host:port, the
# pods' stable DNS names) become masters and replicas, CLUSTER_REPLICAS replicas per master.
# Safe to run any number of times:
#   - a node that reports cluster_state:ok means the cluster exists: nothing to do;
#   - otherwise it waits for every node to answer, and creates the cluster only if every node is
#     empty (knows no other node, owns no slot, holds no key);
#   - a node that is not empty while the cluster is not ok belongs to a cluster that exists but is
#     broken: repairing it is an operator's decision (deploy/README.md, "Redis Cluster"), so the
#     Job fails instead of touching it (and retries, in case a node was only restarting).
# Password: REDISCLI_AUTH.
set -eu
: "${NODES:?space-separated host:port of every node}"
replicas=${CLUSTER_REPLICAS:-1}
wait_seconds=${WAIT_SECONDS:-600}

node() {
  hp=$1
  shift
  redis-cli -h "${hp%:*}" -p "${hp##*:}" "$@"
}

formed() {
  for n in $NODES; do
    if node "$n" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; then
      echo "the cluster is formed (cluster_state:ok on $n): nothing to do"
      return 0
    fi
  done
  return 1
}

field() { sed -n "s/^$1:\([0-9]*\).*/\1/p"; }

formed && exit 0

deadline=$(($(date +%s) + wait_seconds))
for n in $NODES; do
  until [ "$(node "$n" ping 2>/dev/null)" = PONG ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$n has not answered for ${wait_seconds}s"
      exit 1
    fi
    sleep 2
  done
done

formed && exit 0

for n in $NODES; do
  info=$(node "$n" cluster info)
  known=$(echo "$info" | field cluster_known_nodes)
  slots=$(echo "$info" | field cluster_slots_assigned)
  keys=$(node "$n" dbsize)
  if [ "$known" != 1 ] || [ "$slots" != 0 ] || [ "$keys" != 0 ]; then
    echo "$n is not empty (knows $known nodes, owns $slots slots, holds $keys keys) and the cluster is not ok:"
    echo "not creating anything; check it with redis-cli --cluster check (deploy/README.md, \"Redis Cluster\")"
    exit 1
  fi
done

echo "creating the cluster: $NODES, $replicas replica(s) per master"
# shellcheck disable=SC2086 # one argument per node
redis-cli --cluster create $NODES --cluster-replicas "$replicas" --cluster-yes
