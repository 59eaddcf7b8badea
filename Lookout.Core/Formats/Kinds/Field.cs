using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.Kinds;

/// <summary>How a field's value is read (leniently: a value that does not fit leaves the field absent).</summary>
public enum FieldType
{
    /// <summary>A string; a number or boolean as its text. Edm.String.</summary>
    Text,
    /// <summary>A whole number ≥ 0 (up to a maximum), also from a numeric string or <c>42.0</c>. Edm.Int64.</summary>
    Count,
    /// <summary>A finite number ≥ 0, also from a numeric string. Edm.Double.</summary>
    Fraction,
    /// <summary><c>true</c>/<c>false</c>, also as strings in any case. Edm.Boolean.</summary>
    Flag,
    /// <summary>An ISO 8601 / RFC 3339 date-time or plain date, UTC when no offset is given. Edm.DateTime.</summary>
    Date,
    /// <summary><c>enforce</c> or <c>report</c> whatever the spelling; the sent text in <c>DispositionRaw</c> when it differs. Edm.String.</summary>
    Disposition,
}

/// <summary>
/// One key field of a report kind, declared once: its table column, its name in the generic body,
/// how its value is read, and every spelling browsers and collectors send (tried in order, first
/// present wins). Recognition, extraction, body renaming, number handling and the schema reference
/// all come from this declaration.
/// </summary>
public sealed class Field
{
    private Field(string column, FieldType type, string[] spellings, string? generic, long max, string? note, Func<FieldValues, string?>? fallback)
    {
        if (spellings.Length == 0)
            throw new ArgumentException("A field needs at least one spelling.", nameof(spellings));
        Column = column;
        Type = type;
        Names = new JsonNames(spellings);
        Generic = generic ?? spellings[0];
        Max = max;
        Note = note;
        Fallback = fallback;
    }

    /// <summary>Table property name (PascalCase).</summary>
    public string Column { get; }

    /// <summary>The member's name in the generic (Reporting API) body; legacy spellings are renamed to it.</summary>
    public string Generic { get; }

    public FieldType Type { get; }

    /// <summary>Accepted spellings, in order of preference.</summary>
    public JsonNames Names { get; }

    /// <summary>Largest value kept for a <see cref="FieldType.Count"/>.</summary>
    public long Max { get; }

    /// <summary>A short remark for the schema reference (where a spelling comes from, typical values).</summary>
    public string? Note { get; }

    /// <summary>Where the value comes from when the report does not carry the field (read from fields declared before it).</summary>
    public Func<FieldValues, string?>? Fallback { get; }

    public static Field Text(string column, string[] spellings, string? generic = null, string? note = null, Func<FieldValues, string?>? fallback = null) =>
        new(column, FieldType.Text, spellings, generic, 0, note, fallback);

    public static Field Count(string column, string[] spellings, long max = long.MaxValue, string? generic = null, string? note = null) =>
        new(column, FieldType.Count, spellings, generic, max, note, null);

    public static Field Fraction(string column, string[] spellings, string? generic = null, string? note = null) =>
        new(column, FieldType.Fraction, spellings, generic, 0, note, null);

    public static Field Flag(string column, string[] spellings, string? generic = null, string? note = null) =>
        new(column, FieldType.Flag, spellings, generic, 0, note, null);

    public static Field Date(string column, string[] spellings, string? generic = null, string? note = null) =>
        new(column, FieldType.Date, spellings, generic, 0, note, null);

    public static Field Disposition(string column, string[] spellings, string? generic = null, string? note = null) =>
        new(column, FieldType.Disposition, spellings, generic, 0, note, null);

    /// <summary>Adds this field's value(s) from <paramref name="body"/> to <paramref name="values"/>, if usable.</summary>
    internal void Read(JsonMembers body, FieldValues values)
    {
        var index = body.IndexOfAny(Names);
        switch (Type)
        {
            case FieldType.Text:
                if ((body.StringAt(index) ?? Fallback?.Invoke(values)) is { } text)
                    values.Add(Column, text);
                break;
            case FieldType.Count:
                if (body.CountAt(index) is long count && count <= Max)
                    values.Add(Column, count);
                break;
            case FieldType.Fraction:
                if (body.FractionAt(index) is double fraction)
                    values.Add(Column, fraction);
                break;
            case FieldType.Flag:
                if (body.BooleanAt(index) is bool flag)
                    values.Add(Column, flag);
                break;
            case FieldType.Date:
                if (body.DateTimeAt(index) is DateTimeOffset date)
                    values.Add(Column, date);
                break;
            case FieldType.Disposition:
                if (body.StringAt(index) is not { } sent)
                    break;
                var normalized = Formats.Disposition.Normalize(sent);
                if (normalized is not null)
                    values.Add(Column, normalized);
                if (!string.Equals(normalized, sent, StringComparison.Ordinal))
                    values.Add(Column + "Raw", sent);
                break;
        }
    }

    /// <summary>The field's value as a date (for <see cref="ReportKind.IncidentTime"/>), if usable.</summary>
    internal DateTimeOffset? ReadDate(JsonMembers body) => body.DateTimeAt(body.IndexOfAny(Names));

    /// <summary>The table columns this field can write (a disposition also writes its raw spelling).</summary>
    public IEnumerable<string> Columns => Type == FieldType.Disposition ? [Column, Column + "Raw"] : [Column];
}
