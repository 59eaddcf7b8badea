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

    /// <summary>A copy of <paramref name="endpoint"/> with <paramref name="path"/> (already escaped) appended.</summary>
    public static RequestUriBuilder Uri(Uri endpoint, string path)
    {
        var builder = new RequestUriBuilder();
        builder.Reset(endpoint);
        var basePath = builder.Path.TrimEnd('/');
        builder.Path = basePath + "/" + path;
        return builder;
    }
}
