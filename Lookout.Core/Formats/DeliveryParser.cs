using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Csp;
using Lookout.Core.Formats.ExpectCt;
using Lookout.Core.Formats.ExpectStaple;
using Lookout.Core.Formats.Hpkp;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.ReportingApi;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats;

/// <summary>
/// Entry point of the formats layer: one delivery (body bytes + Content-Type) to its normalized
/// reports. The delivery is first checked by <see cref="DeliveryScanner"/> (a failure there is the whole
/// delivery's failure); then each report object is classified by its shape, the wire format only
/// breaking ties, and handed to its parser. An object nothing recognises becomes <c>unknown</c>.
/// Never throws for any input.
/// </summary>
public static class DeliveryParser
{
    public static DeliveryParseResult Parse(ReadOnlySpan<byte> body, WireFormat format, DeliveryLimits? limits = null)
    {
        limits ??= DeliveryLimits.Default;
        DeliveryScan scan;
        try
        {
            scan = DeliveryScanner.Scan(body, limits);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DeliveryParseResult.Failure(new DeliveryError(DeliveryErrorKind.Malformed, "The body could not be read as JSON."));
        }
        if (!scan.IsValid)
            return DeliveryParseResult.Failure(scan.Error!);

        var source = body.ToArray();
        var bom = source.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var reports = new NormalizedReport[scan.Reports.Count];
        for (var i = 0; i < reports.Length; i++)
        {
            var (start, length) = scan.Reports[i].GetOffsetAndLength(source.Length);
            // For a single-object delivery Raw is the whole body as sent.
            var raw = scan.IsArray ? Encoding.UTF8.GetString(source, start, length) : Encoding.UTF8.GetString(source.AsSpan(bom));
            try
            {
                reports[i] = Classify(source, start, start + length, raw, format, limits.MaxDepth);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reports[i] = Unknown(raw, $"The report could not be parsed ({e.GetType().Name}).");
            }
        }
        return DeliveryParseResult.Success(reports);
    }

    private static NormalizedReport Classify(byte[] source, int start, int end, string raw, WireFormat format, int maxDepth)
    {
        var obj = JsonObjectView.Read(source, start, end, maxDepth);
        if (obj is null)
            return Unknown(raw, "The report is not a JSON object.");

        // Explicit wrappers first: they say what they are.
        if (obj.Has(LegacyCspReportParser.Wrapper))
            return obj.Object(LegacyCspReportParser.Wrapper, maxDepth) is { } csp
                ? LegacyCspReportParser.Parse(csp, raw)
                : Unknown(raw, "\"csp-report\" is not a JSON object.");
        if (obj.Has(ExpectCtReportParser.Wrapper))
            return obj.Object(ExpectCtReportParser.Wrapper, maxDepth) is { } ct
                ? ExpectCtReportParser.Parse(ct, raw)
                : Unknown(raw, "\"expect-ct-report\" is not a JSON object.");
        if (obj.Has(ExpectStapleReportParser.Wrapper))
            return obj.Object(ExpectStapleReportParser.Wrapper, maxDepth) is { } staple
                ? ExpectStapleReportParser.Parse(staple, raw)
                : Unknown(raw, "\"expect-staple-report\" is not a JSON object.");

        // The generic shape (also what Safari posts under application/csp-report).
        if (ReportingApiParser.IsGeneric(obj))
            return ReportingApiParser.Parse(obj, raw, maxDepth);

        // Unwrapped legacy shapes.
        if (HpkpReportParser.Matches(obj))
            return HpkpReportParser.Parse(obj, raw);
        if (ExpectStapleReportParser.LooksUnwrapped(obj))
            return ExpectStapleReportParser.Parse(obj, raw);
        if (format == WireFormat.ExpectCtReport && obj.Has("hostname"))
            return ExpectCtReportParser.Parse(obj, raw);
        if (LegacyCspReportParser.LooksUnwrapped(obj))
            return LegacyCspReportParser.Parse(obj, raw);

        return Unknown(raw, $"{MediaType(format)} object with none of the known report shapes (keys: {obj.KeyList()}).");
    }

    private static string MediaType(WireFormat format) => format switch
    {
        WireFormat.ReportsJson => "application/reports+json",
        WireFormat.CspReport => "application/csp-report",
        WireFormat.ExpectCtReport => "application/expect-ct-report+json",
        _ => "application/json",
    };

    private static NormalizedReport Unknown(string raw, string reason) => new()
    {
        Type = ReportTypes.Unknown,
        SourceFormat = SourceFormats.Unknown,
        Body = "{}",
        Raw = raw,
        UnknownReason = reason,
    };
}
