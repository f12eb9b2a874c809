#!/usr/bin/env bash
# Measures Sekisho's gateway against nginx and Caddy (Debian's packages) and
# the upstream directly, on this machine, loopback only, bounded in time.
# Results: JSON lines in $OUT (default /tmp/sekisho-perf/results.jsonl) and a
# summary on stdout, as reported in docs/performance.md.
#
#   bash scripts/perf.sh            # ~6 minutes on 2 cores
#
# Servers run on core 0, the load generator on core 1 (taskset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DUR=${DUR:-10s}
LAT_DUR=${LAT_DUR:-6s}
W=${W:-/tmp/sekisho-perf}
OUT=${OUT:-$W/results.jsonl}
rm -rf "$W"; mkdir -p "$W"
: > "$OUT"

need=()
for p in nginx caddy openssl curl jq util-linux; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p"); done
if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; fi
systemctl stop nginx caddy 2>/dev/null || true
pkill -x nginx 2>/dev/null || true; pkill -x caddy 2>/dev/null || true

CGO_ENABLED=0 go build -o "$W/sekisho" .
go build -o "$W/loadgen" ./tools/loadgen
SRV="taskset -c 0"; GEN="taskset -c 1"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# The upstream every proxy forwards to.
$SRV "$W/loadgen" -upstream 127.0.0.1:19000 & pids+=($!)

# Sekisho with 1,000 IP rules, 10,000 users and the access log on.
export SEKISHO_ADMIN_TOKEN=perf-token
GOMAXPROCS=1 $SRV "$W/sekisho" serve --data "$W/data" --admin 127.0.0.1:0 --portal 127.0.0.1:0 --gateway 127.0.0.1:18443 \
  --public-host 127.0.0.1 > "$W/sekisho.out" 2> "$W/sekisho.err" & SEK=$!; pids+=($SEK)
for _ in $(seq 100); do grep -q '^ready' "$W/sekisho.out" 2>/dev/null && break; sleep 0.1; done
ADMIN=$(awk '/^admin /{print $2}' "$W/sekisho.out")
api() {
  local body=${2-}
  [[ -n $body ]] || body='{}'
  curl -fsS -X POST "${ADMIN}api/$1" -H "Authorization: Bearer $SEKISHO_ADMIN_TOKEN" -d "$body"
}
# Every client here is 127.0.0.1, which the per-address connection limit
# (default 100) counts like any other address: the idle run holds 1,000.
api Settings.Update '{"keyAlgorithm":"ecdsa-p256","maxConnectionsPerAddress":2000}' >/dev/null
{ echo "code,name"; for i in $(seq -w 1 10000); do echo "u$i,User $i"; done; } > "$W/users.csv"
printf '{"csvBase64":"%s"}' "$(base64 -w0 "$W/users.csv")" > "$W/import.json"
api Users.ImportCSV "@$W/import.json" >/dev/null
api IPRules.Create '{"name":"loopback","address":"127.0.0.0/8","enabled":true,"confirm":true}' >/dev/null
for i in $(seq 1 999); do
  api IPRules.Create "{\"name\":\"r$i\",\"address\":\"10.$((i / 250)).$((i % 250)).0/24\",\"enabled\":true,\"confirm\":true}" >/dev/null
done
api Routes.Create '{"name":"bench","pathPrefix":"/","upstream":"http://127.0.0.1:19000","requireSignIn":false,"enabled":true}' >/dev/null
UID1=$(api Users.List '{"query":"u00001"}' | jq -r '.items[0].id')
api Users.SetRequireCert "{\"ids\":[\"$UID1\"],\"enabled\":true}" >/dev/null
ISSUED=$(api Certs.IssuePersonal "{\"userIds\":[\"$UID1\"],\"enabled\":true}")
PASS=$(jq -r '.items[0].passphrase' <<<"$ISSUED"); CID=$(jq -r '.items[0].cert.id' <<<"$ISSUED")
api Certs.Download "{\"id\":\"$CID\",\"format\":\"p12\"}" | jq -r .dataBase64 | base64 -d > "$W/client.p12"
openssl pkcs12 -in "$W/client.p12" -passin "pass:$PASS" -nodes -clcerts -nokeys -out "$W/client.pem" 2>/dev/null
openssl pkcs12 -in "$W/client.p12" -passin "pass:$PASS" -nodes -nocerts -out "$W/client.key" 2>/dev/null
api Certs.CA | jq -r .pem > "$W/ca.pem"
echo "sekisho ready: 1000 rules, 10000 users, route → 127.0.0.1:19000" >&2

# A server certificate for nginx and Caddy (self-signed; the client trusts it).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$W/srv.key" -out "$W/srv.pem" 2>/dev/null

