// `npm run eval -- --corpus <dir> --out <file> [--engine local|openai]`
//
// Every .eml under <dir> (recursively, sorted) through the app's AI pipeline: parse,
// pre-filter, engine, dates. One JSON line per file in <file>; a short summary on stdout.
// No database. --engine openai needs OPENAI_API_KEY; the default ("auto") uses OpenAI when
// a key is set and the local engine otherwise.

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { engineFor, type EnginePreference } from "../src/server/ai/engines";
import { formatStats, runEval } from "../src/server/ai/local/eval-runner";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    out: { type: "string" },
    engine: { type: "string", default: "auto" },
    concurrency: { type: "string" },
  },
});

const preference = values.engine as EnginePreference;
if (!values.corpus || !values.out || !["auto", "local", "openai"].includes(preference)) {
  console.error("usage: npm run eval -- --corpus <dir> --out <file> [--engine local|openai]");
  process.exit(2);
}
if (preference === "openai" && !process.env.OPENAI_API_KEY?.trim()) {
  console.error("--engine openai needs OPENAI_API_KEY");
  process.exit(2);
}

const engine = await engineFor(preference);
const corpus = path.resolve(values.corpus);
fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
const out = fs.createWriteStream(values.out);
const concurrency = values.concurrency ? Number(values.concurrency) : engine.id === "openai" ? 4 : 1;

const { stats } = await runEval({
  corpus,
  engine,
  concurrency,
  onRecord: (record) => {
    out.write(`${JSON.stringify(record)}\n`);
  },
});
await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));

console.log(`engine: ${engine.id} (${engine.version})`);
console.log(formatStats(stats));
