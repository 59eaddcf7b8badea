using System.Security.Cryptography;
using System.Text;
using Lookout.Core.Policy;

namespace Lookout.Tests.Browser;

/// <summary>
/// One (policy, resource) case of the Chromium agreement matrix: a page with <see cref="Policy"/> that loads or
/// runs exactly one thing governed by <see cref="Directive"/>. <see cref="Expect"/> asks the evaluator what a
/// browser should do, given the parsed policy and the page URL.
/// </summary>
public sealed record PolicyCase(string Id, string Family, string Policy, string Directive, string Markup, string BodyAttributes,
    Func<ContentSecurityPolicy, string, CspVerdict> Expect)
{
    public string Describe => $"{Id} [{Family}] {Directive} | policy: {Policy} | markup: {Markup}{(BodyAttributes.Length > 0 ? " body " + BodyAttributes : "")}";
}

/// <summary>
/// The matrix: every source-expression kind against URLs that differ in scheme, host, port and path; every
/// directive's fallback list; inline scripts, styles, attributes, eval and wasm with nonces, hashes and
/// keywords; redirects. The page is <c>http://site.test:&lt;port&gt;</c> (Chromium maps the name to the test
/// server); other hosts never resolve, so an allowed resource fails quietly and only a block reports.
/// </summary>
public static class PolicyMatrixCases
{
    public const string PageHost = "site.test";
    public const string Nonce = "n0nce";
    private const string Gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

