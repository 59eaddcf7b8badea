namespace Lookout.Core.Formats.Kinds;

/// <summary>
/// The registry of report kinds: which kind a Reporting API type name means. <see cref="Builtin"/>
/// is every kind Lookout ships; <see cref="With"/> adds more (tests add a made-up kind the same way).
/// </summary>
public sealed class ReportKinds
{
    private readonly Dictionary<string, (ReportKind Kind, bool ConvertsBody)> _byTypeName = new(StringComparer.Ordinal);

    public ReportKinds(IEnumerable<ReportKind> kinds)
    {
        All = [.. kinds];
        foreach (var kind in All)
        {
            foreach (var name in kind.TypeNames)
                if (!_byTypeName.TryAdd(name.Name, (kind, name.ConvertsBody)))
                    throw new ArgumentException($"Two kinds answer to '{name.Name}'.", nameof(kinds));
        }
    }

    public static ReportKinds Builtin { get; } = new(
    [
        CspViolation.Kind, NetworkError.Kind, Deprecation.Kind, Intervention.Kind, Crash.Kind, Coep.Kind, Coop.Kind,
        PermissionsPolicyViolation.Kind, DocumentPolicyViolation.Kind, IntegrityViolation.Kind, CspHash.Kind, Test.Kind,
        Hpkp.Kind, ExpectCt.Kind, ExpectStaple.Kind,
    ]);

    /// <summary>Registered kinds, in registration order (the schema reference follows it).</summary>
    public IReadOnlyList<ReportKind> All { get; }

    public ReportKinds With(params ReportKind[] more) => new([.. All, .. more]);

    /// <summary>The kind a Reporting API type name means, and whether its body uses older member names.</summary>
    public bool TryResolve(string typeName, out ReportKind kind, out bool convertsBody)
    {
        var found = _byTypeName.TryGetValue(typeName, out var entry);
        (kind, convertsBody) = entry;
        return found;
    }
}
