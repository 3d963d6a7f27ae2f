#!/usr/bin/python3
"""End-to-end checks of the small per-account and per-server XEPs with slixmpp (Debian's
python3-slixmpp 1.8.3), through slixmpp's own plugins.

Run with /usr/bin/python3. Takes the same connection arguments as slixmpp_exchange.py.

Modes:
  account-data  the server's entity capabilities (XEP-0115): the <c/> stream feature's ver must be
                what slixmpp computes from the disco#info the caps node answers with; entity time
                (XEP-0202) and uptime (XEP-0012) of the server; alice publishes a vCard
                (XEP-0054) and reads it back, bob reads it at alice's bare JID; alice stores
                bookmarks in private XML storage (XEP-0049 via XEP-0048) and reads them back.
  account-turn  alice asks the server for its STUN/TURN services (XEP-0215; slixmpp 1.8.3 has no
                plugin for it, so through a plain IQ) and prints one line per service:
                SERVICE type transport host port [username password]
"""

import argparse
import asyncio
import datetime
import secrets
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

from slixmpp_exchange import Failure, STEP_TIMEOUT, connect, make_client, outcome_events, parse_common_arguments, run, wait


def with_plugins(client):
    for plugin in ("xep_0004", "xep_0012", "xep_0048", "xep_0049", "xep_0054", "xep_0115", "xep_0202"):
        client.register_plugin(plugin)
    return client


async def log_in_capturing_caps(jid, password, args, loop):
    """Logs in with the plugins above and returns the client and the <c/> stream feature (or None)."""
    client = with_plugins(make_client(jid, password, args))
    caps = []

    def inspect(stanza):
        if stanza.name == "features":
            c = stanza.xml.find("{http://jabber.org/protocol/caps}c")
            if c is not None:
                caps.append(dict(c.attrib))
        return stanza

    client.add_filter("in", inspect)
    outcome = outcome_events(client, loop)
    connect(client, args)
    result = await wait(outcome, f"{jid} to log in")
    if result != "session_start":
        raise Failure(f"{jid} did not log in: {result}")
    return client, (caps[-1] if caps else None)


async def step(what, coroutine):
    try:
        return await asyncio.wait_for(coroutine, STEP_TIMEOUT)
    except IqError as e:
        raise Failure(f"{what}: error {e.condition} ({e.etype})") from None
    except (IqTimeout, asyncio.TimeoutError):
        raise Failure(f"{what}: timed out") from None


