// A small HTTPS demo site whose pages make a browser send reports to a local Lookout.
//   node scripts/demo-site.mjs <report-url> [port]      (run-local.sh --https starts it for you)
// It uses the throwaway certificate run-local.sh made in .lookout/ and serves one page per trigger;
// the index page links them all. Reports go to <report-url>?site=demo.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportUrl = process.argv[2];
const port = Number(process.argv[3] ?? 7444);
if (!reportUrl) {
  console.error('usage: node scripts/demo-site.mjs <report-url> [port]');
  process.exit(2);
}
const endpoint = `${reportUrl}${reportUrl.includes('?') ? '&' : '?'}site=demo`;
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const reporting = { 'Reporting-Endpoints': `default="${endpoint}"` };

// Each page: the headers that ask for reports, and the markup that triggers them.
const pages = {
  'csp': {
    about: 'CSP (enforced) blocks an image; reported through report-uri and report-to',
    headers: { ...reporting, 'Content-Security-Policy': `default-src 'self'; img-src 'none'; report-uri ${endpoint}; report-to default` },
    body: '<img src="/img.gif" alt="">',
  },
  'csp-report-only': {
    about: 'CSP Report-Only: the image loads, the violation is reported',
    headers: { ...reporting, 'Content-Security-Policy-Report-Only': `default-src 'self'; img-src 'none'; report-to default` },
    body: '<img src="/img.gif" alt="">',
  },
  'deprecation': {
    about: 'a synchronous XMLHttpRequest (deprecated)',
    headers: reporting,
    body: "<script>var x=new XMLHttpRequest();x.open('GET','/img.gif',false);x.send();</script>",
  },
  'permissions-policy': {
    about: 'Permissions-Policy forbids geolocation, then the page asks for it',
    headers: { ...reporting, 'Permissions-Policy': 'geolocation=()' },
    body: '<script>navigator.geolocation.getCurrentPosition(function(){},function(){});</script>',
  },
  'nel': {
    about: 'Network Error Logging: a fetch that answers 404',
    headers: {
      'Report-To': JSON.stringify({ group: 'nel', max_age: 600, endpoints: [{ url: endpoint }] }),
      'NEL': JSON.stringify({ report_to: 'nel', max_age: 600, failure_fraction: 1.0 }),
    },
    body: "<script>fetch('/missing').catch(function(){});</script>",
  },
};

const index = '<!doctype html><title>Lookout demo</title><h1>Lookout demo</h1><ul>' +
  Object.entries(pages).map(([id, p]) => `<li><a href="/${id}">${id}</a>: ${p.about}</li>`).join('') +
  `</ul><p>Reports go to <code>${endpoint}</code>.</p>`;

const server = createServer({
  cert: readFileSync(join(root, '.lookout', 'cert.pem')),
  key: readFileSync(join(root, '.lookout', 'key.pem')),
}, (req, res) => {
  const path = new URL(req.url, 'https://demo').pathname;
  if (path === '/') return send(res, 200, {}, index);
  if (path === '/img.gif') return send(res, 200, { 'Content-Type': 'image/gif' }, gif);
  const page = pages[path.slice(1)];
  if (!page) return send(res, 404, {}, 'not found');
  send(res, 200, page.headers, `<!doctype html><title>${path.slice(1)}</title><p>${page.about}</p>${page.body}<p><a href="/">all pages</a></p>`);
});

function send(res, status, headers, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

server.listen(port, '127.0.0.1', () => console.log(`Demo site: https://127.0.0.1:${port}/`));
