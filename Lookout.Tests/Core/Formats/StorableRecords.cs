using Lookout.Core.Records;
using Lookout.Core.Reports;

namespace Lookout.Tests.Formats;

/// <summary>What Table Storage would refuse in a record, as readable problems (none: the row is storable).</summary>
internal static class StorableRecords
{
    public static IEnumerable<string> Problems(ReportRecord record)
    {
        if (record.Properties.Count > ReportRecordBuilder.MaxProperties)
            yield return $"{record.Properties.Count} properties";
        if (record.Properties.Select(p => p.Name).Distinct().Count() != record.Properties.Count)
            yield return "a property name twice";
        foreach (var key in new[] { record.PartitionKey, record.RowKey })
            if (key.Length > 512 || key.IndexOfAny(['/', '\\', '#', '?']) >= 0 || key.Any(char.IsControl))
                yield return $"key '{key}' is not allowed";
        foreach (var (name, value) in record.Properties)
        {
            if (!StorableValues.IsPropertyName(name))
                yield return $"property name '{name}'";
            if (value.Kind == FieldKind.String && !StorableValues.IsStorable(value.AsString))
                yield return $"{name} holds NUL, a lone surrogate or more than {ReportRecordBuilder.MaxStringLength} characters";
            if (value.Kind == FieldKind.DateTime && !StorableValues.IsStorable(value.AsDateTime))
                yield return $"{name} is {value.AsDateTime:O}, before 1601";
        }
    }
}
