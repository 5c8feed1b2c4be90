// Runs graphql-http's GraphQL-over-HTTP server audits against a URL and prints one JSON line per
// audit that did not pass: {"id", "name", "status", "reason"}. Used by tests/api/test_http_audit.py.
const { serverAudits } = require('graphql-http');

(async () => {
  const url = process.argv[2];
  for (const audit of serverAudits({ url, fetchFn: fetch })) {
    const result = await audit.fn();
    if (result.status !== 'ok') {
      console.log(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason }));
    }
  }
})().catch((err) => { console.error(err); process.exit(2); });
