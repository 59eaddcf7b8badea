using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Network Error Logging body (<c>network-error</c>).</summary>
internal static class NetworkErrorBody
{
    public static void Extract(JsonObjectView body, FieldList fields) => fields
        .Add("Phase", body.String("phase"))
        .Add("ErrorType", body.String("type"))
        .Add("StatusCode", body.Int64("status_code", "statusCode", "status-code"))
        .Add("ServerIp", body.String("server_ip", "serverIp", "server-ip"))
        .Add("Protocol", body.String("protocol"))
        .Add("Method", body.String("method"))
        .Add("ElapsedTime", body.Int64("elapsed_time", "elapsedTime", "elapsed-time"))
        .Add("SamplingFraction", body.Double("sampling_fraction", "samplingFraction", "sampling-fraction"))
        .Add("Referrer", body.String("referrer"));
}
