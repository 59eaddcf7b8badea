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
      // Through the CSSOM: the page's Content-Security-Policy refuses style attributes set as markup.
      else if (name === "style") el.style.cssText = value;
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
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  // Unit, its size in seconds, and the age below which it is used.
  const AGE_UNITS = [["second", 1, 60], ["minute", 60, 3600], ["hour", 3600, 86400], ["day", 86400, 604800], ["week", 604800, Infinity]];
  // "3 minutes ago", with the exact time on hover.
  function ago(iso) {
    if (!iso) return "—";
    const seconds = (Date.parse(iso) - Date.now()) / 1000;
    const [unit, size] = AGE_UNITS.find(([, , below]) => Math.abs(seconds) < below);
    return h("time", { datetime: iso, title: fmtTime(iso) }, relative.format(Math.round(seconds / size), unit));
  }
  const siteTags = (sites) => (sites.length ? sites.map((s) => h("span", { class: "site" }, s)) : "—");
  const fmtDay = (day, long) => (long ? utcDayLong : utcDay).format(new Date(day + "T00:00:00Z"));
  const todayUtc = () => new Date().toISOString().slice(0, 10);
  const addDays = (day, n) => new Date(Date.parse(day + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
  const colorOf = (type) => PALETTE[Math.abs([...type].reduce((a, c) => (a * 31 + c.charCodeAt(0)) | 0, 7)) % PALETTE.length];
  const link = (route, params, ...children) => h("a", { href: "#" + route + (params ? "?" + new URLSearchParams(params) : "") }, ...children);
  const typeBadge = (type) => h("span", { class: "badge", style: "--c:" + colorOf(type) }, type);

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

  // The headers that work for the report URL this Lookout really serves (GET /api/read/setup): the same text
  // ./run-local.sh prints and the deployment outputs.
  function headersBlock(setup) {
    const text = setup.headers.map((x) => x.name + ": " + x.value).join("\n");
    const copy = h("button", { class: "small", type: "button" }, "Copy");
    copy.addEventListener("click", () => navigator.clipboard.writeText(text).then(() => { copy.textContent = "Copied"; }));
    return h("div", { class: "headers" }, h("pre", { id: "setup-headers", "data-mode": setup.mode }, text), copy);
  }

  function setupReason(setup) {
    return h("p", { class: "warn", id: "setup-mode", "data-mode": setup.mode }, setup.reason);
  }

  // What the site limits (Lookout__Sites, Lookout__MaxIssuesPerDelivery) counted today without storing.
  function shedLine(shed) {
    const parts = [];
    if (shed && shed.foreignHost) parts.push(`${fmtNumber(shed.foreignHost)} about hosts outside a site's allow-list (foreign-host)`);
    if (shed && shed.overIssueCap) parts.push(`${fmtNumber(shed.overIssueCap)} beyond the issue cap of one delivery (over-issue-cap)`);
    if (shed && shed.sampled) parts.push(`${fmtNumber(shed.sampled)} sampled out over a site's budget`);
    return parts.length ? h("p", { class: "muted", id: "shed-today" }, `Counted but not stored today: ${parts.join("; ")}.`) : null;
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
    const [counts, top, noiseOnly] = await Promise.all([api("counts", { from, to: today, noise }), api("top", { day: today, noise, limit: 10 }),
      noise === "hide" ? api("counts", { from, to: today, noise: "only" }) : null]);
    const total14 = counts.days.reduce((s, d) => s + d.total, 0);
    const hidden14 = noiseOnly ? noiseOnly.days.reduce((s, d) => s + d.total, 0) : 0;
    const toggle = h("label", { class: "toggle" },
      h("input", { type: "checkbox", id: "show-noise", checked: noise === "all", onchange: (e) => go("/", { noise: e.target.checked ? "all" : "" }) }),
      " Show noise (browser extensions, …)");
    const view = h("section", null,
      h("div", { class: "title-row" }, h("h1", null, "Overview"), toggle),
      h("div", { class: "cards" },
        h("div", { class: "card stat" }, h("span", null, "Reports today"), h("strong", { id: "total-today" }, fmtNumber(top.total))),
        h("div", { class: "card stat" }, h("span", null, "Last 14 days"), h("strong", null, fmtNumber(total14))),
        h("div", { class: "card stat" }, h("span", null, "Types seen"), h("strong", null, fmtNumber(counts.types.length))),
        noiseOnly ? h("div", { class: "card stat" }, h("span", null, "Noise hidden, 14 days"),
          h("strong", { id: "noise-hidden" }, hidden14 ? link("/", { noise: "all" }, fmtNumber(hidden14)) : "0")) : null),
      shedLine(top.shed));
    if (total14 === 0) {
      const setup = await api("setup");
      view.append(emptyState("No reports yet",
        h("p", null, "Add these headers to your site's responses, then load a page: reports show up here within a minute."),
        headersBlock(setup), setupReason(setup),
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
        h("thead", null, h("tr", null, h("th", null, "Issue"), h("th", { class: "num" }, "Reports"), h("th", { class: "num" }, "Pages"), h("th", null, "First seen"), h("th", null, "Last seen"), h("th", null, "7 days"))),
        h("tbody", null, top.items.map((i) => h("tr", { "data-testid": "top-issue", "data-count": i.count, "data-id": i.id },
          h("td", null, typeBadge(i.type), " ", link("/issue", { id: i.id, from: addDays(today, -6), to: today }, i.title), i.noise ? h("span", { class: "noise" }, i.noise) : null),
          h("td", { class: "num" }, fmtNumber(i.count)),
          h("td", { class: "num" }, fmtPages(i.pages)),
          h("td", { class: "time" }, ago(i.firstSeen)),
          h("td", { class: "time" }, ago(i.lastSeen)),
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

  // An issue list or page covers a range of UTC days ending today: today, 7, 14 or 30 days (or any from/to).
  const RANGES = [["1", "Today"], ["7", "7 days"], ["14", "14 days"], ["30", "30 days"]];
  const SORTS = [["count", "Reports"], ["pages", "Pages"], ["recent", "Last seen"]];

  function rangeOf(params, fallbackDays) {
    const today = todayUtc();
    if (params.get("day")) return { from: params.get("day"), to: params.get("day") };
    const days = params.get("days") || (params.get("from") ? "" : String(fallbackDays));
    if (days) return { from: addDays(today, 1 - Number(days)), to: today, days };
    return { from: params.get("from"), to: params.get("to") || today, days: "" };
  }

  function fmtPages(pages) {
    return pages === undefined || pages === null ? "—" : fmtNumber(pages);
  }

  async function issues(params) {
    const range = rangeOf(params, 7);
    const known = await types();
    const filters = {
      type: params.get("type") || "", site: params.get("site") || "", days: range.days,
      from: range.from, to: range.to, noise: params.get("noise") || "hide", sort: params.get("sort") || "count",
      state: params.get("state") || "",
    };
    const update = (changes) => {
      const next = Object.assign({}, filters, changes);
      go("/issues", {
        type: next.type, site: next.site, noise: next.noise === "hide" ? "" : next.noise, sort: next.sort === "count" ? "" : next.sort,
        days: next.days, from: next.days ? "" : next.from, to: next.days ? "" : next.to, state: next.state,
      });
    };
    await triage.load();
    const form = h("form", { class: "filters", id: "filters", onsubmit: (e) => { e.preventDefault(); update({ site: form.site.value.trim() }); } },
      h("label", null, "Range ", h("select", { name: "days", id: "filter-range", onchange: (e) => update({ days: e.target.value }) },
        RANGES.map(([v, t]) => h("option", { value: v, selected: v === filters.days }, t)).concat(filters.days ? [] : [h("option", { value: "", selected: true }, "Custom")]))),
      h("label", null, "Type ", h("select", { name: "type", id: "filter-type", onchange: (e) => update({ type: e.target.value }) },
        h("option", { value: "" }, "All types"),
        known.concat(filters.type && !known.includes(filters.type) ? [filters.type] : []).map((t) => h("option", { value: t, selected: t === filters.type }, t)))),
      h("label", null, "Site ", h("input", { name: "site", id: "filter-site", value: filters.site, placeholder: "any", size: 12, onchange: (e) => update({ site: e.target.value.trim() }) })),
      h("label", null, "From ", h("input", { type: "date", name: "from", value: filters.from, onchange: (e) => update({ days: "", from: e.target.value }) })),
      h("label", null, "To ", h("input", { type: "date", name: "to", value: filters.to, onchange: (e) => update({ days: "", to: e.target.value }) })),
      h("label", null, "Noise ", h("select", { name: "noise", id: "filter-noise", onchange: (e) => update({ noise: e.target.value }) },
        [["hide", "Hidden"], ["all", "Shown"], ["only", "Only noise"]].map(([v, t]) => h("option", { value: v, selected: v === filters.noise }, t)))),
      h("label", null, "Sort by ", h("select", { name: "sort", id: "filter-sort", onchange: (e) => update({ sort: e.target.value }) },
        SORTS.map(([v, t]) => h("option", { value: v, selected: v === filters.sort }, t)))),
      h("label", null, "State ", h("select", { name: "state", id: "filter-state", onchange: (e) => update({ state: e.target.value }) },
        h("option", { value: "" }, "Any"), triage.states.map((v) => h("option", { value: v, selected: v === filters.state }, v)))));
    const body = h("tbody");
    const sortable = (key, text, cls) => h("th", { class: cls || null },
      h("a", { href: "#", "data-sort": key, class: filters.sort === key ? "sorted" : null, onclick: (e) => { e.preventDefault(); update({ sort: key }); } }, text));
    const table = h("table", { class: "issues", id: "issues-table" },
      h("thead", null, h("tr", null, h("th", null, "Issue"), sortable("count", "Reports", "num"), sortable("pages", "Pages", "num"),
        h("th", { class: "num" }, "Days"), h("th", null, "First seen ever"), sortable("recent", "Last seen"), h("th", null, "Sites"))), body);
    const more = h("button", { class: "more", type: "button", hidden: true }, "Load more");
    const view = h("section", null, h("h1", null, "Issues"),
      h("p", { class: "muted" }, "One line per issue for ", fmtDay(filters.from, true), " – ", fmtDay(filters.to, true), " (UTC): its reports, distinct pages and days seen."),
      form, h("div", { class: "card" }, table, more));
    let next = null;
    let shown = 0;
    async function page() {
      const result = await api("issues", { from: filters.from, to: filters.to, type: filters.type, site: filters.site, noise: filters.noise, sort: filters.sort, pageSize: 50, token: next });
      // The state filter applies to the loaded page (states live in their own table, not in the digest).
      for (const i of result.items.filter((i) => !filters.state || triage.stateOf(i.id) === filters.state)) {
        body.append(h("tr", { "data-testid": "issue", "data-type": i.type, "data-count": i.count, "data-pages": i.pages ?? "", "data-id": i.id, "data-state": triage.stateOf(i.id) },
          h("td", null, typeBadge(i.type), " ", link("/issue", { id: i.id, from: filters.from, to: filters.to }, i.title), i.noise ? h("span", { class: "noise" }, i.noise) : null, triage.badge(i.id)),
          h("td", { class: "num" }, fmtNumber(i.count)),
          h("td", { class: "num" }, fmtPages(i.pages)),
          h("td", { class: "num" }, fmtNumber(i.daysSeen)),
          h("td", { class: "time" }, ago(i.firstSeenEver)),
          h("td", { class: "time" }, ago(i.lastSeen)),
          h("td", { class: "sites" }, siteTags(i.sites))));
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
    try {
      await page();
    } catch (e) {
      // A bad filter (e.g. a range that ends before it starts): say why under the filters, keep them to fix it.
      if (!(e instanceof ApiError) || e.status !== 400) throw e;
      table.replaceWith(h("div", { class: "empty error", id: "filter-error" }, h("h3", null, "These filters do not work"), h("p", null, e.message)));
    }
    return view;
  }

  function topTable(id, heading, rows, total) {
    if (!rows || rows.length === 0) return null;
    return h("div", { class: "card half" }, h("h2", null, heading),
      h("table", { class: "issues", id }, h("thead", null, h("tr", null, h("th", null, "Name"), h("th", { class: "num" }, "Reports"))),
        h("tbody", null, rows.map((r) => h("tr", { "data-testid": id + "-row" },
          h("td", { class: "url" }, r.name),
          h("td", { class: "num", title: r.error ? `between ${fmtNumber(r.count - r.error)} and ${fmtNumber(r.count)}` : null },
            (r.error ? "≤ " : "") + fmtNumber(r.count) + (total ? ` (${Math.round((r.count / total) * 100)} %)` : "")))))));
  }

  async function issue(params) {
    const range = rangeOf(params, 7);
    const id = params.get("id") || "";
    const split = id.lastIndexOf("_");
    const type = id.slice(0, split);
    const fingerprint = id.slice(split + 1);
    const found = await api("issues", { from: range.from, to: range.to, type, fingerprint, noise: "all", pageSize: 1 });
    const i = found.items[0];
    if (!i) return emptyState("No such issue", h("p", null, "Not seen between ", fmtDay(range.from, true), " and ", fmtDay(range.to, true), ": it may be older than the retention period. ", link("/issues", null, "Back to the issue list"), "."));
    const day = i.day;
    await triage.load();
    const fields = Object.entries(i.fields);
    const rangeLinks = h("span", { class: "ranges" }, RANGES.map(([v, t]) => link("/issue", { id, days: v }, t)).flatMap((a, n) => n ? [" · ", a] : [a]));
    const view = h("section", null,
      h("p", { class: "crumbs" }, link("/issues", { type: i.type, from: range.from, to: range.to }, "Issues"), " › ", fmtDay(range.from, true), " – ", fmtDay(range.to, true), " ", rangeLinks),
      h("h1", null, typeBadge(i.type), " ", i.title, i.noise ? h("span", { class: "noise" }, i.noise) : null),
      h("div", { class: "cards" },
        h("div", { class: "card stat" }, h("span", null, "Reports"), h("strong", { id: "issue-count" }, fmtNumber(i.count))),
        h("div", { class: "card stat" }, h("span", null, "Pages"), h("strong", { id: "issue-pages" }, fmtPages(i.pages))),
        h("div", { class: "card stat" }, h("span", null, "Sites (origins)"), h("strong", { id: "issue-origins" }, fmtPages(i.origins))),
        h("div", { class: "card stat" }, h("span", null, "Days seen"), h("strong", { id: "issue-days" }, fmtNumber(i.daysSeen))),
        h("div", { class: "card stat" }, h("span", null, "First seen ever"), h("strong", { class: "small" }, ago(i.firstSeenEver))),
        h("div", { class: "card stat" }, h("span", null, "Last seen"), h("strong", { class: "small" }, ago(i.lastSeen)))),
      triage.controls(i));
    const canvas = h("canvas", { id: "issue-chart", "aria-label": "Reports of this issue per day", role: "img" });
    view.append(h("div", { class: "card" }, h("h2", null, "Reports per day (UTC)"), h("div", { class: "chart-box small" }, canvas)));
    chart = new Chart(canvas, {
      type: "bar",
      data: { labels: (i.trendDays || []).map((d) => fmtDay(d)), datasets: [{ label: i.type, backgroundColor: colorOf(i.type), data: i.trend || [] }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: (v) => fmtNumber(v) } } } },
    });
    view.dataset.trend = (i.trend || []).join(",");
    const lists = [topTable("top-pages", "Top pages", i.topPages, i.count), topTable("browsers", "Browsers", i.browsers, i.count)].filter(Boolean);
    if (lists.length) view.append(h("div", { class: "cards" }, lists));
    if (fields.length) view.append(h("div", { class: "card" }, h("h2", null, "Details (latest day's first report)"), h("dl", { class: "fields" }, fields.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]))));
    const body = h("tbody");
    const more = h("button", { class: "more", type: "button", hidden: true }, "Load more");
    const note = h("p", { class: "muted", id: "stored-note" }, `Stored reports of ${fmtDay(day, true)}, the latest day seen in the range.`
      + (i.rows < i.count ? ` ${fmtNumber(i.rows)} of ${fmtNumber(i.count)} reports were stored; the rest were only counted (`
        + (i.sampled ? `${fmtNumber(i.sampled)} sampled out over the site's budget, ` : "") + "row cap per issue per day, site limits)." : ""));
    view.append(h("div", { class: "card" }, h("h2", null, "Reports"), note,
      h("table", { class: "issues", id: "reports-table" }, h("thead", null, h("tr", null, h("th", null, "Received"), h("th", null, "Page"), h("th", null, "Site"))), body), more));
    let next = null;
    async function page() {
      const result = await api("reports", { type: i.type, day, fingerprint: i.fingerprint, pageSize: 50, token: next });
      for (const r of result.items)
        body.append(h("tr", { "data-testid": "report" },
          h("td", null, link("/report", { pk: r.partitionKey, rk: r.rowKey }, ago(r.receivedAt))),
          h("td", { class: "url", title: r.url || null }, r.url || "—"), h("td", null, r.site || "—")));
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

  async function setup() {
    const info = await api("setup");
    return h("section", null,
      h("h1", null, "Set up your site"),
      h("div", { class: "card" },
        h("p", null, "Add these response headers to the pages you want reports from. Report URL: ", h("code", { id: "report-url" }, info.reportUrl)),
        headersBlock(info),
        setupReason(info),
        h("ul", null,
          h("li", null, "Content-Security-Policy-Report-Only reports violations without blocking anything; switch to Content-Security-Policy when the reports are clean."),
          h("li", null, "Tag reports per site by adding ?site=<name> to the report URL (1-64 letters, digits, '.', '_' or '-'); the issue list filters on it."),
          info.mode === "http" ? null
            : h("li", null, "NEL reports network failures of your visitors' browsers; failure_fraction 1.0 sends every failure, success_fraction 0.0 none of the successes."))));
  }

  // ---- policies (docs/policy.md) -------------------------------------------------------------------
  // A policy's text came from a report (original-policy): attacker-controlled, shown as text only.
  function directivesOf(text) {
    return (text || "").split(";").map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...values] = d.split(/\s+/);
      return { name: name.toLowerCase(), values };
    });
  }

  // The suggested text, one directive a line: a directive the current text lacks, and each source a credible
  // suggestion adds, are marked (<ins>); a new directive's other sources are those of the one that governed it.
  function policyDiff(current, suggested, suggestions) {
    const had = new Set(directivesOf(current).map((d) => d.name));
    const added = new Set(suggestions.filter((s) => s.credible && s.source).map((s) => s.directive + " " + s.source.toLowerCase()));
    const lines = directivesOf(suggested);
    return h("pre", { class: "policy diff", id: "policy-diff" }, lines.map((d, n) => h("div", { class: had.has(d.name) ? "line" : "line added", "data-directive": d.name },
      had.has(d.name) ? d.name : h("ins", null, d.name),
      d.values.map((v) => [" ", added.has(d.name + " " + v.toLowerCase()) ? h("ins", null, v) : v]), n < lines.length - 1 ? ";" : "")));
  }

  function policyText(text) {
    const lines = directivesOf(text);
    return h("pre", { class: "policy", id: "policy-text" }, lines.map((d, n) => h("div", { class: "line" }, [d.name, ...d.values].join(" "), n < lines.length - 1 ? ";" : "")));
  }

  const dispositionBadge = (d) => h("span", { class: "badge", style: "--c:" + (d === "enforce" ? "#2a9d6f" : d === "report" ? "#c9a227" : "#6c757d") },
    d === "report" ? "report-only" : d);

  const verdict = (ready) => h("span", { class: ready.ready ? "verdict ready" : "verdict", title: ready.reason, "data-ready": String(ready.ready) },
    ready.ready ? "Ready to enforce" : "Not ready");

  async function policies(params) {
    const range = rangeOf(params, 7);
    const body = h("tbody");
    const more = h("button", { class: "more", type: "button", hidden: true }, "Load more");
    const table = h("table", { class: "issues", id: "policies-table" },
      h("thead", null, h("tr", null, h("th", null, "Policy"), h("th", null, "Mode"), h("th", { class: "num" }, "Reports"), h("th", { class: "num" }, "Noise"),
        h("th", null, "First seen"), h("th", null, "Last seen"), h("th", null, "Verdict"))), body);
    const rangeLinks = h("span", { class: "ranges" }, RANGES.map(([v, t]) => link("/policies", { days: v }, t)).flatMap((a, n) => n ? [" · ", a] : [a]));
    const view = h("section", null, h("h1", null, "Policies"),
      h("p", { class: "muted" }, "The Content-Security-Policy texts reports carried, ", fmtDay(range.from, true), " – ", fmtDay(range.to, true),
        " (UTC), nonces left out. A report-only policy is ready to enforce after 7 days of reports that are all noise. ", rangeLinks),
      h("div", { class: "card" }, table, more));
    let next = null;
    let shown = 0;
    async function page() {
      const result = await api("policies", { from: range.from, to: range.to, pageSize: 50, token: next });
      for (const p of result.items)
        body.append(h("tr", { "data-testid": "policy", "data-id": p.id, "data-reports": p.reports },
          h("td", null, link("/policy", { id: p.id, from: range.from, to: range.to }, h("code", null, p.id))),
          h("td", null, dispositionBadge(p.disposition)),
          h("td", { class: "num" }, fmtNumber(p.reports)),
          h("td", { class: "num" }, fmtNumber(p.noise)),
          h("td", null, p.firstSeen ? fmtDay(p.firstSeen) : "—"),
          h("td", null, p.lastSeen ? fmtDay(p.lastSeen) : "—"),
          h("td", null, verdict(p.ready), h("div", { class: "muted small" }, p.ready.reason))));
      shown += result.items.length;
      next = result.next || null;
      more.hidden = !next;
      if (!next && shown === 0)
        table.replaceWith(emptyState("No policies in this range", h("p", null, "No CSP report carried its policy between ", fmtDay(range.from, true), " and ", fmtDay(range.to, true), ".")));
    }
    more.addEventListener("click", () => page().catch(showError));
    await page();
    return view;
  }

  async function policy(params) {
    const range = rangeOf(params, 7);
    const d = await api("policy", { id: params.get("id") || "", from: range.from, to: range.to });
    const p = d.policy;
    const t = d.thresholds;
    const view = h("section", null,
      h("p", { class: "crumbs" }, link("/policies", { from: range.from, to: range.to }, "Policies"), " › ", fmtDay(range.from, true), " – ", fmtDay(range.to, true)),
      h("h1", null, "Policy ", h("code", null, p.id), " ", dispositionBadge(p.disposition)),
      h("div", { class: "cards" },
        h("div", { class: "card stat" }, h("span", null, "Reports"), h("strong", { id: "policy-reports" }, fmtNumber(p.reports))),
        h("div", { class: "card stat" }, h("span", null, "Noise"), h("strong", null, fmtNumber(p.noise))),
        h("div", { class: "card stat" }, h("span", null, "Seen"), h("strong", { class: "small" }, p.firstSeen ? fmtDay(p.firstSeen) + " – " + fmtDay(p.lastSeen) : "—")),
        h("div", { class: "card stat", id: "policy-verdict" }, h("span", null, "Verdict"), h("strong", { class: "small" }, verdict(p.ready)), h("p", { class: "muted small" }, p.ready.reason))),
      h("div", { class: "card" }, h("h2", null, "Current policy"), d.text ? policyText(d.text) : h("p", { class: "muted" }, "Its text is not stored (retention)."),
        d.textCut ? h("p", { class: "warn" }, "The text was longer than Lookout keeps; it is cut, so no suggested text is made from it.") : null));
    view.append(h("div", { class: "card" }, h("h2", null, "Suggested policy"),
      d.suggested ? [policyDiff(d.text, d.suggested, d.suggestions), h("p", { class: "muted" }, "Marked: what the suggestions below add.")]
        : h("p", { class: "muted", id: "no-suggestion" }, "Nothing to add: no suggestion has the reach a change needs.")));
    const rows = d.suggestions.map((s) => h("tr", { "data-testid": "suggestion", "data-source": s.source || "", "data-credible": String(s.credible) },
      h("td", null, h("code", null, s.directive)),
      h("td", null, s.source ? h("code", null, s.source) : null, s.warning ? h("div", { class: "warn small" }, s.warning) : null),
      h("td", { class: "num" }, fmtNumber(s.reports)),
      h("td", { class: "num" }, Math.round(s.noiseShare * 100) + " %"),
      h("td", { class: "num" }, fmtNumber(s.pages)),
      h("td", { class: "num" }, fmtNumber(s.sites)),
      h("td", { class: "num" }, fmtNumber(s.clients)),
      h("td", null, s.credible ? "yes" : "no"),
      h("td", null, s.issues.map((i) => h("div", null, link("/issue", { id: i.type + "_" + i.fingerprint, from: range.from, to: range.to }, i.title), " (", fmtNumber(i.reports), ")")))));
    view.append(h("div", { class: "card" }, h("h2", null, "Suggestions"),
      h("p", { class: "muted" }, `A suggestion goes into the suggested text with at least ${t.minPages} pages and ${t.minClients} clients (user agents) behind it `
        + `and at most ${Math.round(t.maxNoiseShare * 100)} % noise: a policy in a report is whatever the client sent.`),
      rows.length ? h("table", { class: "issues", id: "suggestions-table" },
        h("thead", null, h("tr", null, h("th", null, "Directive"), h("th", null, "Add"), h("th", { class: "num" }, "Reports"), h("th", { class: "num" }, "Noise"),
          h("th", { class: "num" }, "Pages"), h("th", { class: "num" }, "Sites"), h("th", { class: "num" }, "Clients"), h("th", null, "Credible"), h("th", null, "Issues"))),
        h("tbody", null, rows)) : h("p", { class: "muted" }, "No violation of this policy in the range.")));
    return view;
  }

  function showError(e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return;
    app.querySelector("main").replaceChildren(h("div", { class: "empty error" }, h("h3", null, "Something went wrong"), h("p", null, e.message)));
    console.warn(e);
  }

  const ROUTES = { "/": overview, "/issues": issues, "/issue": issue, "/report": report, "/setup": setup, "/rules": triage.rulesView,
    "/policies": policies, "/policy": policy };

  async function render() {
    const { path, params } = routeOf();
    const view = ROUTES[path] || overview;
    document.body.dataset.ready = "";
    if (chart) { chart.destroy(); chart = null; }
    const nav = h("nav", { class: "top" },
      h("a", { class: "brand", href: "#/" }, "Lookout"),
      [["/", "Overview"], ["/issues", "Issues"], ["/policies", "Policies"], ["/rules", "Noise rules"], ["/setup", "Set up your site"]].map(([p, t]) => h("a", { href: "#" + p, class: p === path ? "active" : null }, t)));
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
