/* Segmentum's GraphiQL page. Every request, the schema introspection behind the docs and autocompletion
 * included, needs an API key: the page asks for it once, checks it, keeps it in this tab's session storage and
 * sends it as `Authorization: Bearer <key>`. A key the server refuses is forgotten and asked for again. */
(function () {
  "use strict";

  const h = React.createElement;
  const { useCallback, useEffect, useMemo, useState } = React;

  const KEY_ITEM = "segmentum.apiKey";
  const MAX_KEY_LENGTH = 200;
  const KEY_CHARACTERS = /^[\x21-\x7e]+$/; // what an HTTP header can carry; keys are sgm_ and URL-safe base64
  const ENDPOINT = window.location.origin + window.location.pathname;
  const VIEWER_QUERY = "query SegmentumGraphiQLViewer { viewer { name scopes } }";
  const CREATE_KEY = "segmentum api-key create NAME --scope read --scope write";

  // Session storage can be unavailable (privacy settings): the key then lives as long as the page.
  const session = {
    get() {
      try { return window.sessionStorage.getItem(KEY_ITEM); } catch (_) { return null; }
    },
    set(key) {
      try { window.sessionStorage.setItem(KEY_ITEM, key); } catch (_) { /* kept in memory only */ }
    },
    clear() {
      try { window.sessionStorage.removeItem(KEY_ITEM); } catch (_) { /* nothing stored */ }
    },
  };

  function hasAuthorization(headers) {
    return Object.keys(headers || {}).some((name) => name.toLowerCase() === "authorization");
  }

  function firstMessage(payload, fallback) {
    const errors = payload && Array.isArray(payload.errors) ? payload.errors : [];
    return errors.length && typeof errors[0].message === "string" ? errors[0].message : fallback;
  }

  // POST a GraphQL request with the key; headers from GraphiQL's headers pane win over it.
  async function post(key, body, headers) {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      headers: Object.assign({
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json",
        Authorization: "Bearer " + key,
      }, headers || {}),
      body: JSON.stringify(body),
    });
    let payload;
    try {
      payload = await response.json();
    } catch (_) {
      payload = { errors: [{ message: "The server answered " + response.status + " without a GraphQL response." }] };
    }
    return { status: response.status, payload };
  }

  // { viewer } for a key the server accepts, { problem } otherwise.
  async function check(key) {
    let answer;
    try {
      answer = await post(key, { query: VIEWER_QUERY });
    } catch (error) {
      return { problem: "Could not reach Segmentum at " + ENDPOINT + " (" + error.message + "). Is `segmentum serve` running?" };
    }
    const viewer = answer.payload && answer.payload.data && answer.payload.data.viewer;
    if (answer.status === 200 && viewer) return { viewer };
    if (answer.status === 401) return { problem: "The server refused this key: " + firstMessage(answer.payload, "unauthorised.") };
    return { problem: "The server answered " + answer.status + ": " + firstMessage(answer.payload, "no message.") };
  }

  function welcome(viewer) {
    return [
      "# Welcome to Segmentum. This tab uses the API key",
      "# \"" + viewer.name + "\" (" + viewer.scopes.join(", ") + ").",
      "#",
      "# Run a query: Ctrl-Enter or the \u25B6 button.",
      "# Complete a name: Ctrl-Space.",
      "# Docs for every type and field: the book button on the left.",
      "# Use another key: the key button in the toolbar.",
      "# README.md has examples to paste here.",
      "",
      "{ viewer { name scopes } }",
      "",
    ].join("\n");
  }

  function KeyForm(props) {
    const [value, setValue] = useState("");
    const [busy, setBusy] = useState(false);
    const [problem, setProblem] = useState(props.problem);

    async function submit(event) {
      event.preventDefault();
      const key = value.trim();
      if (!key) {
        setProblem("Enter an API key.");
        return;
      }
      if (!KEY_CHARACTERS.test(key)) {
        setProblem("An API key has only letters, digits and punctuation, no spaces: it starts with sgm_.");
        return;
      }
      setBusy(true);
      const result = await check(key);
      setBusy(false);
      if (result.viewer) {
        props.onAccepted(key, result.viewer);
      } else {
        setProblem(result.problem);
      }
    }

    return h("main", { className: "sgm-key" },
      h("form", { className: "sgm-key-form", onSubmit: submit, "aria-labelledby": "sgm-key-title", noValidate: true },
        h("h1", { id: "sgm-key-title" }, "Segmentum GraphiQL"),
        h("p", null,
          "Every request to this API needs an API key, also the schema that GraphiQL reads for its docs and ",
          "autocompletion. Enter your key: this browser tab keeps it until you close it and sends it as ",
          h("code", null, "Authorization: Bearer <key>"), "."),
        h("label", { htmlFor: "sgm-api-key" }, "API key"),
        h("input", {
          id: "sgm-api-key", name: "api-key", type: "password", autoComplete: "off", spellCheck: false,
          autoFocus: true, maxLength: MAX_KEY_LENGTH, value: value, placeholder: "sgm_…",
          onChange: (event) => setValue(event.target.value),
        }),
        problem ? h("p", { className: "sgm-key-problem", role: "alert" }, problem) : null,
        h("button", { type: "submit", disabled: busy }, busy ? "Checking the key…" : "Use this key"),
        h("h2", null, "No key yet?"),
        h("ul", null,
          h("li", null, h("code", null, "segmentum serve"),
            " prints a development key, with the read, write and admin scopes, the first time it starts on a database."),
          h("li", null, "Create another one at any time with ", h("code", null, CREATE_KEY),
            "; the key is the last line it prints."))));
  }

  function KeyIcon() {
    return h("svg", { viewBox: "0 0 24 24", width: 20, height: 20, "aria-hidden": true, fill: "none",
      stroke: "currentColor", strokeWidth: 1.5 },
      h("circle", { cx: 8, cy: 15, r: 4 }),
      h("path", { d: "M11 12l8-8M16 7l2 2M14 9l2 2" }));
  }

  function Explorer(props) {
    const { apiKey, viewer, onRefused, onChangeKey } = props;
    const fetcher = useMemo(() => async (params, options) => {
      const extra = (options && options.headers) || {};
      const { status, payload } = await post(apiKey, params, extra);
      if (status === 401 && !hasAuthorization(extra)) {
        onRefused("The server refused the key of this tab: " + firstMessage(payload, "unauthorised."));
      }
      return payload;
    }, [apiKey, onRefused]);
    const plugins = useMemo(() => [GraphiQLPluginExplorer.explorerPlugin()], []);
    const keyLabel = "API key \"" + viewer.name + "\" (" + viewer.scopes.join(", ") + "): use another key";

    return h(GraphiQL, {
      fetcher: fetcher,
      plugins: plugins,
      defaultQuery: welcome(viewer),
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    },
    h(GraphiQL.Logo, null, "Segmentum"),
    h(GraphiQL.Toolbar, null, (tools) => h(React.Fragment, null, tools.prettify, tools.merge, tools.copy,
      h(GraphiQL.React.ToolbarButton, { label: keyLabel, onClick: onChangeKey, className: "sgm-key-button" },
        h(KeyIcon)))));
  }

  function App() {
    // With a key from earlier in this tab, check it before showing GraphiQL.
    const [state, setState] = useState(() => (session.get() ? { phase: "checking" } : { phase: "asking" }));

    const accept = useCallback((key, viewer) => {
      session.set(key);
      setState({ phase: "ready", key, viewer });
    }, []);
    const ask = useCallback((problem) => {
      session.clear();
      setState({ phase: "asking", problem: problem || null });
    }, []);
    const changeKey = useCallback(() => ask(null), [ask]);

    useEffect(() => {
      if (state.phase !== "checking") return;
      const key = session.get();
      check(key).then((result) => (result.viewer ? accept(key, result.viewer) : ask(result.problem)));
    }, [state.phase, accept, ask]);

    if (state.phase === "checking") return h("p", { className: "sgm-loading" }, "Checking the API key of this tab…");
    if (state.phase === "asking") return h(KeyForm, { problem: state.problem, onAccepted: accept });
    return h(Explorer, { apiKey: state.key, viewer: state.viewer, onRefused: ask, onChangeKey: changeKey });
  }

  const container = document.getElementById("graphiql");
  container.classList.remove("sgm-loading");
  ReactDOM.createRoot(container).render(h(App));
})();
