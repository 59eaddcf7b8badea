using System.Text.Json;

namespace Lookout.Tests.Infra;

/// <summary>Reads repository files as text, independent of the compiled projects.</summary>
internal static class InfraFiles
{
    public static string RepoRoot => Lookout.Tests.Support.RepoPaths.Root;

    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(RepoRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public static JsonDocument Json(string relativePath) => JsonDocument.Parse(Read(relativePath),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
}
