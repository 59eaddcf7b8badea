using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>CSP3 subresource hash reports: the hash of a script the page loaded.</summary>
public sealed class CspHash : ReportKind
{
    public static readonly CspHash Kind = new();

    private CspHash() : base("csp-hash",
    [
        DocumentUrl,
        Field.Text("SubresourceUrl", ["subresourceURL", "subresource_url", "subresource-url"]),
        Field.Text("Hash", ["hash"]),
        Field.Text("ResourceType", ["type"]),
        Destination,
    ])
    {
    }
}
