using Lookout.Storage;
using Lookout.Tests.Support;

namespace Lookout.Tests.Storage;

/// <summary>The shared Azurite and helpers for unique queue/table names.</summary>
public static class StorageTestEnv
{
    public static async Task<StorageAccount> AccountAsync() =>
        StorageAccount.FromConnectionString((await AzuriteServer.Shared).ConnectionString);

    public static string QueueName() => "q-" + Guid.NewGuid().ToString("N")[..16];

    public static string TableName() => "t" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Non-ASCII and XML-special text: emoji (surrogate pairs), CJK, accents, &lt;&amp;&gt;, quotes, CR/LF.</summary>
    public const string Tricky = "Grüße 👋🏽 日本語テキスト <tag attr=\"x\">&amp; 'q' > \r\n tab\t end";
}
