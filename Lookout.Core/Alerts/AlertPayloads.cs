using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lookout.Core.Alerts;

/// <summary>
/// The body each format posts (docs/alerts.md shows the JSON one). Written with <see cref="Utf8JsonWriter"/>:
/// no reflection, and every text escaped by the writer.
/// </summary>
public static class AlertPayloads
{
    public static byte[] Build(Alert alert, AlertFormat format)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            switch (format)
            {
                case AlertFormat.Slack: WriteSlack(json, alert); break;
                case AlertFormat.Teams: WriteTeams(json, alert); break;
                default: WriteJson(json, alert); break;
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Heading of a rule for people: "New issue", "Regression", …</summary>
    public static string Heading(string rule) => rule switch
    {
        AlertRules.NewIssue => "New issue",
        AlertRules.Regression => "Regression",
        AlertRules.Escalating => "Escalating",
        AlertRules.Spike => "Spike",
        AlertRules.Silence => "Silence",
        AlertRules.Summary => "More alerts held back",
        _ => rule,
    };

    private static void WriteJson(Utf8JsonWriter json, Alert alert)
    {
        json.WriteStartObject();
        json.WriteString("idempotencyKey", alert.Key);
        json.WriteString("rule", alert.Rule);
        json.WriteString("title", alert.Title);
        json.WriteString("detail", alert.Detail);
        json.WriteString("link", alert.Link);
        WriteOptional(json, "type", alert.Type);
        WriteOptional(json, "fingerprint", alert.Fingerprint);
        WriteOptional(json, "site", alert.Site);
        json.WriteStartArray("sites");
        foreach (var site in alert.Sites)
            json.WriteStringValue(site);
        json.WriteEndArray();
        json.WriteNumber("count", alert.Count);
        json.WriteNumber("reach", alert.Reach);
        json.WriteString("at", alert.At.UtcDateTime);
        json.WriteEndObject();
    }

    // Slack incoming webhook: `text` is the notification and fallback; the blocks are what the channel shows.
    private static void WriteSlack(Utf8JsonWriter json, Alert alert)
    {
        var heading = Heading(alert.Rule);
        json.WriteStartObject();
        json.WriteString("text", $"[Lookout] {heading}: {alert.Title}");
        json.WriteStartArray("blocks");
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WriteStartObject("text");
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", $"*{SlackEscape(heading)}*{(alert.Type is null ? "" : " · " + SlackEscape(alert.Type))}\n"
            + $"<{alert.Link}|{SlackEscape(alert.Title)}>\n{SlackEscape(alert.Detail)}");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "context");
        json.WriteStartArray("elements");
        json.WriteStartObject();
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", SlackEscape(Facts(alert)) + " · key " + alert.Key);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Teams Workflows webhook: a message whose one attachment is an Adaptive Card (the retired Office 365
    // connector MessageCard is not accepted by Workflows). Version 1.4 renders in every Teams client.
    private static void WriteTeams(Utf8JsonWriter json, Alert alert)
    {
        json.WriteStartObject();
        json.WriteString("type", "message");
        json.WriteStartArray("attachments");
        json.WriteStartObject();
        json.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        json.WriteNull("contentUrl");
        json.WriteStartObject("content");
        json.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        json.WriteString("type", "AdaptiveCard");
        json.WriteString("version", "1.4");
        json.WriteStartArray("body");
        TextBlock(json, Heading(alert.Rule), bold: true);
        TextBlock(json, alert.Title, bold: false);
        TextBlock(json, alert.Detail, bold: false);
        json.WriteStartObject();
        json.WriteString("type", "FactSet");
        json.WriteStartArray("facts");
        Fact(json, "Type", alert.Type);
        Fact(json, "Site", alert.Site);
        Fact(json, "Count", alert.Count.ToString(CultureInfo.InvariantCulture));
        Fact(json, "Reach", alert.Reach.ToString(CultureInfo.InvariantCulture));
        Fact(json, "At", alert.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        Fact(json, "Key", alert.Key);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("actions");
        json.WriteStartObject();
        json.WriteString("type", "Action.OpenUrl");
        json.WriteString("title", "Open in Lookout");
        json.WriteString("url", alert.Link);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void TextBlock(Utf8JsonWriter json, string text, bool bold)
    {
        json.WriteStartObject();
        json.WriteString("type", "TextBlock");
        json.WriteString("text", text);
        json.WriteBoolean("wrap", true);
        if (bold)
        {
            json.WriteString("weight", "Bolder");
            json.WriteString("size", "Medium");
        }
        json.WriteEndObject();
    }

    private static void Fact(Utf8JsonWriter json, string title, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        json.WriteStartObject();
        json.WriteString("title", title);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static string Facts(Alert alert)
    {
        var facts = new StringBuilder();
        if (alert.Site is not null)
            facts.Append("site ").Append(alert.Site).Append(" · ");
        facts.Append(CultureInfo.InvariantCulture, $"count {alert.Count} · reach {alert.Reach}");
        return facts.ToString();
    }

    /// <summary>Slack's mrkdwn treats &amp;, &lt; and &gt; as control characters.</summary>
    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
