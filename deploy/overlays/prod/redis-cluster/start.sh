#!/bin/sh
# Starts one node of the Redis Cluster (container "redis" of StatefulSet redis-cluster).
#
# Redis keeps its peers by IP address in nodes.conf, and a pod gets a new IP whenever it is
# recreated. One pod at a time is no problem: it finds its peers at their unchanged addresses and
# they learn its new one from its first message. But after every pod was recreated at once (a
# whole-cluster outage, a restore into a new cluster) every recorded address is stale and the
# nodes would never find each other again. Each node announces its stable DNS name
# (cluster-announce-hostname), which nodes.conf keeps beside the address, so before starting
# Redis this re-points each peer at what its name resolves to now. A peer whose name does not
# resolve yet (its pod has no IP yet) keeps its old address; it reaches this node itself once it
# starts, and gossip spreads the rest.
set -eu

conf=${REDIS_CONF:-/etc/redis-cluster/redis.conf}
nodes_conf=${REDIS_NODES_CONF:-/data/nodes.conf}
peers=${REDIS_PEERS_SERVICE:-redis-cluster-headless}
: "${POD_IP:?}" "${POD_NAME:?}" "${REDIS_PASSWORD:?}"

refresh_peer_addresses() {
  [ -s "$nodes_conf" ] || return 0
  # A line: <id> <ip>:<port>@<cport>[,<hostname>[,<aux>...]] <flags> ...; the last is "vars ...".
  grep -v ' myself,' "$nodes_conf" | while read -r id addr _; do
    case "$addr" in *,?*) ;; *) continue ;; esac
    host=${addr#*,}
    host=${host%%,*}
    [ -n "$host" ] || continue
    hostport=${addr%%@*}
    old=${hostport%:*}
    port=${hostport##*:}
    new=$(getent hosts "$host" | awk 'NR == 1 { print $1 }') || true
    if [ -n "$new" ] && [ "$new" != "$old" ]; then
      echo "nodes.conf: $host moved from $old to $new"
      sed -i "s|^$id [^@]*@|$id $new:$port@|" "$nodes_conf"
    fi
  done
}

refresh_peer_addresses

# The password goes in on stdin (the trailing "-"), so that no process listing shows it.
exec redis-server "$conf" \
  --cluster-announce-ip "$POD_IP" \
  --cluster-announce-hostname "$POD_NAME.$peers" \
  "$@" - <<END
requirepass "$REDIS_PASSWORD"
masterauth "$REDIS_PASSWORD"
END
