#!/bin/bash
# go-sendxmpp.sh MODE(starttls|direct) USER PASSWORD [go-sendxmpp args...]
# Runs Debian's go-sendxmpp as USER@$E2E_DOMAIN against the server under test.
#
# go-sendxmpp flags used: recipients are positional and the message comes from stdin;
# -j host:port, -u JID, -p password, -t direct TLS (without it: STARTTLS, which go-sendxmpp
# insists on), -l listen and print "<RFC 3339 time> <sender bare JID>: <body>" per message on
# stdout, -d the received XML on stderr, -n skip certificate verification. It checks the
# certificate against the JID's domain (not the -j host) and trusts the files named by
# SSL_CERT_FILE (Go's crypto/x509), so with E2E_CAFILE set we verify for real and never pass -n.
set -u
mode=$1 user=$2 password=$3
shift 3
port=$E2E_C2S_PORT
args=()
if [[ $mode == direct ]]; then
    port=$E2E_DIRECT_TLS_PORT
    args+=(-t)
fi
if [[ -n ${E2E_CAFILE:-} ]]; then
    export SSL_CERT_FILE=$E2E_CAFILE SSL_CERT_DIR=/nonexistent
else
    args+=(-n)
fi
exec go-sendxmpp "${args[@]}" -j "$E2E_HOST:$port" -u "$user@$E2E_DOMAIN" -p "$password" "$@"
