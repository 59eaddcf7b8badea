using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>HPKP reports (RFC 7469 §3), posted as bare objects; recognised by their pins.</summary>
public sealed class HpkpFormat() : ReportFormat(Hpkp.Kind.Slug, Hpkp.Kind)
{
    public static readonly HpkpFormat Instance = new();

    private static readonly JsonNames Markers = new("known-pins", "knownPins", "known_pins");

    public override bool Recognises(JsonMembers report, WireFormat contentType) => report.IndexOfAny(Markers) >= 0;

    public override NormalizedReport Read(JsonMembers report, string raw, ReportKinds kinds) => TlsReport.Read(Kind!, report, raw);
}
