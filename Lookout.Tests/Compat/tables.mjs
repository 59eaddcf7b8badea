// Reads and writes entities with the official @azure/data-tables SDK, for wire-compatibility tests.
// Input (stdin, JSON): { op: "write" | "read", endpoint, account, key, table, partitionKey, rowKey, entity? }
// Output (stdout, JSON): for "read", every property as { value, type } exactly as the service typed it.
// Run with the repository root as the working directory: packages resolve from its node_modules.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const { TableClient, AzureNamedKeyCredential } = require("@azure/data-tables");

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));

const client = new TableClient(input.endpoint, input.table,
  new AzureNamedKeyCredential(input.account, input.key), { allowInsecureConnection: true });

if (input.op === "write") {
  // Values the JS SDK cannot express as plain JS values go in its { value, type } Edm form.
  const e = input.entity;
  await client.createTable();
  await client.upsertEntity({
    partitionKey: input.partitionKey,
    rowKey: input.rowKey,
    Text: e.Text,
    Big: { value: e.Big, type: "Int64" },
    Small: e.Small,
    Ratio: e.Ratio,
    Whole: { value: String(e.Whole), type: "Double" },
    Flag: e.Flag,
    When: { value: e.When, type: "DateTime" },
    Id: { value: e.Id, type: "Guid" },
    Bytes: new Uint8Array(Buffer.from(e.Bytes, "base64")),
  }, "Replace");
  process.stdout.write(JSON.stringify({ ok: true }));
} else if (input.op === "read") {
  // disableTypeConversion keeps every value as the service's string plus its Edm type: no JS rounding.
  const entity = await client.getEntity(input.partitionKey, input.rowKey, { disableTypeConversion: true });
  const out = {};
  for (const [name, value] of Object.entries(entity)) {
    if (name === "etag" || name === "odata.metadata") continue;
    out[name] = value;
  }
  process.stdout.write(JSON.stringify(out));
} else {
  throw new Error(`unknown op ${input.op}`);
}
