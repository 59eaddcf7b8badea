using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lookout.Core.Formats.Kinds;

namespace Lookout.Core.Formats.Json;

/// <summary>
/// Writes a body sent in older member names in the generic Reporting API shape, as the kind declares:
/// each member renamed to its generic name, whole-number fields as numbers (nonsense left out),
/// every other value copied as sent.
/// </summary>
public static class BodyWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Keep URLs and text readable in the stored JSON; it is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <param name="body">The members as sent.</param>
    /// <param name="kind">Declares the generic names and which fields are numbers.</param>
    /// <param name="legacy">
    /// For a legacy wire format, the fields read from the body: dispositions are written normalized and
    /// fields the report lacked but Lookout derived are added. Null for a body that is only renamed.
    /// </param>
    public static string Write(JsonMembers body, ReportKind kind, FieldValues? legacy)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < body.Count; i++)
            {
                var name = kind.GenericName(body.NameAt(i));
                if (!written.Add(name))
                    continue; // two spellings of one field: the first wins
                var field = kind.FieldNamed(name);
                if (field?.Type == FieldType.Count)
                {
                    if (body.CountAt(i) is long number)
                        writer.WriteNumber(name, number);
                    continue;
                }
                if (field?.Type == FieldType.Disposition && legacy?.StringOf(field.Column) is { } normalized)
                {
                    writer.WriteString(name, normalized);
                    continue;
                }
                writer.WritePropertyName(name);
                writer.WriteRawValue(body.RawValueAt(i).Span, skipInputValidation: true);
            }
            if (legacy is not null)
                foreach (var field in kind.Fields)
                    if (field.Fallback is not null && legacy.StringOf(field.Column) is { } derived && written.Add(field.Generic))
                        writer.WriteString(field.Generic, derived);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>kebab-case or snake_case → camelCase (<c>effective-expiration-date</c> → <c>effectiveExpirationDate</c>).</summary>
    public static string CamelCase(string name)
    {
        if (name.IndexOfAny(['-', '_']) < 0)
            return name;
        var result = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c is '-' or '_')
            {
                upper = result.Length > 0;
                continue;
            }
            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return result.ToString();
    }
}
