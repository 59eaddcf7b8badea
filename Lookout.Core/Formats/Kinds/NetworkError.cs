using Lookout.Core.Issues;
using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.SharedFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Network Error Logging; the 2018 draft's <c>nel</c> type sent kebab-case names.</summary>
public sealed class NetworkError : ReportKind
{
    public static readonly NetworkError Kind = new();

    private NetworkError() : base("network-error",
    [
        Field.Text("Phase", ["phase"]),
        Field.Text("ErrorType", ["type"]),
        Field.Count("StatusCode", ["status_code", "status-code", "statusCode"], max: 999),
        Field.Text("ServerIp", ["server_ip", "server-ip", "serverIp"]),
        Field.Text("Protocol", ["protocol"]),
        Field.Text("Method", ["method"]),
        Field.Count("ElapsedTime", ["elapsed_time", "elapsed-time", "elapsedTime"]),
        Field.Fraction("SamplingFraction", ["sampling_fraction", "sampling-fraction", "samplingFraction"]),
        Referrer,
    ], olderNames: [new TypeName("nel", ConvertsBody: true)], olderBodies: BodyNaming.SnakeCase)
    {
    }

    /// <summary>Error type + phase + the origin that failed (paths and status details vary per request).</summary>
    public override IssueIdentity Identify(NormalizedReport report)
    {
        var error = report.TextOf("ErrorType") ?? "(no type)";
        var phase = report.TextOf("Phase") ?? "(no phase)";
        var origin = UrlParts.Origin(report.Url) ?? UrlParts.WithoutQuery(report.Url);
        return IssueIdentity.Of(Slug, $"{error} ({phase}) on {origin ?? "(no url)"}", error, phase, origin);
    }

    public override string Description => "A 2018 draft `nel` body has its kebab-case member names rewritten in the NEL spec's snake_case.";
}
