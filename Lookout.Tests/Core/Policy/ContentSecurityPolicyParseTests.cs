using Lookout.Core.Policy;

namespace Lookout.Tests.Policy;

/// <summary>CSP3 §2.2.1 "parse a serialized CSP" and §2.3.1 source expressions.</summary>
public class ContentSecurityPolicyParseTests
{
    [Fact]
    public void Directives_are_split_on_semicolons_lower_cased_and_the_first_of_a_name_wins()
    {
        var policy = ContentSecurityPolicy.Parse("  Script-SRC 'self'  https://a.example ;;img-src *; script-src 'none'; ");
        Assert.Equal(["script-src", "img-src"], policy.Directives.Select(d => d.Name));
        Assert.Equal(["'self'", "https://a.example"], policy["script-src"]!.Values);
    }

    [Theory]
    [InlineData("img-src\u00e9 *")]        // not ASCII: the whole token is skipped
    [InlineData("img_src *")]              // '_' is not a directive-name character
    [InlineData("img-src=* ")]
    public void Tokens_that_are_not_ascii_or_have_a_bad_name_are_skipped(string token)
    {
        var policy = ContentSecurityPolicy.Parse(token + "; default-src 'self'");
        Assert.Equal(["default-src"], policy.Directives.Select(d => d.Name));
    }

    [Fact]
    public void Unknown_directives_are_kept_without_a_source_list()
    {
        var policy = ContentSecurityPolicy.Parse("upgrade-insecure-requests; report-uri /r; navigate-to x.example; img-src 'self'");
        Assert.Null(policy["report-uri"]!.Sources);
        Assert.Null(policy["navigate-to"]!.Sources);
        Assert.NotNull(policy["img-src"]!.Sources);
    }

    [Theory]
    [InlineData("*", SourceKind.Star)]
    [InlineData("https:", SourceKind.Scheme)]
    [InlineData("DATA:", SourceKind.Scheme)]
    [InlineData("example.com", SourceKind.Host)]
    [InlineData("*.example.com", SourceKind.Host)]
    [InlineData("https://*.example.com:443/path/", SourceKind.Host)]
    [InlineData("example.com:*", SourceKind.Host)]
    [InlineData("127.0.0.1:8080", SourceKind.Host)]
    [InlineData("'self'", SourceKind.Self)]
    [InlineData("'SELF'", SourceKind.Self)]
    [InlineData("'none'", SourceKind.None)]
    [InlineData("'unsafe-inline'", SourceKind.UnsafeInline)]
    [InlineData("'unsafe-eval'", SourceKind.UnsafeEval)]
    [InlineData("'wasm-unsafe-eval'", SourceKind.WasmUnsafeEval)]
    [InlineData("'unsafe-hashes'", SourceKind.UnsafeHashes)]
    [InlineData("'strict-dynamic'", SourceKind.StrictDynamic)]
    [InlineData("'report-sample'", SourceKind.ReportSample)]
    [InlineData("'nonce-abc123=='", SourceKind.Nonce)]
    [InlineData("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", SourceKind.Hash)]
    [InlineData("'sha512-a_b-c'", SourceKind.Hash)]
    [InlineData("'inline-speculation-rules'", SourceKind.OtherKeyword)]
    [InlineData("'self", SourceKind.Invalid)]
    [InlineData("self'", SourceKind.Invalid)]
    [InlineData("'nonce-'", SourceKind.Invalid)]
    [InlineData("'sha1-abc'", SourceKind.OtherKeyword)]   // an unknown keyword: allows nothing
    [InlineData("'nonce-a b'", SourceKind.Invalid)]
    [InlineData("example..com", SourceKind.Invalid)]
    [InlineData("exa*mple.com", SourceKind.Invalid)]
    [InlineData("example.com:port", SourceKind.Invalid)]
    [InlineData("example.com:123456", SourceKind.Invalid)]
    [InlineData("https://", SourceKind.Invalid)]
    [InlineData("https:///path", SourceKind.Invalid)]
    public void Source_expressions_are_classified_by_the_grammar(string token, SourceKind kind) =>
        Assert.Equal(kind, SourceExpression.Parse(token).Kind);

    [Fact]
    public void Host_source_parts_are_taken_apart()
    {
        var e = SourceExpression.Parse("HTTPS://*.Example.com:8443/a/b/");
        Assert.Equal(("https", ".example.com", true, 8443, "/a/b/"), (e.Scheme, e.Host, e.WildcardHost, e.Port, e.Path));
        Assert.Equal(SourceExpression.AnyPort, SourceExpression.Parse("example.com:*").Port);
        Assert.Equal("a+b/c", SourceExpression.Parse("'sha256-a-b_c'").Value);
    }

    [Fact]
    public void None_counts_only_alone_and_an_empty_list_allows_nothing()
    {
        Assert.True(ContentSecurityPolicy.Parse("img-src 'none'")["img-src"]!.Sources!.IsNone);
        Assert.True(ContentSecurityPolicy.Parse("img-src")["img-src"]!.Sources!.IsNone);
        Assert.True(ContentSecurityPolicy.Parse("img-src 'bogus")["img-src"]!.Sources!.IsNone);
        Assert.False(ContentSecurityPolicy.Parse("img-src 'none' a.example")["img-src"]!.Sources!.IsNone);
    }

    [Fact]
    public void Fallback_lists_follow_csp3()
    {
        var policy = ContentSecurityPolicy.Parse("default-src d.example; script-src s.example; child-src c.example");
        Assert.Equal("script-src", policy.Governing("script-src-elem")!.Name);
        Assert.Equal("script-src", policy.Governing("script-src-attr")!.Name);
        Assert.Equal("child-src", policy.Governing("worker-src")!.Name);
        Assert.Equal("child-src", policy.Governing("frame-src")!.Name);
        Assert.Equal("default-src", policy.Governing("img-src")!.Name);
        Assert.Equal("default-src", policy.Governing("style-src-attr")!.Name);
        Assert.Null(policy.Governing("base-uri"));   // no fallback to default-src
        Assert.Null(policy.Governing("form-action"));
        Assert.Equal("script-src", ContentSecurityPolicy.Parse("default-src d.example; script-src s.example").Governing("worker-src")!.Name);
    }
}
