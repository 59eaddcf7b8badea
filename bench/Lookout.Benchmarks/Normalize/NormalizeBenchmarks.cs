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
