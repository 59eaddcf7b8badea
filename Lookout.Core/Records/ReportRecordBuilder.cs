using Lookout.Core.Formats.Kinds;
using Lookout.Core.Issues;
using Lookout.Core.Envelopes;
using Lookout.Core.Reports;
using Lookout.Core.Triage;

namespace Lookout.Core.Records;

/// <summary>
/// Turns a normalized report into its table row and keeps the row inside Table Storage's limits
/// without losing data: <c>Body</c> and <c>Raw</c> longer than one string property continue in
/// <c>BodyPart2</c>, <c>RawPart2</c>, …; an over-long key field is truncated and named in
/// <c>TruncatedFields</c> (its full value is still in Body/Raw). Every value written is one the
/// service accepts (<see cref="StorableValues"/>), so no report can fail its row.
/// </summary>
public static class ReportRecordBuilder
{
    /// <summary>Longest string property, in UTF-16 code units (the service allows 32 K characters).</summary>
    public const int MaxStringLength = 32 * 1024;

    /// <summary>Properties an entity may have besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 252;

    /// <param name="triage">Scrubbing and noise rules; <see cref="TriagePolicy.Default"/> when null. Scrubbing comes first,
    /// so the fingerprint, the noise flag and every stored text see only scrubbed values.</param>
    public static ReportRecord Build(Envelope envelope, int indexInDelivery, NormalizedReport report, ReportKinds? kinds = null, TriagePolicy? triage = null)
    {
        triage ??= TriagePolicy.Default;
        (report, var scrubbed) = Scrubber.Report(report, triage.Scrub);
        var verdict = triage.Judge(report, envelope.Site, envelope.UserAgent);
        var type = RecordKeys.IsValidTypeSlug(report.Type) ? report.Type : ReportTypes.Unknown;
        var properties = new List<ReportField>(16 + report.Fields.Count);
        var truncated = new List<string>();

        void Add(string name, FieldValue value)
        {
            if (value.Kind == FieldKind.String)
            {
                var text = StorableValues.Text(value.AsString);
                if (text.Length > MaxStringLength)
                {
                    text = Cut(text, MaxStringLength);
                    truncated.Add(name);
                }
                value = FieldValue.Of(text);
            }
            else if (value.Kind == FieldKind.DateTime && !StorableValues.IsStorable(value.AsDateTime))
            {
                truncated.Add(name);
                return;
            }
            properties.Add(new ReportField(name, value));
        }
        void AddString(string name, string? value)
        {
            if (value is not null)
                Add(name, FieldValue.Of(value));
        }

        AddString(RowColumns.Type, type);
        AddString(RowColumns.Url, report.Url);
        AddString(RowColumns.UserAgent, report.UserAgent ?? envelope.UserAgent);
        Add(RowColumns.ReceivedAt, FieldValue.Of(envelope.ReceivedAt));
        if (report.IncidentAt(envelope.ReceivedAt) is { } incidentAt)
            Add(RowColumns.IncidentAt, FieldValue.Of(incidentAt));
        AddString(RowColumns.SourceFormat, report.SourceFormat);
        AddString(RowColumns.Site, envelope.Site);
        AddString(RowColumns.EnvelopeId, envelope.Id);
        var issue = IssueRules.Identify(report, kinds);
        AddString(RowColumns.Fingerprint, issue.Fingerprint);
        AddString(RowColumns.Title, issue.Title);
        AddString(RowColumns.Noise, verdict.Noise);
        if (scrubbed.Count > 0)
            AddString(RowColumns.Scrubbed, string.Join(",", scrubbed));
        if (type != report.Type)
            AddString(RowColumns.UnknownReason, $"type \"{Cut(report.Type, 200)}\" is not a valid slug");
        else
            AddString(RowColumns.UnknownReason, report.UnknownReason);
        AddLong(properties, RowColumns.Body, report.Body);
        AddLong(properties, RowColumns.Raw, report.Raw);

        foreach (var field in report.Fields)
        {
            if (properties.Count >= MaxProperties - 1 || RowColumns.IsOwn(field.Name) || !StorableValues.IsPropertyName(field.Name))
            {
                truncated.Add(field.Name);
                continue;
            }
            Add(field.Name, field.Value);
        }
        if (truncated.Count > 0)
            Add(RowColumns.TruncatedFields, FieldValue.Of(string.Join(",", truncated.Select(StorableValues.Describe))));

        return new ReportRecord(
            RecordKeys.PartitionKey(type, envelope.ReceivedAt),
            RecordKeys.RowKey(envelope.ReceivedAt, envelope.Id, envelope.FirstIndex + indexInDelivery),
            properties) { Drop = verdict.Drop };
    }

    /// <summary>Joins <c>Name</c>, <c>NamePart2</c>, … back into the full text.</summary>
    public static string? ReadLong(Func<string, string?> getProperty, string name)
    {
        var first = getProperty(name);
        if (first is null)
            return null;
        var text = new System.Text.StringBuilder(first);
        for (var part = 2; getProperty(RowColumns.PartOf(name, part)) is { } next; part++)
            text.Append(next);
        return text.ToString();
    }

    private static void AddLong(List<ReportField> properties, string name, string value)
    {
        value = StorableValues.Text(value);
        var part = 1;
        var offset = 0;
        do
        {
            var length = Math.Min(MaxStringLength, value.Length - offset);
            // Never split a surrogate pair across two properties.
            if (length < value.Length - offset && char.IsHighSurrogate(value[offset + length - 1]))
                length--;
            properties.Add(new ReportField(RowColumns.PartOf(name, part), FieldValue.Of(value.Substring(offset, length))));
            offset += length;
            part++;
        } while (offset < value.Length);
    }

    private static string Cut(string value, int max)
    {
        if (value.Length <= max)
            return value;
        var length = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return value[..length];
    }

}
