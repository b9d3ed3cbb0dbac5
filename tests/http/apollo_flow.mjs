// The README's Apollo Client flow against a running Segmentum: paging with edges (relayStylePagination),
// automatic persisted queries (PersistedQueryLink), a mutation whose payload updates the normalized cache.
// Usage: node apollo_flow.mjs URL KEY QUERY (the README's paging query); prints one JSON object with what it
// saw, for the Python test to check.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";

const [url, key, pageQuery] = process.argv.slice(2);
const sent = []; // what each HTTP request carried: the query text or only a hash
const recordingFetch = async (input, init) => {
  const body = init?.body ? JSON.parse(init.body) : {};
  sent.push({ method: init?.method ?? "GET", query: Boolean(body.query), hash: Boolean(body.extensions?.persistedQuery) });
  return fetch(input, init);
};

function makeClient() {
  const persisted = new PersistedQueryLink({ sha256: (text) => createHash("sha256").update(text).digest("hex") });
  const http = new HttpLink({ uri: url, headers: { Authorization: `Bearer ${key}` }, fetch: recordingFetch });
  return new ApolloClient({
    link: persisted.concat(http),
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { contacts: relayStylePagination(["filter"]) } } } }),
  });
}

const CONTACTS = gql(pageQuery);
const RENAME = gql`
  mutation Rename($input: ContactUpdateInput!) {
    contactUpdate(input: $input) { contact { id name } userErrors { code field message } }
  }
`;

const client = makeClient();
const first = await client.query({ query: CONTACTS, variables: { first: 2 } });
const afterFirstPage = sent.slice();
await client.query({ query: CONTACTS, variables: { first: 2, after: first.data.contacts.pageInfo.endCursor },
                     fetchPolicy: "network-only" });
// relayStylePagination merged both pages into the one cached list.
const merged = client.readQuery({ query: CONTACTS, variables: { first: 2 } });
const target = merged.contacts.edges[0].node;
const renamed = await client.mutate({ mutation: RENAME, variables: { input: { id: target.id, name: "Renamed by Apollo" } } });
const cached = client.cache.readFragment({ id: client.cache.identify(target), fragment: gql`fragment C on Contact { name }` });

// A second client (a new page load) already finds the document by its hash: no query text is sent.
sent.length = 0;
const second = makeClient();
await second.query({ query: CONTACTS, variables: { first: 2 } });

console.log(JSON.stringify({
  firstPageRequests: afterFirstPage,
  mergedNos: merged.contacts.edges.map((e) => e.node.no),
  hasNextPage: merged.contacts.pageInfo.hasNextPage,
  mutationErrors: renamed.data.contactUpdate.userErrors,
  cachedName: cached?.name ?? null,
  secondClientRequests: sent,
}));
