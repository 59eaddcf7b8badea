using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats.Json;
using Lookout.Core.Formats.Kinds;
using Lookout.Core.Reports;

namespace Lookout.Core.Formats.WireFormats;

/// <summary>
/// One way a report object arrives: how to recognise it, and how to read it into a normalized
/// report. <see cref="ReportClassifier.Formats"/> lists them in the order they are tried.
/// </summary>
public abstract class ReportFormat
{
    protected ReportFormat(string sourceFormat, ReportKind? kind, string? wrapper = null)
    {
        SourceFormat = sourceFormat;
        Kind = kind;
        WrapperUtf8 = wrapper is null ? null : Encoding.UTF8.GetBytes(wrapper);
    }

    /// <summary>The row's <c>SourceFormat</c>.</summary>
    public string SourceFormat { get; }

    /// <summary>The kind every report of this format is; null when the report names its own type.</summary>
    public ReportKind? Kind { get; }

    /// <summary>The member that wraps the report, <c>{"wrapper":{…}}</c>, when the format has one (UTF-8).</summary>
    internal byte[]? WrapperUtf8 { get; }

    /// <summary>Whether an unwrapped object is a report of this format.</summary>
    public abstract bool Recognises(JsonMembers report, WireFormat contentType);

    public abstract NormalizedReport Read(JsonMembers report, string raw, ReportKinds kinds);

    /// <summary>Reads the object found inside the wrapper; a wrapper alone decides the format.</summary>
    public virtual NormalizedReport ReadWrapped(JsonMembers inner, string raw, ReportKinds kinds) => Read(inner, raw, kinds);
}
