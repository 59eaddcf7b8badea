using Lookout.Core.Deliveries;

namespace Lookout.Tests;

public class SkeletonTests
{
    [Fact]
    public void Content_type_parameters_and_case_do_not_matter()
    {
        Assert.True(ContentTypes.TryResolve("Application/CSP-Report; charset=utf-8", out var f));
        Assert.Equal(WireFormat.CspReport, f);
        Assert.False(ContentTypes.TryResolve("text/plain", out _));
    }
}
