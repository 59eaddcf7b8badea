using System.Text;
using System.Text.RegularExpressions;

namespace Lookout.Core.Triage;

/// <summary>What a user rule does with a report it matches.</summary>
public enum NoiseAction
{
    /// <summary>Store the row with <c>Noise</c> = <c>user-rule:&lt;name&gt;</c>.</summary>
    Flag,
    /// <summary>Count the report in the digest (flagged), store no row.</summary>
    Drop,
}

/// <summary>One condition of a rule: a report field, an operator and a value, compared case-insensitively.</summary>
public sealed class NoiseCondition
{
    /// <summary>The fields a condition can test, and how each is read from a report.</summary>
    public static readonly IReadOnlyDictionary<string, Func<ReportFacts, string?>> Fields = new Dictionary<string, Func<ReportFacts, string?>>(StringComparer.Ordinal)
    {
        ["type"] = f => f.Type,
        ["site"] = f => f.Site,
        ["document"] = f => f.Document,
        ["document-host"] = f => ReportFacts.HostOf(f.Document),
        ["blocked"] = f => f.Blocked,
        ["blocked-host"] = f => ReportFacts.HostOf(f.Blocked),
        ["source-file"] = f => f.SourceFile,
        ["source-host"] = f => ReportFacts.HostOf(f.SourceFile),
        ["directive"] = f => f.Directive,
        ["sample"] = f => f.Sample,
        ["user-agent"] = f => f.UserAgent,
    };

    /// <summary><c>=</c> equals, <c>~</c> glob (<c>*</c> is any text), <c>^=</c> starts with, <c>*=</c> contains.</summary>
    public static readonly IReadOnlyList<string> Operators = ["=", "~", "^=", "*="];

    private readonly Func<ReportFacts, string?> _read;
    private readonly Regex? _glob;

    public NoiseCondition(string field, string op, string value)
    {
        _read = Fields[field];
        Field = field;
        Operator = op;
        Value = value;
        if (op == "~")
            _glob = new Regex("^" + Regex.Escape(value).Replace(@"\*", ".*", StringComparison.Ordinal) + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
    }

    public string Field { get; }
    public string Operator { get; }
    public string Value { get; }

    public bool Matches(ReportFacts facts)
    {
        var actual = _read(facts) ?? "";
        return Operator switch
        {
            "=" => actual.Equals(Value, StringComparison.OrdinalIgnoreCase),
            "^=" => actual.StartsWith(Value, StringComparison.OrdinalIgnoreCase),
            "*=" => actual.Contains(Value, StringComparison.OrdinalIgnoreCase),
            _ => _glob!.IsMatch(actual),
        };
    }

    public override string ToString() => $"{Field} {Operator} {Value}";
}

/// <summary>A user rule: its name (the reason is <c>user-rule:&lt;name&gt;</c>), what it does, and conditions that must all hold.</summary>
public sealed record NoiseRule(string Name, NoiseAction Action, IReadOnlyList<NoiseCondition> Conditions)
{
    public string Reason => "user-rule:" + Name;

    public bool Matches(ReportFacts facts) => Conditions.All(c => c.Matches(facts));
}

/// <summary>A rule the setting cannot hold; the message names the rule and what is wrong.</summary>
public sealed class NoiseRuleException(string message) : FormatException(message);

/// <summary>
/// Parses the <c>Lookout__NoiseRules</c> setting: rules separated by <c>;</c> or new lines, each
/// <c>&lt;name&gt;: flag|drop when &lt;field&gt; &lt;op&gt; &lt;value&gt; [and &lt;field&gt; &lt;op&gt; &lt;value&gt;]…</c>,
/// e.g. <c>ads: drop when blocked-host ~ *.doubleclick.net; fonts: flag when directive = font-src and blocked = data</c>.
/// A value with spaces or <c>;</c> goes in double quotes. Any mistake throws <see cref="NoiseRuleException"/>
/// naming the rule, so a bad setting stops the app at startup instead of silently matching nothing.
/// </summary>
public static partial class NoiseRules
{
    public const string Setting = "Lookout__NoiseRules";

    public static IReadOnlyList<NoiseRule> Parse(string? text)
    {
        var rules = new List<NoiseRule>();
        if (string.IsNullOrWhiteSpace(text))
            return rules;
        var number = 0;
        foreach (var ruleText in SplitRules(text))
        {
            number++;
            var rule = ParseRule(ruleText, number);
            if (rules.Any(r => r.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase)))
                throw Error(number, rule.Name, "the name is used by an earlier rule");
            rules.Add(rule);
        }
        return rules;
    }

    private static NoiseRule ParseRule(string text, int number)
    {
        var colon = text.IndexOf(':');
        var name = colon < 0 ? "" : text[..colon].Trim();
        if (colon < 0 || !RuleName().IsMatch(name))
            throw Error(number, colon < 0 ? text.Trim() : name,
                "expected '<name>: flag|drop when <field> <op> <value>'; a name is letters, digits, '.', '_' or '-'");
        var tokens = Tokenize(text[(colon + 1)..], number, name);
        if (tokens.Count < 2 || (tokens[0] is not ("flag" or "drop")) || tokens[1] != "when")
            throw Error(number, name, "expected 'flag when …' or 'drop when …' after the name");
        var action = tokens[0] == "drop" ? NoiseAction.Drop : NoiseAction.Flag;
        var conditions = new List<NoiseCondition>();
        var i = 2;
        while (true)
        {
            if (tokens.Count - i < 3)
                throw Error(number, name, $"expected '<field> <op> <value>' after '{string.Join(' ', tokens.Take(i))}'");
            var (field, op, value) = (tokens[i], tokens[i + 1], tokens[i + 2]);
            if (!NoiseCondition.Fields.ContainsKey(field))
                throw Error(number, name, $"unknown field '{field}'; fields are {string.Join(", ", NoiseCondition.Fields.Keys)}");
            if (!NoiseCondition.Operators.Contains(op))
                throw Error(number, name, $"unknown operator '{op}' after '{field}'; operators are {string.Join(" ", NoiseCondition.Operators)} (with spaces around them)");
            if (value.Length == 0 && op != "=")
                throw Error(number, name, $"empty value for '{field} {op}'");
            conditions.Add(new NoiseCondition(field, op, value));
            i += 3;
            if (i == tokens.Count)
                break;
            if (tokens[i] != "and" || i + 1 == tokens.Count)
                throw Error(number, name, $"expected 'and <field> <op> <value>' instead of '{string.Join(' ', tokens.Skip(i))}'");
            i++;
        }
        return new NoiseRule(name, action, conditions);
    }

    private static IEnumerable<string> SplitRules(string text)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
                quoted = !quoted;
            if (!quoted && c is ';' or '\n' or '\r')
            {
                if (current.ToString().Trim().Length > 0)
                    yield return current.ToString();
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.ToString().Trim().Length > 0)
            yield return current.ToString();
    }

    private static List<string> Tokenize(string text, int number, string name)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                    throw Error(number, name, "a double quote is not closed");
                tokens.Add(text[(i + 1)..close]);
                i = close + 1;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
                i++;
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private static NoiseRuleException Error(int number, string name, string problem) =>
        new($"{Setting}: rule {number} (\"{name}\"): {problem}.");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex RuleName();
}
