// graphql-sse's client (distinct connections mode) against a live claimgraph serve: a query, a
// subscription that receives a statement ingested meanwhile, and a document refused in validation.
//
//   node sse.mjs GRAPHQL_URL READ_KEY WRITE_KEY ACTOR
//
// Prints one JSON object with the three outcomes. Exit status 1 on failure.
import { createClient } from "graphql-sse";

const [url, readKey, writeKey, actor] = process.argv.slice(2);
const client = createClient({ url, headers: { authorization: `Bearer ${readKey}` }, retryAttempts: 0 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function collect(payload, { until = 1 } = {}) {
  const results = [];
  let dispose;
  const done = new Promise((resolve, reject) => {
    dispose = client.subscribe(payload, {
      next: (result) => { results.push(result); if (results.length >= until) resolve(results); },
      error: reject,
      complete: () => resolve(results),
    });
  });
  return { done, dispose: () => dispose() };
}

let serial = 0;
async function ingest() {
  serial += 1;
  const stamp = `${process.pid}-${Date.now()}-${serial}`;
  const said = `the sluice gate ${stamp} stays shut`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${writeKey}` },
    body: JSON.stringify({
      query: "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { errors { message } } }",
      variables: { a: [{ url: `https://sse.example/${stamp}`, title: `Sluice ${stamp}`, publishedAt: "2026-12-02",
        text: `${actor} said ${said}. The council gave no other details.`,
        claims: [{ text: said, kind: "REPORTED", cue: "said", speaker: actor, speakerKind: "ORGANIZATION" }] }] },
    }),
  });
  const body = await response.json();
  if (body.errors || body.data.ingestArticles.errors.length) throw new Error(JSON.stringify(body));
  return said;
}

async function main() {
  const out = {};
  out.query = (await collect({ query: "{ claims(first: 1) { totalCount } }" }).done)[0];
  out.invalid = (await collect({ query: "subscription { noSuchField }" }).done)[0];
  const live = collect({ query: `subscription($actor: String!) { statementAdded(actor: $actor) { eventId claim { text } } }`, variables: { actor } });
  let event = null;
  live.done.then((r) => { event = r[0]; }, (err) => { event = { error: String(err) }; });
  const said = [];
  for (let i = 0; i < 40 && event === null; i++) {
    said.push(await ingest());
    for (let j = 0; j < 10 && event === null; j++) await sleep(50);
  }
  live.dispose();
  out.said = said;
  out.event = event;
  console.log(JSON.stringify(out));
}

main().then(() => process.exit(0), (err) => { console.error(err.stack || String(err)); process.exit(1); });