async def account_data(args, loop):
    domain = args.domain
    alice_jid = slixmpp.JID(args.alice)
    alice, caps = await log_in_capturing_caps(args.alice, args.alice_password, args, loop)
    clients = [alice]
    try:
        # XEP-0115 §6.3: the server's caps in the stream features after authentication.
        if caps is None:
            raise Failure("no <c xmlns='http://jabber.org/protocol/caps'/> among the stream features")
        if caps.get("hash") != "sha-1" or not caps.get("node") or not caps.get("ver"):
            raise Failure(f"incomplete caps stream feature: {caps}")
        node = f"{caps['node']}#{caps['ver']}"
        info = await step(f"disco#info of caps node {node}",
                          alice["xep_0030"].get_info(jid=domain, node=node, local=False, cached=False))
        computed = alice["xep_0115"].generate_verstring(info["disco_info"], "sha-1")
        if computed != caps["ver"]:
            raise Failure(f"caps ver {caps['ver']} but slixmpp computes {computed} from the node's disco#info")
        print(f"caps: ver {caps['ver']} matches slixmpp's hash of {node}")

        # XEP-0202: the server's clock, within a minute of ours.
        reply = await step("entity time of the server", alice["xep_0202"].get_entity_time(slixmpp.JID(domain)))
        # slixmpp 1.8.3's ['utc'] appends a second 'Z' to the XEP-0082 value and fails to parse it,
        # so the text is read here.
        text = reply.xml.findtext("{urn:xmpp:time}time/{urn:xmpp:time}utc") or ""
        try:
            utc = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            utc = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")
        drift = abs((utc - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
        if drift > 60:
            raise Failure(f"the server's time {utc} is {drift:.0f} s off")
        tzo = reply.xml.findtext("{urn:xmpp:time}time/{urn:xmpp:time}tzo")
        print(f"time: {text} (tzo {tzo})")

        # XEP-0012 §6: the server's uptime.
        reply = await step("last activity (uptime) of the server",
                           alice["xep_0012"].get_last_activity(slixmpp.JID(domain), local=False))
        seconds = reply["last_activity"]["seconds"]
        if not isinstance(seconds, int) or seconds < 0:
            raise Failure(f"uptime is not a count of seconds: {seconds!r}")
        print(f"uptime: {seconds} s")

        # XEP-0054: publish, read back, and read from another account.
        name = f"Alice {secrets.token_hex(4)}"
        vcard = alice["xep_0054"].make_vcard()
        vcard["FN"] = name
        vcard["NICKNAME"] = "ally"
        await step("publishing alice's vCard", alice["xep_0054"].publish_vcard(vcard))
        own = await step("alice reading her vCard", alice["xep_0054"].get_vcard(jid=alice_jid.bare, local=False))
        if own["vcard_temp"]["FN"] != name:
            raise Failure(f"alice's vCard reads back FN {own['vcard_temp']['FN']!r}, expected {name!r}")
        bob, _ = await log_in_capturing_caps(args.bob, args.bob_password, args, loop)
        clients.append(bob)
        seen = await step("bob reading alice's vCard", bob["xep_0054"].get_vcard(jid=alice_jid.bare, local=False))
        if seen["vcard_temp"]["FN"] != name or seen["from"].bare != alice_jid.bare:
            raise Failure(f"bob read FN {seen['vcard_temp']['FN']!r} from {seen['from']}, expected {name!r} from {alice_jid.bare}")
        print(f"vCard: alice published {name!r}; she and bob read it back")

        # XEP-0049 (with XEP-0048 bookmarks, as older clients keep them).
        room = f"room-{secrets.token_hex(4)}@conference.{domain}"
        bookmarks = alice["xep_0048"].stanza.Bookmarks()
        bookmarks.add_conference(room, "alice", name="A room", autojoin=True)
        await step("storing bookmarks in private XML", alice["xep_0048"].set_bookmarks(bookmarks, method="xep_0049"))
        stored = await step("reading bookmarks from private XML", alice["xep_0048"].get_bookmarks(method="xep_0049"))
        conferences = [c["jid"] for c in stored["private"]["bookmarks"]["conferences"]]
        if conferences != [slixmpp.JID(room)]:
            raise Failure(f"private XML gave back conferences {conferences}, expected [{room}]")
        print(f"private XML: bookmark for {room} stored and read back")
    finally:
        for client in clients:
            client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def account_turn(args, loop):
    alice, _ = await log_in_capturing_caps(args.alice, args.alice_password, args, loop)
    try:
        iq = alice.Iq()
        iq["type"] = "get"
        iq["to"] = args.domain
        iq.append(ET.Element("{urn:xmpp:extdisco:2}services"))
        reply = await step("XEP-0215 services of the server", iq.send())
        services = reply.xml.findall("{urn:xmpp:extdisco:2}services/{urn:xmpp:extdisco:2}service")
        if not services:
            raise Failure("the server listed no external services")
        for service in services:
            fields = [service.get(name) for name in ("type", "transport", "host", "port", "username", "password")]
            print("SERVICE " + " ".join(f for f in fields if f))
    finally:
        alice.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["account-data", "account-turn"])
    args = parse_common_arguments(parser)
    return run({"account-data": account_data, "account-turn": account_turn}[args.mode], args)


if __name__ == "__main__":
    import sys
    sys.exit(main())
