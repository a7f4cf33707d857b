#!/bin/sh
# Run first inside a fresh network namespace (`unshare -n`), by `npm test` and the npm scripts that
# drive browsers: loopback up, and a veth pair whose two ends both stay in the namespace, with
# addresses and a default route through it. WebRTC gathers a candidate on every interface; Firefox
# gathers none at all without a default route. Nothing sent on the pair leaves the namespace.
# Where no veth pair can be made it says so and goes on (Firefox is then skipped, loudly).
set -e
ip link set lo up
{
  ip link add v0 type veth peer name v1 &&
  ip addr add 10.77.0.1/24 dev v0 &&
  ip addr add 10.77.0.2/24 dev v1 &&
  ip link set v0 up &&
  ip link set v1 up &&
  ip route add default via 10.77.0.2 dev v0
} || echo '!! Could not create the veth pair: Firefox will gather no ICE candidates.' >&2
