namespace Lookout.Core.Reports;

/// <summary>
/// One report after classification and normalization: the generic Reporting API shape whatever the
/// wire format was. Produced by <see cref="Formats.DeliveryParser"/>; turned into a table record by
/// <see cref="Records.ReportRecordBuilder"/>.
/// </summary>
public sealed class NormalizedReport
{
    /// <summary>Type slug (<see cref="ReportTypes"/>, or a future Reporting API type name).</summary>
    public required string Type { get; init; }

    /// <summary>Wire format it arrived in (<see cref="SourceFormats"/>).</summary>
    public required string SourceFormat { get; init; }

    /// <summary>The document URL the report is about, when known.</summary>
    public string? Url { get; init; }

    /// <summary>User agent named inside the report (Reporting API <c>user_agent</c>), when present.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Reporting API <c>age</c>: milliseconds between the incident and the upload.</summary>
    public long? AgeMilliseconds { get; init; }

    /// <summary>An absolute incident time carried by the report itself (HPKP / Expect-* <c>date-time</c>).</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The normalized body as generic-shape JSON (camelCase names for converted legacy reports).</summary>
    public required string Body { get; init; }

    /// <summary>This report's original JSON text, as sent.</summary>
    public required string Raw { get; init; }

    /// <summary>The key fields of the type, as typed values (docs/schema.md, per kind).</summary>
    public IReadOnlyList<ReportField> Fields { get; init; } = [];

    /// <summary>Why no parser recognised the report; set only when <see cref="Type"/> is <c>unknown</c>.</summary>
    public string? UnknownReason { get; init; }

    /// <summary>
    /// Longest <see cref="AgeMilliseconds"/> taken at its word. Browsers upload within minutes and
    /// drop what they could not send; a larger age is a client bug or a forgery, and the arithmetic
    /// must not leave the range a table can store (nothing before 1601).
    /// </summary>
    public static readonly TimeSpan MaxPlausibleAge = TimeSpan.FromDays(7);

    /// <summary>A key field's text, or null when absent or not text.</summary>
    public string? TextOf(string column)
    {
        foreach (var field in Fields)
            if (field.Name == column)
                return field.Value.Kind == FieldKind.String ? field.Value.AsString : null;
        return null;
    }

    /// <summary>
    /// When the incident happened: the report's own time, else received minus age, else null. Null
    /// too when the age is negative or beyond <see cref="MaxPlausibleAge"/>; the age stays in Raw.
    /// </summary>
    public DateTimeOffset? IncidentAt(DateTimeOffset receivedAt) =>
        OccurredAt ?? (AgeMilliseconds is long age && age >= 0 && age <= (long)MaxPlausibleAge.TotalMilliseconds
            ? receivedAt - TimeSpan.FromMilliseconds(age)
            : null);
}
