using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Formats;
using Lookout.Core.Reports;
using static Lookout.Tests.Formats.FormatTestKit;

namespace Lookout.Tests.Formats;

/// <summary>Malformed and hostile deliveries: each a typed failure or an <c>unknown</c> report, never an exception.</summary>
public class HostileInputTests
{
    [Theory]
    [InlineData("""[{"type":"test","body":{}""", DeliveryErrorKind.Malformed)]
    [InlineData("""{"csp-report":{"document-uri":"https://a""", DeliveryErrorKind.Malformed)]
    [InlineData("NOT_A_JSON", DeliveryErrorKind.Malformed)]
    [InlineData("{'csp-report': {}}", DeliveryErrorKind.Malformed)]
    [InlineData("\"a string\"", DeliveryErrorKind.UnsupportedShape)]
    [InlineData("42", DeliveryErrorKind.UnsupportedShape)]
    [InlineData("null", DeliveryErrorKind.UnsupportedShape)]
    [InlineData("true", DeliveryErrorKind.UnsupportedShape)]
    [InlineData("[1,2]", DeliveryErrorKind.UnsupportedShape)]
    [InlineData("[{}, \"x\"]", DeliveryErrorKind.UnsupportedShape)]
    [InlineData("[]", DeliveryErrorKind.Empty)]
    [InlineData("", DeliveryErrorKind.Empty)]
    [InlineData("   \r\n", DeliveryErrorKind.Empty)]
    [InlineData("{} {}", DeliveryErrorKind.Malformed)]
    public void Typed_failures(string body, DeliveryErrorKind kind)
    {
        var result = Parse(body, "application/json");
        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        Assert.Empty(result.Reports);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_too_deep()
    {
        var body = """{"type":"test","body":""" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}";
        var result = Parse(body, "application/reports+json");
        Assert.Equal(DeliveryErrorKind.TooDeep, result.Error!.Kind);
    }

    [Fact]
    public void Nesting_within_the_limit_parses()
    {
        var body = """{"type":"test","url":"u","body":{"message":"m","x":""" + string.Concat(Enumerable.Repeat("[", 50)) + new string(']', 50) + "}}";
        var r = Single(body);
        Assert.Equal("test", r.Type);
        Assert.Equal("m", r.Str("Message"));
    }

    [Fact]
    public void More_than_1000_reports_is_refused()
    {
        var one = """{"type":"test","url":"u","body":{}}""";
        var result = Parse("[" + string.Join(",", Enumerable.Repeat(one, 1001)) + "]");
        Assert.Equal(DeliveryErrorKind.TooManyReports, result.Error!.Kind);
        var ok = Parse("[" + string.Join(",", Enumerable.Repeat(one, 1000)) + "]");
        Assert.Equal(1000, ok.Reports.Count);
    }

    [Fact]
    public void Invalid_utf8_is_malformed()
    {
        byte[] body = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        var result = DeliveryParser.Parse(body, WireFormat.Json);
        Assert.Equal(DeliveryErrorKind.Malformed, result.Error!.Kind);
        Assert.Contains("UTF-8", result.Error.Message);
    }

    [Fact]
    public void Bom_is_accepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. """{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src"}}"""u8];
        var result = DeliveryParser.Parse(body, WireFormat.CspReport);
        var r = Assert.Single(result.Reports);
        Assert.Equal("csp-violation", r.Type);
        Assert.StartsWith("{\"csp-report\"", r.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_strings_are_kept_whole_for_the_record_builder_to_truncate()
    {
        var sample = new string('x', 200_000);
        var r = Single($$$"""{"csp-report":{"document-uri":"https://a.example/","violated-directive":"script-src","script-sample":"{{{sample}}}"}}""", "application/csp-report");
        Assert.Equal(sample.Length, r.Str("Sample")!.Length);
    }

    [Fact]
    public void Huge_member_name_in_unknown_reason_is_shortened()
    {
        var name = new string('k', 10_000);
        var r = Single($$$"""{"{{{name}}}":1}""", "application/json");
        Assert.Equal(ReportTypes.Unknown, r.Type);
        Assert.True(r.UnknownReason!.Length < 500);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        var r = Single("""{"csp-report":{"document-uri":"https:\/\/a.example\/\u00e9","violated-directive":"img-src"}}""", "application/csp-report");
        Assert.Equal("https://a.example/é", r.Str("DocumentUrl"));
    }

    [Fact]
    public void Wrong_member_types_are_absent_not_failures()
    {
        var r = Single("""[{"type":"network-error","age":{},"url":5,"user_agent":[],"body":{"phase":7,"type":null,"status_code":"abc","elapsed_time":[1],"sampling_fraction":"x","server_ip":{}}}]""");
        Assert.Equal("network-error", r.Type);
        Assert.Null(r.AgeMilliseconds);
        Assert.Equal("5", r.Url);
        Assert.Null(r.UserAgent);
        Assert.Null(r.Field("ErrorType"));
        Assert.Null(r.Field("StatusCode"));
        Assert.Null(r.Field("ElapsedTime"));
        Assert.Null(r.Field("SamplingFraction"));
        Assert.Null(r.Field("ServerIp"));
    }

    [Fact]
    public void Raw_of_a_single_object_is_the_object_as_sent()
    {
        var r = Single("  {\"a\" : 1}\n", "application/json");
        Assert.Equal("{\"a\" : 1}", r.Raw);
    }

    /// <summary>Each malformed published body, and what becomes of it: a typed refusal, or one report of a stated type.</summary>
    [Theory]
    [InlineData("django-csp-reports-1.txt", "refused:Malformed")]
    [InlineData("django-csp-reports-2.txt", "refused:Malformed")]
    [InlineData("django-csp-reports-3.txt", "refused:Malformed")]
    [InlineData("django-csp-reports-4.json", "csp-violation")]
    [InlineData("nico-1.json", "csp-violation")]  // a serialized SecurityPolicyViolationEvent: camelCase spellings
    [InlineData("tollmanz-1.json", "csp-violation")]  // unwrapped, with a misspelt document-url
    public void Every_malformed_fixture_is_refused_with_its_kind_or_kept_as_one_report(string file, string expected)
    {
        var result = DeliveryParser.Parse(File.ReadAllBytes(Path.Combine(FixtureRoot, "published", "malformed", file)), WireFormat.CspReport);
        var outcome = result.IsSuccess ? string.Join(",", result.Reports.Select(r => r.Type)) : "refused:" + result.Error!.Kind;
        Assert.Equal(expected, outcome);
        if (!result.IsSuccess)
            Assert.False(string.IsNullOrWhiteSpace(result.Error!.Message));
    }

    [Fact]
    public void The_malformed_fixture_list_above_names_every_file()
    {
        var files = Directory.EnumerateFiles(Path.Combine(FixtureRoot, "published", "malformed")).Select(Path.GetFileName).Order();
        var named = typeof(HostileInputTests).GetMethod(nameof(Every_malformed_fixture_is_refused_with_its_kind_or_kept_as_one_report))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).Order();
        Assert.Equal(files, named);
    }

    [Fact]
    public void Non_json_text_message_is_clear()
    {
        var result = DeliveryParser.Parse(Encoding.UTF8.GetBytes("hello world"), WireFormat.Json);
        Assert.Equal(DeliveryErrorKind.Malformed, result.Error!.Kind);
        Assert.Contains("Malformed JSON", result.Error.Message);
    }
}
