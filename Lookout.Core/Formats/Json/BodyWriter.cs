using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lookout.Core.Formats.Json;

/// <summary>
/// Writes a legacy or draft body in the generic Reporting API shape: each member renamed to its
/// generic name, numeric members as numbers (nonsense left out), every other value copied as sent.
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
    /// <param name="rename">Sent name → generic name.</param>
    /// <param name="numeric">Generic names whose values are whole numbers ≥ 0.</param>
    /// <param name="replace">Generic name → normalized string value to write instead (null: as sent).</param>
    /// <param name="extra">Members to add at the end when absent (generic name, string value).</param>
    public static string Write(JsonMembers body, Func<string, string> rename, IReadOnlySet<string> numeric,
        Func<string, string?>? replace = null, IEnumerable<(string Name, string Value)>? extra = null)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < body.Count; i++)
            {
                var name = rename(body.NameAt(i));
                if (!written.Add(name))
                    continue; // two spellings of one field: the first wins
                if (numeric.Contains(name))
                {
                    if (body.CountAt(i) is long number)
                        writer.WriteNumber(name, number);
                    continue;
                }
                if (replace?.Invoke(name) is { } normalized)
                {
                    writer.WriteString(name, normalized);
                    continue;
                }
                writer.WritePropertyName(name);
                writer.WriteRawValue(body.RawValueAt(i).Span, skipInputValidation: true);
            }
            foreach (var (name, value) in extra ?? [])
                if (written.Add(name))
                    writer.WriteString(name, value);
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

    /// <summary>kebab-case → snake_case (draft NEL names to the NEL spec's).</summary>
    public static string SnakeCase(string name) => name.Replace('-', '_');
}
