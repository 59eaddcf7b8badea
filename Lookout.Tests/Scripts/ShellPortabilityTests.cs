using System.Text.RegularExpressions;
using Lookout.Tests.Support;

namespace Lookout.Tests.Scripts;

/// <summary>
/// The shell scripts stay within what macOS's stock bash 3.2 runs: bash 4+ features are named here and
/// must not appear, except <c>wait -n</c> behind the bash-version check. (Nothing here runs bash 3.2
/// itself; this keeps the scripts from drifting back.)
/// </summary>
[Trait("Category", "Scripts")]
public sealed class ShellPortabilityTests
{
    public static TheoryData<string> Scripts => new() { "run-local.sh", "test.sh" };

    private static readonly (string Pattern, string Why)[] Bash4Only =
    [
        (@"/dev/tcp", "/dev/tcp is not in every bash build; ports are checked with scripts/lib/ports.mjs"),
        (@"\b(declare|local|typeset)\s+-A\b", "associative arrays need bash 4"),
        (@"\b(mapfile|readarray)\b", "mapfile needs bash 4"),
        (@"\$\{[A-Za-z_][A-Za-z0-9_]*(,,|\^\^)", "case conversion needs bash 4"),
        (@"\|&|&>>", "|& and &>> need bash 4"),
        (@"\bcoproc\b", "coproc needs bash 4"),
    ];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Uses_no_bash_4_features(string script)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, script));
        for (var i = 0; i < lines.Length; i++)
        {
            var code = lines[i].TrimStart().StartsWith('#') ? "" : lines[i];
            foreach (var (pattern, why) in Bash4Only)
                Assert.False(Regex.IsMatch(code, pattern), $"{script}:{i + 1}: {why}: {lines[i]}");
            if (code.Contains("wait -n", StringComparison.Ordinal))
                Assert.True(lines[Math.Max(0, i - 2)..i].Any(l => l.Contains("BASH_VERSINFO", StringComparison.Ordinal)),
                    $"{script}:{i + 1}: `wait -n` (bash 4.3) outside the version check");
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Expands_arrays_safely_under_set_u(string script)
    {
        // bash < 4.4 treats "${a[@]}" of an empty array as unset under `set -u`; ${a[@]+"${a[@]}"} is safe.
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, script));
        foreach (Match m in Regex.Matches(text, @"(?<!\+)""\$\{(\w+)\[@\]\}"""))
            Assert.Contains($"${{{m.Groups[1].Value}[@]+", text);
    }
}
