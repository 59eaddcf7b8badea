using System.Text;

namespace Lookout.Core.Formats.Json;

/// <summary>A property's accepted spellings, in order of preference, pre-encoded for lookups.</summary>
public sealed class JsonNames
{
    public JsonNames(params string[] names)
    {
        Names = names;
        Utf8 = names.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public IReadOnlyList<string> Names { get; }
    internal byte[][] Utf8 { get; }
}
