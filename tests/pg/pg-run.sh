#!/usr/bin/env bash
# tests/pg/pg-run.sh -- a throwaway PostgreSQL 15 server (and, on demand, a
# streaming-replication hot standby of it) for one test.
#
# Sourced (tests/integration/lib.sh's need_pg does; its pg_start and
# pg_standby call pg_run_start and pg_run_standby and fail the test when
# they fail):
#   . tests/pg/pg-run.sh
#   pg_find || skip       the server binaries (0 found, 1 not: PG_WHY says why)
#   pg_run_start          initdb + start the primary, create the test role and
#                         database; the EXIT trap stops and removes it all
#   pg_run_standby        a hot standby of the primary (pg_basebackup -R)
#   pg_wait_replay [S]    wait (S seconds, default 60) until the standby has
#                         replayed the primary's current WAL position
#   pg_sql SQL            run SQL as superuser on the primary ("dbname=X"
#                         in PG_SQL_DB picks another database); -At output
#   pg_sql_standby SQL    the same on the standby
#   pg_newdb NAME         a fresh database NAME owned by the test role;
#                         prints its conninfo (PG_CONNINFO with dbname=NAME)
#   pg_restart_immediate  pg_ctl restart -m immediate (a crash and recovery)
#   pg_stop [MODE]        stop the primary (fast unless MODE); pg_start_again
#   pg_stop_all           stop every server and remove PG_DIR (the EXIT trap)
# As a command (for a person at a shell, or a script that is not a test):
#   bash tests/pg/pg-run.sh [--standby] COMMAND [ARG...]
#   starts the server(s), runs COMMAND with the variables below exported,
#   stops and removes everything, and exits with COMMAND's status.
#
# Exported after pg_run_start:
#   PG_BIN        the server's bin directory (initdb, pg_ctl, psql, ...)
#   PG_DIR        the temporary directory (data, sockets, logs; removed at exit)
#   PG_SOCK       the Unix socket directory (trust, superuser)
#   PG_PORT       the primary's loopback TCP port (random, free)
#   PG_SUPER      superuser conninfo over the socket (user=postgres)
#   PG_USER PG_PASSWORD PG_DB   the test role (scram-sha-256 on TCP) and its
#                 database (dmarc, owned by it)
#   PG_CONNINFO   "host=127.0.0.1 port=P user=dr_test dbname=dmarc": no
#                 password in it; libpq reads it from PGPASSFILE (exported,
#                 a 0600 file in PG_DIR), as ~/.pgpass would in production
#   PG_URI        postgresql://dr_test:PASSWORD@127.0.0.1:P/dmarc -- the
#                 password in the URI, for the redaction tests
#   PG_LOG        the primary's server log
#   PG_LOCALE PG_ICU_LOCALE   the cluster's locale (never C: see below)
#   PG_STANDBY_PORT PG_STANDBY_CONNINFO PG_STANDBY_URI PG_STANDBY_LOG
#                 after pg_run_standby
#
# Design rationale:
# - Unprivileged server.  PostgreSQL refuses to run as root, and CI runs as
#   root.  As root we use the `postgres` system user: the Debian package that
#   ships the binaries (postgresql-common) creates it, it owns nothing of
#   ours, and the cluster lives in our own temp dir, never in
#   /var/lib/postgresql.  Only when it is missing (binaries from elsewhere)
#   a system user `dr-pgtest` is created (useradd --system, no home, no
#   shell).  Not root: the current user runs the server.
# - Not the C locale.  Our SQL must give SQLite's byte order whatever the
#   server's locale (COLLATE "C" on text columns).  With ICU (Debian builds
#   with it) the database's default collation is ICU's en-US, which sorts
#   'a' before 'B' -- the C order sorts 'B' first -- so a missing COLLATE
#   "C" shows; LC_CTYPE is C.UTF-8 (or another UTF-8 locale of the
#   machine).  Without ICU: a non-C UTF-8 libc locale, en_US.UTF-8 first.
# - Authentication: trust on the Unix socket, in a 0700 directory (only this
#   user -- and root -- reach it); scram-sha-256 on 127.0.0.1 for the test
#   role and the replication role, so the password paths are real.
# - Durability as in production: fsync, synchronous_commit and
#   full_page_writes on, explicitly (tests measure real commits and crash
#   recovery with restart -m immediate).
# - Ports: a random free port on 127.0.0.1 (bash /dev/tcp probe), and a
#   retry with another one when the start loses a race for it.  The 60NN
#   tests also share a ctest RESOURCE_LOCK (tests/CMakeLists.txt): on two
#   cores two clusters at once only make both slow.
# - Cleanup: the EXIT trap (chained before the one already set) stops each
#   server fast, then immediate, then kills its postmaster by pid, and
#   removes PG_DIR.  pg_ctl detaches the postmaster from our process group,
#   so a test killed with SIGKILL (a ctest timeout) would leave it running:
#   a watchdog (setsid) stops the servers when the test's shell is gone.

