// Runs the graphql-http audit suite (GraphQL-over-HTTP conformance) against a running server.
// Usage: node audit.mjs URL API_KEY
// Exit code 1 when a MUST or SHOULD audit fails; failing MAY audits are listed as notices.
import { auditServer } from 'graphql-http';

const [url, key] = process.argv.slice(2);
if (!url || !key) {
  console.error('usage: node audit.mjs URL API_KEY');
  process.exit(2);
}

// Every request of the suite carries the API key, as every client of the API must.
function fetchFn(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn });
let failures = 0;
let notices = 0;
for (const result of results) {
  if (result.status === 'ok') continue;
  let body = '';
  try {
    body = await result.response.text();
  } catch {
    // the audit already read the body
  }
  console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason} ` +
    `(status ${result.response?.status}) ${body}`);
  if (result.status === 'notice') notices += 1;
  else failures += 1;
}
console.log(`graphql-http audit: ${results.length} audits, ${failures} MUST/SHOULD failures, ${notices} MAY notices`);
process.exit(failures === 0 ? 0 : 1);
