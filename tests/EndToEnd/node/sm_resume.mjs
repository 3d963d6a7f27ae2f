// Stream management resumption with a real client library: USER enables SM, its socket is cut,
// PEER sends a message while it is away, and the client resumes (not a fresh bind) and receives it.
// Usage: node sm_resume.mjs USER PASSWORD PEER PEER_PASSWORD
import { xml } from "@xmpp/client";
import { connect, online, die } from "./connect.mjs";

const [user, password, peer, peerPassword] = process.argv.slice(2);
const domain = process.env.E2E_DOMAIN;

const me = connect(user, password, "resumer");
const other = connect(peer, peerPassword, "sender");
const received = [];
me.on("stanza", (stanza) => {
  const body = stanza.is("message") && stanza.getChildText("body");
  if (body) received.push(body);
});

try {
  await online(me);
  await online(other);
} catch (err) {
  die(`could not log in: ${err.message}`);
}

await new Promise((r) => setTimeout(r, 500));
const sm = me.streamManagement;
if (!sm.enabled || !sm.id) die("stream management with resumption was not enabled");
const previd = sm.id;

const resumed = new Promise((resolve) => sm.once("resumed", resolve));
const fullJid = `${user}@${domain}/resumer`;
await other.send(xml("message", { to: fullJid, type: "chat" }, xml("body", {}, "before the cut")));
await new Promise((r) => setTimeout(r, 300));

// Cut the TCP connection without closing the stream, as a phone losing its network does.
me.socket.socket.destroy();
await new Promise((r) => setTimeout(r, 300));
await other.send(xml("message", { to: fullJid, type: "chat" }, xml("body", {}, "while away")));

const timeout = setTimeout(() => die(`not resumed in time (received: ${received.join(", ")})`), 20000);
await resumed;
await new Promise((r) => setTimeout(r, 1000));
clearTimeout(timeout);

if (sm.id !== previd) die(`a new session was made instead of resuming ${previd}`);
if (!received.includes("while away")) die(`the message sent while away did not arrive (received: ${received.join(", ")})`);
if (received.filter((b) => b === "before the cut").length !== 1) die(`'before the cut' arrived ${received.filter((b) => b === "before the cut").length} times`);
console.log(`resumed ${previd}; received: ${received.join(", ")}`);
await other.stop();
await me.stop();
process.exit(0);
