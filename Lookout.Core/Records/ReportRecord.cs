using Lookout.Core.Reports;

namespace Lookout.Core.Records;

/// <summary>
/// One row of the <c>reports</c> table, storage-neutral: keys plus typed properties in a stable order.
/// Built by <see cref="ReportRecordBuilder"/>; a storage adapter maps it to its entity type.
/// </summary>
public sealed record ReportRecord(string PartitionKey, string RowKey, IReadOnlyList<ReportField> Properties)
{
    /// <summary>Counted in the digest, stored as no row (a drop rule, or noise under <c>DropNoise</c>); not a property.</summary>
    public bool Drop { get; init; }

    /// <summary>Sampled out by the site's budget (Lookout.Core.Sites): counted in its issue as sampled, stored as no row
    /// (<see cref="Drop"/> is set too).</summary>
    public bool Sampled { get; init; }

    public FieldValue? this[string name]
    {
        get
        {
            foreach (var property in Properties)
                if (property.Name == name)
                    return property.Value;
            return null;
        }
    }
}
