// Generate the typed clients in src/contracts/ from the committed JSON schema in ../../schema/
// with @cosmwasm/ts-codegen (version pinned in package-lock.json).
//
//   node scripts/codegen.mjs           regenerate src/contracts/
//   node scripts/codegen.mjs --check   fail when src/contracts/ differs from what schema/ generates
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import codegenModule from "@cosmwasm/ts-codegen";

const codegen = codegenModule.default ?? codegenModule;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const schema = resolve(root, "../../schema");
const target = resolve(root, "src/contracts");
const check = process.argv.includes("--check");

// Schema folder name -> client class prefix.
const contracts = readdirSync(schema, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({
    name: name
      .split("-")
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(""),
    dir: join(schema, name),
  }));

const out = check ? mkdtempSync(join(tmpdir(), "sto-codegen-")) : target;
if (!check && existsSync(target)) rmSync(target, { recursive: true });

// The generator logs every file it writes: keep the output to a summary.
const log = console.log;
console.log = () => {};
try {
  await codegen({
    contracts,
    outPath: out,
    options: {
      bundle: { enabled: false },
      types: { enabled: true },
      client: { enabled: true },
      reactQuery: { enabled: false },
      recoil: { enabled: false },
      messageComposer: { enabled: false },
      messageBuilder: { enabled: false },
      useContractsHook: { enabled: false },
    },
  });
} finally {
  console.log = log;
}

if (check) {
  try {
    execFileSync("diff", ["-ru", target, out], { stdio: "inherit" });
    console.log("src/contracts/ is current");
  } catch {
    console.error("src/contracts/ is stale: run `npm run codegen` in clients/ts and commit the result");
    process.exitCode = 1;
  } finally {
    rmSync(out, { recursive: true });
  }
} else {
  console.log(`generated ${contracts.map((c) => c.name).join(", ")} into src/contracts/`);
}
