using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>CSP3 subresource hash reports: the hash of a script the page loaded.</summary>
public sealed class CspHash : ReportKind
{
    public static readonly CspHash Kind = new();

    public override string IssueRule =>
        "Subresource origin and path + hash + resource type + destination; no document: these reports inventory which " +
        "script (and which version of it: a new hash is a new issue) a site loads, whichever page loads it.";

    public override IssueIdentity Identify(NormalizedReport report)
    {
        var resource = UrlParts.OriginAndPath(report.TextOf("SubresourceUrl")) ?? "(no subresource)";
        var hash = report.TextOf("Hash") ?? "(no hash)";
        var type = report.TextOf("ResourceType");
        var destination = report.TextOf(Destination.Column);
        return IssueIdentity.Of(Slug, $"csp-hash: {resource} {hash}", resource, hash, type, destination);
    }

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
