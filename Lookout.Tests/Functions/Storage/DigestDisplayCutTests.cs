using Lookout.Functions.Storage;

namespace Lookout.Tests.Hosting;

/// <summary>Digest display fields (title, key fields) are cut at 1,024 characters, and a cut one says so with "…".</summary>
public class DigestDisplayCutTests
{
    [Fact]
    public void A_short_field_is_kept_whole() =>
        Assert.Equal(new string('a', 1024), TableDigestStore.Cut(new string('a', 1024)));

    [Fact]
    public void A_long_field_ends_in_an_ellipsis_within_the_limit()
    {
        var cut = TableDigestStore.Cut(new string('a', 5000));
        Assert.Equal(1024, cut.Length);
        Assert.EndsWith("a…", cut);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var cut = TableDigestStore.Cut(new string('a', 1022) + "😀" + new string('b', 100));
        Assert.Equal(new string('a', 1022) + "…", cut);
    }
}
