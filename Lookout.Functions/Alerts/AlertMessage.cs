using System.Text.Json;
using System.Text.Json.Serialization;
using Lookout.Core.Alerts;

namespace Lookout.Functions.Alerts;

/// <summary>
/// One message of <c>lookout-alerts</c>: one alert for one target. A failed post is put back as a copy with
/// <see cref="Attempt"/> + 1, visible after the backoff; <see cref="Admitted"/> says the throttle already
/// counted it, so a retry is never held back. A summary names its throttle <see cref="Window"/>.
/// </summary>
public sealed record AlertMessage(Alert Alert, int Target, int Attempt = 1, bool Admitted = false, string? Window = null)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, AlertJsonContext.Default.AlertMessage);

    public static AlertMessage? Parse(ReadOnlySpan<byte> body)
    {
        try { return JsonSerializer.Deserialize(body, AlertJsonContext.Default.AlertMessage); }
        catch (JsonException) { return null; }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertMessage))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
