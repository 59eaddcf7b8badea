using System.Globalization;
using System.Text;
using Lookout.Core.Triage;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Functions.Retention;
using Lookout.Functions.Storage;

namespace Lookout.Standalone;

/// <summary>
/// The effective settings, printed once at start-up: every <c>Lookout__*</c> setting of the options classes with its
/// value and whether it is the default, the storage endpoints, and the listen addresses. Never a secret: the read key
/// shows as "set" or "not set", storage as endpoints without keys.
/// </summary>
internal static class SettingsSummary
{
    public const string Heading = "Effective settings (docs/configuration.md):";

    public static string Describe(IConfiguration configuration, StorageClients storage, string urls)
    {
        var lookout = new LookoutOptions();
        configuration.GetSection(LookoutOptions.Section).Bind(lookout);
        var standalone = new StandaloneOptions();
        configuration.GetSection(StandaloneOptions.Section).Bind(standalone);

        var text = new StringBuilder(Heading).Append('\n');
        void Line(string name, string value, string? note = null) =>
            text.Append("  ").Append(name.PadRight(46)).Append(value).Append(note is null ? "" : "  (" + note + ")").Append('\n');

        Line("AzureWebJobsStorage", $"queue {storage.Queue.Uri}, table {storage.Table.Uri}");
        foreach (var (options, defaults, section) in new (object, object, string)[]
                 { (lookout, new LookoutOptions(), LookoutOptions.Section), (standalone, new StandaloneOptions(), StandaloneOptions.Section) })
        {
            var defaultValues = SettingsCheck.Settings(defaults, section).ToDictionary(s => s.Key, s => Text(s.Value));
            foreach (var (key, property, raw) in SettingsCheck.Settings(options, section))
            {
                var value = Text(raw);
                var isDefault = value == defaultValues.GetValueOrDefault(key, "");
                if (IsSecret(property.Name))
                    value = value.Length == 0 ? "not set" : "set"; // never the value
                var notes = new[] { isDefault ? "default" : null, Note(property.Name, lookout) }.OfType<string>().ToList();
                Line(SettingsCheck.EnvironmentName(key), value.Length == 0 ? "(empty)" : value,
                    notes.Count == 0 ? null : string.Join("; ", notes));
            }
        }
        Line(SettingsCheck.EnvironmentName(ReadAuthorization.Setting), string.IsNullOrEmpty(configuration[ReadAuthorization.Setting]) ? "not set" : "set",
            string.IsNullOrEmpty(configuration[ReadAuthorization.Setting]) ? "reads served to loopback clients only" : "reads need this key");
        Line("urls", urls);
        return text.ToString();
    }

    /// <summary>Settings whose value is a secret (<c>PageTokenSecret</c>, <c>WriteKey</c>, a webhook target's <c>Url</c>, …): shown only as set or not set.</summary>
    public static bool IsSecret(string property) =>
        property.EndsWith("Secret", StringComparison.Ordinal) || property.EndsWith("Key", StringComparison.Ordinal) || property == "Url";

    /// <summary>What a value means, where the bare value says too little.</summary>
    private static string? Note(string property, LookoutOptions o) => property switch
    {
        nameof(LookoutOptions.NoiseRules) => NoiseRules.Parse(o.NoiseRules) is { Count: > 0 } rules
            ? $"{rules.Count} rule(s): " + string.Join(", ", rules.Select(r => $"{r.Name} ({r.Action.ToString().ToLowerInvariant()})"))
            : "no user rules; built-in detectors only",
        nameof(LookoutOptions.RetentionDays) => o.RetentionDays == 0 ? "keep forever"
            : $"{o.RetentionDays} days kept; {RetentionFunction.Name} runs daily at 03:30 UTC",
        nameof(LookoutOptions.MaxRowsPerIssuePerDay) => o.MaxRowsPerIssuePerDay == 0 ? "no row cap" : "rows per issue per UTC day",
        _ => null,
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!.ReplaceLineEndings("; "),
    };
}