PG_TEST_USER=dr_test
PG_REPL_USER=dr_repl
PG_SERVERS=""          # data directories started by us (primary, standby)
PG_WATCHDOG=""

# pg__say MSG -- one line on stderr, prefixed.
pg__say() { echo "pg-run: $*" >&2; }

# pg_find -- sets PG_BIN to a bin directory holding initdb, pg_ctl, postgres,
# pg_basebackup and psql.  PG_BIN from the environment wins; then version 15
# (the issue's), via pg_config --bindir or Debian's versioned directory; then
# the newest /usr/lib/postgresql/*/bin.  Returns 1 with PG_WHY set.
pg_find() {
	local c cands="" t
	[ -n "${PG_BIN:-}" ] && cands="$PG_BIN"
	if command -v pg_config > /dev/null 2>&1; then
		cands="$cands $(pg_config --bindir 2>/dev/null)"
	fi
	cands="$cands /usr/lib/postgresql/15/bin"
	for c in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -rn); do
		cands="$cands $c"
	done
	for c in $cands; do
		for t in initdb pg_ctl postgres pg_basebackup psql; do
			[ -x "$c/$t" ] || continue 2
		done
		PG_BIN=$c
		export PG_BIN
		return 0
	done
	PG_WHY="no PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_basebackup, psql) in:${cands} (Debian: apt-get install postgresql-15, or bash util/deps.sh --test)"
	return 1
}

# pg__as CMD... -- run CMD as the server's user, from PG_DIR (a cwd the
# server user may not enter makes initdb and pg_ctl complain).
pg__as() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$PG_DIR" && runuser -u "$PG_OS_USER" -- "$@")
	else
		(cd "$PG_DIR" && "$@")
	fi
}

# pg__os_user -- PG_OS_USER, see the design rationale.
pg__os_user() {
	if [ "$(id -u)" -ne 0 ]; then
		PG_OS_USER=$(id -un)
	elif getent passwd postgres > /dev/null; then
		PG_OS_USER=postgres
	else
		PG_OS_USER=dr-pgtest
		getent passwd "$PG_OS_USER" > /dev/null ||
		    useradd --system --no-create-home --home-dir /nonexistent \
		    --shell /usr/sbin/nologin "$PG_OS_USER" || return 1
	fi
	export PG_OS_USER
}

# pg__locale -- PG_LOCALE (LC_COLLATE/LC_CTYPE) and PG_ICU_LOCALE ("" when
# the libc locale itself must be the non-C one).
pg__locale() {
	local all l
	all=$(locale -a 2>/dev/null)
	PG_LOCALE=""
	for l in en_US.UTF-8 en_US.utf8 C.UTF-8 C.utf8; do
		if printf '%s\n' "$all" | grep -qix -- "$l"; then PG_LOCALE=$l; break; fi
	done
	if [ -z "$PG_LOCALE" ]; then
		PG_LOCALE=$(printf '%s\n' "$all" | grep -i 'utf-\?8$' | head -1)
	fi
	[ -n "$PG_LOCALE" ] || { PG_WHY="no UTF-8 locale (locale -a)"; return 1; }
	PG_ICU_LOCALE=""
	if "$PG_BIN/pg_config" --configure 2>/dev/null | grep -q -- "--with-icu" ||
	    { ! [ -x "$PG_BIN/pg_config" ] &&
	    pg_config --configure 2>/dev/null | grep -q -- "--with-icu"; }; then
		PG_ICU_LOCALE=en-US
	elif printf '%s' "$PG_LOCALE" | grep -qi '^c\.'; then
		PG_WHY="no ICU and no non-C UTF-8 locale (only $PG_LOCALE)"
		return 1
	fi
	export PG_LOCALE PG_ICU_LOCALE
}

