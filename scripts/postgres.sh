# Sourced by scripts/test.sh: a throwaway PostgreSQL server for the test run.
# Installs Debian's package when no server is on the machine, runs it as the postgres
# user in a temporary directory on a private port, and stops it when the shell exits.

find_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_postgres() {
    local bin
    bin=$(find_pg_bin)
    if [ -z "$bin" ]; then
        echo "installing PostgreSQL from Debian packages"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(find_pg_bin)
    fi
    PG_DIR=$(mktemp -d /tmp/mercato-pg.XXXXXX)
    chown postgres "$PG_DIR"
    local port=${MERCATO_PG_PORT:-55432}
    runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    trap 'runuser -u postgres -- "'"$bin"'/pg_ctl" -D "'"$PG_DIR"'/data" -m fast stop >/dev/null; rm -rf "'"$PG_DIR"'"' EXIT
    runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" mercato_test
    POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/mercato_test"
    export POSTGRES_URL
}
