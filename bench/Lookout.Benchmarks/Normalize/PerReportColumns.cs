using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lookout.Benchmarks.Normalize;

/// <summary>Reports per second: corpus reports divided by the mean time of one corpus pass.</summary>
internal sealed class ReportsPerSecondColumn : IColumn
{
    public string Id => nameof(ReportsPerSecondColumn);
    public string ColumnName => "Reports/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Reports normalized per second ({Corpus.ReportCount} reports in {Corpus.All.Count} deliveries per operation)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (Corpus.ReportCount / (mean.Value / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }
}

/// <summary>Allocated bytes per report, beside the bytes of the strings a report must keep.</summary>
internal sealed class AllocatedPerReportColumn : IColumn
{
    public string Id => nameof(AllocatedPerReportColumn);
    public string ColumnName => "Alloc/report";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => $"Bytes allocated per report; the strings a report must keep take {Corpus.KeptBytesPerReport:N0} B";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report is null)
            return "-";
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is long b ? $"{b / (double)Corpus.ReportCount:N0} B" : "-";
    }
}
