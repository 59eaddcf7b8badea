using Lookout.Core.Formats.Kinds;
using System.Text;
using Lookout.Core.Deliveries;
using Lookout.Core.Reports;

namespace Lookout.Tests.Formats;

/// <summary>Every published fixture, posted with the Content-Type SOURCES.md names, and what must come out.</summary>
public class PublishedFixtureTests
{
    // file, content type, expected outcome: "fail:<kind>" or the report types in order (source format after '@').
    public static TheoryData<string, string, string> Cases => new()
    {
        { "crash/wicg-crash-reporting-1.json", "application/reports+json", "crash@reporting-api" },
        { "csp-hash/w3c-csp3-1.json", "application/reports+json", "csp-hash@reporting-api" },
        { "csp-legacy/django-csp-reports-1.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/django-csp-reports-2.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/django-csp-reports-3.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/django-csp-reports-4.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/django-lookout-1.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-1.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-2.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-3.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-4.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-5.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-6.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-7.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-8.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-9.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-10.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-11.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-12.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-13.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-14.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-15.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/nico-16.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/tollmanz-1.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-legacy/tollmanz-3.json", "application/csp-report", "csp-violation@csp-report" },
        { "csp-violation/go-csp-collector-1.json", "application/reports+json", "csp-violation@reporting-api,csp-violation@reporting-api,csp-violation@reporting-api" },
        { "deprecation/django-lookout-1.json", "application/reports+json", "deprecation@reporting-api" },
        { "deprecation/w3c-reporting-explainer-1.json", "application/reports+json", "deprecation@reporting-api" },
        { "expect-ct/django-lookout-1.json", "application/expect-ct-report+json", "expect-ct@expect-ct" },
        { "expect-staple/django-lookout-1.json", "application/json; charset=utf-8", "expect-staple@expect-staple" },
        { "hpkp/django-lookout-1.json", "application/json; charset=utf-8", "hpkp@hpkp" },
        { "malformed/django-csp-reports-1.txt", "application/csp-report", "fail:Malformed" },
        { "malformed/django-csp-reports-2.txt", "application/csp-report", "fail:Malformed" },
        { "malformed/django-csp-reports-3.txt", "application/csp-report", "fail:Malformed" },
        { "malformed/django-csp-reports-4.json", "application/csp-report", "csp-violation@csp-report" },
        { "malformed/nico-1.json", "application/json", "csp-violation@csp-report" },
        { "malformed/tollmanz-1.json", "application/csp-report", "csp-violation@csp-report" },
        { "network-error/nel-collector-1.json", "application/reports+json", "network-error@reporting-api" },
        { "network-error/nel-collector-2.json", "application/reports+json", "network-error@reporting-api,network-error@reporting-api" },
        { "network-error/w3c-spec-1.json", "application/reports+json", "network-error@reporting-api" },
        { "network-error/w3c-spec-2.json", "application/reports+json", "network-error@reporting-api" },
        { "network-error/w3c-spec-3.json", "application/reports+json", "network-error@reporting-api" },
        { "network-error/w3c-spec-4.json", "application/reports+json", "network-error@reporting-api" },
        { "network-error/w3c-spec-5.json", "application/reports+json", "network-error@reporting-api" },
        { "reporting-mixed/django-lookout-1.json", "application/reports+json", "csp-violation@reporting-api,hpkp@reporting-api,network-error@reporting-api" },
        { "reporting-mixed/nel-collector-1.json", "application/reports+json", "another-error@reporting-api" },
    };

    [Fact]
    public void Every_published_fixture_has_a_case()
    {
        var root = Path.Combine(FormatTestKit.FixtureRoot, "published");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "SOURCES.md").Order().ToArray();
        var cases = Cases.Select(c => (string)c[0]).Order().ToArray();
        Assert.Equal(files, cases);
        Assert.Equal(46, files.Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture_parses_to_expected_types(string file, string contentType, string expected)
    {
        var body = FormatTestKit.Published(file);
        var result = FormatTestKit.Parse(body, contentType);
        if (expected.StartsWith("fail:", StringComparison.Ordinal))
        {
            Assert.False(result.IsSuccess);
            Assert.Equal(Enum.Parse<DeliveryErrorKind>(expected[5..]), result.Error!.Kind);
            Assert.False(string.IsNullOrEmpty(result.Error.Message));
            return;
        }
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(expected, string.Join(",", result.Reports.Select(r => $"{r.Type}@{r.SourceFormat}")));
        foreach (var r in result.Reports)
        {
            Assert.Null(r.UnknownReason);
            Assert.False(string.IsNullOrEmpty(r.Raw));
            Assert.StartsWith("{", r.Body, StringComparison.Ordinal);
            Assert.All(r.Fields, f => Assert.False(string.IsNullOrEmpty(f.Name)));
        }
        if (result.Reports.Count == 1 && body[0] == (byte)'{')
            Assert.Equal(Encoding.UTF8.GetString(body).Trim(), result.Reports[0].Raw); // the object, without surrounding whitespace
        // Key fields expected per type, when the fixture carries them.
        foreach (var r in result.Reports)
        {
            var kind = r.Type;
            switch (kind)
            {
                case var _ when kind == CspViolation.Kind.Slug && r.SourceFormat == SourceFormats.CspReport:
                    Assert.NotNull(r.Str("DocumentUrl") ?? r.Str("BlockedUrl"));
                    if (r.Str("ViolatedDirective") is not null)
                        Assert.NotNull(r.Str("EffectiveDirective"));
                    break;
                case var _ when kind == NetworkError.Kind.Slug:
                    Assert.NotNull(r.Str("Phase") ?? r.Str("ServerIp"));
                    Assert.NotNull(r.Str("ErrorType"));
                    break;
                case var _ when kind == Hpkp.Kind.Slug || kind == ExpectCt.Kind.Slug || kind == ExpectStaple.Kind.Slug:
                    Assert.Equal("www.example.com", r.Str("Hostname"));
                    Assert.Equal(443, r.Int("Port"));
                    break;
            }
        }
    }
}