# pg__free_port -- a port in 20000..59999 nothing listens on (TCP loopback)
# and with no socket file of ours.
pg__free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		[ -e "$PG_SOCK/.s.PGSQL.$p" ] && continue
		if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# pg__conf DATADIR PORT -- the settings both servers share.
pg__conf() {
	cat >> "$1/postgresql.conf" <<-EOF
	# tests/pg/pg-run.sh
	port = $2
	listen_addresses = '127.0.0.1'
	unix_socket_directories = '$PG_SOCK'
	fsync = on
	synchronous_commit = on
	full_page_writes = on
	wal_level = replica
	max_wal_senders = 4
	hot_standby = on
	max_connections = 40
	shared_buffers = 16MB
	password_encryption = 'scram-sha-256'
	log_min_messages = warning
	log_connections = off
	EOF
}

# pg__start_server DATADIR LOG -- pg_ctl start -w, retried on a new port when
# the chosen one was taken meanwhile.  Sets PG__PORT.
pg__start_server() {
	local d=$1 log=$2 try
	for try in 1 2 3 4 5; do
		PG__PORT=$(pg__free_port) || { pg__say "no free port"; return 1; }
		pg__conf "$d" "$PG__PORT"
		# listed before it starts: a signal during the start stops it too
		case " $PG_SERVERS " in *" $d "*) ;; *) PG_SERVERS="$PG_SERVERS $d" ;; esac
		if pg__as "$PG_BIN/pg_ctl" -D "$d" -l "$log" -w -t 120 start > /dev/null; then
			return 0
		fi
		if ! grep -q 'could not bind\|could not create listen socket\|Address already in use' "$log"; then
			pg__say "server did not start ($d); its log:"
			tail -20 "$log" >&2
			return 1
		fi
	done
	pg__say "server did not start: no port after 5 tries"
	return 1
}

# pg__stop_server DATADIR -- fast, then immediate, then SIGKILL by pid.
pg__stop_server() {
	local d=$1 pid
	[ -f "$d/postmaster.pid" ] || return 0
	pg__as "$PG_BIN/pg_ctl" -D "$d" -m fast -t 30 -w stop > /dev/null 2>&1 ||
	    pg__as "$PG_BIN/pg_ctl" -D "$d" -m immediate -t 30 -w stop > /dev/null 2>&1
	if [ -f "$d/postmaster.pid" ]; then
		pid=$(head -1 "$d/postmaster.pid")
		case $pid in
		''|*[!0-9]*) ;;
		*) kill -9 "$pid" 2>/dev/null ;;
		esac
	fi
	return 0
}

# pg_stop_all -- a second signal (a ctest timeout, ^C twice) must not cut
# the cleanup short: ignored meanwhile.  The watchdog goes last: if we are
# killed before PG_DIR is gone, it finishes the job.
pg_stop_all() {
	local d
	trap '' HUP INT TERM
	for d in $PG_SERVERS; do pg__stop_server "$d"; done
	PG_SERVERS=""
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] && [ "${DR_KEEP:-0}" != 1 ]; then
		rm -rf "$PG_DIR"
	fi
	if [ -n "$PG_WATCHDOG" ]; then
		kill "$PG_WATCHDOG" 2>/dev/null
		PG_WATCHDOG=""
	fi
}

