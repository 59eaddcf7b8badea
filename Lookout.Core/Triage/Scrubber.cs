using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lookout.Core.Reports;

namespace Lookout.Core.Triage;

/// <summary>
/// Removes secrets from what Lookout stores. <see cref="ScrubMode.Secrets"/>: the value of every parameter whose
/// name <see cref="SecretParameters"/> calls secret, after <c>?</c>, <c>&amp;</c>, <c>#</c> or <c>;</c> (query,
/// fragment, <c>;jsessionid=</c>), becomes <see cref="Filtered"/>, wherever it appears in a text: a URL field, a
/// policy, a sample. <see cref="ScrubMode.Query"/> also cuts the query and fragment off every URL (a text that
/// starts with a scheme or <c>/</c>, or such a word inside a text). Scrubbing is idempotent, so a retried message
/// gives the same row.
/// </summary>
public static class Scrubber
{
    public const string Filtered = "[Filtered]";

    private static readonly SearchValues<char> ParameterStarts = SearchValues.Create("?&#;");
    private static readonly SearchValues<char> QueryStarts = SearchValues.Create("?#");

    /// <summary>A URL or a free text, scrubbed; the same instance when nothing changed.</summary>
    public static string Text(string text, ScrubMode mode)
    {
        if (mode == ScrubMode.None)
            return text;
        var result = SecretValues(text);
        return mode == ScrubMode.Query ? DropQueries(result) : result;
    }

