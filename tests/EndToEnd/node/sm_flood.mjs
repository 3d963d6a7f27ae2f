// Sends chat messages as fast as the server takes them, with stream management, and appends the id
// of every message the server acknowledged (XEP-0198 <a h/>) to a file, flushed at once. Used by the
// kill test: the server is killed (SIGKILL) mid-flood, and every id in the file must then be stored.
// Usage: node sm_flood.mjs USER PASSWORD TO ACKED_FILE
import { appendFileSync } from "node:fs";
import { xml } from "@xmpp/client";
import { connect, online, die } from "./connect.mjs";

const [user, password, to, ackedFile] = process.argv.slice(2);
const xmpp = connect(user, password, "flood");
const sm = xmpp.streamManagement;
sm.requestAckInterval = 0;
sm.requestAckDebounce = 0;

let acked = 0;
sm.on("ack", (stanza) => {
  if (stanza.name === "message") {
    appendFileSync(ackedFile, `${stanza.attrs.id}\n`);
    acked++;
  }
});

let stopped = false;
xmpp.on("disconnect", () => {
  stopped = true;
});
xmpp.reconnect.stop();

try {
  await online(xmpp);
} catch (err) {
  die(`could not log in: ${err.message}`);
}

if (!sm.enabled) {
  // enable completes just after "online"; give it a moment.
  await new Promise((r) => setTimeout(r, 500));
  if (!sm.enabled) die("stream management was not enabled");
}

let sent = 0;
try {
  while (!stopped) {
    await xmpp.send(
      xml("message", { to, type: "chat", id: `kill-${sent}` }, xml("body", {}, `kill test ${sent}`)),
    );
    sent++;
    if (sent % 20 === 0) {
      // xmpp.js asks for acks only when sending pauses; a flood never pauses.
      await xmpp.send(xml("r", { xmlns: "urn:xmpp:sm:3" }));
      await new Promise((r) => setImmediate(r));
    }
  }
} catch {
  // The server went away mid-send: that is the point of the test.
}

console.log(`sent ${sent}, acknowledged ${acked}`);
process.exit(0);
