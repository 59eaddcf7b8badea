// Prints the newest rows of Lookout's reports table, using Microsoft's own Tables SDK.
//   node scripts/show-reports.mjs [type] [yyyy-MM-dd] [count]
// Storage: $AzureWebJobsStorage (a connection string) or the local emulator.
import { TableClient } from "@azure/data-tables";

const [type, day = new Date().toISOString().slice(0, 10), count = "20"] = process.argv.slice(2);
const connection = process.env.AzureWebJobsStorage && process.env.AzureWebJobsStorage !== "UseDevelopmentStorage=true"
  ? process.env.AzureWebJobsStorage
  : "UseDevelopmentStorage=true";
const table = TableClient.fromConnectionString(connection, process.env.Lookout__TableName ?? "reports",
  { allowInsecureConnection: true });

const filter = type
  ? `PartitionKey eq '${type}_${day}'`
  : `PartitionKey ge '' and ReceivedAt ge datetime'${day}T00:00:00Z'`;
const rows = [];
for await (const row of table.listEntities({ queryOptions: { filter } })) {
  rows.push(row);
}
rows.sort((a, b) => (a.ReceivedAt < b.ReceivedAt ? 1 : -1));
for (const row of rows.slice(0, Number(count))) {
  const { partitionKey, rowKey, etag, timestamp, Body, Raw, ...fields } = row;
  console.log(`${partitionKey}  ${rowKey}`);
  for (const [name, value] of Object.entries(fields)) {
    if (!name.startsWith("odata") && !name.includes("Part")) console.log(`  ${name}: ${value instanceof Date ? value.toISOString() : value}`);
  }
  console.log(`  Body: ${Body}`);
}
console.log(`${rows.length} row(s) matched; showing ${Math.min(rows.length, Number(count))}.`);