cat > "$W/nginx.conf" <<NGX
worker_processes 1;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 4096; }
http {
  access_log off;
  upstream up { server 127.0.0.1:19000; keepalive 128; }
  server {
    listen 127.0.0.1:18444 ssl;
    ssl_certificate $W/srv.pem; ssl_certificate_key $W/srv.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_client_certificate $W/ca.pem; ssl_verify_client on;
    keepalive_requests 1000000;
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
$SRV nginx -c "$W/nginx.conf" -g 'daemon off;' & pids+=($!)

cat > "$W/Caddyfile" <<CDY
{
  admin off
  auto_https off
}
# localhost, not 127.0.0.1: with client auth Caddy enforces SNI = Host, and
# clients send no SNI for IP addresses.
https://localhost:18445 {
  tls $W/srv.pem $W/srv.key {
    client_auth {
      mode require_and_verify
      trusted_ca_cert_file $W/ca.pem
    }
  }
  reverse_proxy 127.0.0.1:19000
}
CDY
GOMAXPROCS=1 $SRV caddy run --config "$W/Caddyfile" --adapter caddyfile > "$W/caddy.log" 2>&1 & pids+=($!)

# The issue's reference point: a plain httputil.ReverseProxy with a tuned
# transport behind TLS client authentication (tools/loadgen -proxy).
GOMAXPROCS=1 $SRV "$W/loadgen" -proxy 127.0.0.1:18446 -to http://127.0.0.1:19000 -srv-cert "$W/srv.pem" -srv-key "$W/srv.key" -ca "$W/ca.pem" & pids+=($!)
sleep 2

run() { # label url ca [loadgen flags…]
  local label=$1 url=$2 ca=$3; shift 3
  $GEN "$W/loadgen" -label "$label" -url "$url" -cert "$W/client.pem" -key "$W/client.key" -ca "$ca" "$@" | tee -a "$OUT"
}
G=https://127.0.0.1:18443/ N=https://127.0.0.1:18444/ C=https://localhost:18445/ P=https://127.0.0.1:18446/ D=http://127.0.0.1:19000/
# Throughput, closed loop, c = 32; the targets take turns, THR_ROUNDS times.
for round in $(seq "${THR_ROUNDS:-2}"); do
  for mode in keepalive newconn; do
    flag=(); [[ $mode == newconn ]] && flag=(-new-conn)
    run "sekisho/$mode" $G "$W/ca.pem" -c 32 -d "$DUR" "${flag[@]}"
    run "nginx/$mode"   $N "$W/srv.pem" -c 32 -d "$DUR" "${flag[@]}"
    run "caddy/$mode"   $C "$W/srv.pem" -c 32 -d "$DUR" "${flag[@]}"
    run "goproxy/$mode" $P "$W/srv.pem" -c 32 -d "$DUR" "${flag[@]}"
    run "direct/$mode"  $D "$W/ca.pem" -c 32 -d "$DUR" "${flag[@]}"
  done
done
# Latency at a steady 2,000 req/s (open loop), the targets taking turns
# LAT_ROUNDS times: a single run's p99 on this VM can be spoilt by one
# hiccup of the host, so the summary takes the median run.
for round in $(seq "${LAT_ROUNDS:-5}"); do
  run "direct/open2000"  $D "$W/ca.pem" -rate 2000 -d "$LAT_DUR"
  run "sekisho/open2000" $G "$W/ca.pem" -rate 2000 -d "$LAT_DUR"
  run "nginx/open2000"   $N "$W/srv.pem" -rate 2000 -d "$LAT_DUR"
  run "caddy/open2000"   $C "$W/srv.pem" -rate 2000 -d "$LAT_DUR"
done

# Memory at 1,000 idle keep-alive connections.
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
before=$(rss $SEK)
$GEN "$W/loadgen" -url $G -cert "$W/client.pem" -key "$W/client.key" -ca "$W/ca.pem" -idle 1000 -d 8s > /dev/null & hold=$!
sleep 6
during=$(rss $SEK)
wait $hold || true
echo "{\"label\":\"sekisho/idle1000\",\"rssBeforeKB\":$before,\"rssWithIdleKB\":$during,\"perConnKB\":$(( (during - before) / 1000 ))}" | tee -a "$OUT"
echo "access log: $(api Access.List '{"pageSize":10}' | jq -c '{total,dropped}')" >&2

# Summary: the median over the rounds of each target and mode.
echo "--- median of the rounds (label: req/s, p50 ms, p99 ms)" >&2
jq -s -r 'def med: sort | .[((length - 1) / 2 | floor)];
  map(select(.rps != null)) | group_by(.label)[] |
  "\(.[0].label): \(map(.rps) | med | floor) req/s, p50 \(map(.p50ms) | med), p99 \(map(.p99ms) | med) (\(length) runs)"' "$OUT" >&2
