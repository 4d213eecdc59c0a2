// Helpers for the desktop-lifecycle e2e tests: the app's X windows (found by the process that
// owns them), closing one the way the window manager's close button does, and launching the app
// a second time from outside WebDriver (the way a user starts it again).
import { execFileSync, spawn } from "node:child_process";
import { readlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { appBinary, appProcesses } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** The app's own process (not WebKit's helpers) among those started with `dirs`. */
export function appPid(dirs) {
  return appProcesses(dirs).find((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === appBinary;
    } catch {
      return false;
    }
  });
}

/** Top-level X windows titled `title` that belong to a process started with `dirs`. */
export function windowsTitled(dirs, title) {
  const pids = new Set(appProcesses(dirs));
  const tree = execFileSync("xwininfo", ["-root", "-children"], { encoding: "utf8" });
  const found = [];
  for (const match of tree.matchAll(/^\s+(0x[0-9a-f]+) "([^"]*)"/gm)) {
    const [, id, name] = match;
    if (name !== title) continue;
    let pid;
    try {
      pid = Number(/= (\d+)/.exec(execFileSync("xprop", ["-id", id, "_NET_WM_PID"], { encoding: "utf8" }))?.[1]);
    } catch {
      continue; // gone meanwhile
    }
    if (pids.has(pid)) found.push(id);
  }
  return found;
}

/** Whether an X window is shown (mapped and viewable). */
export function isShown(id) {
  try {
    return /Map State: IsViewable/.test(execFileSync("xwininfo", ["-id", id], { encoding: "utf8" }));
  } catch {
    return false;
  }
}

/** Sends WM_DELETE_WINDOW to the window: what the close button in its title bar does. */
export function closeLikeTheUser(id) {
  execFileSync("python3", [join(here, "x11-close.py"), id]);
}

/** Starts the app binary again with the first launch's directories; resolves with its exit code. */
export function launchAgain(dirs, args = []) {
  const child = spawn(appBinary, args, {
    env: {
      ...process.env,
      XDG_CONFIG_HOME: dirs.config,
      XDG_CACHE_HOME: dirs.cache,
      XDG_DATA_HOME: dirs.data,
      CLEARCHECKS_KEYRING_SERVICE: dirs.keyringService,
    },
    stdio: "ignore",
  });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
}
