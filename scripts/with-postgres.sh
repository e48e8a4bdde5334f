#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: installs Debian's postgresql when
# missing, starts a private cluster on a local port, exports DATABASE_URL, and removes the
# cluster afterwards whatever the command's outcome.
set -euo pipefail

PG_PORT="${PG_PORT:-54329}"

find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    return 1
}

if ! PG_BIN=$(find_pg_bin); then
    echo "with-postgres: installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(find_pg_bin)
fi

# PostgreSQL refuses to run as root: the cluster belongs to an unprivileged account.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    RUN_AS=(runuser -u postgres --)
fi

CLUSTER=$(mktemp -d /tmp/ctlive-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$CLUSTER"

cleanup() {
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$CLUSTER"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$CLUSTER/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log" -w \
    -o "-p $PG_PORT -k $CLUSTER -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
    start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ctlive
# The testing environment's database, beside production's (ctlive/settings.py).
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ctlive_testing

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/ctlive"
echo "with-postgres: $DATABASE_URL" >&2
"$@"
