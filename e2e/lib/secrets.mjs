// Where secrets live, as the e2e tests check it: the real Secret Service (through `secret-tool`,
// on the same private D-Bus session the app uses under scripts/with-keyring) and the app's files
// on disk (the account registry, and a scan of every file for a secret).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readTree } from "./harness.mjs";

/**
 * The secret stored under `service`/`username` in the Secret Service, or `null` when there is no
 * such entry (`secret-tool lookup` exits 1 and prints nothing).
 */
export function keyringLookup(service, username) {
  try {
    const out = execFileSync("secret-tool", ["lookup", "service", service, "username", username], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return out === "" ? null : out;
  } catch (error) {
    if (error.status === 1 && !error.stdout) return null;
    throw error;
  }
}

/** The directory under the private XDG data home that holds `accounts.json` (null before one). */
export function accountsFile(dirs) {
  if (!existsSync(dirs.data)) return null;
  for (const entry of readdirSync(dirs.data, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const candidate = join(dirs.data, entry.name, "accounts.json");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The saved account registry (`{ accounts: [...], activeId }`), or null when none was written. */
export function readAccounts(dirs) {
  const file = accountsFile(dirs);
  return file ? JSON.parse(readFileSync(file, "utf8")) : null;
}

/** Every file the app wrote (data, config, cache) that contains one of `needles`. */
export function filesContaining(dirs, needles) {
  const files = [...readTree(dirs.data), ...readTree(dirs.config), ...readTree(dirs.cache)];
  const hits = [];
  for (const file of files) {
    for (const needle of needles) {
      if (file.text.includes(needle)) hits.push(`${needle.slice(0, 12)}… in ${file.path}`);
    }
  }
  return { files: files.map((f) => f.path), hits };
}

/** How many Secret Service items carry `service` (any user name), e.g. to prove nothing was stored. */
export function keyringEntryCount(service) {
  const result = spawnSync("secret-tool", ["search", "--all", "service", service], { encoding: "utf8" });
  if (result.error) throw result.error;
  // Each item is printed as a block of "key = value" lines, one of them its service attribute.
  const lines = `${result.stdout}\n${result.stderr}`.split("\n");
  return lines.filter((line) => line === `attribute.service = ${service}`).length;
}
