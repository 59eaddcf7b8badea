namespace Lookout.Core.Policy;

/// <summary>A directive's parsed source expressions, with the keyword facts CSP3 §6.7 asks about.</summary>
public sealed class SourceList
{
    private SourceList(SourceExpression[] expressions)
    {
        Expressions = expressions;
        foreach (var e in expressions)
            switch (e.Kind)
            {
                case SourceKind.UnsafeInline: UnsafeInline = true; break;
                case SourceKind.UnsafeEval: UnsafeEval = true; break;
                case SourceKind.WasmUnsafeEval: WasmUnsafeEval = true; break;
                case SourceKind.UnsafeHashes: UnsafeHashes = true; break;
                case SourceKind.StrictDynamic: StrictDynamic = true; break;
                case SourceKind.ReportSample: ReportSample = true; break;
                case SourceKind.Nonce: HasNonce = true; break;
                case SourceKind.Hash: HasHash = true; break;
            }
        // 'none' only counts when it is the whole list; with other expressions browsers ignore it.
        IsNone = expressions.Length == 0 || (expressions.Length == 1 && expressions[0].Kind == SourceKind.None);
    }

    public IReadOnlyList<SourceExpression> Expressions { get; }
    /// <summary>Empty or exactly <c>'none'</c>: nothing is allowed.</summary>
    public bool IsNone { get; }
    public bool UnsafeInline { get; }
    public bool UnsafeEval { get; }
    public bool WasmUnsafeEval { get; }
    public bool UnsafeHashes { get; }
    public bool StrictDynamic { get; }
    public bool ReportSample { get; }
    public bool HasNonce { get; }
    public bool HasHash { get; }

    /// <summary>Tokens that are not valid source expressions are dropped (browsers ignore them with a console warning).</summary>
    public static SourceList Parse(IReadOnlyList<string> tokens)
    {
        var list = new List<SourceExpression>(tokens.Count);
        foreach (var token in tokens)
        {
            var expression = SourceExpression.Parse(token);
            if (expression.Kind != SourceKind.Invalid)
                list.Add(expression);
        }
        return new SourceList([.. list]);
    }

    /// <summary>
    /// CSP3 "does a source list allow all inline behavior for type": <c>'unsafe-inline'</c> counts only when the list has
    /// no nonce or hash, and for scripts no <c>'strict-dynamic'</c>.
    /// </summary>
    public bool AllowsAllInline(bool script) => UnsafeInline && !HasNonce && !HasHash && !(script && StrictDynamic);
}
