using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.TlsFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Expect-CT (RFC 9163 §3.1): a certificate without the Certificate Transparency proof the site expects.</summary>
public sealed class ExpectCt : ReportKind
{
    public static readonly ExpectCt Kind = new();

    private ExpectCt() : base("expect-ct",
    [
        Hostname,
        Port,
        EffectiveExpirationDate,
        Field.Text("Scheme", ["scheme"]),
        Field.Text("FailureMode", ["failure-mode", "failureMode", "failure_mode"], generic: "failureMode"),
        Field.Flag("TestReport", ["test-report", "testReport", "test_report"], generic: "testReport"),
    ], olderBodies: BodyNaming.CamelCase, incidentTime: TlsFields.IncidentTime, alwaysOlderBodies: true)
    {
    }

    public override string Description => TlsFields.Description;
}
