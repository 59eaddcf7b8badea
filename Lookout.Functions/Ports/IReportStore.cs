using Lookout.Core.Records;

namespace Lookout.Functions.Ports;

/// <summary>Where Normalize writes rows (the <c>reports</c> table in production). Writes are upserts.</summary>
public interface IReportStore
{
    Task UpsertAsync(IReadOnlyList<ReportRecord> records, CancellationToken cancellationToken);
}
