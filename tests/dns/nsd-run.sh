#!/usr/bin/env bash
# tests/dns/nsd-run.sh -- a throw-away NSD on 127.0.0.1 serving every
# tests/dns/zones/*.zone (zone name = file name without .zone; root.zone
# is the root zone ".", so that every name is answered, NXDOMAIN included).
#
# Sourced (the test harness way):
#     . "$DR_SRC/tests/dns/nsd-run.sh"
#     nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
#                                 # sets NSD_PORT, NSD_DIR; prints the port
#     ... --dns-server 127.0.0.1:$NSD_PORT ...
#     nsd_stop                    # also run it from your EXIT trap
# Run:
#     tests/dns/nsd-run.sh start [PID]  # prints "PORT DIR"; nsd runs until
#                                       # "stop DIR" or until PID (default:
#                                       # the caller) exits
#     tests/dns/nsd-run.sh stop DIR
#
# nsd runs in the foreground (-d) as the current user (username "", no
# chroot), with its config, pid, log and state in a temp dir.  The port is
# a free high port picked at random and retried if taken.  nsd_start waits
# until a real DNS query for the first zone's SOA is answered.
# Returns 1 when nsd is not installed or does not start: the caller skips,
# or fails when CI is set (skip_or_fail in tests/integration/lib.sh,
# nsd_up_or_skip() in tests/unit/report/nsd.h).

NSD_ZONES_DIR=${NSD_ZONES_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/zones}
NSD_BIN=${NSD_BIN:-$(command -v nsd || echo /usr/sbin/nsd)}

# _nsd_probe PORT ZONE: sends one SOA query over UDP; 0 when answered.
_nsd_probe() {
	local port=$1 zone=$2 q label reply
	q='\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00'
	IFS=. read -r -a labels <<<"$zone"
	for label in "${labels[@]}"; do
		[ -n "$label" ] || continue	# the root zone "."
		q+=$(printf '\\x%02x' "${#label}")$label
	done
	q+='\x00\x00\x06\x00\x01'
	exec {fd}<>"/dev/udp/127.0.0.1/$port" || return 1
	printf "$q" >&$fd
	reply=$(timeout 0.5 head -c 2 <&$fd | od -An -tx1 | tr -d ' \n')
	exec {fd}>&-
	[ "$reply" = "1234" ]
}

_nsd_conf() { # DIR PORT
	local dir=$1 port=$2 z name
	cat <<CONF
server:
	ip-address: 127.0.0.1@$port
	port: $port
	do-ip6: no
	username: ""
	chroot: ""
	zonesdir: "$dir"
	database: ""
	zonelistfile: "$dir/zone.list"
	xfrdfile: "$dir/xfrd.state"
	xfrdir: "$dir"
	pidfile: "$dir/nsd.pid"
	logfile: "$dir/nsd.log"
	server-count: 1
	verbosity: 1
	hide-version: yes
	reuseport: no
	# no response-rate limiting: NSD's default (200 answers/s per class,
	# e.g. all NXDOMAINs of one zone) drops answers under a benchmark or a
	# test burst, which reads as timeouts (dns-bench: 10,000 forward
	# lookups of missing names took 47 s instead of about 2)
	rrl-ratelimit: 0
	rrl-whitelist-ratelimit: 0
remote-control:
	control-enable: no
CONF
	for z in "$NSD_ZONES_DIR"/*.zone; do
		[ -e "$z" ] || continue
		name=$(basename "$z" .zone)
		[ "$name" = root ] && name=.
		printf 'zone:\n\tname: "%s"\n\tzonefile: "%s"\n' "$name" "$z"
	done
}

# _nsd_watch PID: a watchdog that stops nsd when PID (the test) is gone,
# so a test killed before its nsd_stop leaves no server behind.
_nsd_watch() {
	local watch=$1 pid=$NSD_PID dir=$NSD_DIR
	(
		while kill -0 "$watch" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do
			sleep 1
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null
			sleep 1
			kill -9 "$pid" 2>/dev/null
			rm -rf "$dir"
		fi
	) </dev/null >/dev/null 2>&1 &
	disown $! 2>/dev/null
}

nsd_start() {
	local try port first i
	[ -x "$NSD_BIN" ] || { echo "nsd-run: nsd not installed" >&2; return 1; }
	first=$(ls "$NSD_ZONES_DIR"/*.zone 2>/dev/null | head -1)
	[ -n "$first" ] || { echo "nsd-run: no zone files in $NSD_ZONES_DIR" >&2; return 1; }
	first=$(basename "$first" .zone)
	[ "$first" = root ] && first=.
	NSD_DIR=$(mktemp -d /tmp/dr-nsd-XXXXXX)
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 40000))
		_nsd_conf "$NSD_DIR" "$port" >"$NSD_DIR/nsd.conf"
		"$NSD_BIN" -d -c "$NSD_DIR/nsd.conf" >"$NSD_DIR/stdout" 2>&1 &
		NSD_PID=$!
		for i in $(seq 1 50); do
			if _nsd_probe "$port" "$first" 2>/dev/null; then
				NSD_PORT=$port
				export NSD_PORT NSD_DIR NSD_PID
				_nsd_watch "${NSD_WATCH_PID:-$$}"
				echo "$NSD_PORT"
				return 0
			fi
			kill -0 "$NSD_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$NSD_PID" 2>/dev/null; wait "$NSD_PID" 2>/dev/null
	done
	echo "nsd-run: nsd did not start; log:" >&2
	cat "$NSD_DIR/nsd.log" "$NSD_DIR/stdout" >&2 2>/dev/null
	rm -rf "$NSD_DIR"
	return 1
}

nsd_stop() {
	local dir=${1:-$NSD_DIR} pid
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	pid=${NSD_PID:-$(cat "$dir/nsd.pid" 2>/dev/null)}
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$dir"
	NSD_DIR= NSD_PORT= NSD_PID=
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	case "${1:-}" in
	start)
		# optional: the PID whose end stops nsd (default: none, i.e.
		# this script's parent keeps it until "stop")
		NSD_WATCH_PID=${2:-$PPID} nsd_start >/dev/null || exit 1
		disown "$NSD_PID" 2>/dev/null
		echo "$NSD_PORT $NSD_DIR"
		;;
	stop)
		[ -n "${2:-}" ] || { echo "usage: $0 stop DIR" >&2; exit 64; }
		NSD_PID=$(cat "$2/nsd.pid" 2>/dev/null) nsd_stop "$2"
		;;
	*)
		echo "usage: $0 start | stop DIR" >&2
		exit 64
		;;
	esac
fi
