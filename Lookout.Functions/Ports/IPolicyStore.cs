namespace Lookout.Functions.Ports;

/// <summary>
/// The texts of the CSP policies reports carried, once per policy id (docs/policy.md, "Storage"). Writes are
/// idempotent: recording a policy again only moves its last day on.
/// </summary>
public interface IPolicyStore
{
    Task RecordAsync(IReadOnlyCollection<PolicySeen> policies, CancellationToken cancellationToken);
}

/// <param name="Id">The policy id (<c>PolicyText.Id</c>).</param>
/// <param name="Text">The normalized policy text (nonces replaced).</param>
/// <param name="Day">The UTC day (yyyy-MM-dd) a report carried it.</param>
public readonly record struct PolicySeen(string Id, string Text, string Day);
