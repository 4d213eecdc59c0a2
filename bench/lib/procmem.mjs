// Memory of a process tree, as the kernel accounts it: RSS and PSS from /proc/<pid>/smaps_rollup,
// summed over a process and all its descendants. For a Tauri app on Linux that is the app (UI
// process) plus the WebKit processes it spawns (WebKitWebProcess, WebKitNetworkProcess, and any
// bubblewrap/xdg-dbus-proxy helpers in between), which is the memory the app costs a user.
// PSS divides shared pages among the processes sharing them, so it is the fairer sum; RSS counts
// every shared library once per process.
import { readdirSync, readFileSync } from "node:fs";

/** Every process's parent, from /proc/<pid>/stat (the field after the parenthesised name). */
function parents() {
  const map = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      map.set(Number(entry), Number(afterName[1]));
    } catch {
      /* the process ended while we looked */
    }
  }
  return map;
}

/** `pid` and every process below it. */
export function processTree(pid) {
  const parentOf = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

function rollup(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, "latin1");
  const kb = (field) => Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { rssKb: kb("Rss"), pssKb: kb("Pss") };
}

function commandName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "latin1").trim();
  } catch {
    return "?";
  }
}

/**
 * RSS and PSS (MiB) summed over `pid` and its descendants, with the per-process figures.
 * Processes that exit while being read are skipped.
 */
export function treeMemory(pid) {
  const processes = [];
  for (const p of processTree(pid)) {
    try {
      processes.push({ pid: p, name: commandName(p), ...rollup(p) });
    } catch {
      /* gone */
    }
  }
  const mib = (kb) => Math.round((kb / 1024) * 10) / 10;
  return {
    rssMiB: mib(processes.reduce((s, p) => s + p.rssKb, 0)),
    pssMiB: mib(processes.reduce((s, p) => s + p.pssKb, 0)),
    processes: processes.map((p) => ({
      pid: p.pid,
      name: p.name,
      rssMiB: mib(p.rssKb),
      pssMiB: mib(p.pssKb),
    })),
  };
}

/** Process ids whose executable is `binary` and whose environment holds `XDG_DATA_HOME=<dataDir>`. */
export function findAppPids(binary, dataDir) {
  const marker = `XDG_DATA_HOME=${dataDir}`;
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0")[0];
      if (exe !== binary) continue;
      if (readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(marker))
        found.push(Number(entry));
    } catch {
      /* ended, or not ours to read */
    }
  }
  return found;
}
