using Lookout.Storage;

namespace Lookout.Tests.Storage;

public sealed class TableFilterTests
{
    [Fact]
    public void Literals_follow_odata_rules()
    {
        Assert.Equal("Site eq 'it''s'", TableFilter.Equal("Site", "it's"));
        Assert.Equal("N eq 5L", TableFilter.Equal("N", 5L));
        Assert.Equal("N eq 5", TableFilter.Equal("N", 5));
        Assert.Equal("D eq 2.0", TableFilter.Equal("D", 2.0));
        Assert.Equal("D eq 0.5", TableFilter.Equal("D", 0.5));
        Assert.Equal("B eq true", TableFilter.Equal("B", true));
        Assert.Equal("At eq datetime'2026-11-22T10:00:00.0000001Z'",
            TableFilter.Equal("At", new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.FromHours(1)).AddTicks(1)));
        Assert.Equal("G eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'", TableFilter.Equal("G", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")));
        Assert.Equal("X eq X'00ff'", TableFilter.Equal("X", new byte[] { 0, 255 }));
        Assert.Equal("(A eq 'a') and (B ne 'b')", TableFilter.And(TableFilter.Equal("A", "a"), TableFilter.NotEqual("B", "b")));
    }

    [Fact]
    public void Property_names_and_values_are_checked()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Equal("A or true", "x"));
        Assert.Throws<ArgumentException>(() => TableFilter.Equal("A", new object()));
        Assert.Throws<ArgumentException>(() => TableFilter.Equal("A", double.NaN));
    }
}
