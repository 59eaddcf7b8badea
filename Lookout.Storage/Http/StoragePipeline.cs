using Azure.Core;
using Azure.Core.Pipeline;
using Lookout.Storage.Auth;

namespace Lookout.Storage.Http;

/// <summary>
/// Builds the Azure.Core pipeline both clients use: the options' retry (408, 429, 5xx and connection
/// errors, with backoff), logging and cancellation, then per retry: the REST version and the
/// authorization, so each attempt is signed anew.
/// </summary>
internal static class StoragePipeline
{
    public static HttpPipeline Build(ClientOptions options, StorageAccount account, bool table, string version) =>
        HttpPipelineBuilder.Build(
            options,
            [],
            [new VersionPolicy(version), account.AuthorizationPolicy(table)],
            new ResponseClassifier());

    /// <summary><paramref name="endpoint"/> with <paramref name="path"/> (already escaped) appended as one more segment.</summary>
    public static Uri Append(Uri endpoint, string path) => new(endpoint.AbsoluteUri.TrimEnd('/') + "/" + path);
}
