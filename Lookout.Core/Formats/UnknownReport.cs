using Lookout.Core.Reports;

namespace Lookout.Core.Formats;

/// <summary>A report no parser recognises: kept whole, with the reason, never dropped.</summary>
public static class UnknownReport
{
    public static NormalizedReport Of(string raw, string reason) => new()
    {
        Type = ReportTypes.Unknown,
        SourceFormat = SourceFormats.Unknown,
        Body = "{}",
        Raw = raw,
        UnknownReason = reason,
    };
}
