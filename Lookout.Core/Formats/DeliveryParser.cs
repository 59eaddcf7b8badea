using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats;

/// <summary>
/// Entry point of the formats layer: one delivery (body bytes + wire format) to its normalized
/// reports, in delivery order. The scanner refuses what is not JSON of a known top-level shape (a
/// typed <see cref="DeliveryError"/>); every object that passes becomes exactly one report, of type
/// <c>unknown</c> if nothing recognises it. Never throws for any input.
/// </summary>
public static class DeliveryParser
{
    /// <summary>Start of <see cref="NormalizedReport.UnknownReason"/> when a parser failed on a report.</summary>
    internal const string ParserFailure = "The report could not be parsed: ";

    public static DeliveryParseResult Parse(ReadOnlySpan<byte> body, WireFormat format, DeliveryLimits? limits = null, ReportKinds? kinds = null) =>
        Parse(new ReadOnlyMemory<byte>(body.ToArray()), format, limits, kinds);

    /// <param name="kinds">The report kinds to recognise; <see cref="ReportKinds.Builtin"/> by default.</param>
    public static DeliveryParseResult Parse(ReadOnlyMemory<byte> body, WireFormat format, DeliveryLimits? limits = null, ReportKinds? kinds = null)
    {
        kinds ??= ReportKinds.Builtin;
        var scan = DeliveryScanner.Scan(body.Span, limits);
        if (!scan.IsValid)
            return DeliveryParseResult.Failure(scan.Error!);

        var reports = new NormalizedReport[scan.Reports.Count];
        for (var i = 0; i < reports.Length; i++)
        {
            var report = body[scan.Reports[i]];
            try
            {
                reports[i] = ReportClassifier.Classify(report, format, kinds);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Defence in depth: a parser bug must not lose an acknowledged report (tests assert it is never reached).
                reports[i] = UnknownReport.Of(System.Text.Encoding.UTF8.GetString(report.Span), $"{ParserFailure}{e.Message}");
            }
        }
        return DeliveryParseResult.Success(reports);
    }
}
