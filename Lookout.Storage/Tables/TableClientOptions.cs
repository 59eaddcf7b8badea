using Azure.Core;

namespace Lookout.Storage;

/// <summary>Pipeline options (retry, diagnostics, transport) for <see cref="TableClient"/>.</summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>The Table REST version sent as x-ms-version (the one the official Tables SDK sends).</summary>
    public const string ServiceVersion = "2019-02-02";
}

/// <summary>One page of a query and the token that continues it (null on the last page).</summary>
public sealed class TableQueryPage
{
    public required IReadOnlyList<TableEntity> Values { get; init; }
    public string? ContinuationToken { get; init; }
}
