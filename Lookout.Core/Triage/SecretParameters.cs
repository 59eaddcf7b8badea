namespace Lookout.Core.Triage;

/// <summary>
/// Which parameter names carry secrets, from <c>Data/secret-parameters.txt</c>: a name is split into lower-case
/// words (at <c>_ - . [ ]</c> and lower-to-upper case changes); it is secret when one word is a listed word or the
/// whole name contains a listed fragment. Matching words, not substrings, keeps <c>keyword</c> and <c>postcode</c>.
/// </summary>
public static class SecretParameters
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal);
    private static readonly List<string> Fragments = [];

    static SecretParameters()
    {
        foreach (var line in BuiltinLists.SecretParameterLines)
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (parts)
            {
                case ["word", var word]: Words.Add(word.ToLowerInvariant()); break;
                case ["contains", var fragment]: Fragments.Add(fragment.ToLowerInvariant()); break;
                default: throw new InvalidOperationException($"secret-parameters.txt: '{line}' is neither 'word x' nor 'contains x'.");
            }
        }
    }

    /// <summary>Whether a parameter named <paramref name="name"/> (already percent-decoded) holds a secret.</summary>
    public static bool IsSecret(string name)
    {
        if (name.Length == 0)
            return false;
        var lower = name.ToLowerInvariant();
        foreach (var fragment in Fragments)
            if (lower.Contains(fragment, StringComparison.Ordinal))
                return true;
        foreach (var word in SplitWords(name))
            if (Words.Contains(word))
                return true;
        return false;
    }

    internal static IEnumerable<string> SplitWords(string name)
    {
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var boundary = i == name.Length || name[i] is '_' or '-' or '.' or '[' or ']' or ' ';
            var caseChange = i > start && i < name.Length && char.IsUpper(name[i]) && char.IsLower(name[i - 1]);
            if (boundary || caseChange)
            {
                if (i > start)
                    yield return name[start..i].ToLowerInvariant();
                start = boundary ? i + 1 : i;
            }
        }
    }
}
