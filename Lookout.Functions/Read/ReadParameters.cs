using Lookout.Core.Envelopes;
using System.Globalization;
using Lookout.Core.Records;
using Microsoft.AspNetCore.Http;

namespace Lookout.Functions.Read;

/// <summary>Which digest entities or rows a read returns by their <c>Noise</c> flag (absent or empty: clean).</summary>
public enum NoiseFilter
{
    /// <summary>Clean only (the dashboard's default).</summary>
    Hide,
    /// <summary>Flagged only.</summary>
    Only,
    All,
}

/// <summary>A query parameter that does not hold a value the read API accepts; answered with 400 and <see cref="Exception.Message"/>.</summary>
public sealed class BadParameterException(string message) : Exception(message);

/// <summary>
/// Parses and validates the read API's query parameters. Every parameter is checked before any storage
/// call, so a bad day, type, range, page size or token answers 400 with the reason, never 500.
/// </summary>
public sealed class ReadParameters(IQueryCollection query, DateOnly today)
{
    public const int MaxRangeDays = 90;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public string? Text(string name)
    {
        var values = query[name];
        if (values.Count > 1)
            throw new BadParameterException($"'{name}' is given more than once.");
        var value = values.ToString();
        return value.Length == 0 ? null : value;
    }

    public DateOnly Day(string name, DateOnly fallback)
    {
        var text = Text(name);
        if (text is null)
            return fallback;
        if (!UtcDay.TryParse(text, out var day))
            throw new BadParameterException($"'{name}' must be a UTC day written yyyy-MM-dd, not \"{Shorten(text)}\".");
        return day.Date;
    }

    /// <summary><c>from</c>..<c>to</c> inclusive; defaults to the <paramref name="defaultDays"/> days up to today.</summary>
    public (DateOnly From, DateOnly To) Range(int defaultDays)
    {
        var to = Day("to", today);
        var from = Day("from", to.AddDays(1 - defaultDays));
        if (from > to)
            throw new BadParameterException($"'from' ({Format(from)}) is after 'to' ({Format(to)}).");
        var days = to.DayNumber - from.DayNumber + 1;
        if (days > MaxRangeDays)
            throw new BadParameterException($"The range {Format(from)}..{Format(to)} spans {days} days; at most {MaxRangeDays} are allowed.");
        return (from, to);
    }

    /// <summary>A report type slug (<c>csp-violation</c>, …): lowercase letters, digits and hyphens.</summary>
    public string? Type(string name = "type")
    {
        var text = Text(name);
        if (text is not null && !RecordKeys.IsValidTypeSlug(text))
            throw new BadParameterException($"'{name}' must be a report type such as csp-violation (lowercase letters, digits, '-'), not \"{Shorten(text)}\".");
        return text;
    }

    /// <summary>A site tag as Ingest accepts it (<c>?site=</c>): 1-64 letters, digits, '.', '_' or '-'.</summary>
    public string? Site()
    {
        var text = Text("site");
        if (text is not null && !SiteTag.IsValid(text))
            throw new BadParameterException($"'site' must be a site tag of {SiteTag.Rule}, not \"{Shorten(text)}\".");
        return text;
    }

    public NoiseFilter Noise(NoiseFilter fallback) => Text("noise") switch
    {
        null => fallback,
        "hide" => NoiseFilter.Hide,
        "only" => NoiseFilter.Only,
        "all" => NoiseFilter.All,
        var other => throw new BadParameterException($"'noise' must be hide, only or all, not \"{Shorten(other)}\"."),
    };

    public int Int(string name, int fallback, int min, int max)
    {
        var text = Text(name);
        if (text is null)
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new BadParameterException($"'{name}' must be a whole number from {min} to {max}, not \"{Shorten(text)}\".");
        return value;
    }

    public int PageSize() => Int("pageSize", DefaultPageSize, 1, MaxPageSize);

    /// <summary>A fingerprint as rows store it: up to 64 letters or digits.</summary>
    public string? Fingerprint()
    {
        var text = Text("fingerprint");
        if (text is not null && !(text.Length <= 64 && text.All(char.IsAsciiLetterOrDigit)))
            throw new BadParameterException($"'fingerprint' must be up to 64 letters or digits, not \"{Shorten(text)}\".");
        return text;
    }

    public static string Format(DateOnly day) => new UtcDay(day).ToString();

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public static bool IsNoise(string? noise) => !string.IsNullOrEmpty(noise);

    public static bool Keeps(NoiseFilter filter, string? noise) => filter switch
    {
        NoiseFilter.Hide => !IsNoise(noise),
        NoiseFilter.Only => IsNoise(noise),
        _ => true,
    };
}
