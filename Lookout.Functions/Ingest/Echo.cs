namespace Lookout.Functions.Ingest;

/// <summary>Client-sent values quoted back in refusal bodies, capped so a 20 KB header is not a 20 KB answer.</summary>
internal static class Echo
{
    internal const int MaxLength = 100;

    public static string Cap(string? value) =>
        value is null ? "" : value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), "…");
}
