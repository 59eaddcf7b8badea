using Lookout.Functions.Read;

namespace Lookout.Tests.Functions.Read;

/// <summary>Page tokens are signed with the server's secret (HMAC-SHA256) for one query.</summary>
public class PageTokensTests
{
    private const string Query = "issues|2026-01-01|2026-01-07||||Hide";

    [Fact]
    public void A_token_reads_back_on_a_server_with_the_same_secret()
    {
        var token = new PageTokens("shared-secret").Encode(new PageToken("2026-01-03", "pk rk"), Query);
        Assert.Equal(new PageToken("2026-01-03", "pk rk"), new PageTokens("shared-secret").Decode(token, Query));
        Assert.Null(new PageTokens("shared-secret").Decode(null, Query));
    }

    [Fact]
    public void Another_secret_another_query_or_an_edit_is_refused()
    {
        var tokens = new PageTokens("shared-secret");
        var token = tokens.Encode(new PageToken("2026-01-03", null), Query);
        Assert.Throws<BadParameterException>(() => new PageTokens("other-secret").Decode(token, Query));
        Assert.Throws<BadParameterException>(() => tokens.Decode(token, Query.Replace("Hide", "All", StringComparison.Ordinal)));
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        foreach (var edited in new[] { (token[0] == 'A' ? "B" : "A") + token[1..], token[..^1], token + "A", token[..dot], "." + token[(dot + 1)..], "!!." + token[(dot + 1)..] })
            Assert.Throws<BadParameterException>(() => tokens.Decode(edited, Query));
    }

    [Fact]
    public void Without_a_secret_each_process_signs_with_its_own()
    {
        // Two instances (or one before and after a restart) without Lookout__PageTokenSecret do not accept each other's tokens.
        var first = new PageTokens(null);
        var token = first.Encode(new PageToken("2026-01-03", null), Query);
        Assert.Equal("2026-01-03", first.Decode(token, Query)?.Day);
        Assert.Throws<BadParameterException>(() => new PageTokens(null).Decode(token, Query));
        Assert.Throws<BadParameterException>(() => new PageTokens("").Decode(token, Query));
    }
}
