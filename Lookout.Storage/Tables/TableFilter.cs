using System.Globalization;

namespace Lookout.Storage;

/// <summary>
/// Builds OData <c>$filter</c> expressions with correctly formed literals: strings in single quotes
/// (quotes doubled), <c>123L</c> for Int64, <c>datetime'…'</c>, <c>guid'…'</c>, <c>X'…'</c>, and
/// doubles always with a decimal point (the service does not compare Int32 with Double).
/// </summary>
public static class TableFilter
{
    public static string Equal(string property, object value) => Compare(property, "eq", value);
    public static string NotEqual(string property, object value) => Compare(property, "ne", value);
    public static string GreaterThan(string property, object value) => Compare(property, "gt", value);
    public static string GreaterThanOrEqual(string property, object value) => Compare(property, "ge", value);
    public static string LessThan(string property, object value) => Compare(property, "lt", value);
    public static string LessThanOrEqual(string property, object value) => Compare(property, "le", value);

    public static string And(string left, string right) => $"({left}) and ({right})";
    public static string Or(string left, string right) => $"({left}) or ({right})";
    public static string Not(string expression) => $"not ({expression})";

    /// <summary><c>property op literal</c>; op is one of eq, ne, gt, ge, lt, le.</summary>
    public static string Compare(string property, string op, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        if (!property.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"'{property}' is not a property name.", nameof(property));
        if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
            throw new ArgumentException($"'{op}' is not a comparison operator.", nameof(op));
        return $"{property} {op} {Literal(value)}";
    }

    /// <summary>The OData literal of a value.</summary>
    public static string Literal(object value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value)),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => DoubleLiteral(d),
        float f => DoubleLiteral(f),
        DateTimeOffset d => "datetime'" + EdmValues.FormatDateTime(d) + "'",
        DateTime d => "datetime'" + EdmValues.FormatDateTime(EdmValues.ToUtc(d)) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        _ => throw new ArgumentException($"Values of type {value.GetType().Name} cannot appear in a filter.", nameof(value)),
    };

    private static string DoubleLiteral(double d)
    {
        if (!double.IsFinite(d))
            throw new ArgumentException("NaN and infinities cannot appear in a filter.", nameof(d));
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
