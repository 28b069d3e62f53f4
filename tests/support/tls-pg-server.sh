#!/bin/bash
# tls-pg-server.sh certs|start|stop DIR [PORT CERT]: a throwaway PostgreSQL 15 with TLS for tst_postgrestls.
#   certs DIR            a throwaway CA (ca.crt), a second unrelated CA (other-ca.crt), and two server
#                        certificates signed by ca.crt for the name localhost only: server (valid now) and
#                        expired (valid for one day in 2020); then an empty cluster in DIR/data
#   start DIR PORT CERT  starts the cluster on 127.0.0.1:PORT with ssl=on and DIR/CERT.crt / DIR/CERT.key
#   stop DIR             stops it (immediately: the data is thrown away with DIR)
# Trust authentication, for tests only. Finds the binaries as packaging/scripts/pg-test-server.sh does and, run
# as root, runs the server as postgres. Exits non-zero with the reason when initdb or openssl is missing.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
command -v openssl >/dev/null || { echo "openssl is not installed (packaging/scripts/install-deps.sh)" >&2; exit 3; }
[ -x "$PGBIN/initdb" ] || { echo "$PGBIN/initdb is not installed (postgresql-15)" >&2; exit 3; }
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
dir=${2:?usage: $0 certs|start|stop DIR [PORT CERT]}

# A leaf certificate for localhost signed by ca.crt, valid from $3 to $4 (openssl ca date form).
sign() {
  local name=$1 start=$2 end=$3
  openssl req -new -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj /CN=localhost 2>/dev/null
  printf 'subjectAltName=DNS:localhost\n' >"$name.ext"
  openssl ca -batch -config ca.cnf -in "$name.csr" -out "$name.crt" -startdate "$start" -enddate "$end" \
    -extfile "$name.ext" -notext 2>/dev/null
  chmod 600 "$name.key"
}

case "$1" in
certs)
  mkdir -p "$dir" && cd "$dir"
  for ca in ca other-ca; do
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ca.key" -out "$ca.crt" -days 2 \
      -subj "/CN=Sextant test $ca" 2>/dev/null
  done
  mkdir -p ca-db && : >ca-db/index.txt && echo 1000 >ca-db/serial
  cat >ca.cnf <<EOF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
certificate = ca.crt
private_key = ca.key
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
EOF
  sign server "$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ)" "$(date -u -d '+1 day' +%Y%m%d%H%M%SZ)"
  sign expired 20200101000000Z 20200102000000Z
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  ;;
start)
  port=${3:?port} cert=${4:?certificate name}
  as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on \
        -c ssl_cert_file=$dir/$cert.crt -c ssl_key_file=$dir/$cert.key" \
    start >/dev/null || { echo "PostgreSQL did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  fi
  ;;
*) echo "usage: $0 certs|start|stop DIR [PORT CERT]" >&2; exit 2;;
esac
