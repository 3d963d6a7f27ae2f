#!/usr/bin/python3
"""End-to-end checks of the mobile features with slixmpp (Debian's python3-slixmpp 1.8.3).

Run with /usr/bin/python3. Takes the same connection arguments as slixmpp_exchange.py.

Modes:
  sm-resume   alice enables stream management (XEP-0198) with resumption; bob sends her a message,
              her connection is cut without closing the stream, bob sends another, and she
              reconnects: the session must be resumed (no new session), the second message must
              arrive and the first must not arrive twice.
  carbons     alice logs in twice; her laptop enables Message Carbons (XEP-0280) through slixmpp's
              plugin. A message from bob to her phone must reach the laptop as a <received/>
              carbon, and one from her phone to bob as a <sent/> carbon, both from her bare JID.
  blocking    alice fetches her block list and blocks bob (XEP-0191) with a spam report (slixmpp's
              XEP-0377 plugin): the push must arrive, bob's message must not reach her (and may
              bounce with service-unavailable), hers to bob must bounce with <blocked/>; after
              unblocking, bob's arrives.
  mam         bob sends alice 25 numbered messages while she is offline; her phone logs in and
              pages through her archive (XEP-0313 mam:2) with slixmpp's plugin, 10 at a time
              over RSM (XEP-0059): all 25 in order, each with its own archive id; a query filtered
              by a stranger's JID finds none.
"""

import argparse
import asyncio
import secrets

import slixmpp

from slixmpp.exceptions import IqError, IqTimeout

from slixmpp_exchange import Failure, STEP_TIMEOUT, connect, log_in, make_client, outcome_events, parse_common_arguments, run, wait


def with_stream_management(client):
    client.register_plugin("xep_0198")
    client["xep_0198"].allow_resume = True
    return client


async def sm_resume(args, loop):
    alice_jid = slixmpp.JID(args.alice)
    alice = with_stream_management(make_client(args.alice + "/mobile", args.alice_password, args))
    bodies = []
    resumed = loop.create_future()
    enabled = loop.create_future()
    lost = loop.create_future()
    starts = []
    alice.add_event_handler("message", lambda msg: bodies.append(msg["body"]))
    alice.add_event_handler("sm_enabled", lambda e: enabled.done() or enabled.set_result(e))
    alice.add_event_handler("session_resumed", lambda e: resumed.done() or resumed.set_result(e))
    alice.add_event_handler("disconnected", lambda e: lost.done() or lost.set_result(e))
    alice.add_event_handler("session_start", lambda e: starts.append(e))
    outcome = outcome_events(alice, loop)
    connect(alice, args)
    if await wait(outcome, "alice to log in") != "session_start":
        raise Failure("alice did not log in")
    await wait(enabled, "stream management to be enabled")
    previd = alice["xep_0198"].sm_id
    if not previd:
        raise Failure("the server enabled stream management without a resume id")

    bob = await log_in(args.bob, args.bob_password, args, loop)
    try:
        full = f"{alice_jid.bare}/mobile"
        bob.send_message(mto=full, mbody="before the cut", mtype="chat")
        await wait_for(lambda: "before the cut" in bodies, "the first message")
        # Let alice answer the server's ack request before the cut.
        await asyncio.sleep(0.5)

        alice.transport.abort()
        await wait(lost, "alice's connection to drop")
        bob.send_message(mto=full, mbody="while away", mtype="chat")
        await asyncio.sleep(0.3)

        connect(alice, args)
        await wait(resumed, "the session to be resumed")
        await wait_for(lambda: "while away" in bodies, "the message sent while away")
        await asyncio.sleep(0.5)
        if alice["xep_0198"].sm_id != previd:
            raise Failure(f"resumed with id {alice['xep_0198'].sm_id}, expected {previd}")
        if len(starts) != 1:
            raise Failure("a new session was started instead of resuming")
        if bodies.count("before the cut") != 1:
            raise Failure(f"'before the cut' arrived {bodies.count('before the cut')} times")
        print(f"resumed {previd}; received {bodies}")
    finally:
        bob.disconnect(wait=1.0)
        alice.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def log_in_with(jid, password, args, loop, plugins):
    client = make_client(jid, password, args)
    for plugin in plugins:
        client.register_plugin(plugin)
    outcome = outcome_events(client, loop)
    connect(client, args)
    result = await wait(outcome, f"{jid} to log in")
    if result != "session_start":
        raise Failure(f"{jid} did not log in: {result}")
    return client


