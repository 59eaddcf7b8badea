using Azure.Data.Tables;
using Lookout.Tests.Pipeline;
using Lookout.Tests.Pipeline.Harness;
using Lookout.Tests.Read;

namespace Lookout.Tests.FunctionsHost;

// The standalone suites' assertions, run unchanged against the published app under the Functions host.

[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostWireFormatTests : WireFormatSuite
{
    public HostWireFormatTests(FunctionsHostPipeline pipeline) : base(pipeline) => FunctionsHostCollection.SkipUnlessAvailable();
}

[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostIngestAnswersTests : IngestAnswersSuite
{
    public HostIngestAnswersTests(FunctionsHostPipeline pipeline) : base(pipeline) => FunctionsHostCollection.SkipUnlessAvailable();
}

[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostIssueDigestTests : IssueDigestSuite
{
    public HostIssueDigestTests(FunctionsHostPipeline pipeline) : base(pipeline) => FunctionsHostCollection.SkipUnlessAvailable();
}

[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostReadApiTests : ReadApiSuite
{
    public HostReadApiTests(FunctionsHostPipeline pipeline) : base(pipeline) => FunctionsHostCollection.SkipUnlessAvailable();
}

[Trait("Category", "FunctionsHost"), Collection(FunctionsHostCollection.Name)]
public sealed class HostStorageOutageTests : StorageOutageSuite, IClassFixture<FunctionsHostOutagePipeline>
{
    private readonly FunctionsHostOutagePipeline _pipeline;

    public HostStorageOutageTests(FunctionsHostOutagePipeline pipeline) : base(pipeline)
    {
        FunctionsHostCollection.SkipUnlessAvailable();
        _pipeline = pipeline;
    }

    /// <summary>
    /// Difference from the standalone host, pinned: a message the host had taken when storage went away may not be
    /// given back (the update fails too); it then stays invisible for up to the host's own lease of 10 minutes
    /// before it is retried. Nothing is lost: each acknowledged delivery is a row or still in the raw queue.
    /// </summary>
    protected override async Task<List<TableEntity>> LandedAsync(string site, int acknowledged)
    {
        var (rows, queued) = await Eventually.MatchAsync(async () =>
            (Rows: await _pipeline.Table.AllAsync(ReportTable.SiteIs(site)),
             Queued: (await _pipeline.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount),
            r => r.Rows.Count + r.Queued == acknowledged && r.Rows.Count > 0, TimeSpan.FromSeconds(60), "rows and queued messages adding up");
        Assert.Equal(acknowledged, rows.Count + queued);
        return rows;
    }
}
