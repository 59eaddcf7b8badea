using System.Globalization;

namespace Lookout.Core.Reports;

public enum FieldKind : byte { String, Int64, Double, Boolean, DateTime }

/// <summary>
/// A typed key-field value, stored unboxed. These are exactly the value types a Table entity
/// property can have that Lookout uses (Edm.String, Edm.Int64, Edm.Double, Edm.Boolean, Edm.DateTime).
/// </summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly long _bits;
    private readonly string? _text;

    private FieldValue(FieldKind kind, long bits, string? text)
    {
        Kind = kind;
        _bits = bits;
        _text = text;
    }

    public FieldKind Kind { get; }

    public static FieldValue Of(string value) => new(FieldKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static FieldValue Of(long value) => new(FieldKind.Int64, value, null);
    public static FieldValue Of(double value) => new(FieldKind.Double, BitConverter.DoubleToInt64Bits(value), null);
    public static FieldValue Of(bool value) => new(FieldKind.Boolean, value ? 1 : 0, null);
    public static FieldValue Of(DateTimeOffset value) => new(FieldKind.DateTime, value.UtcTicks, null);

    public string AsString => Kind == FieldKind.String ? _text! : throw WrongKind(FieldKind.String);
    public long AsInt64 => Kind == FieldKind.Int64 ? _bits : throw WrongKind(FieldKind.Int64);
    public double AsDouble => Kind == FieldKind.Double ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(FieldKind.Double);
    public bool AsBoolean => Kind == FieldKind.Boolean ? _bits != 0 : throw WrongKind(FieldKind.Boolean);
    public DateTimeOffset AsDateTime => Kind == FieldKind.DateTime ? new DateTimeOffset(_bits, TimeSpan.Zero) : throw WrongKind(FieldKind.DateTime);

    /// <summary>The value boxed as its CLR type (for storage adapters and assertions).</summary>
    public object ToObject() => Kind switch
    {
        FieldKind.String => AsString,
        FieldKind.Int64 => AsInt64,
        FieldKind.Double => AsDouble,
        FieldKind.Boolean => AsBoolean,
        _ => AsDateTime,
    };

    public bool Equals(FieldValue other) => Kind == other.Kind && _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _text);
    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);
    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    public override string ToString() => Kind switch
    {
        FieldKind.String => AsString,
        FieldKind.DateTime => AsDateTime.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(ToObject(), CultureInfo.InvariantCulture)!,
    };

    private InvalidOperationException WrongKind(FieldKind wanted) => new($"Field holds {Kind}, not {wanted}.");
}

/// <summary>A key field of a report, named as its table property (PascalCase of the generic body's name).</summary>
public readonly record struct ReportField(string Name, FieldValue Value);
