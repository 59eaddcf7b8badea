using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Kinds;

/// <summary>The key fields read from one report, in declaration order, typed as they will be stored.</summary>
public sealed class FieldValues
{
    private readonly List<ReportField> _fields = new(12);

    public IReadOnlyList<ReportField> Fields => _fields;

    internal void Add(string column, string value) => _fields.Add(new ReportField(column, FieldValue.Of(value)));
    internal void Add(string column, long value) => _fields.Add(new ReportField(column, FieldValue.Of(value)));
    internal void Add(string column, double value) => _fields.Add(new ReportField(column, FieldValue.Of(value)));
    internal void Add(string column, bool value) => _fields.Add(new ReportField(column, FieldValue.Of(value)));
    internal void Add(string column, DateTimeOffset value) => _fields.Add(new ReportField(column, FieldValue.Of(value)));

    // Reading back: absent, or held as another kind, is null, never an exception (issue 19).
    public string? StringOf(string column) => Find(column) is { Kind: FieldKind.String } value ? value.AsString : null;
    public long? Int64Of(string column) => Find(column) is { Kind: FieldKind.Int64 } value ? value.AsInt64 : null;

    private FieldValue? Find(string column)
    {
        foreach (var field in _fields)
            if (field.Name == column)
                return field.Value;
        return null;
    }
}