    /// <summary>
    /// A JSON document with every string value scrubbed as <see cref="Text"/>; every other byte stays as it was, so
    /// the text stays valid JSON and Raw stays what was sent, minus the secrets. Text that is not JSON is scrubbed
    /// as a whole (unknown deliveries keep their raw text).
    /// </summary>
    public static string Json(string json, ScrubMode mode)
    {
        if (mode == ScrubMode.None || (json.IndexOf('=') < 0 && (mode == ScrubMode.Secrets || json.AsSpan().IndexOfAny(QueryStarts) < 0)))
            return json;
        var bytes = Encoding.UTF8.GetBytes(json);
        var edits = new List<(int Start, int Length, string Value)>();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.String)
                    continue;
                var value = reader.GetString()!;
                var scrubbed = Text(value, mode);
                if (!ReferenceEquals(scrubbed, value))
                    edits.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, scrubbed));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Text(json, mode);
        }
        if (edits.Count == 0)
            return json;

        var output = new ArrayBufferWriter<byte>(bytes.Length);
        var copied = 0;
        foreach (var (start, length, value) in edits)
        {
            output.Write(bytes.AsSpan(copied, start - copied));
            output.Write("\""u8);
            output.Write(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
            output.Write("\""u8);
            copied = start + length;
        }
        output.Write(bytes.AsSpan(copied));
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// The report with every stored text scrubbed before anything is derived from it (fingerprint, noise, row), and
    /// the names of the row properties that changed (<c>Url</c>, key fields, <c>Body</c>, <c>Raw</c>).
    /// </summary>
    public static (NormalizedReport Report, IReadOnlyList<string> Changed) Report(NormalizedReport report, ScrubMode mode)
    {
        if (mode == ScrubMode.None)
            return (report, []);
        var changed = new List<string>();
        string? Scrub(string? text, string name, bool json = false)
        {
            if (text is null)
                return null;
            var scrubbed = json ? Json(text, mode) : Text(text, mode);
            if (!ReferenceEquals(scrubbed, text))
                changed.Add(name);
            return scrubbed;
        }

        var url = Scrub(report.Url, "Url");
        var fields = new List<ReportField>(report.Fields.Count);
        foreach (var field in report.Fields)
        {
            if (field.Value.Kind == FieldKind.String && Scrub(field.Value.AsString, field.Name) is { } text && !ReferenceEquals(text, field.Value.AsString))
                fields.Add(new ReportField(field.Name, FieldValue.Of(text)));
            else
                fields.Add(field);
        }
        var body = Scrub(report.Body, "Body", json: true)!;
        var raw = Scrub(report.Raw, "Raw", json: true)!;
        if (changed.Count == 0)
            return (report, []);
        return (new NormalizedReport
        {
            Type = report.Type,
            SourceFormat = report.SourceFormat,
            Url = url,
            UserAgent = report.UserAgent,
            AgeMilliseconds = report.AgeMilliseconds,
            OccurredAt = report.OccurredAt,
            Body = body,
            Raw = raw,
            Fields = fields,
            UnknownReason = report.UnknownReason,
        }, changed);
    }

    private static string SecretValues(string text)
    {
        if (text.IndexOf('=') < 0)
            return text;
        StringBuilder? result = null;
        var copied = 0;
        var i = text.AsSpan().IndexOfAny(ParameterStarts);
        while (i >= 0 && i < text.Length)
        {
            var nameStart = i + 1;
            var nameEnd = nameStart;
            while (nameEnd < text.Length && !EndsName(text[nameEnd]))
                nameEnd++;
            var next = nameEnd;
            if (nameEnd < text.Length && text[nameEnd] == '=' && nameEnd > nameStart)
            {
                var valueStart = nameEnd + 1;
                var valueEnd = valueStart;
                // A path parameter (;jsessionid=…) ends where the query starts; a query value may hold '?'.
                while (valueEnd < text.Length && !EndsValue(text[valueEnd]) && !(text[i] == ';' && text[valueEnd] == '?'))
                    valueEnd++;
                if (valueEnd > valueStart && SecretParameters.IsSecret(Decode(text[nameStart..nameEnd])))
                {
                    if (!text.AsSpan(valueStart, valueEnd - valueStart).SequenceEqual(Filtered))
                    {
                        result ??= new StringBuilder(text.Length);
                        result.Append(text, copied, valueStart - copied).Append(Filtered);
                        copied = valueEnd;
                    }
                    next = valueEnd;
                }
                else
                {
                    // A value may hold a URL with its own query (?next=/reset?token=…): look inside it too.
                    next = valueStart;
                }
            }
            var following = next < text.Length ? text.AsSpan(next).IndexOfAny(ParameterStarts) : -1;
            i = following < 0 ? -1 : next + following;
        }
        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static string DropQueries(string text)
    {
        if (text.AsSpan().IndexOfAny(QueryStarts) < 0)
            return text;
        StringBuilder? result = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if ((i == 0 || StartsWord(text[i - 1])) && IsUrlStart(text.AsSpan(i)))
            {
                var end = i;
                while (end < text.Length && !EndsUrl(text, end))
                    end++;
                var cut = text.AsSpan(i, end - i).IndexOfAny(QueryStarts);
                if (cut >= 0)
                {
                    result ??= new StringBuilder(text.Length);
                    result.Append(text, copied, i + cut - copied);
                    copied = end;
                }
                i = Math.Max(end, i + 1);
                continue;
            }
            i++;
        }
        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary><c>scheme:</c> or <c>/</c>: an absolute or root-relative URL.</summary>
    private static bool IsUrlStart(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
            return false;
        if (text[0] == '/')
            return true;
        if (!char.IsAsciiLetter(text[0]))
            return false;
        for (var k = 1; k < text.Length; k++)
        {
            var c = text[k];
            if (c == ':')
                return true;
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '.' or '-'))
                return false;
        }
        return false;
    }

    private static bool StartsWord(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>' or '(' or ')' or ',' or '=';

    // A URL ends at whitespace, quotes, brackets, or a ';' / ',' that ends a policy directive or a list item.
    private static bool EndsUrl(string text, int k) => text[k] switch
    {
        var c when char.IsWhiteSpace(c) => true,
        '"' or '\'' or '<' or '>' or '(' or ')' => true,
        ';' or ',' => k + 1 == text.Length || char.IsWhiteSpace(text[k + 1]),
        _ => false,
    };

    private static bool EndsName(char c) => char.IsWhiteSpace(c) || c is '=' or '&' or '#' or ';' or '?' or '"' or '\'' or '<' or '>';

    private static bool EndsValue(char c) => char.IsWhiteSpace(c) || c is '&' or '#' or ';' or '"' or '\'' or '<' or '>';

    private static string Decode(string name)
    {
        try { return Uri.UnescapeDataString(name.Replace('+', ' ')); }
        catch (UriFormatException) { return name; }
    }
}
