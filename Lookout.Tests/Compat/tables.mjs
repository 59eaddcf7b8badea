// Reads an entity with Microsoft's @azure/data-tables SDK, for wire-compatibility tests.
// Input (stdin, JSON): { connectionString, table, partitionKey, rowKey }
// Output (stdout, JSON): every property as the service typed it ({ value, type } for non-string Edm types).
// Run with the repository root as the working directory: packages resolve from its node_modules.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const { TableClient } = require("@azure/data-tables");

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));

const client = TableClient.fromConnectionString(input.connectionString, input.table, { allowInsecureConnection: true });
// disableTypeConversion keeps every value as the service's string plus its Edm type: no JS rounding.
const entity = await client.getEntity(input.partitionKey, input.rowKey, { disableTypeConversion: true });
const out = {};
for (const [name, value] of Object.entries(entity)) {
  if (name === "etag" || name === "odata.metadata") continue;
  out[name] = value;
}
process.stdout.write(JSON.stringify(out));