async def step(what, coroutine):
    try:
        return await asyncio.wait_for(coroutine, STEP_TIMEOUT)
    except IqError as e:
        raise Failure(f"{what}: error {e.condition} ({e.etype})") from None
    except (IqTimeout, asyncio.TimeoutError):
        raise Failure(f"{what}: timed out") from None


async def carbons(args, loop):
    alice_jid = slixmpp.JID(args.alice)
    phone = await log_in_with(args.alice + "/phone", args.alice_password, args, loop, [])
    laptop = await log_in_with(args.alice + "/laptop", args.alice_password, args, loop, ["xep_0280"])
    bob = await log_in(args.bob, args.bob_password, args, loop)
    received = loop.create_future()
    sent = loop.create_future()
    bob_got = loop.create_future()
    laptop.add_event_handler("carbon_received", lambda m: received.done() or received.set_result(m))
    laptop.add_event_handler("carbon_sent", lambda m: sent.done() or sent.set_result(m))
    bob.add_event_handler("message", lambda m: bob_got.done() or bob_got.set_result(m))
    try:
        await step("enabling carbons", laptop["xep_0280"].enable())

        bob.send_message(mto=f"{alice_jid.bare}/phone", mbody="to the phone", mtype="chat")
        copy = await wait(received, "a <received/> carbon on the laptop")
        inner = copy["carbon_received"]
        if copy["from"] != alice_jid.bare or inner["body"] != "to the phone" or inner["from"].bare != slixmpp.JID(args.bob).bare:
            raise Failure(f"unexpected received carbon: {copy}")

        phone.send_message(mto=bob.boundjid.full, mbody="from the phone", mtype="chat")
        copy = await wait(sent, "a <sent/> carbon on the laptop")
        inner = copy["carbon_sent"]
        if copy["from"] != alice_jid.bare or inner["body"] != "from the phone" or inner["to"].bare != slixmpp.JID(args.bob).bare:
            raise Failure(f"unexpected sent carbon: {copy}")
        if (await wait(bob_got, "bob to get alice's message"))["body"] != "from the phone":
            raise Failure("bob got something else")
        print("received and sent carbons arrived")
    finally:
        for client in (bob, phone, laptop):
            client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def blocking(args, loop):
    bob_jid = slixmpp.JID(args.bob)
    alice = await log_in_with(args.alice + "/phone", args.alice_password, args, loop, ["xep_0191", "xep_0377"])
    bob = await log_in(args.bob, args.bob_password, args, loop)
    pushed = loop.create_future()
    alice.add_event_handler("blocked", lambda iq: pushed.done() or pushed.set_result(iq))
    alice_messages = asyncio.Queue()
    bob_messages = asyncio.Queue()
    alice.add_event_handler("message", alice_messages.put_nowait)
    alice.add_event_handler("message_error", alice_messages.put_nowait)
    bob.add_event_handler("message", bob_messages.put_nowait)
    bob.add_event_handler("message_error", bob_messages.put_nowait)
    try:
        listed = await step("getting the block list", alice["xep_0191"].get_blocked())
        if listed["blocklist"]["items"]:
            raise Failure(f"a new account's block list is not empty: {listed['blocklist']['items']}")

        iq = alice.make_iq_set()
        iq["block"]["items"] = [bob_jid.bare]
        item = iq.xml.find("{urn:xmpp:blocking}block/{urn:xmpp:blocking}item")
        report = slixmpp.xmlstream.ET.SubElement(item, "{urn:xmpp:reporting:0}report")
        slixmpp.xmlstream.ET.SubElement(report, "{urn:xmpp:reporting:0}spam")
        await step("blocking bob with a report", iq.send())
        push = await wait(pushed, "the block push")
        if [str(j) for j in push["block"]["items"]] != [bob_jid.bare]:
            raise Failure(f"unexpected push: {push}")

        bob.send_message(mto=f"{slixmpp.JID(args.alice).bare}/phone", mbody="blocked?", mtype="chat")
        # §3.3: the server SHOULD answer service-unavailable (ours does; Prosody 0.12 drops it).
        try:
            bounce = await asyncio.wait_for(bob_messages.get(), 2)
            if bounce["type"] != "error" or bounce["error"]["condition"] != "service-unavailable":
                raise Failure(f"bob got {bounce}, expected service-unavailable")
        except asyncio.TimeoutError:
            pass

        alice.send_message(mto=args.bob, mbody="to a blocked contact", mtype="chat")
        # Alice's next message is the refusal, not Bob's message (which MUST NOT reach her).
        refused = await wait(alice_messages.get(), "alice's refusal")
        if refused["type"] != "error" or refused["error"]["condition"] != "not-acceptable" \
                or refused.xml.find("{jabber:client}error/{urn:xmpp:blocking:errors}blocked") is None:
            raise Failure(f"alice got {refused}, expected not-acceptable with <blocked/>")

        await step("unblocking bob", alice["xep_0191"].unblock([bob_jid.bare]))
        bob.send_message(mto=f"{slixmpp.JID(args.alice).bare}/phone", mbody="friends again", mtype="chat")
        message = await wait(alice_messages.get(), "bob's message after unblocking")
        if message["body"] != "friends again":
            raise Failure(f"alice got {message}")
        print("block, push, both refusals and unblock worked")
    finally:
        for client in (bob, alice):
            client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def mam(args, loop):
    alice_jid = slixmpp.JID(args.alice)
    bob_jid = slixmpp.JID(args.bob)
    bob = await log_in(args.bob, args.bob_password, args, loop)
    clients = [bob]
    try:
        tag = secrets.token_hex(4)
        bodies = [f"{tag} archived {i:02}" for i in range(25)]
        for body in bodies:
            bob.send_message(mto=alice_jid.bare, mbody=body, mtype="chat")
        # A round trip after the last message: everything before it has been routed and archived.
        await step("bob's ping after sending", bob["xep_0199"].send_ping(slixmpp.JID(args.domain), timeout=STEP_TIMEOUT))

        phone = await log_in_with(args.alice + "/phone", args.alice_password, args, loop, ["xep_0313", "xep_0359"])
        clients.append(phone)

        async def archive(**query):
            found = []
            async def collect():
                async for message in phone["xep_0313"].iterate(jid=alice_jid.bare, rsm={"max": 10}, **query):
                    found.append(message)
            await step(f"querying the archive ({query or 'everything'})", collect())
            return found

        results = await archive(with_jid=bob_jid.bare)
        got = [r["mam_result"]["forwarded"]["stanza"]["body"] for r in results]
        mine = [b for b in got if b.startswith(tag)]
        if mine != bodies:
            raise Failure(f"archive with bob gave {len(mine)} of 25 in this order: {mine[:5]}...")
        ids = [r["mam_result"]["id"] for r in results]
        if not all(ids) or len(set(ids)) != len(ids):
            raise Failure(f"archive ids must be present and distinct: {ids}")
        print("archive: 25 messages from bob in order over 3 pages, each with its own archive id")

        # Newest-first paging is not checked here: slixmpp 1.8.3's RSM iterator stops after the
        # first backward page whenever the server reports <first index=/> and <count/> (it tests
        # index + items == count in both directions). The integration tests and mam.scs cover it.

        nobody = await archive(with_jid=slixmpp.JID(f"nobody-{tag}@{args.domain}"))
        if nobody:
            raise Failure(f"a query with a stranger found {len(nobody)} messages")
        print("archive: a query with a stranger finds nothing")
    finally:
        for client in clients:
            client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def wait_for(condition, what):
    async def poll():
        while not condition():
            await asyncio.sleep(0.05)

    await wait(asyncio.ensure_future(poll()), what)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["sm-resume", "carbons", "blocking", "mam"])
    args = parse_common_arguments(parser)
    return run({"sm-resume": sm_resume, "carbons": carbons, "blocking": blocking, "mam": mam}[args.mode], args)


if __name__ == "__main__":
    raise SystemExit(main())
