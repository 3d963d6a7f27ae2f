// Prints, one per line, the body of every message the server kept for USER: first those in its
// message archive (XEP-0313, paged with RSM until complete), each prefixed "archive ", then those
// delivered from offline storage on initial presence (XEP-0160), each prefixed "offline ".
// Usage: node stored_bodies.mjs USER PASSWORD
import { xml } from "@xmpp/client";
import { connect, online, die } from "./connect.mjs";

const [user, password] = process.argv.slice(2);
const MAM = "urn:xmpp:mam:2";
const RSM = "http://jabber.org/protocol/rsm";

const xmpp = connect(user, password, "checker");
xmpp.reconnect.stop();
const archived = [];
const offline = [];
xmpp.on("stanza", (stanza) => {
  if (!stanza.is("message")) return;
  const result = stanza.getChild("result", MAM);
  if (result) {
    const original = result.getChild("forwarded", "urn:xmpp:forward:0")?.getChild("message");
    const body = original?.getChildText("body");
    if (body) archived.push(body);
  } else if (stanza.getChildText("body")) {
    offline.push(stanza.getChildText("body"));
  }
});

try {
  await online(xmpp);
} catch (err) {
  die(`could not log in: ${err.message}`);
}

let after = null;
for (let page = 0; ; page++) {
  if (page > 10000) die("the archive never said it was complete");
  const set = xml("set", { xmlns: RSM }, xml("max", {}, "250"), after ? xml("after", {}, after) : null);
  const reply = await xmpp.iqCaller.request(
    xml("iq", { type: "set", id: `mam${page}` }, xml("query", { xmlns: MAM, queryid: `q${page}` }, set)),
  );
  const fin = reply.getChild("fin", MAM);
  if (!fin) die("a MAM query answered without <fin/>");
  if (fin.attrs.complete === "true") break;
  after = fin.getChild("set", RSM)?.getChildText("last");
  if (!after) die("an incomplete page without a <last/> id");
}

// Initial presence: offline storage delivers what it kept.
await xmpp.send(xml("presence"));
await new Promise((r) => setTimeout(r, 3000));
for (const body of archived) console.log(`archive ${body}`);
for (const body of offline) console.log(`offline ${body}`);
await xmpp.stop();
process.exit(0);
