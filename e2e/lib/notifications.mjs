// Desktop notifications in the e2e tests, inside the test's private D-Bus session (scripts/with-keyring):
//
// * `watchNotifications()` runs `dbus-monitor` and collects every `Notify` call's summary and body:
//   what the app really sent over D-Bus, whoever answers it.
// * `startNotificationServer()` owns `org.freedesktop.Notifications` with a minimal server (the
//   test machine has no desktop, so nobody else would) that answers `Notify` with an id and can
//   emit `ActionInvoked(id, "default")`: what a desktop sends when the user clicks a notification.
//
// The server speaks the D-Bus wire protocol directly (little-endian, EXTERNAL auth) and only the
// few messages the Notifications interface needs; it is a test double, not a general D-Bus library.
import { spawn } from "node:child_process";
import { connect } from "node:net";

const NAME = "org.freedesktop.Notifications";
const PATH = "/org/freedesktop/Notifications";

/** Collects the Notify calls seen on the session bus. */
export async function watchNotifications() {
  const child = spawn("dbus-monitor", ["--session", `interface='${NAME}',member='Notify'`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout.on("data", (c) => (text += c.toString()));
  // dbus-monitor prints the NameAcquired/NameLost signals of its own connection once it monitors.
  const deadline = Date.now() + 10000;
  while (!text.includes("NameLost") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!text.includes("NameLost")) throw new Error("dbus-monitor did not start (is there a session bus?)");
  return {
    /** `{summary, body}` of every Notify call so far, oldest first. */
    calls() {
      return text
        .split(/^method call /m)
        .slice(1)
        .filter((block) => block.includes("member=Notify"))
        .map((block) => {
          const strings = [...block.matchAll(/^\s+string "((?:[^"\\]|\\.)*)"/gm)].map((m) => m[1]);
          // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, timeout)
          return { appName: strings[0], summary: strings[2], body: strings[3] };
        });
    },
    stop() {
      child.kill("SIGTERM");
    },
  };
}

// ----- a minimal notification server ---------------------------------------------------------

class Writer {
  constructor() {
    this.bytes = [];
  }
  align(n) {
    while (this.bytes.length % n !== 0) this.bytes.push(0);
  }
  byte(v) {
    this.bytes.push(v & 0xff);
  }
  u32(v) {
    this.align(4);
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.bytes.push(...b);
  }
  string(s) {
    const b = Buffer.from(s, "utf8");
    this.u32(b.length);
    this.bytes.push(...b, 0);
  }
  signature(s) {
    this.byte(s.length);
    this.bytes.push(...Buffer.from(s, "ascii"), 0);
  }
  /** Writes `value` of the single complete type `sig` (only the types this server sends). */
  value(sig, value) {
    switch (sig) {
      case "y":
        return this.byte(value);
      case "u":
        return this.u32(value);
      case "s":
      case "o":
        return this.string(value);
      case "g":
        return this.signature(value);
      case "as": {
        this.u32(0);
        const lengthAt = this.bytes.length - 4;
        this.align(4);
        const start = this.bytes.length;
        for (const item of value) this.string(item);
        const length = this.bytes.length - start;
        const b = Buffer.alloc(4);
        b.writeUInt32LE(length);
        for (let i = 0; i < 4; i++) this.bytes[lengthAt + i] = b[i];
        return;
      }
      default:
        throw new Error(`cannot write D-Bus type ${sig}`);
    }
  }
}

/** One message: `fields` is [[code, signature, value]], `body` is [[signature, value]]. */
function message(type, serial, fields, body = []) {
  const bodyWriter = new Writer();
  for (const [sig, v] of body) bodyWriter.value(sig, v);
  const signature = body.map(([sig]) => sig).join("");
  const all = signature ? [...fields, [8, "g", signature]] : fields;
  const w = new Writer();
  w.byte("l".charCodeAt(0));
  w.byte(type);
  w.byte(0);
  w.byte(1);
  w.u32(bodyWriter.bytes.length);
  w.u32(serial);
  w.u32(0); // header field array length, patched below
  const start = 16;
  for (const [code, sig, v] of all) {
    w.align(8);
    w.byte(code);
    w.signature(sig);
    w.value(sig, v);
  }
  const length = w.bytes.length - start;
  const b = Buffer.alloc(4);
  b.writeUInt32LE(length);
  for (let i = 0; i < 4; i++) w.bytes[12 + i] = b[i];
  w.align(8);
  return Buffer.concat([Buffer.from(w.bytes), Buffer.from(bodyWriter.bytes)]);
}

class Reader {
  constructor(buf, offset = 0) {
    this.buf = buf;
    this.pos = offset;
  }
  align(n) {
    this.pos = Math.ceil(this.pos / n) * n;
  }
  byte() {
    return this.buf[this.pos++];
  }
  u32() {
    this.align(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  string() {
    const n = this.u32();
    const s = this.buf.toString("utf8", this.pos, this.pos + n);
    this.pos += n + 1;
    return s;
  }
  signature() {
    const n = this.byte();
    const s = this.buf.toString("ascii", this.pos, this.pos + n);
    this.pos += n + 1;
    return s;
  }
}

/** Splits complete messages off `buf`; returns them and the rest. */
function parseMessages(buf) {
  const out = [];
  let offset = 0;
  while (buf.length - offset >= 16) {
    const bodyLength = buf.readUInt32LE(offset + 4);
    const fieldsLength = buf.readUInt32LE(offset + 12);
    const headerEnd = offset + Math.ceil((16 + fieldsLength) / 8) * 8;
    const end = headerEnd + bodyLength;
    if (buf.length < end) break;
    const msg = { type: buf[offset + 1], serial: buf.readUInt32LE(offset + 8), fields: {} };
    const r = new Reader(buf.subarray(offset, end), 16);
    while (r.pos < 16 + fieldsLength) {
      r.align(8);
      const code = r.byte();
      const sig = r.signature();
      msg.fields[code] = sig === "g" ? r.signature() : sig === "u" ? r.u32() : r.string();
    }
    r.pos = headerEnd - offset;
    msg.body = r;
    out.push(msg);
    offset = end;
  }
  return { messages: out, rest: buf.subarray(offset) };
}

function busSocketPath() {
  const address = process.env.DBUS_SESSION_BUS_ADDRESS ?? "";
  const unix = address.split(";").find((a) => a.startsWith("unix:"));
  const params = Object.fromEntries(
    (unix ?? "")
      .slice(5)
      .split(",")
      .map((kv) => kv.split("=")),
  );
  if (params.path) return decodeURIComponent(params.path);
  if (params.abstract) return `\0${decodeURIComponent(params.abstract)}`;
  throw new Error(`no unix session bus in DBUS_SESSION_BUS_ADDRESS (${address || "unset"})`);
}

/**
 * Owns org.freedesktop.Notifications on the session bus. `shown()` lists what was shown
 * (`{id, summary, body, actions}`); `click(id)` emits `ActionInvoked(id, "default")`.
 */
export async function startNotificationServer() {
  const socket = connect({ path: busSocketPath() });
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let serial = 1;
  const shown = [];
  const pending = new Map();
  let buf = Buffer.alloc(0);
  let authenticated = false;
  let nextId = 1;

  const call = (member, body = []) =>
    new Promise((resolve) => {
      const s = serial++;
      pending.set(s, resolve);
      socket.write(
        message(
          1,
          s,
          [
            [1, "o", "/org/freedesktop/DBus"],
            [2, "s", "org.freedesktop.DBus"],
            [3, "s", member],
            [6, "s", "org.freedesktop.DBus"],
          ],
          body,
        ),
      );
    });

  const reply = (to, body = []) => {
    socket.write(
      message(
        2,
        serial++,
        [
          [5, "u", to.serial],
          [6, "s", to.fields[7]],
        ],
        body,
      ),
    );
  };

  const onMessage = (msg) => {
    if (msg.type === 2 || msg.type === 3) {
      const resolve = pending.get(msg.fields[5]);
      pending.delete(msg.fields[5]);
      resolve?.(msg);
      return;
    }
    if (msg.type !== 1 || msg.fields[6] !== NAME) return;
    switch (msg.fields[3]) {
      case "Notify": {
        const r = msg.body;
        const appName = r.string();
        const replacesId = r.u32();
        r.string(); // icon
        const summary = r.string();
        const body = r.string();
        const actionsLength = r.u32();
        const actionsEnd = r.pos + actionsLength;
        const actions = [];
        while (r.pos < actionsEnd) actions.push(r.string());
        const id = replacesId || nextId++;
        shown.push({ id, appName, summary, body, actions });
        reply(msg, [["u", id]]);
        break;
      }
      case "GetCapabilities":
        reply(msg, [["as", ["actions", "body"]]]);
        break;
      case "GetServerInformation":
        reply(msg, [
          ["s", "e2e-notifications"],
          ["s", "ClearChecks e2e"],
          ["s", "1"],
          ["s", "1.2"],
        ]);
        break;
      default:
        reply(msg);
    }
  };

  const authDone = new Promise((resolve, reject) => {
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!authenticated) {
        const line = buf.indexOf("\r\n");
        if (line < 0) return;
        const answer = buf.toString("ascii", 0, line);
        buf = buf.subarray(line + 2);
        if (!answer.startsWith("OK")) return reject(new Error(`D-Bus auth refused: ${answer}`));
        authenticated = true;
        socket.write("BEGIN\r\n");
        resolve();
      }
      const { messages, rest } = parseMessages(buf);
      buf = rest;
      messages.forEach(onMessage);
    });
  });
  const uid = Buffer.from(String(process.getuid())).toString("hex");
  socket.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${uid}\r\n`)]));
  await authDone;
  await call("Hello");
  const owned = await call("RequestName", [
    ["s", NAME],
    ["u", 4], // DBUS_NAME_FLAG_DO_NOT_QUEUE
  ]);
  const result = owned.type === 2 ? owned.body.u32() : 0;
  if (result !== 1) throw new Error(`could not own ${NAME} (RequestName answered ${result})`);

  return {
    shown: () => [...shown],
    /** What a desktop sends when the user clicks the notification itself. */
    click(id) {
      socket.write(
        message(
          4,
          serial++,
          [
            [1, "o", PATH],
            [2, "s", NAME],
            [3, "s", "ActionInvoked"],
          ],
          [
            ["u", id],
            ["s", "default"],
          ],
        ),
      );
    },
    stop() {
      socket.destroy();
    },
  };
}
