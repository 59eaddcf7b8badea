using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>
/// <c>permissions-policy-violation</c> and <c>document-policy-violation</c>: the feature, and where
/// the page used it. Chromium sends the feature as <c>policyId</c>; the specs say <c>featureId</c>.
/// </summary>
public static class PolicyViolationFields
{
    private static readonly JsonNames FeatureId = new("featureId", "policyId", "feature-id", "policy-id");
    private static readonly JsonNames AllowAttribute = new("allowAttribute");
    private static readonly JsonNames SrcAttribute = new("srcAttribute");

    public static void Collect(FieldCollector fields)
    {
        fields.Text("FeatureId", FeatureId);
        CommonNames.NormalizedDisposition(fields);
        fields.Text("Message", CommonNames.Message);
        CommonNames.Location(fields);
        fields.Text("AllowAttribute", AllowAttribute);
        fields.Text("SrcAttribute", SrcAttribute);
    }
}
