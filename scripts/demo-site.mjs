#!/usr/bin/env node
// A small local HTTPS demo site whose pages make a browser send reports to a local Lookout, and show
// the rows that arrived for them (read from the run's Azurite with @azure/data-tables).
//   node scripts/demo-site.mjs --report-url <url> [--port 7444] [--state-dir .lookout]
// run-local.sh --https starts it. It uses that run's throwaway certificate and storage (state dir).
// Each page reports to <report-url>?site=demo-<page>; the index page runs every page in a frame.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTableClient, defaultStateDir, resolveStorage } from './lib/storage.mjs';
import { rowToJson } from './lib/report-query.mjs';

const { values: args } = parseArgs({
  options: {
    'report-url': { type: 'string' },
    port: { type: 'string', default: '7444' },
    'state-dir': { type: 'string', default: defaultStateDir },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help || !args['report-url']) {
  console.error('usage: node scripts/demo-site.mjs --report-url <lookout report url> [--port 7444] [--state-dir .lookout]');
  process.exit(args.help ? 0 : 2);
}
const stateDir = resolve(args['state-dir']);
const port = Number(args.port);
const reportUrl = args['report-url'];
const storage = resolveStorage({ 'state-dir': stateDir });
const table = await createTableClient(storage, storage.table ?? 'reports');

const origin = `https://127.0.0.1:${port}`;
// Same server under another host name: another origin, so 'self' does not cover it.
const otherOrigin = `https://localhost:${port}`;
const endpointFor = (id) => `${reportUrl}${reportUrl.includes('?') ? '&' : '?'}site=demo-${id}`;
const reportingEndpoints = (id) => ({ 'Reporting-Endpoints': `default="${endpointFor(id)}"` });
const crossImage = `<img src="${otherOrigin}/img.gif" alt="" width="16" height="16">`;

// Each page: what it triggers, the headers that ask for the report, markup, a trigger run by demo.js,
// and the rows to expect. Pages carry no inline script or style: the CSP pages would report those too.
const pages = {
  csp: {
    title: 'CSP, enforced, report-to',
    triggers: `an image from another origin (${otherOrigin}) that default-src 'self' blocks`,
    headers: (id) => ({ ...reportingEndpoints(id), 'Content-Security-Policy': "default-src 'self'; report-to default" }),
    markup: crossImage,
    expect: 'one csp-violation row (SourceFormat reporting-api, Disposition enforce)',
  },
  'csp-report-only': {
    title: 'CSP Report-Only, report-to',
    triggers: `the same image; it loads, and the violation is reported`,
    headers: (id) => ({ ...reportingEndpoints(id), 'Content-Security-Policy-Report-Only': "default-src 'self'; report-to default" }),
    markup: crossImage,
    expect: 'one csp-violation row (SourceFormat reporting-api, Disposition report)',
  },
  'csp-report-uri': {
    title: 'CSP, enforced, report-uri only',
    triggers: 'the same blocked image, reported the legacy way (works over plain HTTP too)',
    headers: (id) => ({ 'Content-Security-Policy': `default-src 'self'; report-uri ${endpointFor(id)}` }),
    markup: crossImage,
    expect: 'one csp-violation row (SourceFormat csp-report); with a report-to in the same policy Chromium would send only that one',
  },
  deprecation: {
    title: 'Deprecation',
    triggers: 'a synchronous XMLHttpRequest on the main thread',
    headers: reportingEndpoints,
    trigger: 'sync-xhr',
    expect: 'one deprecation row',
  },
  'permissions-policy': {
    title: 'Permissions policy',
    triggers: 'Permissions-Policy forbids geolocation, then the page asks for the position',
    headers: (id) => ({ ...reportingEndpoints(id), 'Permissions-Policy': 'geolocation=()' }),
    trigger: 'geolocation',
    expect: 'one permissions-policy-violation row (FeatureId geolocation)',
  },
  nel: {
    title: 'Network Error Logging',
    triggers: 'a fetch of a page that answers 404',
    headers: (id) => ({
      'Report-To': JSON.stringify({ group: 'nel', max_age: 600, endpoints: [{ url: endpointFor(id) }] }),
      NEL: JSON.stringify({ report_to: 'nel', max_age: 600, success_fraction: 0.0, failure_fraction: 1.0 }),
    }),
    trigger: 'fetch-404',
    expect: 'one network-error row (ErrorType http.error, StatusCode 404)',
  },
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function layout(title, bodyAttributes, content) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    `<link rel="stylesheet" href="/demo.css"><script src="/demo.js" defer></script></head>` +
    `<body ${bodyAttributes}>${content}</body></html>`;
}

function pageHtml(id, page, headers) {
  const headerLines = Object.entries(headers).map(([n, v]) => `${n}: ${v}`).join('\n');
  return layout(`Lookout demo: ${page.title}`, `data-page="${id}" data-since="${new Date().toISOString()}" data-trigger="${page.trigger ?? ''}"`,
    `<h1>${escape(page.title)}</h1>` +
    `<p><b>Triggers:</b> ${escape(page.triggers)}.</p>` +
    `<p><b>Expect:</b> ${escape(page.expect)}, tagged <code>Site=demo-${id}</code>.</p>` +
    `<details><summary>Response headers of this page</summary><pre>${escape(headerLines)}</pre></details>` +
    (page.markup ?? '') +
    `<p class="status" id="status">Waiting for the browser's report… (with --short-reporting-delay it comes within a second, otherwise within a minute)</p>` +
    `<div id="rows"></div><p><a href="/" target="_top">all pages</a></p>`);
}

const indexHtml = () => layout('Lookout demo', `data-index="1"`,
  `<h1>Lookout demo</h1><p>Every page below runs in its own frame, makes the browser send one kind of report to ` +
  `<code>${escape(reportUrl)}</code>, and shows the rows that Lookout stored for it.</p>` +
  Object.entries(pages).map(([id, p]) => `<section><h2><a href="/${id}">${escape(p.title)}</a></h2>` +
    `<iframe src="/${id}" title="${escape(p.title)}"></iframe></section>`).join(''));

const css = `body{font:14px system-ui,sans-serif;margin:1em}h1{font-size:1.4em}iframe{width:100%;height:18em;border:1px solid #ccc}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
.status{font-weight:bold}.ok{color:#070}`;

// Runs the page's trigger, then polls /rows until the page's rows arrive (or a minute passes).
const js = `(function(){
var b=document.body, id=b.dataset.page; if(!id) return;
var t=b.dataset.trigger;
if(t==='sync-xhr'){var x=new XMLHttpRequest();x.open('GET','/img.gif',false);x.send();}
if(t==='geolocation'){navigator.geolocation.getCurrentPosition(function(){},function(){});}
if(t==='fetch-404'){fetch('/missing').catch(function(){});}
var status=document.getElementById('status'), out=document.getElementById('rows'), started=Date.now();
function cell(tr,text,tag){var c=document.createElement(tag||'td');c.textContent=text==null?'':String(text);tr.appendChild(c);}
function show(rows){
  out.textContent='';
  if(!rows.length) return;
  var table=document.createElement('table'), head=document.createElement('tr');
  ['ReceivedAt','Type','SourceFormat','Key fields'].forEach(function(h){cell(head,h,'th');});
  table.appendChild(head);
  rows.forEach(function(r){var tr=document.createElement('tr');cell(tr,r.ReceivedAt);cell(tr,r.Type);cell(tr,r.SourceFormat);
    cell(tr,['EffectiveDirective','BlockedUrl','Disposition','FeatureId','ErrorType','StatusCode','Message'].filter(function(k){return r[k]!=null;}).map(function(k){return k+'='+r[k];}).join(', '));
    table.appendChild(tr);});
  out.appendChild(table);
}
function poll(){
  fetch('/rows?page='+encodeURIComponent(id)+'&since='+encodeURIComponent(b.dataset.since),{cache:'no-store'})
    .then(function(r){return r.json();})
    .then(function(d){
      if(d.error){status.textContent='Could not read the rows: '+d.error;return;}
      show(d.rows);
      if(d.rows.length){status.textContent=d.rows.length+' row(s) arrived in Lookout for this page.';status.className='status ok';}
      if(Date.now()-started<60000) setTimeout(poll,1000);
      else if(!d.rows.length) status.textContent='No rows after a minute: see docs/browser-testing.md and README "Try it with your browser".';
    }).catch(function(e){status.textContent='Could not read the rows: '+e;});
}
poll();
})();`;

const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

async function rowsFor(id, since) {
  const filter = `Site eq 'demo-${id}' and ReceivedAt ge datetime'${since.toISOString()}'`;
  const rows = [];
  try {
    for await (const row of table.listEntities({ queryOptions: { filter } })) {
      const { Body, Raw, ...rest } = rowToJson(row);
      rows.push(rest);
    }
  } catch (e) {
    if (e.statusCode !== 404) throw e; // no table yet: no rows yet
  }
  return rows.sort((a, b) => (a.ReceivedAt < b.ReceivedAt ? 1 : -1));
}

const server = createServer({
  cert: readFileSync(join(stateDir, 'cert.pem')),
  key: readFileSync(join(stateDir, 'key.pem')),
}, async (req, res) => {
  const url = new URL(req.url, origin);
  const path = url.pathname;
  try {
    if (path === '/') return send(res, 200, {}, indexHtml());
    if (path === '/demo.js') return send(res, 200, { 'Content-Type': 'text/javascript' }, js);
    if (path === '/demo.css') return send(res, 200, { 'Content-Type': 'text/css' }, css);
    // Served, not 404: a missing favicon would be a NEL failure report of its own.
    if (path === '/img.gif' || path === '/favicon.ico') return send(res, 200, { 'Content-Type': 'image/gif' }, gif);
    if (path === '/rows') {
      const id = url.searchParams.get('page');
      const since = new Date(url.searchParams.get('since') ?? '');
      if (!pages[id] || Number.isNaN(since.getTime())) return json(res, 400, { error: 'page and since are required' });
      return json(res, 200, { rows: await rowsFor(id, since) });
    }
    const id = path.slice(1);
    const page = pages[id];
    if (!page) return send(res, 404, {}, 'not found');
    const headers = page.headers(id);
    return send(res, 200, headers, pageHtml(id, page, headers));
  } catch (e) {
    return json(res, 502, { error: e.message });
  }
});

function send(res, status, headers, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function json(res, status, value) {
  send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(value));
}

server.listen(port, '127.0.0.1', () => console.log(`Demo site: ${origin}/ (reports to ${reportUrl}?site=demo-<page>)`));
