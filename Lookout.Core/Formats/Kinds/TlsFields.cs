namespace Lookout.Core.Formats.Kinds;

/// <summary>
/// The legacy TLS reports — HPKP (RFC 7469 §3), Expect-CT (RFC 9163 §3.1) and Expect-Staple — share
/// one kebab-case vocabulary: which host and port, and when. Their bodies are stored in camelCase.
/// </summary>
public static class TlsFields
{
    public static readonly Field IncidentTime = Field.Date("DateTime", ["date-time", "dateTime", "date_time"], generic: "dateTime");
    public static readonly Field Hostname = Field.Text("Hostname", ["hostname"]);
    public static readonly Field Port = Field.Count("Port", ["port"], max: 65535);
    public static readonly Field EffectiveExpirationDate = Field.Date("EffectiveExpirationDate",
        ["effective-expiration-date", "effectiveExpirationDate", "effective_expiration_date"], generic: "effectiveExpirationDate");

    public const string IssueRule =
        "The default rule: the document (`https://hostname[:port]/`) + every key field but times (the expiration " +
        "date and `date-time` vary per connection): one host's certificate problem is one issue.";

    public const string Description =
        "`Body` is the (unwrapped) report with every kebab-case or snake_case name in camelCase (`date-time` → `dateTime`, " +
        "`known-pins` → `knownPins`, …; `port` written as a number); `IncidentAt` is its `date-time`. `Url` is " +
        "`https://hostname[:port]/`.";
}
