// Apollo Client (through graphql-ws: graphql-transport-ws) subscribing to a live claimgraph serve.
//
//   node apollo.mjs SUBSCRIBE_URL WRITE_URL READ_KEY WRITE_KEY ACTOR
//
// 1. subscribes to statementAdded(actor: ACTOR) on SUBSCRIBE_URL and ingests, through Apollo's
//    HTTP link on WRITE_URL (another server process, possibly), one new article by ACTOR at a time
//    until the subscription delivers one of their statements (bounded: 40 tries);
// 2. closes the connection, ingests one more article while no client listens, reconnects with
//    `after` set to the last eventId seen, and waits for the missed statement.
// Prints one JSON object: what was ingested and what arrived. Exit status 1 on failure.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [subscribeUrl, writeUrl, readKey, writeKey, actor] = process.argv.slice(2);
const SUBSCRIPTION = gql`
  subscription Statements($actor: String!, $after: ID) {
    statementAdded(actor: $actor, after: $after) { eventId claim { text speaker { name } article { url } } }
  }
`;
const INGEST = gql`
  mutation Ingest($articles: [ArticleInput!]!) { ingestArticles(articles: $articles) { articleIds errors { message } } }
`;

function apollo(wsClient) {
  const http = new HttpLink({ uri: writeUrl, headers: { authorization: `Bearer ${writeKey}` } });
  const link = ApolloLink.split(
    ({ operationType }) => operationType === "subscription",
    new GraphQLWsLink(wsClient),
    http,
  );
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

function wsClient() {
  return createClient({
    url: subscribeUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${readKey}` },
    retryAttempts: 0,
  });
}

let serial = 0;
function article() {
  serial += 1;
  const stamp = `${process.pid}-${Date.now()}-${serial}`;
  const said = `the tide gauge number ${stamp} reads high`;
  return {
    url: `https://apollo.example/${stamp}`,
    title: `Tide report ${stamp}`,
    publishedAt: "2026-12-01",
    text: `${actor} said ${said}. Nobody else commented on it at all.`,
    claims: [{ text: said, kind: "REPORTED", cue: "said", speaker: actor, speakerKind: "ORGANIZATION" }],
  };
}

async function ingest(client) {
  const body = article();
  const { data } = await client.mutate({ mutation: INGEST, variables: { articles: [body] } });
  if (data.ingestArticles.errors.length) throw new Error(JSON.stringify(data.ingestArticles.errors));
  return body.url;
}

function nextEvent(client, after) {
  // Resolves with the first event; `stop()` ends the subscription.
  let resolve, reject;
  const first = new Promise((res, rej) => { resolve = res; reject = rej; });
  const subscription = client
    .subscribe({ query: SUBSCRIPTION, variables: { actor, after } })
    .subscribe({ next: (result) => result.data ? resolve(result.data.statementAdded) : reject(new Error(JSON.stringify(result))), error: reject });
  return { first, stop: () => subscription.unsubscribe() };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const out = { ingested: [], received: null, missed: null, replayed: null };
  // 1. Live: ingest until the subscription (which starts asynchronously) delivers.
  let ws = wsClient();
  let client = apollo(ws);
  const live = nextEvent(client, null);
  let got = null;
  live.first.then((event) => { got = event; }, (err) => { got = { error: String(err) }; });
  for (let i = 0; i < 40 && got === null; i++) {
    out.ingested.push(await ingest(client));
    for (let j = 0; j < 10 && got === null; j++) await sleep(50);
  }
  if (got === null || got.error) throw new Error(`no event arrived: ${JSON.stringify(got)}`);
  out.received = got;
  live.stop();
  await ws.dispose();
  // 2. Missed while disconnected, then replayed after the last eventId seen.
  out.missed = await ingest(client);
  ws = wsClient();
  client = apollo(ws);
  const again = nextEvent(client, got.eventId);
  out.replayed = await Promise.race([again.first, sleep(30000).then(() => null)]);
  again.stop();
  await ws.dispose();
  console.log(JSON.stringify(out));
}

main().then(() => process.exit(0), (err) => { console.error(err.stack || String(err)); process.exit(1); });
