#!/usr/bin/env bash
# refresh-crl.sh: fetch Sekisho's CRL for nginx (or any server that reads a
# CRL file), check it, and swap it in atomically. The installed CRL is left
# untouched unless every check passes.
#
#   refresh-crl.sh URL CA_FILE CRL_FILE [COMMAND [ARG...]]
#
#   URL       the portal's CRL, e.g. https://SEKISHO:7443/crl.pem
#   CA_FILE   Sekisho's CA certificate (PEM), fetched once by hand and
#             checked by its fingerprint
#   CRL_FILE  the CRL the server reads (nginx: ssl_crl)
#   COMMAND   run after a new CRL was installed, e.g. systemctl reload nginx
#
# Exit status: 0 when the CRL was installed or is unchanged (COMMAND is then
# not run), 1 when it was refused (the reason is on stderr), 2 on wrong
# usage; after an install, COMMAND's.
#
# The checks, in order:
#  - the download succeeds over HTTPS, the portal's certificate verified
#    against CA_FILE;
#  - `openssl crl -CAfile` prints the exact line "verify OK". Its exit status
#    is not enough: OpenSSL 3.0 prints "verify failure" for a CRL signed by
#    another key and still exits 0;
#  - lastUpdate is not in the future and nextUpdate is: nginx refuses every
#    client certificate while its CRL is expired or not yet valid;
#  - the CRL number is not below the installed CRL's (when that one is from
#    the same CA), so an older CRL, from before a revocation, cannot replace
#    a newer one.
set -euo pipefail
export LC_ALL=C

if [ $# -lt 3 ]; then
  echo "usage: refresh-crl.sh URL CA_FILE CRL_FILE [COMMAND [ARG...]]" >&2
  exit 2
fi
url=$1 ca=$2 crl=$3
shift 3

refuse() {
  echo "refresh-crl: $*; kept $crl as it was" >&2
  exit 1
}

# verified FILE: the CRL in FILE is signed by CA_FILE's key.
verified() {
  local out
  out=$(openssl crl -in "$1" -CAfile "$ca" -noout 2>&1) && grep -qx 'verify OK' <<<"$out"
}

# stamp FILE FIELD: lastUpdate or nextUpdate as YYYYMMDDhhmmss (UTC), which
# compares as text; fails when the field is missing ("NONE") or unreadable.
stamp() {
  openssl crl -in "$1" -noout "-$(tr 'A-Z' 'a-z' <<<"$2")" 2>/dev/null | sed -n "s/^$2=//p" |
    awk '{ m = index("JanFebMarAprMayJunJulAugSepOctNovDec", $1)
           if (NF != 5 || $5 != "GMT" || m == 0 || (m - 1) % 3 != 0) exit 1
           split($3, t, ":")
           printf "%04d%02d%02d%02d%02d%02d\n", $4, (m + 2) / 3, $2, t[1], t[2], t[3]
           ok = 1 }
         END { exit !ok }'
}

human() { echo "${1:0:4}-${1:4:2}-${1:6:2} ${1:8:2}:${1:10:2}:${1:12:2} UTC"; }

# number FILE: the CRL number in upper-case hex without leading zeros.
number() {
  openssl crl -in "$1" -noout -crlnumber 2>/dev/null | sed -n 's/^crlNumber=0x//p' | tr 'a-f' 'A-F' | sed 's/^0*//; s/^$/0/'
}

tmp=$(mktemp "$crl.new.XXXXXX")
trap 'rm -f "$tmp"' EXIT

curl -fsS --max-time 60 --cacert "$ca" -o "$tmp" "$url" || refuse "could not download $url"

verified "$tmp" || refuse "$url is not a CRL signed by $ca ($(openssl crl -in "$tmp" -CAfile "$ca" -noout 2>&1 | head -n 1))"

now=$(date -u +%Y%m%d%H%M%S)
last=$(stamp "$tmp" lastUpdate) || refuse "the CRL has no readable lastUpdate"
next=$(stamp "$tmp" nextUpdate) || refuse "the CRL has no readable nextUpdate"
[[ $last > $now ]] && refuse "the CRL is not valid yet (lastUpdate $(human "$last"); is this host's clock right?)"
[[ $next > $now ]] || refuse "the CRL has expired (nextUpdate $(human "$next"); is Sekisho running?)"

new=$(number "$tmp")
[ -n "$new" ] || refuse "the CRL has no CRL number"
if [ -f "$crl" ] && verified "$crl"; then
  old=$(number "$crl")
  if [ -n "$old" ] && { [ ${#new} -lt ${#old} ] || { [ ${#new} -eq ${#old} ] && [[ $new < $old ]]; }; }; then
    refuse "the CRL is older than the installed one (number 0x$new < 0x$old)"
  fi
fi

if [ -f "$crl" ] && cmp -s "$tmp" "$crl"; then
  exit 0 # unchanged
fi
chmod 644 "$tmp"
mv -f "$tmp" "$crl"
trap - EXIT
if [ $# -gt 0 ]; then
  exec "$@"
fi