# pg__trap -- run pg_stop_all first at exit, then what the EXIT trap did
# before (lib.sh removes $T); a signal exits through it.
pg__trap() {
	local prev
	prev=$(trap -p EXIT)
	if [ -n "$prev" ]; then
		eval "set -- $prev"
		# trap -- 'COMMAND' EXIT
		case $3 in *pg_stop_all*) return 0 ;; esac
		trap "pg_stop_all; $3" EXIT
	else
		trap pg_stop_all EXIT
	fi
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# pg__watchdog -- outlives a SIGKILLed test: when the shell $$ is gone, stop
# the servers (immediate) and remove PG_DIR.  Started in its own session so
# a kill of the test's process group does not take it along.
pg__watchdog() {
	local me=$$ dirs
	command -v setsid > /dev/null 2>&1 || return 0
	dirs="$PG_DIR/primary $PG_DIR/standby"
	setsid bash -c '
		me=$1 dir=$2 bin=$3 user=$4; shift 4
		trap "exit 0" TERM
		while kill -0 "$me" 2>/dev/null && [ -d "$dir" ]; do sleep 2; done
		[ -d "$dir" ] || exit 0
		for d in "$@"; do
			[ -f "$d/postmaster.pid" ] || continue
			if [ "$(id -u)" -eq 0 ]; then
				(cd / && runuser -u "$user" -- "$bin/pg_ctl" -D "$d" -m immediate stop)
			else
				"$bin/pg_ctl" -D "$d" -m immediate stop
			fi
		done > /dev/null 2>&1
		rm -rf "$dir"' pg-watchdog "$me" "$PG_DIR" "$PG_BIN" "$PG_OS_USER" \
	    $dirs < /dev/null > /dev/null 2>&1 &
	PG_WATCHDOG=$!
}

# pg_sql SQL -- as superuser on the primary's socket; unaligned, tuples only.
pg_sql() {
	PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 \
	    "$PG_SUPER ${PG_SQL_DB:-dbname=$PG_DB}" -c "$1"
}

pg_sql_standby() {
	PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 \
	    "host=$PG_SOCK port=$PG_STANDBY_PORT user=postgres ${PG_SQL_DB:-dbname=$PG_DB}" \
	    -c "$1"
}

# pg_run_start -- see the top of the file.  Returns 1 (after one line on
# stderr) when anything fails; the caller decides skip or fail.
pg_run_start() {
	[ -n "${PG_BIN:-}" ] || pg_find || { pg__say "$PG_WHY"; return 1; }
	pg__os_user || { pg__say "cannot create the system user dr-pgtest"; return 1; }
	pg__locale || { pg__say "$PG_WHY"; return 1; }
	PG_DIR=$(mktemp -d /tmp/dr-pg-XXXXXX) || return 1
	export PG_DIR
	pg__trap
	PG_SOCK=$PG_DIR/sock
	mkdir -m 0700 "$PG_SOCK"
	[ "$(id -u)" -eq 0 ] && chown -R "$PG_OS_USER" "$PG_DIR"
	pg__watchdog
	PG_PASSWORD=pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	PG_REPL_PASSWORD=rp-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	set -- --locale="$PG_LOCALE"
	[ -n "$PG_ICU_LOCALE" ] && set -- "$@" --locale-provider=icu --icu-locale="$PG_ICU_LOCALE"
	if ! pg__as "$PG_BIN/initdb" -D "$PG_DIR/primary" -U postgres -E UTF8 "$@" \
	    --auth-local=trust --auth-host=scram-sha-256 > "$PG_DIR/initdb.log" 2>&1; then
		pg__say "initdb failed:"
		tail -20 "$PG_DIR/initdb.log" >&2
		return 1
	fi
	PG_LOG=$PG_DIR/primary.log
	pg__start_server "$PG_DIR/primary" "$PG_LOG" || return 1
	PG_PORT=$PG__PORT
	PG_USER=$PG_TEST_USER
	PG_DB=dmarc
	PG_SUPER="host=$PG_SOCK port=$PG_PORT user=postgres"
	PG_CONNINFO="host=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=$PG_DB"
	PG_URI="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
	PGPASSFILE=$PG_DIR/pgpass
	( umask 077
	  echo "127.0.0.1:*:*:$PG_USER:$PG_PASSWORD" > "$PGPASSFILE" )
	export PG_SOCK PG_PORT PG_SUPER PG_USER PG_PASSWORD PG_DB PG_CONNINFO \
	    PG_URI PG_LOG PGPASSFILE
	PG_SQL_DB=dbname=postgres pg_sql "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
	    CREATE ROLE $PG_REPL_USER LOGIN REPLICATION PASSWORD '$PG_REPL_PASSWORD';" &&
	PG_SQL_DB=dbname=postgres pg_sql "CREATE DATABASE $PG_DB OWNER $PG_USER" || {
		pg__say "cannot create the test role and database"
		return 1
	}
}

