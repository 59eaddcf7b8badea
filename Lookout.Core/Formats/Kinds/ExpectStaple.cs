using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.TlsFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>Chromium's Expect-Staple: a TLS handshake without the OCSP response the site expects.</summary>
public sealed class ExpectStaple : ReportKind
{
    public static readonly ExpectStaple Kind = new();

    private ExpectStaple() : base("expect-staple",
    [
        Hostname,
        Port,
        EffectiveExpirationDate,
        Field.Text("ResponseStatus", ["response-status", "responseStatus", "response_status"], generic: "responseStatus"),
        Field.Text("CertStatus", ["cert-status", "certStatus", "cert_status"], generic: "certStatus"),
    ], olderBodies: BodyNaming.CamelCase, incidentTime: TlsFields.IncidentTime, alwaysOlderBodies: true)
    {
    }

    public override string Description => TlsFields.Description;
}
