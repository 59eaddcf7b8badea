using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Core.Reports;

namespace Lookout.Tests.Records;

public class ReportRecordBuilderTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "00000000000000000000000000000abc",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "application/reports+json",
        UserAgent = "EnvelopeAgent",
        Site = "blog",
        FirstIndex = 100,
    };

    private static NormalizedReport Report(string type = "csp-violation", string body = "{}", string raw = "{}", params ReportField[] fields) => new()
    {
        Type = type,
        SourceFormat = SourceFormats.ReportingApi,
        Url = "https://example.com/",
        AgeMilliseconds = 1500,
        Body = body,
        Raw = raw,
        Fields = fields,
    };

    [Fact]
    public void Keys_follow_the_design()
    {
        var record = ReportRecordBuilder.Build(Envelope, 5, Report());
        Assert.Equal("csp-violation_2026-11-22", record.PartitionKey);
        Assert.Equal($"{DateTime.MaxValue.Ticks - Envelope.ReceivedAt.UtcTicks:D19}_{Envelope.Id}_0105", record.RowKey);
        Assert.Equal(Envelope.ReceivedAt, RecordKeys.ReceivedAtFromRowKey(record.RowKey));
    }

    [Fact]
    public void Newer_deliveries_sort_first()
    {
        var older = RecordKeys.RowKey(Envelope.ReceivedAt, Envelope.Id, 0);
        var newer = RecordKeys.RowKey(Envelope.ReceivedAt.AddTicks(1), Envelope.Id, 0);
        Assert.True(string.CompareOrdinal(newer, older) < 0);
    }

    [Fact]
    public void Common_properties_are_set_and_incident_time_is_received_minus_age()
    {
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(fields: new ReportField("EffectiveDirective", FieldValue.Of("img-src"))));
        Assert.Equal("csp-violation", record["Type"]!.Value.AsString);
        Assert.Equal("https://example.com/", record["Url"]!.Value.AsString);
        Assert.Equal("EnvelopeAgent", record["UserAgent"]!.Value.AsString);
        Assert.Equal(Envelope.ReceivedAt, record["ReceivedAt"]!.Value.AsDateTime);
        Assert.Equal(Envelope.ReceivedAt.AddMilliseconds(-1500), record["IncidentAt"]!.Value.AsDateTime);
        Assert.Equal("blog", record["Site"]!.Value.AsString);
        Assert.Equal(Envelope.Id, record["EnvelopeId"]!.Value.AsString);
        Assert.Equal("img-src", record["EffectiveDirective"]!.Value.AsString);
        Assert.Null(record["TruncatedFields"]);
    }

    [Fact]
    public void An_invalid_type_slug_is_stored_as_unknown_with_the_reason()
    {
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(type: "Bad/Type#"));
        Assert.StartsWith("unknown_", record.PartitionKey);
        Assert.Contains("Bad/Type#", record["UnknownReason"]!.Value.AsString);
    }

    [Fact]
    public void Long_raw_and_body_continue_in_part_properties_without_loss()
    {
        var raw = new string('r', ReportRecordBuilder.MaxStringLength * 2 + 10);
        var body = new string('b', ReportRecordBuilder.MaxStringLength - 1) + "\U0001F680" + "tail";
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(body: body, raw: raw));
        Assert.All(record.Properties.Where(p => p.Value.Kind == FieldKind.String),
            p => Assert.True(p.Value.AsString.Length <= ReportRecordBuilder.MaxStringLength));
        Assert.NotNull(record["RawPart3"]);
        string? Get(string name) => record[name]?.AsString;
        Assert.Equal(raw, ReportRecordBuilder.ReadLong(Get, "Raw"));
        Assert.Equal(body, ReportRecordBuilder.ReadLong(Get, "Body"));
    }

    [Fact]
    public void An_over_long_key_field_is_truncated_and_flagged()
    {
        var sample = new string('s', ReportRecordBuilder.MaxStringLength + 5);
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(fields: new ReportField("Sample", FieldValue.Of(sample))));
        Assert.Equal(ReportRecordBuilder.MaxStringLength, record["Sample"]!.Value.AsString.Length);
        Assert.Equal("Sample", record["TruncatedFields"]!.Value.AsString);
    }

    [Fact]
    public void Property_count_never_exceeds_the_service_limit()
    {
        var fields = Enumerable.Range(0, 400).Select(i => new ReportField($"F{i}", FieldValue.Of(i))).ToArray();
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(fields: fields));
        Assert.True(record.Properties.Count <= ReportRecordBuilder.MaxProperties);
        Assert.NotNull(record["TruncatedFields"]);
    }

    [Fact]
    public void Fields_named_like_common_properties_cannot_overwrite_them()
    {
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(fields: new ReportField("Type", FieldValue.Of("evil"))));
        Assert.Equal("csp-violation", Assert.Single(record.Properties, p => p.Name == "Type").Value.AsString);
    }

    [Fact]
    public void Nul_and_lone_surrogates_from_any_source_are_replaced_so_the_row_is_storable()
    {
        var report = new NormalizedReport
        {
            Type = "test",
            SourceFormat = SourceFormats.ReportingApi,
            Url = "https://a/\0",
            UserAgent = "UA\uD800",
            Body = "{\"a\":\"\uDC00\"}",
            Raw = "not json\0",
            Fields = [new ReportField("Message", FieldValue.Of("x\uD83D\uDE80\uDE80\0"))],
        };
        var record = ReportRecordBuilder.Build(Envelope, 0, report);
        Assert.Equal("https://a/\uFFFD", record["Url"]!.Value.AsString);
        Assert.Equal("UA\uFFFD", record["UserAgent"]!.Value.AsString);
        Assert.Equal("{\"a\":\"\uFFFD\"}", record["Body"]!.Value.AsString);
        Assert.Equal("not json\uFFFD", record["Raw"]!.Value.AsString);
        Assert.Equal("x\U0001F680\uFFFD\uFFFD", record["Message"]!.Value.AsString);
        Assert.All(record.Properties.Where(p => p.Value.Kind == FieldKind.String), p => Assert.True(StorableValues.IsStorable(p.Value.AsString), p.Name));
    }

    [Fact]
    public void A_field_name_the_service_would_refuse_is_left_out_and_named()
    {
        var record = ReportRecordBuilder.Build(Envelope, 0, Report(fields: [new ReportField("bad name", FieldValue.Of("x")), new ReportField("Good", FieldValue.Of("y"))]));
        Assert.Null(record["bad name"]);
        Assert.Equal("y", record["Good"]!.Value.AsString);
        Assert.Equal("bad name", record["TruncatedFields"]!.Value.AsString);
    }
}