# pg_newdb NAME -- a fresh database owned by the test role; prints its
# conninfo (no password: PGPASSFILE has it).
pg_newdb() {
	PG_SQL_DB=dbname=postgres pg_sql "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" &&
	PG_SQL_DB=dbname=postgres pg_sql "CREATE DATABASE \"$1\" OWNER $PG_USER" &&
	echo "host=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=$1"
}

# pg_run_standby -- a streaming-replication hot standby of the primary, on its
# own random loopback port, replicating over TCP as the replication role
# (scram-sha-256; pg_basebackup -R writes primary_conninfo and
# standby.signal).
pg_run_standby() {
	local d=$PG_DIR/standby
	if ! PGPASSWORD=$PG_REPL_PASSWORD pg__as "$PG_BIN/pg_basebackup" -D "$d" -R \
	    -X stream -c fast -d "host=127.0.0.1 port=$PG_PORT user=$PG_REPL_USER" \
	    > "$PG_DIR/basebackup.log" 2>&1; then
		pg__say "pg_basebackup failed:"
		tail -20 "$PG_DIR/basebackup.log" >&2
		return 1
	fi
	# the copied postgresql.conf names the primary's port: ours come last
	PG_STANDBY_LOG=$PG_DIR/standby.log
	pg__start_server "$d" "$PG_STANDBY_LOG" || return 1
	PG_STANDBY_PORT=$PG__PORT
	PG_STANDBY_CONNINFO="host=127.0.0.1 port=$PG_STANDBY_PORT user=$PG_USER dbname=$PG_DB"
	PG_STANDBY_URI="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_STANDBY_PORT/$PG_DB"
	export PG_STANDBY_PORT PG_STANDBY_CONNINFO PG_STANDBY_URI PG_STANDBY_LOG
	[ "$(pg_sql_standby 'SELECT pg_is_in_recovery()')" = t ] || {
		pg__say "the standby is not in recovery"
		return 1
	}
}

# pg_wait_replay [SECONDS] -- until the standby's replay position reaches
# the primary's current WAL position (taken once, now).
pg_wait_replay() {
	local lsn i max=${1:-60}
	lsn=$(pg_sql 'SELECT pg_current_wal_lsn()') || return 1
	for i in $(seq 1 $((max * 10))); do
		[ "$(pg_sql_standby "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] &&
		    return 0
		sleep 0.1
	done
	pg__say "the standby did not replay $lsn within ${max}s"
	return 1
}

# pg_restart_immediate -- the primary crashes (no shutdown checkpoint) and
# comes back after crash recovery, on the same port.
pg_restart_immediate() {
	pg__as "$PG_BIN/pg_ctl" -D "$PG_DIR/primary" -l "$PG_LOG" -m immediate \
	    -w -t 120 restart > /dev/null
}

pg_stop() {
	pg__as "$PG_BIN/pg_ctl" -D "$PG_DIR/primary" -m "${1:-fast}" -w -t 60 \
	    stop > /dev/null
}

pg_start_again() {
	pg__as "$PG_BIN/pg_ctl" -D "$PG_DIR/primary" -l "$PG_LOG" -w -t 120 \
	    start > /dev/null
}

# --- command mode -------------------------------------------------------
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	want_standby=0
	if [ "${1:-}" = --standby ]; then want_standby=1; shift; fi
	if [ $# -eq 0 ]; then
		echo "usage: bash tests/pg/pg-run.sh [--standby] COMMAND [ARG...]" >&2
		exit 64
	fi
	if ! pg_find; then
		pg__say "$PG_WHY"
		[ -n "${CI+set}" ] && exit 1
		exit 77
	fi
	pg_run_start || exit 1
	if [ $want_standby = 1 ]; then pg_run_standby || exit 1; fi
	export -f pg_sql pg_sql_standby pg_newdb pg_wait_replay \
	    pg_restart_immediate pg_stop pg_start_again pg__as
	export PG_OS_USER PG_REPL_PASSWORD
	# In the background, so that a signal is handled now (bash runs traps
	# only between foreground commands): passed on, then the EXIT trap.
	exec 3<&0
	"$@" <&3 3<&- &
	child=$!
	trap 'kill -HUP $child 2>/dev/null; exit 129' HUP
	trap 'kill -INT $child 2>/dev/null; exit 130' INT
	trap 'kill -TERM $child 2>/dev/null; exit 143' TERM
	wait $child
	rc=$?
	exit $rc
fi
