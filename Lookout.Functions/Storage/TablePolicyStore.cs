using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Lookout.Functions.Ports;
using Microsoft.Extensions.Options;

namespace Lookout.Functions.Storage;

/// <summary>
/// Policy texts in table <c>issues</c>, partition <see cref="PolicyColumns.Partition"/>, RowKey the policy id: an
/// insert the first time (atomic, so racing writers agree), then a merge of <c>LastDay</c> once per day and
/// process; retention deletes a policy with its last day. The text is attacker-controlled: it is cut to
/// <see cref="PolicyColumns.MaxTextLength"/> characters and only ever shown as text.
/// </summary>
public sealed class TablePolicyStore(StorageClients storage, IOptions<LookoutOptions> options) : IPolicyStore
{
    private const int MaxKnown = 100_000;
    private readonly ConcurrentDictionary<(string Id, string Day), bool> _known = new();

    public async Task RecordAsync(IReadOnlyCollection<PolicySeen> policies, CancellationToken cancellationToken)
    {
        if (_known.Count > MaxKnown)
            _known.Clear(); // only costs a second write of each policy
        foreach (var seen in policies)
        {
            if (_known.ContainsKey((seen.Id, seen.Day)))
                continue;
            await RecordAsync(seen, cancellationToken);
            _known[(seen.Id, seen.Day)] = true;
        }
    }

    private async Task RecordAsync(PolicySeen seen, CancellationToken cancellationToken)
    {
        var cut = seen.Text.Length > PolicyColumns.MaxTextLength;
        var entity = new TableEntity(PolicyColumns.Partition, seen.Id)
        {
            [PolicyColumns.Text] = cut ? seen.Text[..PolicyColumns.MaxTextLength] : seen.Text,
            [PolicyColumns.TextCut] = cut,
            [DigestColumns.FirstDay] = seen.Day,
            [DigestColumns.LastDay] = seen.Day,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await storage.Issues.AddEntityAsync(entity, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                var lastDay = new TableEntity(PolicyColumns.Partition, seen.Id) { [DigestColumns.LastDay] = seen.Day };
                await storage.Issues.UpdateEntityAsync(lastDay, ETag.All, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 404 && attempt == 1)
            {
                // No table yet (policies are recorded before the digest write that would create it).
                if (!options.Value.CreateResources)
                    throw new StorageResourceMissingException(storage.Issues.Name, e);
                await storage.Issues.CreateIfNotExistsAsync(cancellationToken);
            }
        }
    }
}

/// <summary>The policy entities' properties (docs/schema.md, "Table issues").</summary>
public static class PolicyColumns
{
    /// <summary>Letters sort after every day, so day ranges (reads, retention by day) never touch it.</summary>
    public const string Partition = "policy";

    /// <summary>Longest policy text kept; a browser's real policies are far shorter (a longer one is cut and flagged).</summary>
    public const int MaxTextLength = 8192;

    public const string Text = "Text", TextCut = "TextCut";
}
