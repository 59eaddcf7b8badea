using Lookout.Core.Sites;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Lookout.Core.Triage;
using Microsoft.Extensions.Configuration;

namespace Lookout.Functions.Hosting;

/// <summary>
/// Every problem with the settings, one line each, naming the setting (as an environment variable) and the fix:
/// values the binder cannot convert, values out of range, bad noise rules, missing storage. The standalone host
/// prints them and exits 2 before starting anything; under the Functions host the same range checks stop the worker.
/// </summary>
public static class SettingsCheck
{
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>Checks the settings of <paramref name="sections"/> (options type and configuration section) and storage.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, params (Type Options, string Section)[] sections)
    {
        var problems = new List<string>();
        foreach (var (type, section) in sections)
            problems.AddRange(ConversionProblems(configuration, type, section));
        if (problems.Count == 0)
        {
            var options = new LookoutOptions();
            configuration.GetSection(LookoutOptions.Section).Bind(options);
            problems.AddRange(RangeProblems(options));
        }
        if (!HasStorage(configuration))
            problems.Add($"{StorageConnection} is not set: set it to a storage connection string (UseDevelopmentStorage=true for Azurite; " +
                $"./run-local.sh starts Azurite and sets it), or {StorageConnection}__accountName for identity-based access.");
        return problems;
    }

    /// <summary>The environment variable name of a configuration key (<c>Lookout:Standalone:Poller</c> → <c>Lookout__Standalone__Poller</c>).</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The writable properties of an options class: its public properties with a setter.</summary>
    public static IEnumerable<PropertyInfo> SettingsOf(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    /// <summary>
    /// Every setting of <paramref name="options"/> as a configuration key below <paramref name="section"/>, with its
    /// property and value: a nested options class adds its settings under its name (<c>Lookout:Alerts:MaxPerHour</c>), a
    /// list of them each entry's under its index (<c>Lookout:Alerts:Targets:0:Url</c>; an empty list as entry 0 with its
    /// defaults, so the docs and the sample show the shape).
    /// </summary>
    public static IEnumerable<(string Key, PropertyInfo Property, object? Value)> Settings(object options, string section)
    {
        foreach (var property in SettingsOf(options.GetType()))
        {
            var key = section + ":" + property.Name;
            var value = property.GetValue(options);
            if (IsOptionsClass(property.PropertyType))
            {
                foreach (var nested in Settings(value ?? Activator.CreateInstance(property.PropertyType)!, key))
                    yield return nested;
            }
            else if (OptionsListItem(property.PropertyType) is { } item)
            {
                var list = (System.Collections.IList?)value;
                for (var i = 0; i < Math.Max(1, list?.Count ?? 0); i++)
                    foreach (var nested in Settings(list is { Count: > 0 } ? list[i]! : Activator.CreateInstance(item)!, key + ":" + i.ToString(CultureInfo.InvariantCulture)))
                        yield return nested;
            }
            else
            {
                yield return (key, property, value);
            }
        }
    }

    private static bool IsOptionsClass(Type type) => type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Lookout", StringComparison.Ordinal) == true;

    private static Type? OptionsListItem(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsOptionsClass(type.GetGenericArguments()[0]) ? type.GetGenericArguments()[0] : null;

    public static IEnumerable<string> RangeProblems(LookoutOptions o)
    {
        if (NoiseRuleProblem(o.NoiseRules) is { } rule)
            yield return rule;
        if (SitesProblem(o.Sites) is { } sites)
            yield return sites;
        if (o.Alerts.Problem() is { } alerts)
            yield return alerts;
        if (o.MaxIssuesPerDelivery < 0)
            yield return $"Lookout__MaxIssuesPerDelivery is {o.MaxIssuesPerDelivery}: set it to 0 (no cap) or more, e.g. 50.";
        if (o.RetentionDays < 0)
            yield return $"Lookout__RetentionDays is {o.RetentionDays}: set it to 0 (keep forever) or a number of days, e.g. 30.";
        if (o.MaxRowsPerIssuePerDay < 0)
            yield return $"Lookout__MaxRowsPerIssuePerDay is {o.MaxRowsPerIssuePerDay}: set it to 0 (no cap) or more, e.g. 100.";
        if (o.MaxBodyBytes <= 0)
            yield return $"Lookout__MaxBodyBytes is {o.MaxBodyBytes}: set it to a positive number of bytes, e.g. 1048576.";
        if (o.RetryAfterSeconds < 0)
            yield return $"Lookout__RetryAfterSeconds is {o.RetryAfterSeconds}: set it to 0 or more seconds, e.g. 10.";
        if (o.CorsMaxAgeSeconds < 0)
            yield return $"Lookout__CorsMaxAgeSeconds is {o.CorsMaxAgeSeconds}: set it to 0 or more seconds, e.g. 86400.";
        if (!(o.EnqueueTimeoutSeconds > 0))
            yield return $"Lookout__EnqueueTimeoutSeconds is {o.EnqueueTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}: set it to a positive number of seconds, e.g. 5.";
        if (o.IngestPutsPerSecond < 0)
            yield return $"Lookout__IngestPutsPerSecond is {o.IngestPutsPerSecond}: set it to 0 (no pacing) or more puts a second, e.g. 50.";
        if (o.DigestShards is < 1 or > LookoutOptions.MaxDigestShards)
            yield return $"Lookout__DigestShards is {o.DigestShards}: set it to 1 (one digest partition a day) up to {LookoutOptions.MaxDigestShards}, e.g. 16.";
        if (o.PublicReportUrl.Length > 0 && !(Uri.TryCreate(o.PublicReportUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            yield return $"Lookout__PublicReportUrl is '{o.PublicReportUrl}': set it to the absolute http(s) URL browsers post reports to, e.g. https://lookout.example.com/api/reports, or leave it empty.";
    }

    private static string? SitesProblem(string sites)
    {
        try
        {
            SitePolicies.Parse(sites);
            return null;
        }
        catch (SitePolicyException e)
        {
            return e.Message;
        }
    }

    private static string? NoiseRuleProblem(string rules)
    {
        try
        {
            NoiseRules.Parse(rules);
            return null;
        }
        catch (NoiseRuleException e)
        {
            return e.Message;
        }
    }

    private static IEnumerable<string> ConversionProblems(IConfiguration configuration, Type options, string section)
    {
        foreach (var (key, property, value) in Settings(Activator.CreateInstance(options)!, section))
        {
            var raw = configuration[key];
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (raw is null || type == typeof(string) || Converts(type, raw))
                continue;
            var example = Convert.ToString(value, CultureInfo.InvariantCulture)?.ToLowerInvariant();
            var expected = type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))
                : type == typeof(bool) ? "true or false"
                : type == typeof(int) || type == typeof(long) ? $"a whole number, e.g. {example}"
                : $"a number, e.g. {example}";
            yield return $"{EnvironmentName(key)} is '{Shorten(raw)}': set it to {expected} (docs/configuration.md).";
        }
    }

    private static bool Converts(Type type, string raw)
    {
        // What the configuration binder does with the text (invariant culture, enums by name, case-insensitive).
        try
        {
            var value = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw);
            return !type.IsEnum || Enum.IsDefined(type, value!);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static bool HasStorage(IConfiguration configuration)
    {
        var settings = configuration.GetSection(StorageConnection);
        return !string.IsNullOrEmpty(settings.Value) || !string.IsNullOrEmpty(settings["accountName"])
            || (!string.IsNullOrEmpty(settings["queueServiceUri"]) && !string.IsNullOrEmpty(settings["tableServiceUri"]));
    }

    private static string Shorten(string raw) => raw.Length <= 60 ? raw : raw[..60] + "…";
}
