using Lookout.Core.Reports;
using static Lookout.Core.Formats.Kinds.TlsFields;

namespace Lookout.Core.Formats.Kinds;

/// <summary>HTTP Public Key Pinning (RFC 7469 §3): a certificate chain that matched none of the pinned keys.</summary>
public sealed class Hpkp : ReportKind
{
    public static readonly Hpkp Kind = new();

    private Hpkp() : base("hpkp",
    [
        Hostname,
        Port,
        EffectiveExpirationDate,
        Field.Flag("IncludeSubdomains", ["include-subdomains", "includeSubdomains", "include_subdomains"], generic: "includeSubdomains"),
        Field.Text("NotedHostname", ["noted-hostname", "notedHostname", "noted_hostname"], generic: "notedHostname"),
    ], olderBodies: BodyNaming.CamelCase, incidentTime: TlsFields.IncidentTime, alwaysOlderBodies: true)
    {
    }

    public override string Description => TlsFields.Description;
}
