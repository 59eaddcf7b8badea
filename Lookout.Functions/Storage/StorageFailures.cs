namespace Lookout.Functions.Storage;

/// <summary>What the Azure SDK throws when storage fails a request, so callers can tell it from a bug.</summary>
public static class StorageFailures
{
    /// <summary>An error answer, a refused sign-in, a broken or timed-out connection, or every retry of an unreachable endpoint.</summary>
    public static bool Is(Exception e) =>
        e is Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or HttpRequestException or TimeoutException
        || e is AggregateException { InnerExceptions: var inner } && inner.All(Is);
}
