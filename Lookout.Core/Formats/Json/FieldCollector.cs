using Lookout.Core.Reports;

namespace Lookout.Core.Formats.Json;

/// <summary>
/// Reads a report body's key fields into typed <see cref="ReportField"/>s, leniently: a value of
/// the wrong kind or out of range is left out rather than failing the report.
/// </summary>
public sealed class FieldCollector(JsonMembers body)
{
    private readonly List<ReportField> _fields = new(12);

    public JsonMembers Body => body;
    public IReadOnlyList<ReportField> Fields => _fields;

    public string? Text(string field, JsonNames names)
    {
        var value = body.StringAt(body.IndexOfAny(names));
        if (value is not null)
            _fields.Add(new ReportField(field, FieldValue.Of(value)));
        return value;
    }

    public long? Count(string field, JsonNames names, long max = long.MaxValue)
    {
        var value = body.CountAt(body.IndexOfAny(names));
        if (value is long number && number <= max)
        {
            _fields.Add(new ReportField(field, FieldValue.Of(number)));
            return number;
        }
        return null;
    }

    public double? Fraction(string field, JsonNames names)
    {
        var value = body.FractionAt(body.IndexOfAny(names));
        if (value is double number)
            _fields.Add(new ReportField(field, FieldValue.Of(number)));
        return value;
    }

    public bool? Boolean(string field, JsonNames names)
    {
        var value = body.BooleanAt(body.IndexOfAny(names));
        if (value is bool flag)
            _fields.Add(new ReportField(field, FieldValue.Of(flag)));
        return value;
    }

    public DateTimeOffset? Date(string field, JsonNames names)
    {
        var value = body.DateTimeAt(body.IndexOfAny(names));
        if (value is DateTimeOffset date)
            _fields.Add(new ReportField(field, FieldValue.Of(date)));
        return value;
    }

    public void Add(string field, string value) => _fields.Add(new ReportField(field, FieldValue.Of(value)));

    // Reading a collected field back: absent, or collected as another kind, is null, never an exception.
    public string? StringOf(string field) => Find(field) is { Kind: FieldKind.String } value ? value.AsString : null;
    public long? Int64Of(string field) => Find(field) is { Kind: FieldKind.Int64 } value ? value.AsInt64 : null;

    private FieldValue? Find(string field)
    {
        foreach (var collected in _fields)
            if (collected.Name == field)
                return collected.Value;
        return null;
    }
}
