// Runs graphql-http's GraphQL-over-HTTP server audits (serverAudits) against a live server and
// prints every audit's result as one JSON array on stdout:
//   [{"id": "…", "name": "MUST …", "status": "ok" | "warn" | "error", "reason": "…"}, …]
// Usage: node audit.cjs http://127.0.0.1:PORT/graphql
// Exit status 0 whatever the audits say (the Python test judges them); 2 when the audit cannot run.
'use strict';

const { serverAudits } = require('graphql-http');

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: node audit.cjs <graphql url>');
    process.exit(2);
  }
  const results = [];
  for (const audit of serverAudits({ url, fetchFn: fetch })) {
    let result;
    try {
      result = await audit.fn();
    } catch (err) {
      // An audit that throws did not pass: report it as an error with the reason.
      result = { status: 'error', reason: `the audit threw: ${err && err.message ? err.message : err}` };
    }
    results.push({
      id: audit.id,
      name: audit.name,
      status: result.status,
      reason: result.status === 'ok' ? null : String(result.reason),
    });
  }
  process.stdout.write(JSON.stringify(results, null, 1) + '\n');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(2);
});
