// Sends and receives messages with Microsoft's @azure/storage-queue SDK, for wire-compatibility tests.
// This SDK does no message encoding: the text it sends is the stored text, and it receives stored text.
// Input (stdin, JSON): { op: "send" | "receive", connectionString, queue, texts? }
// Output (stdout, JSON): for "receive", [{ messageText, dequeueCount }] (messages are deleted).
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const { QueueClient } = require("@azure/storage-queue");

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));

const client = new QueueClient(input.connectionString, input.queue);

if (input.op === "send") {
  await client.createIfNotExists();
  for (const text of input.texts) await client.sendMessage(text);
  process.stdout.write(JSON.stringify({ ok: true }));
} else if (input.op === "receive") {
  const response = await client.receiveMessages({ numberOfMessages: 32 });
  const out = [];
  for (const m of response.receivedMessageItems) {
    out.push({ messageText: m.messageText, dequeueCount: m.dequeueCount });
    await client.deleteMessage(m.messageId, m.popReceipt);
  }
  process.stdout.write(JSON.stringify(out));
} else {
  throw new Error(`unknown op ${input.op}`);
}
