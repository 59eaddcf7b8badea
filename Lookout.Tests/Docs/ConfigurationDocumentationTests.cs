using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Standalone;
using Lookout.Tests.Support;

namespace Lookout.Tests.Docs;

/// <summary>
/// docs/configuration.md is the one settings table, checked against the options classes by reflection: every setting
/// documented with its code default, nothing documented that the code lacks; local.settings.sample.json complete by its
/// stated rule; the Bicep sets only settings that exist; the README links to the table instead of repeating it.
/// </summary>
public partial class ConfigurationDocumentationTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(RepoPaths.Root, path));

    /// <summary>Every setting of the code, as an environment variable, with its default as text.</summary>
    private static Dictionary<string, string> CodeSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (type, section) in new[] { (typeof(LookoutOptions), LookoutOptions.Section), (typeof(StandaloneOptions), StandaloneOptions.Section) })
        {
            foreach (var (key, _, value) in SettingsCheck.Settings(Activator.CreateInstance(type)!, section))
                settings[SettingsCheck.EnvironmentName(key)] = Text(value);
        }
        // Read by the standalone host's authorization, not bound to an options class; no default.
        settings[SettingsCheck.EnvironmentName(ReadAuthorization.Setting)] = "";
        return settings;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>The settings tables' rows: name and the default cell.</summary>
    private static Dictionary<string, string> DocumentedSettings() =>
        SettingRow().Matches(Read("docs/configuration.md")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim(), StringComparer.Ordinal);

    [GeneratedRegex(@"(?m)^\| `(Lookout__\w+)` \|([^|]*)\|")]
    private static partial Regex SettingRow();

    [Fact]
    public void Every_setting_of_the_code_is_documented_with_its_default_and_nothing_else_is()
    {
        var code = CodeSettings();
        var documented = DocumentedSettings();
        Assert.Equal(code.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in code)
        {
            var expected = value.Length == 0 ? (name.EndsWith("ReadKey", StringComparison.Ordinal) ? "(none)" : "empty") : $"`{value}`";
            // An empty default may say what empty means ("empty: a random secret per process").
            Assert.True(expected == documented[name] || (expected == "empty" && documented[name].StartsWith("empty:", StringComparison.Ordinal)),
                $"{name}: docs/configuration.md says the default is {documented[name]}, the code {expected}");
        }
    }

    [Fact]
    public void The_sample_local_settings_has_every_lookout_option_with_its_default_and_nothing_else()
    {
        using var sample = JsonDocument.Parse(Read("local.settings.sample.json"));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var expected = SettingsCheck.Settings(new LookoutOptions(), LookoutOptions.Section)
            .ToDictionary(s => SettingsCheck.EnvironmentName(s.Key), s => Text(s.Value));
        expected["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        expected["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), values.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Bicep_sets_only_settings_the_code_has()
    {
        var code = CodeSettings();
        // An options array's entries all have entry 0's settings (Lookout__Alerts__Targets__2__Url is documented as …__0__Url).
        var set = Regex.Matches(Read("infra/main.bicep"), @"(?m)^\s*(Lookout__\w+)\s*:").Select(m => Regex.Replace(m.Groups[1].Value, @"__\d+__", "__0__")).ToList();
        Assert.NotEmpty(set);
        Assert.All(set, name => Assert.True(code.ContainsKey(name), $"main.bicep sets {name}, which no options class has"));
    }

    [Fact]
    public void The_readme_links_to_the_settings_table_instead_of_repeating_it()
    {
        var readme = Read("README.md");
        Assert.Contains("](docs/configuration.md)", readme);
        Assert.DoesNotMatch(@"(?m)^\| `Lookout__", readme);
    }
}
