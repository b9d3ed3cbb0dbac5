// Copies the prebuilt browser bundles that Segmentum serves at /graphiql/ out of node_modules (installed with
// `npm ci` from package-lock.json), and writes THIRD-PARTY-LICENSES.txt with the licence of every installed
// package: the GraphiQL bundle contains its dependencies, so their licences ship with it.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");

// served name -> file inside node_modules
const BUNDLES = {
  "react.production.min.js": "react/umd/react.production.min.js",
  "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
  "graphiql.min.js": "graphiql/graphiql.min.js",
  "graphiql.min.css": "graphiql/graphiql.min.css",
  "plugin-explorer.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
  "plugin-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
};

// For packages published without a licence file that declare MIT and have no sibling with one.
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

const LICENCE_FILE = /^(licen[cs]e|copying)([-.][\w.-]*)?$/i;

function licenceText(dir) {
  const name = readdirSync(dir).find((file) => LICENCE_FILE.test(file));
  return name ? readFileSync(join(dir, name), "utf8").trim() : null;
}

// The source maps are not shipped: drop the comment that would make developer tools ask for them.
function withoutSourceMap(text) {
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/\n?\/\*# sourceMappingURL=\S+ \*\/\s*$/, "\n");
}

for (const [served, source] of Object.entries(BUNDLES)) {
  writeFileSync(join(here, served), withoutSourceMap(readFileSync(join(modules, source), "utf8")));
  console.log(`${served} <- ${source}`);
}

const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const installed = Object.keys(lock.packages).filter((path) => path).sort();
const manifests = Object.fromEntries(installed.map((path) => [path, JSON.parse(readFileSync(join(here, path, "package.json"), "utf8"))]));

function repository(manifest) {
  const url = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url ?? "";
  return url.replace(/^git\+/, "").replace(/\.git$/, "").replace(/^git:/, "https:").toLowerCase();
}

// A monorepo publishes several packages under one licence file, often only in some of them.
function licenceOfSameRepository(manifest) {
  const repo = repository(manifest);
  if (!repo) return null;
  for (const path of installed) {
    const text = repository(manifests[path]) === repo ? licenceText(join(here, path)) : null;
    if (text) return { text, from: manifests[path].name };
  }
  return null;
}

const sections = [];
for (const path of installed) {
  const manifest = manifests[path];
  const declared = lock.packages[path].license ?? manifest.license;
  let text = licenceText(join(here, path));
  let note = "";
  if (text === null) {
    const sibling = licenceOfSameRepository(manifest);
    if (sibling) {
      ({ text } = sibling);
      note = `\n(The package ships no licence file; this is the one of ${sibling.from}, from the same repository.)`;
    } else if (declared === "MIT") {
      const author = typeof manifest.author === "string" ? manifest.author : manifest.author?.name;
      text = MIT;
      note = `\n(The package ships no licence file and declares MIT in its package.json; author: ${author ?? "not named"}.)`;
    } else {
      throw new Error(`${manifest.name}@${manifest.version} ships no licence file and is not MIT: add its licence`);
    }
  }
  sections.push(`${manifest.name}@${manifest.version} — ${declared}${note}\n\n${text}\n`);
}
const header = "Licences of the npm packages whose code is in the files of this folder (see README.md).\n";
writeFileSync(join(here, "THIRD-PARTY-LICENSES.txt"), [header, ...sections].join("\n" + "=".repeat(78) + "\n\n"));
console.log(`THIRD-PARTY-LICENSES.txt: ${sections.length} packages`);
