using Lookout.Core.Formats.Kinds;
using Lookout.Core.Envelopes;
using Lookout.Core.Records;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>Issue 19, items 1–3: one odd value must not cost a report, nor its row.</summary>
public class NoAcknowledgedReportIsLostTests
{
    private static readonly Envelope Envelope = new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        ContentType = "application/reports+json",
    };

    private static ReportRecord Row(NormalizedReport report)
    {
        var record = ReportRecordBuilder.Build(Envelope, 0, report);
        Assert.Empty(StorableRecords.Problems(record));
        return record;
    }

    [Fact]
    public void A_lone_surrogate_in_one_report_keeps_every_report_of_the_batch()
    {
        var result = Parse("""[{"type":"test","age":1,"url":"https://a/good-1","body":{"message":"ok"}},{"type":"test","age":1,"url":"https://a/bad-\udc00","body":{"message":"b"}},{"type":"test","age":1,"url":"https://a/good-2","body":{"message":"ok"}}]""");
        Assert.Equal(["test", "test", "test"], result.Reports.Select(r => r.Type));
        var bad = result.Reports[1];
        Assert.Equal("https://a/bad-\uFFFD", bad.Url);
        var row = Row(bad);
        Assert.Equal("https://a/bad-\uFFFD", row["Url"]!.Value.AsString);
        Assert.Contains(@"bad-\udc00", row["Raw"]!.Value.AsString); // Raw keeps the escape as sent
    }

    [Fact]
    public void A_high_surrogate_without_its_pair_becomes_a_replacement_character_and_pairs_survive()
    {
        var r = Single("""{"type":"test","url":"https://a/","body":{"message":"\ud83d\ude80 \ud83d!"}}""");
        Assert.Equal("\U0001F680 \uFFFD!", r.Str("Message"));
    }

    [Fact]
    public void Escaped_nul_is_parsed_faithfully_and_stored_as_a_replacement_character()
    {
        var r = Single("""{"type":"test","url":"https://a/\u0000","body":{"message":"a\u0000b"}}""");
        Assert.Equal("a\0b", r.Str("Message"));
        var row = Row(r);
        Assert.Equal("a\uFFFDb", row["Message"]!.Value.AsString);
        Assert.Equal("https://a/\uFFFD", row["Url"]!.Value.AsString);
        Assert.Contains(@"a\u0000b", row["Raw"]!.Value.AsString);
    }

    [Fact]
    public void Escaped_names_with_lone_surrogates_or_nul_are_read()
    {
        var r = Single("""{"\udc00":1,"a\u0000":2}""", "application/json");
        Assert.Equal(ReportTypes.Unknown, r.Type);
        Assert.Contains("\uFFFD", r.UnknownReason);
        Assert.DoesNotContain('\0', Row(r)["UnknownReason"]!.Value.AsString);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","port":[]""")]
    [InlineData(""","port":{"a":1}""")]
    [InlineData(",\"port\":\"1e999\"")]
    [InlineData(""","port":1e999""")]
    [InlineData(""","port":null""")]
    [InlineData(""","port":true""")]
    [InlineData(",\"port\":\"\\udc00\"")]
    [InlineData(""","port":70000""")]
    public void Hpkp_port_of_any_json_type_is_absent_and_the_url_uses_the_default_port(string port)
    {
        var r = Single($$$"""{"date-time":{"a":1},"hostname":"h.example"{{{port}}},"known-pins":[]}""", "application/json");
        Assert.Equal(Hpkp.Kind.Slug, r.Type);
        Assert.Null(r.Field("Port"));
        Assert.Null(r.OccurredAt);
        Assert.Equal("https://h.example/", r.Url);
        Row(r);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("\"1e999\"")]
    [InlineData("null")]
    public void Expect_ct_port_and_date_time_of_any_json_type_parse(string value)
    {
        var r = Single("""{"expect-ct-report":{"date-time":""" + value + ""","hostname":"h.example","port":""" + value + ""","effective-expiration-date":""" + value + "}}", "application/expect-ct-report+json");
        Assert.Equal(ExpectCt.Kind.Slug, r.Type);
        Assert.Null(r.Field("Port"));
        Assert.Null(r.Field("EffectiveExpirationDate"));
        Row(r);
    }

    [Theory]
    [InlineData(100000000000000000L)] // TimeSpan overflow
    [InlineData(70000000000000L)]     // ~2200 years: before year 1
    [InlineData(604800001L)]          // a week and a millisecond
    public void An_implausible_age_leaves_incident_time_absent(long age)
    {
        var r = Single($$$"""{"type":"test","age":{{{age}}},"url":"https://a/","body":{}}""");
        Assert.Equal(age, r.AgeMilliseconds);
        Assert.Null(r.IncidentAt(Envelope.ReceivedAt));
        var row = Row(r);
        Assert.Null(row["IncidentAt"]);
        Assert.Equal(Envelope.ReceivedAt, row["ReceivedAt"]!.Value.AsDateTime);
    }

    [Fact]
    public void An_age_of_up_to_a_week_gives_the_incident_time()
    {
        var week = (long)NormalizedReport.MaxPlausibleAge.TotalMilliseconds;
        var r = Single($$$"""{"type":"test","age":{{{week}}},"url":"https://a/","body":{}}""");
        Assert.Equal(Envelope.ReceivedAt.AddDays(-7), Row(r)["IncidentAt"]!.Value.AsDateTime);
    }

    [Fact]
    public void Dates_before_1601_are_left_out_of_the_row_and_named()
    {
        var r = Single("""{"date-time":"1500-01-01T00:00:00Z","hostname":"h.example","port":443,"effective-expiration-date":"0001-01-01","known-pins":[]}""", "application/json");
        Assert.NotNull(r.OccurredAt);
        var row = Row(r);
        Assert.Null(row["IncidentAt"]);
        Assert.Null(row["EffectiveExpirationDate"]);
        Assert.Equal("IncidentAt,EffectiveExpirationDate", row["TruncatedFields"]!.Value.AsString);
    }
}
