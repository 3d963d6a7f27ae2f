#!/usr/bin/python3
"""End-to-end checks of the mobile features with slixmpp (Debian's python3-slixmpp 1.8.3).

Run with /usr/bin/python3. Takes the same connection arguments as slixmpp_exchange.py.

Modes:
  sm-resume   alice enables stream management (XEP-0198) with resumption; bob sends her a message,
              her connection is cut without closing the stream, bob sends another, and she
              reconnects: the session must be resumed (no new session), the second message must
              arrive and the first must not arrive twice.
"""

import argparse
import asyncio

import slixmpp

from slixmpp_exchange import Failure, connect, log_in, make_client, outcome_events, parse_common_arguments, run, wait


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


async def wait_for(condition, what):
    async def poll():
        while not condition():
            await asyncio.sleep(0.05)

    await wait(asyncio.ensure_future(poll()), what)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["sm-resume"])
    args = parse_common_arguments(parser)
    return run({"sm-resume": sm_resume}[args.mode], args)


if __name__ == "__main__":
    raise SystemExit(main())
