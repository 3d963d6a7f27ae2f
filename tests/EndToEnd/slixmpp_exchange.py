#!/usr/bin/python3
"""End-to-end check with slixmpp (Debian's python3-slixmpp 1.8.3), a third-party XMPP client.

Run with /usr/bin/python3 (the system interpreter that has python3-slixmpp), not a pyenv one.

Modes:
  exchange        bob logs in, fetches his roster and goes online; alice does the same, queries
                  the server's disco#info, pings the server (XEP-0199), then sends a chat
                  message to bob's bare JID; bob must receive it with the right body and sender.
  wrong-password  alice logs in with a wrong password: authentication must fail.
  plaintext       alice logs in without TLS on a server that requires it: must not get a session.

Exit status 0 when the check holds; otherwise 1, with the reason on the last line of stderr.
TLS: --cafile trusts exactly that certificate (the server's self-signed one) and checks the
host name against --domain, which is also sent as SNI (both only when connecting by name, i.e.
without --host: slixmpp does neither for an IP address); --no-verify switches verification off.
slixmpp 1.8.3 offers no ALPN on direct TLS (XEP-0368), so a server must not insist on it.
"""

import argparse
import asyncio
import logging
import secrets
import ssl
import sys
from pathlib import Path

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

STEP_TIMEOUT = 10


class Failure(Exception):
    pass


def make_client(jid, password, args):
    client = slixmpp.ClientXMPP(jid, password)
    client.register_plugin("xep_0030")  # service discovery
    client.register_plugin("xep_0199")  # ping
    if args.cafile:
        client.ca_certs = Path(args.cafile)
    else:
        client.ssl_context.check_hostname = False
        client.ssl_context.verify_mode = ssl.CERT_NONE
    # Do not let slixmpp try to reconnect on its own: a failure must stay a failure.
    client.auto_reconnect = False
    # Given an IP address to connect to, slixmpp 1.8.3 sends no SNI and checks no host name. So,
    # unless --host is given, connect by the domain name as a real client does (SNI, host name
    # check), over IPv4: the servers under test listen on 127.0.0.1.
    client.use_ipv6 = False
    return client


def connect(client, args, plaintext=False):
    address = (args.host or args.domain, args.port)
    # slixmpp 1.8.3 resolves a host name with its default_port (5222) and then prefers the
    # resolved port over the one passed to connect(): make them agree.
    client.default_port = args.port
    if plaintext:
        client.connect(address, use_ssl=False, force_starttls=False, disable_starttls=True)
    elif args.direct_tls:
        client.connect(address, use_ssl=True, force_starttls=False, disable_starttls=True)
    else:
        client.connect(address, use_ssl=False, force_starttls=True, disable_starttls=False)


def outcome_events(client, loop):
    """A future resolved by the first of: session started, auth failed, connection lost."""
    done = loop.create_future()

    def settle(value):
        if not done.done():
            done.set_result(value)

    client.add_event_handler("session_start", lambda _: settle("session_start"))
    client.add_event_handler("failed_auth", lambda _: settle("failed_auth"))
    client.add_event_handler("no_auth", lambda _: settle("no_auth"))
    client.add_event_handler("connection_failed", lambda e: settle(f"connection_failed: {e}"))
    client.add_event_handler("disconnected", lambda e: settle(f"disconnected: {e}"))
    client.add_event_handler("stream_error", lambda e: settle(f"stream_error: {e['condition']}"))
    client.add_event_handler("ssl_invalid_chain", lambda e: settle(f"ssl_invalid_chain: {e}"))
    return done


async def wait(future, what):
    try:
        return await asyncio.wait_for(future, STEP_TIMEOUT)
    except asyncio.TimeoutError:
        raise Failure(f"timed out after {STEP_TIMEOUT} s waiting for {what}") from None


async def log_in(jid, password, args, loop):
    client = make_client(jid, password, args)
    outcome = outcome_events(client, loop)
    connect(client, args)
    result = await wait(outcome, f"{jid} to log in")
    if result != "session_start":
        raise Failure(f"{jid} did not log in: {result}")
    return client


