#!/usr/bin/env bash
# Starts and stops the local FHIR test server (see README.md).
#   ctl.sh start DIR   generate keys/certs in DIR, start the server, wait until it answers, print the base URL
#   ctl.sh stop DIR    stop the server whose PID is in DIR/pid (no error if not running)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
START_TIMEOUT_S=30
STOP_GRACE_S=5
CERT_DAYS=30

die() { echo "ctl.sh: $*" >&2; exit 1; }

# True if PID is alive and is this directory's server.js (not a recycled PID).
is_our_server() {
  local pid=$1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$HERE/server.js"
}

stop_server() {
  local dir=$1 pid
  pid=$(cat "$dir/pid" 2>/dev/null || true)
  if [[ -n "$pid" ]] && is_our_server "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < STOP_GRACE_S * 10; i++)); do
      is_our_server "$pid" || break
      sleep 0.1
    done
    if is_our_server "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/pid" "$dir/server.json"
}

# Runs openssl, showing its chatter only if it fails.
openssl_quiet() {
  local err
  if ! err=$(openssl "$@" 2>&1 >/dev/null); then
    printf 'openssl %s failed:\n%s\n' "$1" "$err" >&2
    return 1
  fi
}

make_ca() { # name CN
  openssl_quiet req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$1-key.pem" -out "$1.pem" -days "$CERT_DAYS" -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

make_leaf() { # name CN extensions
  local ext
  ext=$(mktemp)
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" "$3" >"$ext"
  openssl_quiet req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$1-key.pem" -out "$1.csr" -subj "/CN=$2"
  openssl_quiet x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
    -days "$CERT_DAYS" -extfile "$ext" -out "$1.pem"
  rm -f "$1.csr" "$ext"
}

make_client_key() { # name genpkey-options...
  local name=$1
  shift
  openssl_quiet genpkey "$@" -out "$name.key.pem"
  openssl_quiet pkey -in "$name.key.pem" -pubout -out "$name.pub.pem"
}

random_secret() { # file: 32 random bytes as hex, no trailing newline
  printf '%s' "$(openssl rand -hex 32)" >"$1"
}

FILES=(ca.pem ca-key.pem other-ca.pem other-ca-key.pem server.pem server-key.pem wrong-name.pem wrong-name-key.pem
  client.pem client-key.pem
  rs384-client.key.pem rs384-client.pub.pem es384-client.key.pem es384-client.pub.pem static-token secret-client.secret)

# Keys and certificates are reused from an earlier run unless one is missing or
# the server certificate expires within a day.
credentials_missing() {
  local dir=$1 f
  for f in "${FILES[@]}"; do
    [[ -s "$dir/$f" ]] || return 0
  done
  ! openssl x509 -in "$dir/server.pem" -noout -checkend 86400 >/dev/null 2>&1
}

generate_credentials() {
  (
    cd "$1"
    umask 077
    rm -f "${FILES[@]}" ca.srl
    make_ca ca "als-adapter test CA"
    make_ca other-ca "als-adapter untrusted CA"
    make_leaf server "127.0.0.1" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
    # Trusted, but for another name: the client must refuse it (host name check).
    make_leaf wrong-name "elsewhere.invalid" "subjectAltName=DNS:elsewhere.invalid
extendedKeyUsage=serverAuth"
    make_leaf client "als-adapter test client" "extendedKeyUsage=clientAuth"
    make_client_key rs384-client -algorithm RSA -pkeyopt rsa_keygen_bits:2048
    make_client_key es384-client -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve
    random_secret static-token
    random_secret secret-client.secret
    chmod 644 ca.pem other-ca.pem server.pem wrong-name.pem client.pem ./*.pub.pem
  )
}

ensure_node_modules() {
  [[ -d "$HERE/node_modules/@medplum/fhir-router" ]] && return
  echo "ctl.sh: installing node packages (npm ci)" >&2
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2
}

# GET /fhir/metadata over bash's /dev/tcp; true on a 200 answer.
metadata_answers() {
  local port=$1 status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /fhir/metadata HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
  IFS= read -r -t 5 status <&3 || status=
  exec 3<&- 3>&-
  [[ "$status" == "HTTP/1.1 200"* ]]
}

http_port() {
  sed -n 's|.*"http": *"http://127\.0\.0\.1:\([0-9]*\)".*|\1|p' "$1/server.json" 2>/dev/null || true
}

fail_start() { # dir pid message
  echo "ctl.sh: $3; last lines of $1/server.log:" >&2
  tail -n 30 "$1/server.log" >&2 || true
  if [[ -n "$2" ]]; then
    kill -KILL "$2" 2>/dev/null || true
  fi
  rm -f "$1/pid" "$1/server.json"
  exit 1
}

start_server() {
  local dir=$1 pid port deadline
  command -v node >/dev/null || die "node not found"
  command -v openssl >/dev/null || die "openssl not found"
  stop_server "$dir"
  if credentials_missing "$dir"; then
    generate_credentials "$dir"
  fi
  ensure_node_modules
  echo "--- ctl.sh start $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$dir/server.log"
  # setsid: the server outlives the calling shell and its process group.
  setsid node --experimental-websocket "$HERE/server.js" "$dir" </dev/null >>"$dir/server.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/pid"
  deadline=$((SECONDS + START_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || fail_start "$dir" "" "server exited during start-up"
    port=$(http_port "$dir")
    if [[ -n "$port" ]] && metadata_answers "$port" 2>/dev/null; then
      echo "http://127.0.0.1:$port/fhir"
      return 0
    fi
    sleep 0.1
  done
  fail_start "$dir" "$pid" "server did not answer GET /fhir/metadata within ${START_TIMEOUT_S}s"
}

main() {
  (($# == 2)) || die "usage: ctl.sh start|stop DIR"
  local command=$1 dir=$2
  case "$command" in
    start)
      mkdir -p "$dir"
      dir=$(cd "$dir" && pwd)
      start_server "$dir"
      ;;
    stop)
      [[ -d "$dir" ]] || exit 0
      dir=$(cd "$dir" && pwd)
      stop_server "$dir"
      ;;
    *) die "usage: ctl.sh start|stop DIR" ;;
  esac
}

main "$@"