    public static IReadOnlyList<PolicyCase> Build(int port)
    {
        var self = $"{PageHost}:{port}";
        var cases = new List<PolicyCase>();
        void Add(string family, string policy, string directive, string markup, Func<ContentSecurityPolicy, string, CspVerdict> expect, string body = "") =>
            cases.Add(new PolicyCase("c" + cases.Count, family, policy, directive, markup, body, expect));
        void Url(string family, string policy, string directive, string markup, string url, bool? parserInserted = null) =>
            Add(family, policy, directive, markup, (p, page) => p.Check(directive, url, page, 0, parserInserted));

        // 1. Source expressions × URLs, on img-src.
        string[] expressions =
        [
            "'none'", "*", "'self'", "http:", "https:", "data:", "ws:", "a.test", "A.TEST", "*.a.test", "*.test", "http://a.test",
            "https://a.test", "http://*", "a.test:8080", "a.test:*", "*:8080", "a.test/img/", "a.test/img/x.png", "a.test/IMG/",
            "http://a.test:80", "https://a.test:443", self, $"{self}/img/", $"127.0.0.1:{port}", "'none' a.test", "", "'self' data:",
            "a.test/img/x.png/", "'nonce-abc' a.test", "'unsafe-inline'", "a.test/img%2Fx.png", "a.test:443", "http://a.test:8080",
        ];
        string[] urls =
        [
            "http://a.test/x.png", "https://a.test/x.png", "http://a.test:8080/x.png", "http://b.a.test/x.png", "http://a.test/img/x.png",
            "http://a.test/img/y/x.png", "https://a.test:443/img/x.png", $"http://{self}/img/x.png", $"https://{self}/x.png",
            $"http://{self}/x.png", Gif, $"http://127.0.0.1:{port}/x.png", "http://other.test/x.png", "http://a.test/img/x.png%20",
            "https://a.test:8080/x.png",
        ];
        foreach (var expression in expressions)
            foreach (var url in urls)
                Url("img-src", "img-src " + expression, "img-src", $"<img src=\"{url}\">", url);

        // 2. Fallback lists: each directive of the list in turn holds the allowing source, the later ones 'none'.
        var ok = $"http://{self}/ok/";
        var resources = new (string Directive, Func<string, string> Markup, bool Script)[]
        {
            ("script-src-elem", u => $"<script src=\"{u}\"></script>", false),
            ("style-src-elem", u => $"<link rel=\"stylesheet\" href=\"{u}\">", false),
            ("img-src", u => $"<img src=\"{u}\">", false),
            ("font-src", u => $"<style>@font-face{{font-family:f;src:url({u})}} p{{font-family:f}}</style><p>x</p>", false),
            ("media-src", u => $"<video src=\"{u}\"></video>", false),
            ("frame-src", u => $"<iframe src=\"{u}\"></iframe>", false),
            ("object-src", u => $"<object data=\"{u}\" type=\"image/gif\"></object>", false),
            ("connect-src", u => Js($"fetch('{u}').catch(()=>0)"), true),
            ("worker-src", u => Js($"try{{new Worker('{u}')}}catch(e){{}}"), true),
            ("base-uri", u => $"<base href=\"{u}\">", false),
        };
        foreach (var (directive, markup, script) in resources)
        {
            var fallback = DirectiveFallback.For(directive)!;
            var extra = (script ? $"; script-src-elem 'nonce-{Nonce}'" : "") + (directive == "font-src" ? "; style-src-elem 'unsafe-inline'" : "");
            for (var holder = 0; holder < fallback.Length; holder++)
            {
                var parts = new List<string>();
                for (var i = holder; i < fallback.Length; i++)
                    parts.Add(fallback[i] + (i == holder ? " " + ok : " 'none'"));
                var policy = string.Join("; ", parts) + extra;
                foreach (var url in new[] { ok + "r.js", $"http://{self}/no/r.js" })
                    Url("fallback:" + directive, policy, directive, markup(url), url);
            }
            // The most specific directive blocks although every later one allows.
            var strict = string.Join("; ", fallback.Select((d, i) => d + (i == 0 ? " 'none'" : " " + ok))) + extra;
            Url("fallback:" + directive, strict, directive, markup(ok + "r.js"), ok + "r.js");
            // default-src only: governs unless the directive has no fallback to it.
            Url("fallback:" + directive, "default-src 'none'" + extra, directive, markup(ok + "r.js"), ok + "r.js");
        }

        // 3. WebSockets and connect-src: http(s) and ws(s) expressions against ws(s) URLs.
        foreach (var expression in new[] { "'self'", "ws:", "wss:", "http:", "https:", "*", "a.test", "http://a.test", "https://a.test", "ws://a.test", "wss://a.test" })
            foreach (var url in new[] { "ws://a.test/s", "wss://a.test/s", $"ws://{self}/s", $"wss://{self}/s" })
                Url("websocket", $"connect-src {expression}; script-src-elem 'nonce-{Nonce}'", "connect-src", Js($"try{{new WebSocket('{url}')}}catch(e){{}}"), url);

        // 4. Inline script elements: nonces, hashes, 'unsafe-inline', 'strict-dynamic', 'report-sample', fallbacks.
        const string code = "var inlineRan=1";
        var h256 = Hash(SHA256.HashData, code);
        string[] scriptLists =
        [
            "'unsafe-inline'", $"'unsafe-inline' 'nonce-{Nonce}'", $"'nonce-{Nonce}'", "'nonce-other'", $"'sha256-{h256}'",
            $"'sha256-{h256}' 'unsafe-inline'", $"'sha384-{Hash(SHA384.HashData, code)}'", $"'sha512-{Hash(SHA512.HashData, code)}'",
            $"'sha256-{h256.TrimEnd('=').Replace('+', '-').Replace('/', '_')}'", "'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='",
            "'unsafe-inline' 'strict-dynamic'", $"'nonce-{Nonce}' 'strict-dynamic'", "'self'", "*", "'report-sample' 'self'",
            "'unsafe-hashes'",
        ];
        foreach (var list in scriptLists)
            foreach (var withNonce in new[] { false, true })
            {
                var markup = withNonce ? $"<script nonce=\"{Nonce}\">{code}</script>" : $"<script>{code}</script>";
                var nonce = withNonce ? Nonce : null;
                Add("inline-script", "script-src " + list, "script-src-elem", markup, (p, _) => p.CheckInline("script-src-elem", nonce, code));
            }
        foreach (var policy in new[]
                 {
                     "script-src-elem 'unsafe-inline'; script-src 'none'", "script-src-elem 'none'; script-src 'unsafe-inline'",
                     "default-src 'unsafe-inline'", $"default-src 'sha256-{h256}'", "default-src 'self'; script-src-attr 'unsafe-inline'",
                 })
            Add("inline-script", policy, "script-src-elem", $"<script>{code}</script>", (p, _) => p.CheckInline("script-src-elem", null, code));

        // 5. Inline styles (element and attribute) and event-handler attributes; 'unsafe-hashes'.
        const string css = "p{color:red}";
        const string attrCss = "color:red";
        const string handler = "void 0";
        foreach (var list in new[]
                 {
                     "'unsafe-inline'", $"'nonce-{Nonce}'", $"'sha256-{Hash(SHA256.HashData, css)}'", "'unsafe-inline' 'strict-dynamic'",
                     $"'unsafe-inline' 'nonce-{Nonce}'", "'self'",
                 })
            foreach (var withNonce in new[] { false, true })
            {
                var nonce = withNonce ? Nonce : null;
                Add("inline-style", "style-src " + list, "style-src-elem", withNonce ? $"<style nonce=\"{Nonce}\">{css}</style>" : $"<style>{css}</style>",
                    (p, _) => p.CheckInline("style-src-elem", nonce, css));
            }
        var attrHash = Hash(SHA256.HashData, attrCss);
        foreach (var policy in new[]
                 {
                     "style-src 'unsafe-inline'", $"style-src 'sha256-{attrHash}'", $"style-src 'unsafe-hashes' 'sha256-{attrHash}'",
                     $"style-src 'unsafe-inline' 'sha256-{attrHash}'", $"style-src 'unsafe-inline' 'nonce-{Nonce}'",
                     "style-src-attr 'unsafe-inline'; style-src 'none'", "style-src-attr 'none'; style-src 'unsafe-inline'",
                     "default-src 'unsafe-inline'", "style-src-elem 'unsafe-inline'; default-src 'none'",
                 })
            Add("style-attribute", policy, "style-src-attr", $"<p style=\"{attrCss}\">x</p>", (p, _) => p.CheckInline("style-src-attr", null, attrCss));
        var handlerHash = Hash(SHA256.HashData, handler);
        foreach (var policy in new[]
                 {
                     "script-src 'unsafe-inline'", $"script-src 'sha256-{handlerHash}'", $"script-src 'unsafe-hashes' 'sha256-{handlerHash}'",
                     $"script-src 'unsafe-inline' 'nonce-{Nonce}'", "script-src 'unsafe-inline' 'strict-dynamic'",
                     "script-src-attr 'unsafe-inline'; script-src 'none'", "script-src-attr 'none'; script-src 'unsafe-inline'",
                     "default-src 'unsafe-inline'",
                 })
            Add("event-handler", policy, "script-src-attr", "", (p, _) => p.CheckInline("script-src-attr", null, handler), $"onload=\"{handler}\"");

        // 6. eval and WebAssembly compilation; the inline script that tries runs by nonce through script-src-elem.
        var run = $"; script-src-elem 'nonce-{Nonce}'";
        foreach (var list in new[]
                 {
                     "script-src 'unsafe-eval'", "script-src 'wasm-unsafe-eval'", "script-src 'self'", "default-src 'unsafe-eval'",
                     "default-src 'wasm-unsafe-eval'", "script-src 'self'; default-src 'unsafe-eval'", "script-src 'unsafe-eval' 'strict-dynamic'",
                 })
        {
            Add("eval", list + run, "script-src", Js("try{eval('1')}catch(e){}"), (p, page) => p.Check("script-src", "eval", page));
            Add("wasm", list + run, "script-src", Js("WebAssembly.compile(new Uint8Array([0,97,115,109,1,0,0,0])).catch(()=>0)"),
                (p, page) => p.Check("script-src", "wasm-eval", page));
        }

        // 7. 'strict-dynamic': scripts a nonced script adds are trusted; parser-inserted ones need a nonce.
        var dynamicUrl = "http://a.test/dyn.js";
        var addScript = Js($"var s=document.createElement('script');s.src='{dynamicUrl}';document.head.appendChild(s)");
        foreach (var list in new[] { $"'nonce-{Nonce}' 'strict-dynamic'", $"'nonce-{Nonce}'", $"'nonce-{Nonce}' a.test", $"'nonce-{Nonce}' 'strict-dynamic' b.test" })
        {
            Url("strict-dynamic", "script-src " + list, "script-src-elem", addScript, dynamicUrl, parserInserted: false);
            Url("strict-dynamic", "script-src " + list + " a.test", "script-src-elem", $"<script src=\"{dynamicUrl}\"></script>", dynamicUrl, parserInserted: true);
        }

        // 8. Redirects: after one, a source's path no longer counts (CSP3 §7.6); the first hop still needs its path.
        var redirect = $"http://{self}/redirect?to=";
        foreach (var (sources, target) in new[]
                 {
                     ("a.test/img/", "http://a.test/other/x.png"), ("a.test/img/", "http://a.test/img/x.png"), ("a.test/img/", "http://b.test/img/x.png"),
                     ("https://a.test/img/", "http://a.test/img/x.png"), ("*.a.test/p", "http://z.a.test/q"), ("a.test:8080/img/", "http://a.test:8080/zzz"),
                     ("'self'", "http://a.test/x.png"), ("a.test/img/x.png", "http://a.test/img/y.png"), ("http:", "http://a.test/x"),
                     ("a.test", $"http://{self}/other/x.png"),
                 })
        {
            var first = redirect + Uri.EscapeDataString(target);
            var policy = $"img-src http://{self}/redirect {sources}";
            Add("redirect", policy, "img-src", $"<img src=\"{first}\">", (p, page) =>
                p.Check("img-src", first, page) is var hop and not CspVerdict.Allowed ? hop : p.Check("img-src", target, page, redirectCount: 1));
        }
        Add("redirect", "img-src a.test", "img-src", $"<img src=\"{redirect}{Uri.EscapeDataString("http://a.test/x")}\">",
            (p, page) => p.Check("img-src", redirect + Uri.EscapeDataString("http://a.test/x"), page));
        return cases;
    }

    private static string Js(string code) => $"<script nonce=\"{Nonce}\">{code}</script>";

    private static string Hash(Func<byte[], byte[]> hash, string text) => Convert.ToBase64String(hash(Encoding.UTF8.GetBytes(text)));
}
