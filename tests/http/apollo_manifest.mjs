// A key restricted to registered documents, with Apollo Client sending the operations of its persisted-query
// manifest by their ids (generatePersistedQueryIdsFromManifest), as the README shows.
// Usage: node apollo_manifest.mjs URL KEY MANIFEST QUERY; prints one JSON object with what it saw.
import { readFileSync } from "node:fs";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { generatePersistedQueryIdsFromManifest } from "@apollo/persisted-query-lists";

const [url, key, manifest, query] = process.argv.slice(2);
const sent = [];
const recordingFetch = async (input, init) => {
  const body = init?.body ? JSON.parse(init.body) : {};
  sent.push({ query: Boolean(body.query), hash: body.extensions?.persistedQuery?.sha256Hash ?? null });
  return fetch(input, init);
};
const client = new ApolloClient({
  link: new PersistedQueryLink(generatePersistedQueryIdsFromManifest({
    loadManifest: async () => JSON.parse(readFileSync(manifest, "utf8")),
  })).concat(new HttpLink({ uri: url, headers: { Authorization: `Bearer ${key}` }, fetch: recordingFetch })),
  cache: new InMemoryCache(),
});
const result = await client.query({ query: gql(query), variables: { first: 2 } });
console.log(JSON.stringify({ nos: result.data.contacts.edges.map((e) => e.node.no), sent }));
