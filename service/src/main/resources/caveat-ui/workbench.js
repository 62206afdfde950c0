// The rules workbench: a page over /api/v1 (no state of its own on the server). A change is a set of edited,
// new and deleted files held here until it is dry-run or activated; nothing is written before "Activate".
"use strict";
(() => {
  const API = "../api/v1";
  const state = {
    token: sessionStorage.getItem("caveat-token") || "",
    kb: null,
    rules: [],
    files: [],
    changes: {allowed: true, reason: null}, // whether this token may change the rules here
    selected: null,
    open: null,
    originals: new Map(), // path -> text on the server; null for a file the change adds
    edits: new Map(), // path -> text as edited, only where it differs from the original
    deleted: new Set(),
    latest: null // {kind: "report" | "evaluation", id, findings}
  };
  const $ = id => document.getElementById(id);

  /** An element with properties (attributes, on* handlers, dataset) and children (nodes or text). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function status(text, error) {
    $("status").textContent = text;
    $("status").classList.toggle("error", Boolean(error));
  }

  class ApiError extends Error {
    constructor(code, message, body) {
      super(message);
      this.code = code;
      this.body = body;
    }
  }

  /** Calls the API; answers {code, body}. Statuses in `accept` are answers, others throw an ApiError. */
  async function api(method, path, {body, text = false, accept = [], quiet = false} = {}) {
    const headers = {};
    if (state.token) headers.Authorization = "Bearer " + state.token;
    let payload;
    if (typeof body === "string") {
      payload = body;
      headers["Content-Type"] = "text/plain; charset=utf-8";
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    const response = await fetch(API + path, {method, headers, body: payload});
    const answer = text && response.ok ? await response.text() : await response.json().catch(() => ({}));
    if (response.status === 401) {
      state.token = "";
      sessionStorage.removeItem("caveat-token");
      askToken("This service needs a bearer token: the API token to read, the editor token to change rules.",
        quiet);
    }
    if (!response.ok && !accept.includes(response.status)) {
      throw new ApiError(response.status, (answer && answer.error) || response.statusText, answer);
    }
    return {code: response.status, body: answer};
  }

  function failed(what) {
    return error => {
      const detail = error instanceof ApiError ? error.message + " (HTTP " + error.code + ")" : String(error);
      status(what + ": " + detail, true);
    };
  }

  /** @param quiet true when the analyst is typing elsewhere: the form is shown, the focus stays */
  function askToken(why, quiet) {
    $("token-form").hidden = false;
    $("token-show").hidden = true;
    if (why) status(why, true);
    if (!quiet) $("token").focus();
  }

  /** After an action that redraws the control it came from, the focus goes to what it said. */
  function focusStatus() {
    $("status").focus();
  }

  // ---- knowledge base and navigation ----

  const isScenario = path => /\/(fires|passes|derives)\.[^/]*\.yaml$/.test(path);
  const isKnowledgeFile = path => /\.drl$|\.drl\.csv$|(^|\/)limitation\.yaml$/.test(path);
  const folderOf = rule => rule.source.slice(0, rule.source.lastIndexOf("/"));
  const filesOf = folder => state.files.filter(f => f.startsWith(folder + "/"));
  const subjectText = s => [s.kind, s.namespace, s.name].filter(Boolean).join("/");

  async function loadRules() {
    const [rules, files] = await Promise.all([api("GET", "/rules"), api("GET", "/rules/files")]);
    state.kb = rules.body.knowledgeBase;
    state.rules = rules.body.rules;
    state.files = files.body.files;
    state.changes = rules.body.changes || {allowed: true, reason: null};
    $("activate-button").title = state.changes.allowed ? "" : state.changes.reason;
    $("read-only").textContent = state.changes.allowed ? "" : "Activate and restore are off: " + state.changes.reason;
    const loaded = rules.body.lastReload;
    $("kb").textContent = state.kb
      ? "knowledge base " + state.kb.version + " · " + state.rules.length + " limitations"
        + (loaded && loaded.at ? " · loaded " + new Date(loaded.at).toLocaleString() : "")
      : "no knowledge base compiled";
    renderNav();
    renderWhyRules();
    if (state.selected && !state.rules.some(r => r.id === state.selected)) state.selected = null;
    renderLimitation();
  }

  function renderNav() {
    const filter = $("filter").value.trim().toLowerCase();
    const limitationFolders = new Set(state.rules.map(folderOf));
    $("limitations").replaceChildren(...state.rules
      .filter(r => !filter || [r.id, r.title, r.detects, r.limitation].join(" ").toLowerCase().includes(filter))
      .map(rule => {
        const gone = filesOf(folderOf(rule)).every(f => state.deleted.has(f));
        return el("li", {class: gone ? "deleted" : null},
          el("button", {type: "button", dataset: {id: rule.id}, "aria-current": String(rule.id === state.selected),
              onclick: () => selectLimitation(rule.id)},
            el("span", {class: "id"}, rule.id), el("span", {class: "sev " + rule.severity}, rule.severity),
            el("span", {class: "title"}, rule.title)));
      }));
    const vocabulary = state.files.filter(f => ![...limitationFolders].some(folder => f.startsWith(folder + "/")));
    $("vocabulary").replaceChildren(...vocabulary.map(path => el("li", {},
      el("button", {type: "button", class: "mono", onclick: () => openFile(path)}, path))));
  }

  function selectLimitation(id) {
    state.selected = id;
    renderNav();
    renderLimitation();
    showTab("limitation");
  }

  function renderLimitation() {
    const rule = state.rules.find(r => r.id === state.selected);
    if (!rule) {
      $("limitation").replaceChildren(el("p", {class: "hint"},
        "Choose a limitation on the left (/ filters, ↑/↓ move, Enter opens; 1-5 switch tabs)."));
      return;
    }
    const folder = folderOf(rule);
    const files = filesOf(folder);
    const fileButton = path => el("li", {}, el("button", {type: "button", class: "mono", onclick: () => openFile(path)},
      path.slice(folder.length + 1)), state.deleted.has(path) ? " (deleted in the change)" : "",
      state.edits.has(path) ? " (edited)" : "");
    const row = (term, value) => value ? [el("dt", {}, term), el("dd", {}, value)] : [];
    $("limitation").replaceChildren(
      el("h2", {}, rule.id + " ", el("span", {class: "sev " + rule.severity}, rule.severity), " " + rule.title),
      el("dl", {class: "meta"},
        row("Detects", rule.detects),
        row("Illumio says", rule.limitation),
        row("Remediation", rule.remediation),
        row("Needs facts", rule.requires.join(", ")),
        row("Source", rule.origin),
        row("Applies to", rule.appliesTo),
        row("Docs", /^https?:\/\//.test(rule.docs || "") ? el("a", {href: rule.docs, target: "_blank",
          rel: "noopener noreferrer"}, rule.docs) : rule.docs)),
      el("h3", {}, "Files"),
      el("ul", {}, files.filter(f => !isScenario(f)).map(fileButton)),
      el("h3", {}, "Scenarios"),
      el("ul", {}, files.filter(isScenario).map(fileButton)),
      el("div", {class: "toolbar"},
        el("button", {type: "button", class: "primary", onclick: () => dryRun(folder)}, "Run its scenarios"),
        el("button", {type: "button", onclick: () => deleteLimitation(folder)}, "Delete limitation"),
        el("button", {type: "button", onclick: () => {
          $("why-rule").value = rule.id;
          showTab("findings");
          $("why-subject").focus();
        }}, "Why no finding…")));
  }

  function deleteLimitation(folder) {
    filesOf(folder).forEach(f => state.deleted.add(f));
    changed();
    if (state.open && state.open.startsWith(folder + "/")) openFile(state.open);
    else showTab("editor");
    status("The change deletes " + folder + ": dry-run it (Ctrl+Enter), then activate it with a comment.");
    $("run").focus();
  }

  // ---- the editor ----

  const editor = CodeMirror($("editor-host"), {
    lineNumbers: true,
    matchBrackets: true,
    styleActiveLine: true,
    indentUnit: 4,
    gutters: ["CodeMirror-lint-markers"],
    readOnly: "nocursor",
    extraKeys: {
      "Ctrl-Enter": () => dryRun(),
      "Cmd-Enter": () => dryRun(),
      // Tab moves the focus on, as everywhere on the page; indentation is by spaces the analyst types.
      "Tab": false,
      "Shift-Tab": false,
      "Esc": () => $("run").focus()
    }
  });
  editor.getWrapperElement().setAttribute("aria-label", "rule file editor");

  /** Compiles the open file beside the served rules as one types: CodeMirror's lint calls this, debounced. */
  let validation = 0;

  function validate(text, update) {
    const path = state.open;
    const asked = ++validation;
    if (!path || !isKnowledgeFile(path)) {
      update([]);
      return;
    }
    $("checking").textContent = "checking…";
    // Only the answer to the latest question counts: an earlier one may arrive after it.
    const current = () => asked === validation && path === state.open;
    api("POST", "/rules/validate?name=" + encodeURIComponent(path), {body: text, quiet: true, accept: [503]})
      .then(({code, body}) => {
        if (!current()) return;
        if (code === 503) {
          $("checking").textContent = "busy; checking again shortly";
          setTimeout(() => current() && editor.performLint(), 1000);
          return;
        }
        $("checking").textContent = body.valid ? "compiles" : body.diagnostics.length + " problems";
        showDiagnostics(body.diagnostics);
        update(annotations(body.diagnostics, path));
      })
      .catch(error => {
        if (!current()) return;
        $("checking").textContent = "";
        failed("Checking " + path)(error);
        update([]);
      });
  }

  /** "file:line:column: message" as Drools and caveat write them; anything else is about the whole file. */
  function parseDiagnostic(text) {
    const match = /^(.+?):(\d+):(\d+): ([\s\S]*)$/.exec(text);
    return match ? {file: match[1], line: Number(match[2]), column: Number(match[3]), message: match[4], text}
      : {file: null, line: null, column: null, message: text, text};
  }

  function annotations(diagnostics, path) {
    return diagnostics.map(parseDiagnostic).filter(d => d.file === path || d.file === null).map(d => {
      const line = Math.max(0, (d.line || 1) - 1);
      const from = CodeMirror.Pos(line, d.column || 0);
      return {from, to: CodeMirror.Pos(line, (d.column || 0) + 1), message: d.message, severity: "error"};
    });
  }

  function showDiagnostics(diagnostics) {
    if (!diagnostics.length) {
      $("diagnostics").replaceChildren(el("li", {class: "hint"}, "No problems."));
      return;
    }
    $("diagnostics").replaceChildren(...diagnostics.map(parseDiagnostic).map(d => el("li", {class: "error"},
      d.file && d.line ? el("button", {type: "button", onclick: () => goTo(d)}, d.file + ":" + d.line + ":" + d.column)
        : null, d.file && d.line ? " " + d.message : d.text)));
  }

  async function goTo(diagnostic) {
    if (diagnostic.file !== state.open) await openFile(diagnostic.file);
    editor.setCursor(Math.max(0, diagnostic.line - 1), diagnostic.column || 0);
    editor.focus();
  }

  function modeOf(path) {
    if (path.endsWith(".drl")) return "drl";
    if (path.endsWith(".yaml")) return "yaml";
    return null;
  }

  const LIMITATION_TEMPLATE = [
    "id: KL-0XX", "title: ", "severity: medium", "requires: \"\"", "docs: ", "source: >-", "  ", "appliesTo: >-",
    "  ", "detects: >-", "  ", "limitation: >-", "  ", "remediation: >-", "  ", ""].join("\n");

  async function openFile(path) {
    if (!state.originals.has(path)) {
      const {code, body} = await api("GET", "/rules/file?path=" + encodeURIComponent(path), {text: true, accept: [404]})
        .catch(error => {
          failed("Opening " + path)(error);
          throw error;
        });
      state.originals.set(path, code === 404 ? null : body);
    }
    state.open = path;
    const original = state.originals.get(path);
    const text = state.edits.has(path) ? state.edits.get(path)
      : original !== null ? original : path.endsWith("limitation.yaml") ? LIMITATION_TEMPLATE : "";
    editor.setOption("lint", false);
    editor.setOption("mode", modeOf(path));
    loading = true;
    try {
      editor.setValue(text);
    } finally {
      loading = false;
    }
    editor.clearHistory();
    editor.setOption("readOnly", state.deleted.has(path) ? "nocursor" : false);
    editor.setOption("lint", isKnowledgeFile(path) ? {getAnnotations: validate, async: true, delay: 400} : false);
    $("editing").textContent = path + (original === null ? " (new)" : "") + (state.deleted.has(path)
      ? " (deleted in the change)" : "");
    $("revert").disabled = false;
    $("delete-file").disabled = original === null;
    $("delete-file").textContent = state.deleted.has(path) ? "Keep file" : "Delete file";
    $("diagnostics").replaceChildren(el("li", {class: "hint"}, isKnowledgeFile(path)
      ? "Checked as you type." : "Scenarios and notes are checked when the scenarios run."));
    showTab("editor");
    editor.refresh();
    editor.focus();
  }

  /** True while a file is put into the editor: that is no edit. */
  let loading = false;

  editor.on("change", () => {
    const path = state.open;
    if (loading || !path || state.deleted.has(path)) return;
    const text = editor.getValue();
    if (text === state.originals.get(path)) state.edits.delete(path);
    else state.edits.set(path, text);
    renderPending();
  });

  $("revert").addEventListener("click", () => {
    if (!state.open) return;
    state.edits.delete(state.open);
    state.deleted.delete(state.open);
    changed();
    openFile(state.open);
  });

  $("delete-file").addEventListener("click", () => {
    const path = state.open;
    // Its edits stay: "Keep file" brings the file back as it was being edited.
    if (state.deleted.has(path)) state.deleted.delete(path);
    else state.deleted.add(path);
    changed();
    openFile(path);
  });

  // ---- the change ----

  function change() {
    const files = [...state.edits].filter(([path]) => !state.deleted.has(path));
    return {files: Object.fromEntries(files), delete: [...state.deleted].filter(p => state.originals.get(p) !== null)};
  }

  function pendingCount() {
    const body = change();
    return Object.keys(body.files).length + body.delete.length;
  }

  function changed() {
    renderPending();
    renderNav();
    renderLimitation();
  }

  function renderPending() {
    const items = [];
    for (const path of state.edits.keys()) {
      if (state.deleted.has(path)) continue;
      items.push(el("li", {}, (state.originals.get(path) === null ? "new " : "edited ") + path,
        el("button", {type: "button", onclick: () => openFile(path)}, "Open"),
        el("button", {type: "button", onclick: () => discard(path)}, "Discard")));
    }
    for (const path of state.deleted) {
      if (state.originals.get(path) === null) continue;
      items.push(el("li", {}, "deleted " + path,
        el("button", {type: "button", onclick: () => discard(path)}, "Keep")));
    }
    $("pending").replaceChildren(...(items.length ? items : [el("li", {class: "hint"}, "Nothing changed yet.")]));
    $("activate-button").disabled = items.length === 0 || !state.changes.allowed;
    $("discard").disabled = items.length === 0;
  }

  function discard(path) {
    state.edits.delete(path);
    state.deleted.delete(path);
    changed();
    if (path === state.open) openFile(path);
    status("Discarded the change to " + path + ".");
    focusStatus();
  }

  $("discard").addEventListener("click", () => {
    state.edits.clear();
    state.deleted.clear();
    changed();
    if (state.open) openFile(state.open);
    status("The change was discarded; nothing was written.");
    focusStatus();
  });

  /** Dry-runs the change; `touch` names a limitation folder whose scenarios run even if the change leaves it. */
  async function dryRun(touch) {
    const body = change();
    if (touch) {
      const own = filesOf(touch).find(f => !state.deleted.has(f) && !isScenario(f));
      if (own && !(own in body.files)) {
        try {
          await ensureOriginal(own);
        } catch (error) {
          failed("Reading " + own)(error);
          return;
        }
        body.files[own] = state.originals.get(own);
      }
    }
    if (!Object.keys(body.files).length && !body.delete.length) {
      status("Nothing to dry-run: change, add or delete a file first.", true);
      return;
    }
    status("Dry run: compiling the proposed rules, running scenarios, evaluating the latest snapshot…");
    try {
      const {code, body: answer} = await api("POST", "/rules/dry-run", {body, accept: [400]});
      if (code === 400) {
        renderDryRunError(answer.error);
        status("Dry run refused: " + answer.error, true);
      } else {
        renderDryRun(answer);
      }
      showTab("dryrun");
    } catch (error) {
      failed("Dry run")(error);
    }
  }

  async function ensureOriginal(path) {
    if (!state.originals.has(path)) {
      const {body} = await api("GET", "/rules/file?path=" + encodeURIComponent(path), {text: true});
      state.originals.set(path, body);
    }
  }

  function renderDryRunError(message) {
    $("dryrun").replaceChildren(el("p", {class: "failed"}, message));
  }

  function findingCell(finding, side) {
    if (!finding) return el("td", {class: side + " empty"}, "no finding");
    return el("td", {class: side + " finding"}, el("span", {class: "sev " + finding.severity}, finding.severity), " ",
      el("strong", {}, finding.ruleId), " ", el("span", {class: "subject"}, subjectText(finding.subject)),
      el("p", {}, finding.message));
  }

  function renderDryRun(answer) {
    if (!answer.compiles) {
      $("dryrun").replaceChildren(el("h2", {class: "failed"}, "The proposed rules do not compile"),
        el("ul", {}, answer.diagnostics.map(d => el("li", {class: "mono"}, d))));
      showDiagnostics(answer.diagnostics);
      status("Dry run: the proposed rules do not compile (" + answer.diagnostics.length + " problems).", true);
      return;
    }
    const failedScenarios = answer.scenarios.filter(s => !s.passed);
    const rows = [
      ...answer.removed.map(f => el("tr", {class: "removed"}, findingCell(f, "before"), findingCell(null, "after"))),
      ...answer.added.map(f => el("tr", {class: "added"}, findingCell(null, "before"), findingCell(f, "after"))),
      ...answer.changed.map(c => el("tr", {class: "changed"}, findingCell(c.before, "before"),
        findingCell(c.after, "after")))];
    const counts = answer.added.length + " added, " + answer.removed.length + " removed, " + answer.changed.length
      + " changed, " + answer.unchanged + " unchanged";
    $("dryrun").replaceChildren(
      el("p", {}, "Active rules ", el("span", {class: "mono"}, answer.knowledgeBase.active), " → proposed ",
        el("span", {class: "mono"}, answer.knowledgeBase.proposed), " on ", answer.snapshot, ". Nothing is active yet."),
      answer.scenarios.length ? el("h3", {}, "Scenarios: ", el("span", {class: failedScenarios.length ? "failed"
        : "passed"}, answer.scenarios.length - failedScenarios.length + " of " + answer.scenarios.length + " pass"))
        : el("h3", {}, "Scenarios"),
      answer.scenarios.length ? el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "Scenario"), el("th", {}, "Result"))),
        el("tbody", {}, answer.scenarios.map(s => el("tr", {}, el("td", {class: "mono"}, s.file),
          el("td", {}, el("span", {class: s.passed ? "passed" : "failed"}, s.passed ? "passes" : "fails"),
            s.problems.map(p => el("div", {}, p))))))) : el("p", {class: "hint"}, "No scenario to run: the change touches none, or deletes them."),
      el("h3", {}, "Findings: " + counts),
      Object.keys(answer.byLimitation).length ? el("table", {},
        el("thead", {}, el("tr", {}, ["Limitation", "Added", "Removed", "Changed"].map(h => el("th", {}, h)))),
        el("tbody", {}, Object.entries(answer.byLimitation).map(([id, n]) => el("tr", {}, el("td", {}, id),
          el("td", {}, n.added), el("td", {}, n.removed), el("td", {}, n.changed))))) : null,
      rows.length ? el("table", {class: "side-by-side"},
        el("thead", {}, el("tr", {}, el("th", {}, "Active rules"), el("th", {}, "Proposed rules"))),
        el("tbody", {}, rows)) : el("p", {class: "hint"}, "No finding changes."));
    status("Dry run: " + counts + "; " + (!answer.scenarios.length ? "no scenario to run"
      : failedScenarios.length ? failedScenarios.length + " scenarios failing" : "all scenarios pass") + ".",
      failedScenarios.length > 0);
  }

  $("run").addEventListener("click", () => dryRun());

  $("activate").addEventListener("submit", async event => {
    event.preventDefault();
    const comment = $("comment").value.trim();
    if (!comment) {
      status("Say why: the comment is recorded in the history with the version.", true);
      $("comment").focus();
      return;
    }
    try {
      const {code, body} = await api("POST", "/rules/changes", {body: {comment, base: state.kb.version, ...change()},
        accept: [403, 409, 422]});
      if (code === 403) {
        askToken(body.error);
        return;
      }
      if (code === 409 && body.field === "/base") {
        // Someone changed the rules meanwhile: the change stays here, to be read against theirs and sent again.
        state.originals.clear();
        await loadRules();
        status("Not activated: " + body.error + ". Your change is kept; review it and activate again.", true);
        return;
      }
      if (code !== 201) {
        status("Not activated: " + body.error, true);
        if (body.diagnostics) showDiagnostics(body.diagnostics);
        return;
      }
      state.edits.clear();
      state.deleted.clear();
      state.originals.clear();
      $("comment").value = "";
      await afterRulesChanged();
      $("dryrun").replaceChildren(el("p", {class: "hint"}, "Activated as version " + body.version.version
        + ": dry-run a new change to compare again."));
      status("Activated version " + body.version.version + " (knowledge base " + body.version.knowledgeBase + ").");
      focusStatus();
    } catch (error) {
      failed("Activating")(error);
    }
  });

  async function afterRulesChanged() {
    await loadRules();
    renderPending();
    await loadHistory();
    if (state.open) {
      if (state.files.includes(state.open)) await openFile(state.open);
      else {
        state.open = null;
        editor.setValue("");
        editor.setOption("readOnly", "nocursor");
        $("editing").textContent = "No file open";
      }
    }
  }

  // ---- history ----

  async function loadHistory() {
    const {body} = await api("GET", "/rules/history");
    const versions = body.versions;
    // The active version is the newest whose knowledge base is served: an edit outside the service may differ.
    const active = versions.findIndex(v => v.knowledgeBase === (state.kb && state.kb.version));
    if (!versions.length) {
      $("history").replaceChildren(el("p", {class: "hint"}, "No change made through the service yet."));
      return;
    }
    $("history").replaceChildren(el("table", {},
      el("thead", {}, el("tr", {}, ["Version", "When", "Who", "Why", "Knowledge base", ""].map(h => el("th", {}, h)))),
      el("tbody", {}, versions.map((v, i) => el("tr", {dataset: {version: v.version}},
        el("td", {class: "mono"}, v.version), el("td", {}, new Date(v.at).toLocaleString()), el("td", {}, v.who),
        el("td", {}, v.comment), el("td", {class: "mono"}, v.knowledgeBase || ""),
        el("td", {}, el("button", {type: "button", onclick: () => showDiff(v.version)}, "Diff"), " ",
          i === active ? el("span", {class: "hint"}, "active")
            : el("button", {type: "button", class: "primary", disabled: !state.changes.allowed,
              title: state.changes.allowed ? null : state.changes.reason, onclick: confirmRestore(v.version)},
            "Restore")))))));
  }

  /** A restore asks once more on the same button: a second press (or Enter) carries it out. */
  function confirmRestore(version) {
    return event => {
      const button = event.currentTarget;
      if (button.dataset.armed) {
        restore(version);
        return;
      }
      button.dataset.armed = "yes";
      button.textContent = "Restore " + version + "? Press again";
      status("Restoring " + version + " writes its files back as a new version (the history keeps this one).");
    };
  }

  async function showDiff(version) {
    try {
      const {body} = await api("GET", "/rules/history/" + encodeURIComponent(version));
      $("diff").replaceChildren(...body.diff.split("\n").map(line => el("span", {class: line.startsWith("+")
        ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : null}, line + "\n")));
      $("diff").hidden = false;
      $("diff").focus();
    } catch (error) {
      failed("Reading version " + version)(error);
    }
  }

  async function restore(version) {
    if (pendingCount()) {
      status("Activate or discard the change in the editor before restoring a version.", true);
      return;
    }
    try {
      const {code, body} = await api("POST", "/rules/history/" + encodeURIComponent(version) + "/restore",
        {accept: [403, 409, 422]});
      if (code === 403) {
        askToken(body.error);
        return;
      }
      if (code !== 201) {
        status("Not restored: " + body.error, true);
        return;
      }
      state.originals.clear();
      await afterRulesChanged();
      status("Restored " + version + " as version " + body.version.version + ".");
      focusStatus();
    } catch (error) {
      failed("Restoring " + version)(error);
    }
  }

  // ---- findings and why-not ----

  async function loadFindings() {
    const report = await api("GET", "/reports/latest", {accept: [404]});
    if (report.code === 200) {
      state.latest = {kind: "report", id: report.body.id, findings: report.body.findings};
      renderFindings("Latest report " + report.body.id + " on " + report.body.snapshotSource
        + " (knowledge base " + report.body.knowledgeBase.version + ")");
      return;
    }
    const list = await api("GET", "/evaluations?limit=1");
    const newest = list.body.evaluations[0];
    if (!newest) {
      state.latest = null;
      $("findings").replaceChildren(el("p", {class: "hint"}, "No report archived and no evaluation yet: run one "
        + "(POST /api/v1/reports or /api/v1/evaluations) to see findings and ask why one is missing."));
      return;
    }
    const evaluation = await api("GET", "/evaluations/" + encodeURIComponent(newest.id));
    state.latest = {kind: "evaluation", id: newest.id, findings: evaluation.body.findings};
    renderFindings("Latest evaluation " + newest.id + " on " + newest.source);
  }

  function renderFindings(title) {
    const findings = state.latest.findings;
    const subjects = [...new Set(findings.map(f => subjectText(f.subject)))].sort();
    $("subjects").replaceChildren(...subjects.map(s => el("option", {value: s})));
    $("findings").replaceChildren(el("p", {}, title + ": " + findings.length + " findings."),
      el("table", {},
        el("thead", {}, el("tr", {}, ["Severity", "Limitation", "Object", "Message", ""].map(h => el("th", {}, h)))),
        el("tbody", {}, findings.map(f => el("tr", {},
          el("td", {}, el("span", {class: "sev " + f.severity}, f.severity)), el("td", {}, f.ruleId),
          el("td", {class: "mono"}, subjectText(f.subject)), el("td", {}, f.message),
          el("td", {}, el("button", {type: "button", title: "Ask why another limitation made no finding here",
            onclick: () => {
              $("why-subject").value = subjectText(f.subject);
              $("why-rule").focus();
            }}, "Ask why not")))))));
  }

  function renderWhyRules() {
    const selected = $("why-rule").value;
    $("why-rule").replaceChildren(...state.rules.map(r => el("option", {value: r.id}, r.id + " " + r.title)));
    if (selected) $("why-rule").value = selected;
  }

  $("why-not").addEventListener("submit", async event => {
    event.preventDefault();
    const rule = $("why-rule").value;
    const subject = $("why-subject").value.trim();
    if (!state.latest) {
      status("No findings to ask about yet: run a report or an evaluation first.", true);
      return;
    }
    try {
      const answer = state.latest.kind === "report"
        ? await api("POST", "/rules/why-not", {body: {rule, subject}})
        : await api("GET", "/evaluations/" + encodeURIComponent(state.latest.id) + "/why-not?rule="
          + encodeURIComponent(rule) + "&subject=" + encodeURIComponent(subject));
      renderWhyNot(answer.body);
    } catch (error) {
      failed("Why not")(error);
    }
  });

  function renderWhyNot(answer) {
    const parts = [el("p", {}, answer.rule + " on " + answer.subject + " in " + answer.snapshot + "."),
      answer.note ? el("p", {class: "failed"}, answer.note) : null];
    for (const rule of answer.rules) {
      const first = rule.conditions.findIndex(c => !c.held);
      parts.push(el("h4", {}, rule.rule),
        el("p", {}, rule.firstFailing === null
          ? "Every condition held: this rule matches the object (is the finding waived, or made under another rule?)."
          : "Stops at condition " + (first + 1) + " of " + rule.conditions.length + "."),
        el("ol", {class: "conditions"}, rule.conditions.map((c, i) => el("li", {class: i < first || first < 0
            ? "held" : i === first ? "first-failing" : "not-reached"},
          el("span", {class: "mark"}, i < first || first < 0 ? "✓ held" : i === first ? "✗ first that did not hold"
            : "· not reached"), c.text))),
        rule.looked.length ? el("p", {}, "Facts looked at: " + rule.looked.join("; ")) : null,
        rule.approximate ? el("p", {class: "hint"}, "Approximate: " + rule.approximate) : null);
    }
    $("why-answer").replaceChildren(...parts.filter(Boolean));
  }

  // ---- tabs and keys ----

  const TABS = ["limitation", "editor", "dryrun", "history", "findings"];

  function showTab(name) {
    for (const tab of TABS) {
      const on = tab === name;
      $("tab-" + tab).setAttribute("aria-selected", String(on));
      $("tab-" + tab).tabIndex = on ? 0 : -1;
      $("panel-" + tab).hidden = !on;
    }
    if (name === "editor") editor.refresh();
    if (name === "history") loadHistory().catch(failed("Reading the history"));
    if (name === "findings") loadFindings().catch(failed("Reading the latest findings"));
  }

  TABS.forEach((tab, i) => {
    $("tab-" + tab).addEventListener("click", () => showTab(tab));
    $("tab-" + tab).addEventListener("keydown", event => {
      const moves = {ArrowRight: (i + 1) % TABS.length, ArrowLeft: (i - 1 + TABS.length) % TABS.length, Home: 0,
        End: TABS.length - 1};
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = TABS[moves[event.key]];
      showTab(next);
      $("tab-" + next).focus();
    });
  });

  document.addEventListener("keydown", event => {
    const typing = event.target.closest("input, textarea, select, .CodeMirror");
    if (!typing && !event.altKey && !event.ctrlKey && !event.metaKey && event.key >= "1"
        && event.key <= String(TABS.length)) {
      event.preventDefault();
      showTab(TABS[Number(event.key) - 1]);
      $("tab-" + TABS[Number(event.key) - 1]).focus();
    } else if (event.key === "/" && !typing) {
      event.preventDefault();
      $("filter").focus();
    } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !event.target.closest(".CodeMirror")) {
      event.preventDefault();
      dryRun();
    }
  });

  $("limitations").addEventListener("keydown", event => {
    const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    const buttons = [...$("limitations").querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + step))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });

  $("filter").addEventListener("input", renderNav);
  $("filter").addEventListener("keydown", event => {
    if (event.key === "ArrowDown") {
      const first = $("limitations").querySelector("button");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  $("new-file").addEventListener("submit", event => {
    event.preventDefault();
    const path = $("new-path").value.trim();
    if (!/^[\w.-]+(\/[\w.-]+)*$/.test(path) || path.split("/").some(p => p === ".." || p === ".")) {
      status("A new file's path is a path under the rules directory, e.g. limitations/KL-017-x/KL-017.drl.", true);
      return;
    }
    openFile(path).catch(() => {});
  });

  $("token-show").addEventListener("click", () => askToken());
  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    state.token = $("token").value.trim();
    sessionStorage.setItem("caveat-token", state.token);
    $("token-form").hidden = true;
    $("token-show").hidden = false;
    start();
  });

  function start() {
    loadRules().then(() => status("Ready: choose a limitation, open a file, change it, dry-run, activate."))
      .catch(failed("Reading the rules"));
  }

  renderPending();
  start();
})();
