using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Lookout.Core.Envelopes;
using Lookout.Core.Formats;
using Lookout.Core.Records;

namespace Lookout.Benchmarks.Normalize;

/// <summary>
/// Normalize's CPU work on the mixed corpus, beside a baseline that only tokenizes the same bytes.
/// Each operation processes the whole corpus once; the columns turn that into reports/s and
/// bytes allocated per report.
/// </summary>
[MemoryDiagnoser]
public class NormalizeBenchmarks
{
    private static readonly Envelope BenchEnvelope = new()
    {
        Id = Envelope.NewId(),
        ReceivedAt = DateTimeOffset.UnixEpoch.AddYears(56),
        ContentType = "application/reports+json",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0",
    };

    private Delivery[] _corpus = [];

    [GlobalSetup]
    public void Setup() => _corpus = [.. Corpus.All];

    /// <summary>A bare Utf8JsonReader pass over every byte: the floor any JSON parser pays.</summary>
    [Benchmark(Baseline = true)]
    public long TokenizeOnly()
    {
        long tokens = 0;
        foreach (var delivery in _corpus)
        {
            var reader = new Utf8JsonReader(delivery.Body, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
                tokens++;
        }
        return tokens;
    }

    /// <summary>Classify, validate and normalize every report (DeliveryParser).</summary>
    [Benchmark]
    public int Parse()
    {
        var reports = 0;
        foreach (var delivery in _corpus)
            reports += DeliveryParser.Parse(delivery.Body, delivery.Format).Reports.Count;
        return reports;
    }

    /// <summary>Parse plus building the table records (keys, typed properties, truncation).</summary>
    [Benchmark]
    public int ParseAndBuildRecords()
    {
        var properties = 0;
        foreach (var delivery in _corpus)
        {
            var reports = DeliveryParser.Parse(delivery.Body, delivery.Format).Reports;
            for (var i = 0; i < reports.Count; i++)
                properties += ReportRecordBuilder.Build(BenchEnvelope, i, reports[i]).Properties.Count;
        }
        return properties;
    }

    private static readonly Envelope SampledEnvelope = BenchEnvelope with { Site = "shop", KeepPpm = 100_000 };
    private static readonly Lookout.Core.Sites.SitePolicy Fenced =
        Lookout.Core.Sites.SitePolicies.Parse("shop: hosts=example.com,*.example.com,example.org budget=600").For("shop");

    /// <summary>As <see cref="ParseAndBuildRecords"/>, then the site limits at their dearest: an allow-list, the issue
    /// cap and a sampled envelope (one SHA-256 per report).</summary>
    [Benchmark]
    public int ParseBuildAndLimit()
    {
        var properties = 0;
        foreach (var delivery in _corpus)
        {
            var reports = DeliveryParser.Parse(delivery.Body, delivery.Format).Reports;
            var records = new List<ReportRecord>(reports.Count);
            for (var i = 0; i < reports.Count; i++)
                records.Add(ReportRecordBuilder.Build(SampledEnvelope, i, reports[i]));
            foreach (var record in Lookout.Core.Sites.SiteLimits.Apply(SampledEnvelope, records, Fenced, maxIssues: 50))
                properties += record.Properties.Count;
        }
        return properties;
    }

    /// <summary>As <see cref="ParseAndBuildRecords"/>, then each delivery's records grouped into issue tallies: what one digest
    /// update adds (counts, sites, reach sketches, per-policy counts of CSP reports).</summary>
    [Benchmark]
    public int ParseBuildAndTally()
    {
        var issues = 0;
        foreach (var delivery in _corpus)
        {
            var reports = DeliveryParser.Parse(delivery.Body, delivery.Format).Reports;
            var records = new List<ReportRecord>(reports.Count);
            for (var i = 0; i < reports.Count; i++)
                records.Add(ReportRecordBuilder.Build(BenchEnvelope, i, reports[i]));
            issues += Lookout.Functions.Normalize.IssueTally.Of(records).Count;
        }
        return issues;
    }

    /// <summary>Runs <see cref="ParseAndBuildRecords"/> until <paramref name="duration"/> is over.</summary>
    public static long Loop(TimeSpan duration)
    {
        var benchmarks = new NormalizeBenchmarks();
        benchmarks.Setup();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long loops = 0;
        while (clock.Elapsed < duration)
        {
            benchmarks.ParseAndBuildRecords();
            loops++;
        }
        return loops;
    }
}