async def exchange(args, loop):
    bob_jid = slixmpp.JID(args.bob)
    alice_jid = slixmpp.JID(args.alice)
    body = f"hello-{secrets.token_hex(8)}"
    received = loop.create_future()

    bob = await log_in(args.bob, args.bob_password, args, loop)
    clients = [bob]
    try:
        def on_message(msg):
            if msg["type"] in ("chat", "normal") and msg["body"] == body and not received.done():
                received.set_result(msg)

        bob.add_event_handler("message", on_message)
        # As a real client does: the roster first (RFC 6121 §2.2), then initial presence.
        await fetch_roster(bob)
        bob.send_presence()

        alice = await log_in(args.alice, args.alice_password, args, loop)
        clients.append(alice)
        await fetch_roster(alice)
        alice.send_presence()

        domain = args.domain
        try:
            info = await alice["xep_0030"].get_info(jid=domain, local=False, cached=False, timeout=STEP_TIMEOUT)
        except (IqError, IqTimeout) as e:
            raise Failure(f"disco#info to {domain} failed: {describe(e)}") from None
        features = set(info["disco_info"]["features"])
        identities = {(category, kind) for category, kind, _lang, _name in info["disco_info"]["identities"]}
        if "http://jabber.org/protocol/disco#info" not in features:
            raise Failure(f"disco#info of {domain} lacks the disco#info feature: {sorted(features)}")
        if not any(category == "server" for category, _ in identities):
            raise Failure(f"disco#info of {domain} has no server identity: {sorted(identities)}")
        print(f"disco#info {domain}: {len(features)} features, identities {sorted(identities)}")

        try:
            await alice["xep_0199"].send_ping(slixmpp.JID(domain), timeout=STEP_TIMEOUT)
        except (IqError, IqTimeout) as e:
            raise Failure(f"XEP-0199 ping to {domain} failed: {describe(e)}") from None
        print(f"ping {domain}: ok")

        # Small grace period so bob's presence has been processed before the message is routed;
        # a server that stores offline messages delivers either way.
        await asyncio.sleep(0.3)
        alice.send_message(mto=bob_jid.bare, mbody=body, mtype="chat")
        msg = await wait(received, f"bob to receive {body!r}")
        sender = msg["from"]
        if sender.bare != alice_jid.bare:
            raise Failure(f"message arrived from {sender}, expected {alice_jid.bare}")
        if msg["to"].bare != bob_jid.bare:
            raise Failure(f"message arrived addressed to {msg['to']}, expected {bob_jid.bare}")
        print(f"bob received {body!r} from {sender}")
    finally:
        for client in clients:
            client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def fetch_roster(client):
    try:
        await client.get_roster(timeout=STEP_TIMEOUT)
    except (IqError, IqTimeout) as e:
        raise Failure(f"{client.boundjid} could not fetch its roster: {describe(e)}") from None


async def wrong_password(args, loop):
    client = make_client(args.alice, args.alice_password + "-wrong", args)
    outcome = outcome_events(client, loop)
    connect(client, args)
    try:
        result = await wait(outcome, "the authentication outcome")
    finally:
        client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)
    if result == "session_start":
        raise Failure("logged in with a wrong password")
    if result not in ("failed_auth", "no_auth"):
        raise Failure(f"expected failed_auth, got {result}")
    print(f"wrong password refused: {result}")


async def plaintext(args, loop):
    client = make_client(args.alice, args.alice_password, args)
    outcome = outcome_events(client, loop)
    offered = []

    def inspect(stanza):
        if stanza.name == "features" and "mechanisms" in stanza["features"]:
            offered.append(list(stanza["mechanisms"]["mechanisms"]))
        return stanza

    client.add_filter("in", inspect)
    client.add_event_handler(
        "stream_negotiated",
        lambda _: outcome.done() or outcome.set_result("stream negotiated without authentication"))
    connect(client, args, plaintext=True)
    try:
        result = await asyncio.wait_for(outcome, STEP_TIMEOUT)
    except asyncio.TimeoutError:
        result = "no session (stream stalled without TLS)"
    finally:
        client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)
    if result == "session_start":
        raise Failure("logged in over a plaintext stream")
    if offered:
        raise Failure(f"SASL mechanisms offered before TLS: {offered[0]}")
    print(f"plaintext login refused: {result}")


def describe(error):
    if isinstance(error, IqError):
        return f"error {error.condition} ({error.etype})"
    return "timeout"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["exchange", "wrong-password", "plaintext"])
    args = parse_common_arguments(parser)
    work = {"exchange": exchange, "wrong-password": wrong_password, "plaintext": plaintext}[args.mode]
    return run(work, args)


def parse_common_arguments(parser):
    """The server's coordinates, two accounts and TLS trust: what every slixmpp script takes."""
    parser.add_argument("--host", help="address to connect to (default: --domain, resolved over IPv4)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--domain", default="localhost")
    parser.add_argument("--direct-tls", action="store_true", help="TLS from the first byte (XEP-0368)")
    parser.add_argument("--alice", default="alice@localhost")
    parser.add_argument("--alice-password", required=True)
    parser.add_argument("--bob", default="bob@localhost")
    parser.add_argument("--bob-password", default="")
    tls = parser.add_mutually_exclusive_group(required=True)
    tls.add_argument("--cafile", help="trust this certificate (PEM)")
    tls.add_argument("--no-verify", action="store_true", help="do not verify the server certificate")
    parser.add_argument("--debug", action="store_true", help="log the XML stream to stderr")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.CRITICAL, format="%(levelname)s %(message)s")
    return args


def run(work, args):
    """Runs one check on a fresh event loop: exit status 0 when it holds, 1 with the reason on stderr."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(work(args, loop))
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    finally:
        # Let slixmpp's own tasks end quietly before the loop goes.
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
