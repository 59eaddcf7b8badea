using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Network Error Logging (<c>network-error</c>; the 2018 draft's <c>nel</c> with kebab-case names).</summary>
public static class NetworkErrorFields
{
    private static readonly JsonNames Phase = new("phase");
    private static readonly JsonNames StatusCode = new("status_code", "status-code", "statusCode");
    private static readonly JsonNames ServerIp = new("server_ip", "server-ip", "serverIp");
    private static readonly JsonNames Protocol = new("protocol");
    private static readonly JsonNames Method = new("method");
    private static readonly JsonNames ElapsedTime = new("elapsed_time", "elapsed-time", "elapsedTime");
    private static readonly JsonNames SamplingFraction = new("sampling_fraction", "sampling-fraction", "samplingFraction");

    public static void Collect(FieldCollector fields)
    {
        fields.Text("Phase", Phase);
        fields.Text("ErrorType", CommonNames.Type);
        fields.Count("StatusCode", StatusCode, max: 999);
        fields.Text("ServerIp", ServerIp);
        fields.Text("Protocol", Protocol);
        fields.Text("Method", Method);
        fields.Count("ElapsedTime", ElapsedTime);
        fields.Fraction("SamplingFraction", SamplingFraction);
        fields.Text("Referrer", CommonNames.Referrer);
    }
}
