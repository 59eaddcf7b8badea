// Triage in the dashboard: an issue's state (open, resolved, muted, ignored until escalating), shown in lists
// and set from the issue page. Kept apart from app.js, which calls window.lookoutTriage(h, api) once.
// Setting a state needs the write key (Lookout__WriteKey), asked once and kept for this tab only; the read
// key alone cannot write (the server answers 401 without the write key, 403 with any other key).
(function () {
  "use strict";
  const WRITE_KEY = "lookout.writeKey";
  const STATES = [
    ["open", "Open", "Alerts on."],
    ["resolved", "Resolve", "Fixed: the next report makes it a regression and alerts."],
    ["muted", "Mute", "Counted and listed, never alerted."],
    ["ignored", "Ignore until escalating", "Quiet until a day has twice the reports of today."],
  ];

  window.lookoutTriage = function (h, api) {
    let states = null;

    // Every triaged issue, by "<type>_<fingerprint>"; issues not listed are open.
    async function load() {
      const result = await api("triage");
      states = new Map(result.items.map((t) => [t.type + "_" + t.fingerprint, t]));
      return states;
    }

    const stateOf = (id) => (states && states.get(id) ? states.get(id).state : "open");

    function badge(id) {
      const state = stateOf(id);
      return state === "open" ? null : h("span", { class: "state state-" + state, "data-state": state }, state);
    }

    async function post(type, fingerprint, state) {
      const headers = Object.assign({ "content-type": "application/json", "x-lookout-write-key": sessionStorage.getItem(WRITE_KEY) || "" }, window.lookout.headers());
      const response = await fetch(window.lookout.api + "triage", { method: "POST", headers, body: JSON.stringify({ type, fingerprint, state }) });
      const text = await response.text();
      if (!response.ok) {
        const error = new Error(response.status === 401 || response.status === 403 ? "The write key was not accepted." : (JSON.parse(text || "{}").error || "HTTP " + response.status));
        error.status = response.status;
        throw error;
      }
      return JSON.parse(text);
    }

    // The state buttons of one issue, with a write-key form that appears when the key is missing or refused.
    function controls(issue) {
      const id = issue.type + "_" + issue.fingerprint;
      const status = h("p", { class: "muted", id: "triage-status" });
      const keyInput = h("input", { type: "password", id: "write-key", autocomplete: "off", placeholder: "Write key", required: true });
      const keyForm = h("form", { class: "write-key", hidden: true },
        h("span", null, "Enter the write key (Lookout__WriteKey) to change the state: "), keyInput, h("button", { type: "submit" }, "Save key"));
      const buttons = STATES.map(([state, label, help]) =>
        h("button", { type: "button", title: help, "data-state": state, class: "triage-button", onclick: () => set(state) }, label));
      const current = h("strong", { id: "triage-state", "data-state": stateOf(id) }, stateOf(id));
      let pending = null;

      function show() {
        const state = stateOf(id);
        current.textContent = state;
        current.dataset.state = state;
        for (const b of buttons) b.disabled = b.dataset.state === state;
      }

      async function set(state) {
        pending = state;
        if (!sessionStorage.getItem(WRITE_KEY)) { keyForm.hidden = false; keyInput.focus(); return; }
        try {
          const stored = await post(issue.type, issue.fingerprint, state);
          states.set(id, stored);
          pending = null;
          status.textContent = state === "ignored" ? `Ignored at ${stored.countWhenIgnored} reports today.` : "Saved.";
          show();
        } catch (e) {
          if (e.status === 401 || e.status === 403) { sessionStorage.removeItem(WRITE_KEY); keyForm.hidden = false; }
          status.textContent = e.message;
        }
      }

      keyForm.addEventListener("submit", (e) => {
        e.preventDefault();
        sessionStorage.setItem(WRITE_KEY, keyInput.value.trim());
        keyForm.hidden = true;
        if (pending) set(pending);
      });
      show();
      return h("div", { class: "card triage", id: "triage" }, h("h2", null, "Triage: ", current), h("div", { class: "buttons" }, buttons), keyForm, status);
    }

    // The rules page: configured rules (read-only, from Lookout__NoiseRules) and the ones edited here, checked by
    // the server exactly like the setting; Normalize applies a saved change within a minute.
    async function rulesView() {
      const rules = await api("triage/rules");
      const text = h("textarea", { id: "rules-text", rows: 8, cols: 80, spellcheck: "false" }, rules.runtime);
      const status = h("p", { class: "muted", id: "rules-status" });
      const keyInput = h("input", { type: "password", id: "rules-write-key", autocomplete: "off", placeholder: "Write key", hidden: !!sessionStorage.getItem(WRITE_KEY) });
      async function save(e) {
        e.preventDefault();
        if (keyInput.value.trim()) sessionStorage.setItem(WRITE_KEY, keyInput.value.trim());
        const headers = Object.assign({ "content-type": "application/json", "x-lookout-write-key": sessionStorage.getItem(WRITE_KEY) || "" }, window.lookout.headers());
        const response = await fetch(window.lookout.api + "triage/rules", { method: "POST", headers, body: JSON.stringify({ rules: text.value }) });
        const body = await response.json().catch(() => ({}));
        if (response.status === 401 || response.status === 403) {
          sessionStorage.removeItem(WRITE_KEY);
          keyInput.hidden = false;
          status.textContent = "The write key was not accepted.";
        } else if (!response.ok) {
          status.textContent = body.error || "HTTP " + response.status;
          status.dataset.result = "error";
        } else {
          status.textContent = "Saved: Normalize applies the rules within a minute.";
          status.dataset.result = "saved";
        }
      }
      return h("section", null, h("h1", null, "Noise rules"),
        h("div", { class: "card" }, h("h2", null, "Configured (Lookout__NoiseRules)"),
          h("pre", { id: "rules-configured" }, rules.configured || "(none)")),
        h("form", { class: "card", id: "rules-form", onsubmit: save },
          h("h2", null, "Edited here"),
          h("p", { class: "muted" }, "One rule a line: <name>: flag|drop when <field> <op> <value> [and …] (docs/triage.md)."),
          text, h("div", { class: "buttons" }, keyInput, h("button", { type: "submit", id: "rules-save" }, "Save rules")), status));
    }

    return { load, badge, controls, rulesView, stateOf, states: STATES.map(([s]) => s) };
  };
})();
