// Lookout's dashboard: a small single-page app on the read API (/api/read/…). Views live in the URL's
// hash (#/issues?type=…), so a view can be shared; the key never is (see index.html).
// Everything from reports is attacker-controlled text: the DOM is built with textContent only, never innerHTML.
(function () {
  "use strict";
  const lookout = window.lookout;
  const app = document.getElementById("app");
  const numbers = new Intl.NumberFormat();
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  // Digest days are UTC days: label them as such, not shifted into the viewer's zone.
  const utcDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  const utcDayLong = new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  const PALETTE = ["#2f6fde", "#e0622a", "#2a9d6f", "#9b59b6", "#d64545", "#c9a227", "#17a2b8", "#6c757d", "#e83e8c", "#20c997"];
  let chart = null;

  // ---- helpers -------------------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") el.className = value;
      else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  const fmtNumber = (n) => numbers.format(n);
  const fmtTime = (iso) => (iso ? dateTime.format(new Date(iso)) : "—");
  const fmtDay = (day, long) => (long ? utcDayLong : utcDay).format(new Date(day + "T00:00:00Z"));
  const todayUtc = () => new Date().toISOString().slice(0, 10);
  const addDays = (day, n) => new Date(Date.parse(day + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
  const colorOf = (type) => PALETTE[Math.abs([...type].reduce((a, c) => (a * 31 + c.charCodeAt(0)) | 0, 7)) % PALETTE.length];
  const link = (route, params, ...children) => h("a", { href: "#" + route + (params ? "?" + new URLSearchParams(params) : "") }, ...children);
  const typeBadge = (type) => h("span", { class: "badge", style: "--c:" + colorOf(type) }, type);
  const reportUrl = () => location.origin + lookout.api + "reports";

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, params) {
    const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== "" && v !== null && v !== undefined));
    const response = await fetch(lookout.api + "read/" + path + (query.size ? "?" + query : ""), { headers: lookout.headers() });
    if (response.status === 401 || response.status === 403) {
      lookout.askForKey(response.status, await response.text());
      throw new ApiError(response.status, "not authorized");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, (body && body.error) || "HTTP " + response.status);
    return body;
  }

  // Triage state per issue (triage.js): badges in lists, a state filter, buttons on the issue page.
  const triage = window.lookoutTriage(h, api);

  function routeOf() {
    const hash = location.hash.replace(/^#/, "") || "/";
    const [path, query] = hash.split("?");
    return { path: path || "/", params: new URLSearchParams(query || "") };
  }

  function go(path, params) {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined));
    location.hash = "#" + path + (query.size ? "?" + query : "");
  }

  function emptyState(title, ...body) {
    return h("div", { class: "empty" }, h("h3", null, title), ...body);
  }

  function headersBlock() {
    const url = reportUrl();
    // The same text ./run-local.sh prints.
    const text = [
      `Reporting-Endpoints: default="${url}"`,
      `Content-Security-Policy-Report-Only: default-src 'self'; report-uri ${url}; report-to default`,
      `Report-To: {"group":"default","max_age":10886400,"endpoints":[{"url":"${url}"}]}`,
      `NEL: {"report_to":"default","max_age":2592000,"success_fraction":0.0,"failure_fraction":1.0}`,
    ].join("\n");
    const copy = h("button", { class: "small", type: "button" }, "Copy");
    copy.addEventListener("click", () => navigator.clipboard.writeText(text).then(() => { copy.textContent = "Copied"; }));
    return h("div", { class: "headers" }, h("pre", { id: "setup-headers" }, text), copy);
  }

  function trendBars(trend) {
    const max = Math.max(1, ...trend);
    return h("span", { class: "trend", title: "last 7 days: " + trend.map(fmtNumber).join(", ") },
      trend.map((n) => h("i", { style: `height:${Math.max(n ? 12 : 4, Math.round((n / max) * 100))}%` })));
  }

  // ---- views ---------------------------------------------------------------------------------------
  async function overview(params) {
    const noise = params.get("noise") === "all" ? "all" : "hide";
    const today = todayUtc();
    const from = addDays(today, -13);
    const [counts, top] = await Promise.all([api("counts", { from, to: today, noise }), api("top", { day: today, noise, limit: 10 })]);
    const total14 = counts.days.reduce((s, d) => s + d.total, 0);
    const toggle = h("label", { class: "toggle" },
      h("input", { type: "checkbox", id: "show-noise", checked: noise === "all", onchange: (e) => go("/", { noise: e.target.checked ? "all" : "" }) }),
      " Show noise (browser extensions, …)");
    const view = h("section", null,
      h("div", { class: "title-row" }, h("h1", null, "Overview"), toggle),
      h("div", { class: "cards" },
        h("div", { class: "card stat" }, h("span", null, "Reports today"), h("strong", { id: "total-today" }, fmtNumber(top.total))),
        h("div", { class: "card stat" }, h("span", null, "Last 14 days"), h("strong", null, fmtNumber(total14))),
        h("div", { class: "card stat" }, h("span", null, "Types seen"), h("strong", null, fmtNumber(counts.types.length)))));
    if (total14 === 0) {
      view.append(emptyState("No reports yet",
        h("p", null, "Add these headers to your site's responses, then load a page: reports show up here within a minute."),
        headersBlock(),
        h("p", null, "More on what each header does: ", link("/setup", null, "Set up your site"), ".")));
      return view;
    }
    const canvas = h("canvas", { id: "chart", "aria-label": "Reports per type per day, last 14 days", role: "img" });
    view.append(h("div", { class: "card" }, h("h2", null, "Reports per day (UTC), last 14 days"), h("div", { class: "chart-box" }, canvas)));
    const labels = counts.days.map((d) => fmtDay(d.day));
    chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels,
        datasets: counts.types.map((type) => ({
          label: type, backgroundColor: colorOf(type), data: counts.days.map((d) => d.counts[type] || 0),
        })),
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0, callback: (v) => fmtNumber(v) } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmtNumber(c.parsed.y)}` } } },
      },
    });

    const topCard = h("div", { class: "card" }, h("h2", null, "Top issues today"));
    if (top.items.length === 0) {
      topCard.append(emptyState("Nothing today yet",
        h("p", null, "No reports arrived since midnight UTC. Earlier days: ", link("/issues", { from: from, to: today, noise: noise === "all" ? "all" : "" }, "issue list"), ".")));
    } else {
      topCard.append(h("table", { class: "issues", id: "top-issues" },
        h("thead", null, h("tr", null, h("th", null, "Issue"), h("th", { class: "num" }, "Reports"), h("th", null, "First seen"), h("th", null, "Last seen"), h("th", null, "7 days"))),
        h("tbody", null, top.items.map((i) => h("tr", { "data-testid": "top-issue", "data-count": i.count, "data-id": i.id },
          h("td", null, typeBadge(i.type), " ", link("/issue", { day: i.day, id: i.id }, i.title), i.noise ? h("span", { class: "noise" }, i.noise) : null),
          h("td", { class: "num" }, fmtNumber(i.count)),
          h("td", { class: "time" }, fmtTime(i.firstSeen)),
          h("td", { class: "time" }, fmtTime(i.lastSeen)),
          h("td", null, trendBars(i.trend || [])))))));
    }
    view.append(topCard);
    return view;
  }

  // The report types come from the server (/api/read/kinds): one list, declared by the kinds themselves.
  let typeList = null;
  async function types() {
    if (!typeList) typeList = (await api("kinds")).kinds.map((k) => k.slug);
    return typeList;
  }

  async function issues(params) {
    const today = todayUtc();
    const known = await types();
    const filters = {
      type: params.get("type") || "", site: params.get("site") || "",
      from: params.get("from") || addDays(today, -6), to: params.get("to") || today,
      noise: params.get("noise") || "hide", state: params.get("state") || "",
    };
    const update = (changes) => {
      const next = Object.assign({}, filters, changes);
      go("/issues", { type: next.type, site: next.site, from: next.from, to: next.to, noise: next.noise === "hide" ? "" : next.noise, state: next.state });
    };
    await triage.load();
    const form = h("form", { class: "filters", id: "filters", onsubmit: (e) => { e.preventDefault(); update({ site: form.site.value.trim() }); } },
      h("label", null, "Type ", h("select", { name: "type", id: "filter-type", onchange: (e) => update({ type: e.target.value }) },
        h("option", { value: "" }, "All types"),
        known.concat(filters.type && !known.includes(filters.type) ? [filters.type] : []).map((t) => h("option", { value: t, selected: t === filters.type }, t)))),
      h("label", null, "Site ", h("input", { name: "site", id: "filter-site", value: filters.site, placeholder: "any", size: 12, onchange: (e) => update({ site: e.target.value.trim() }) })),
      h("label", null, "From ", h("input", { type: "date", name: "from", value: filters.from, onchange: (e) => update({ from: e.target.value }) })),
      h("label", null, "To ", h("input", { type: "date", name: "to", value: filters.to, onchange: (e) => update({ to: e.target.value }) })),
      h("label", null, "Noise ", h("select", { name: "noise", id: "filter-noise", onchange: (e) => update({ noise: e.target.value }) },
        [["hide", "Hidden"], ["all", "Shown"], ["only", "Only noise"]].map(([v, t]) => h("option", { value: v, selected: v === filters.noise }, t)))),
      h("label", null, "State ", h("select", { name: "state", id: "filter-state", onchange: (e) => update({ state: e.target.value }) },
        h("option", { value: "" }, "Any"), triage.states.map((v) => h("option", { value: v, selected: v === filters.state }, v)))));
    const body = h("tbody");
    const table = h("table", { class: "issues", id: "issues-table" },
      h("thead", null, h("tr", null, h("th", null, "Day (UTC)"), h("th", null, "Issue"), h("th", { class: "num" }, "Reports"), h("th", null, "Last seen"), h("th", null, "Sites"))), body);
    const more = h("button", { class: "more", type: "button", hidden: true }, "Load more");
    const view = h("section", null, h("h1", null, "Issues"), form, h("div", { class: "card" }, table, more));
    let next = null;
    let shown = 0;
    async function page() {
      const result = await api("issues", { from: filters.from, to: filters.to, type: filters.type, site: filters.site, noise: filters.noise, pageSize: 50, token: next });
      // The state filter applies to the loaded page (states live in their own table, not in the digest).
      for (const i of result.items.filter((i) => !filters.state || triage.stateOf(i.id) === filters.state)) {
        body.append(h("tr", { "data-testid": "issue", "data-type": i.type, "data-count": i.count, "data-state": triage.stateOf(i.id) },
          h("td", null, fmtDay(i.day)),
          h("td", null, typeBadge(i.type), " ", link("/issue", { day: i.day, id: i.id }, i.title), i.noise ? h("span", { class: "noise" }, i.noise) : null, triage.badge(i.id)),
          h("td", { class: "num" }, fmtNumber(i.count)),
          h("td", { class: "time" }, fmtTime(i.lastSeen)),
          h("td", { class: "sites" }, i.sites.join(", "))));
      }
      shown += result.items.length;
      next = result.next || null;
      more.hidden = !next;
      if (!next && shown === 0)
        table.replaceWith(emptyState("No issues match",
          h("p", null, "Nothing was reported between ", fmtDay(filters.from, true), " and ", fmtDay(filters.to, true), " with these filters. Widen the day range, clear the type or site, or show noise."),
          h("p", null, "Expecting reports? Check the headers on ", link("/setup", null, "Set up your site"), ".")));
    }
    more.addEventListener("click", () => page().catch(showError));
    await page();
    return view;
  }

  async function issue(params) {
    const day = params.get("day") || "";
    const id = params.get("id") || "";
    const split = id.lastIndexOf("_");
    const type = id.slice(0, split);
    const fingerprint = id.slice(split + 1);
    const found = await api("issues", { from: day, to: day, type, fingerprint, noise: "all", pageSize: 1 });
    const i = found.items[0];
    if (!i) return emptyState("No such issue", h("p", null, "It may be older than the retention period. ", link("/issues", null, "Back to the issue list"), "."));
    await triage.load();
    const fields = Object.entries(i.fields);
    const view = h("section", null,
      h("p", { class: "crumbs" }, link("/issues", { type: i.type }, "Issues"), " › ", fmtDay(day, true)),
      h("h1", null, typeBadge(i.type), " ", i.title, i.noise ? h("span", { class: "noise" }, i.noise) : null),
      h("div", { class: "cards" },
        h("div", { class: "card stat" }, h("span", null, "Reports that day"), h("strong", { id: "issue-count" }, fmtNumber(i.count))),
        h("div", { class: "card stat" }, h("span", null, "First seen"), h("strong", { class: "small" }, fmtTime(i.firstSeen))),
        h("div", { class: "card stat" }, h("span", null, "Last seen"), h("strong", { class: "small" }, fmtTime(i.lastSeen))),
        h("div", { class: "card stat" }, h("span", null, "Sites"), h("strong", { class: "small" }, i.sites.join(", ") || "—"))),
      triage.controls(i),
      fields.length ? h("div", { class: "card" }, h("h2", null, "Details (first report)"), h("dl", { class: "fields" }, fields.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]))) : null);
    const body = h("tbody");
    const more = h("button", { class: "more", type: "button", hidden: true }, "Load more");
    const note = i.rows < i.count ? h("p", { class: "muted" }, `${fmtNumber(i.rows)} of ${fmtNumber(i.count)} reports were stored; the rest were only counted (row cap per issue per day).`) : null;
    view.append(h("div", { class: "card" }, h("h2", null, "Reports"), note,
      h("table", { class: "issues", id: "reports-table" }, h("thead", null, h("tr", null, h("th", null, "Received"), h("th", null, "Page"), h("th", null, "Site"))), body), more));
    let next = null;
    async function page() {
      const result = await api("reports", { type: i.type, day, fingerprint: i.fingerprint, pageSize: 50, token: next });
      for (const r of result.items)
        body.append(h("tr", { "data-testid": "report" },
          h("td", null, link("/report", { pk: r.partitionKey, rk: r.rowKey }, fmtTime(r.receivedAt))),
          h("td", { class: "url" }, r.url || "—"), h("td", null, r.site || "—")));
      next = result.next || null;
      more.hidden = !next;
    }
    more.addEventListener("click", () => page().catch(showError));
    await page();
    return view;
  }

  function prettyJson(text) {
    if (text === null || text === undefined) return "(none)";
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
  }

  async function report(params) {
    const r = await api("report", { pk: params.get("pk"), rk: params.get("rk") });
    const s = r.report;
    const day = s.partitionKey.slice(s.partitionKey.lastIndexOf("_") + 1);
    return h("section", null,
      h("p", { class: "crumbs" }, link("/issues", null, "Issues"), " › ",
        s.fingerprint ? link("/issue", { day, id: s.type + "_" + s.fingerprint }, s.title || s.type) : s.type, " › report"),
      h("h1", null, typeBadge(s.type), " ", s.title || s.type),
      h("div", { class: "card" }, h("dl", { class: "fields" },
        [["Received", fmtTime(s.receivedAt)], ["Happened", fmtTime(r.incidentAt)], ["Page", s.url || "—"], ["Site", s.site || "—"],
          ["User agent", r.userAgent || "—"], ["Format", r.sourceFormat || "—"], ["Noise", s.noise || "no"]]
          .concat(Object.entries(r.fields)).map(([k, v]) => [h("dt", null, k), h("dd", null, v)]))),
      h("div", { class: "card" }, h("h2", null, "Body (normalized)"), h("pre", { class: "json", id: "report-body" }, prettyJson(r.body))),
      h("div", { class: "card" }, h("h2", null, "Raw (as received)"), h("pre", { class: "json", id: "report-raw" }, prettyJson(r.raw))));
  }

  function setup() {
    const https = location.protocol === "https:";
    return h("section", null,
      h("h1", null, "Set up your site"),
      h("div", { class: "card" },
        h("p", null, "Add these response headers to the pages you want reports from. Report URL: ", h("code", { id: "report-url" }, reportUrl())),
        headersBlock(),
        h("p", { class: "warn" }, "The Reporting API (Reporting-Endpoints, Report-To, CSP report-to) and NEL send reports only to HTTPS endpoints, from HTTPS pages. ",
          https ? "This Lookout is on HTTPS." : "This Lookout is on plain HTTP: only CSP report-uri reaches it. Locally, run ./run-local.sh --https."),
        h("ul", null,
          h("li", null, "Content-Security-Policy-Report-Only reports violations without blocking anything; switch to Content-Security-Policy when the reports are clean."),
          h("li", null, "Tag reports per site by adding ?site=<name> to the report URL (1-64 letters, digits, '.', '_' or '-'); the issue list filters on it."),
          h("li", null, "NEL reports network failures of your visitors' browsers; failure_fraction 1.0 sends every failure, success_fraction 0.0 none of the successes."))));
  }

  function showError(e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return;
    app.querySelector("main").replaceChildren(h("div", { class: "empty error" }, h("h3", null, "Something went wrong"), h("p", null, e.message)));
    console.warn(e);
  }

  const ROUTES = { "/": overview, "/issues": issues, "/issue": issue, "/report": report, "/setup": setup, "/rules": triage.rulesView };

  async function render() {
    const { path, params } = routeOf();
    const view = ROUTES[path] || overview;
    document.body.dataset.ready = "";
    if (chart) { chart.destroy(); chart = null; }
    const nav = h("nav", { class: "top" },
      h("a", { class: "brand", href: "#/" }, "Lookout"),
      [["/", "Overview"], ["/issues", "Issues"], ["/rules", "Noise rules"], ["/setup", "Set up your site"]].map(([p, t]) => h("a", { href: "#" + p, class: p === path ? "active" : null }, t)));
    const main = h("main", null, h("p", { class: "muted" }, "Loading…"));
    app.replaceChildren(nav, main);
    try {
      const content = await view(params);
      main.replaceChildren(content);
      // The last line so tests (and people) know the view is complete.
      document.body.dataset.ready = path;
    } catch (e) {
      showError(e);
      document.body.dataset.ready = "error";
    }
  }

  window.addEventListener("hashchange", render);
  render();
})();
