// Connects an xmpp.js client (STARTTLS, SCRAM) to the server under test, from E2E_* variables.
// Trust comes from NODE_EXTRA_CA_CERTS (the server's certificate), so TLS is verified for real.
import { client } from "@xmpp/client";

export function connect(username, password, resource) {
  const xmpp = client({
    service: `xmpp://${process.env.E2E_HOST}:${process.env.E2E_C2S_PORT}`,
    domain: process.env.E2E_DOMAIN,
    username,
    password,
    resource,
  });
  xmpp.on("error", (err) => console.error(`${username}: ${err.message}`));
  return xmpp;
}

/** Resolves once the client is online; rejects after `ms`. */
export function online(xmpp, ms = 20000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("not online in time")), ms);
    xmpp.once("online", (jid) => {
      clearTimeout(timer);
      resolve(jid);
    });
    xmpp.start().catch((err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export function die(message) {
  console.error(`E2E_REASON: ${message}`);
  process.exit(1);
}
