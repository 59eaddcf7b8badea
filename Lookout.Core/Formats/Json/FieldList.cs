using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Json;

/// <summary>Collects a report's typed key fields, skipping absent values.</summary>
internal sealed class FieldList
{
    private readonly List<ReportField> _fields = new(12);

    public IReadOnlyList<ReportField> Fields => _fields;

    public FieldList Add(string name, string? value)
    {
        if (value is not null) _fields.Add(new ReportField(name, FieldValue.Of(value)));
        return this;
    }

    public FieldList Add(string name, long? value)
    {
        if (value is long v) _fields.Add(new ReportField(name, FieldValue.Of(v)));
        return this;
    }

    public FieldList Add(string name, double? value)
    {
        if (value is double v) _fields.Add(new ReportField(name, FieldValue.Of(v)));
        return this;
    }

    public FieldList Add(string name, bool? value)
    {
        if (value is bool v) _fields.Add(new ReportField(name, FieldValue.Of(v)));
        return this;
    }

    public FieldList Add(string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset v) _fields.Add(new ReportField(name, FieldValue.Of(v)));
        return this;
    }

    /// <summary>Adds <c>Disposition</c> (enforce/report) and, when the spelling differed, <c>DispositionRaw</c>.</summary>
    public FieldList AddDisposition(string? raw)
    {
        if (raw is null) return this;
        var normalized = Disposition.Normalize(raw);
        Add("Disposition", normalized);
        if (!string.Equals(normalized, raw, StringComparison.Ordinal))
            Add("DispositionRaw", raw);
        return this;
    }
}

internal static class Disposition
{
    /// <summary><c>enforce</c> → enforce; <c>report</c>, <c>reporting</c>, <c>report-only</c> → report; else null.</summary>
    public static string? Normalize(string? raw)
    {
        var t = raw?.Trim();
        if (string.Equals(t, "enforce", StringComparison.OrdinalIgnoreCase)) return "enforce";
        if (string.Equals(t, "report", StringComparison.OrdinalIgnoreCase)
            || string.Equals(t, "reporting", StringComparison.OrdinalIgnoreCase)
            || string.Equals(t, "report-only", StringComparison.OrdinalIgnoreCase)
            || string.Equals(t, "reportonly", StringComparison.OrdinalIgnoreCase)) return "report";
        return null;
    }
}
