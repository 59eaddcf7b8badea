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
    /// <summary>
    /// <see cref="Tricky"/> without CR/LF, for messages read or written by @azure/storage-queue: it strips
    /// every "\n" from the XML it sends and does not decode the &amp;#xD; that carries a "\r".
    /// </summary>
    public const string TrickySingleLine = "Grüße 👋🏽 日本語テキスト <tag attr=\"x\">&amp; 'q' > tab\t end";

    public const string Tricky = "Grüße 👋🏽 日本語テキスト <tag attr=\"x\">&amp; 'q' > \r\n tab\t end";
}
