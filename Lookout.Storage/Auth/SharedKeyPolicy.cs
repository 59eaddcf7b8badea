using Azure.Core;
using Azure.Core.Pipeline;

namespace Lookout.Storage.Auth;

/// <summary>
/// Signs every attempt (it sits in the per-retry stage): a retried request gets a fresh x-ms-date
/// and a fresh signature, so retries never fail for a stale date.
/// </summary>
internal sealed class SharedKeyPolicy(StorageSharedKey key, SharedKeyScheme scheme) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", SharedKeySigning.FormatDate(DateTimeOffset.UtcNow));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
            headers.Add(new(header.Name, header.Value));
        if (request.Content is not null && request.Content.TryComputeLength(out var length))
            headers.Add(new("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var stringToSign = SharedKeySigning.StringToSign(scheme, request.Method.Method, request.Uri.ToUri(), headers, key.AccountName);
        request.Headers.SetValue(HttpHeader.Names.Authorization,
            $"{SharedKeySigning.AuthorizationScheme(scheme)} {key.AccountName}:{key.ComputeSignature(stringToSign)}");
    }
}

/// <summary>Appends a shared access signature to every request's query.</summary>
internal sealed class SasPolicy(string sas) : HttpPipelineSynchronousPolicy
{
    private readonly string _sas = sas.TrimStart('?');

    public override void OnSendingRequest(HttpMessage message)
    {
        var query = message.Request.Uri.Query;
        // Per-retry policies run again on a retry: add the token only once.
        if (query.Contains(_sas, StringComparison.Ordinal))
            return;
        message.Request.Uri.Query = string.IsNullOrEmpty(query) || query == "?" ? "?" + _sas : query + "&" + _sas;
    }
}

/// <summary>Sets the REST version every request must carry.</summary>
internal sealed class VersionPolicy(string version) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("x-ms-version", version);
}
